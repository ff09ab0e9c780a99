/**
 * The proposal as data: everything the document templates show, with every total computed here once.
 * Pure: the same call, RPPOs and revisions always give the same model.
 */
import type { Call } from './calls.ts';
import { countryName } from './countries.ts';
import {
  type DraftInput,
  type FormData,
  type FormName,
  formTitle,
  type GuidePromotion,
  type ImplementationSupport,
  type PilotActivities,
} from './forms.ts';
import { lazy } from './lazy.ts';
import { share, sum, sumUsd } from './money.ts';
import type { Fingerprints, ProposalChanges } from './proposal-changes.ts';
import {
  budgetByActivityType,
  promotionSummary,
  type RegionalInput,
  supportMatrix,
} from './proposal-summaries.ts';
import type { Rppo, RppoCode } from './rppos.ts';
import type { Actor, Revision } from './submissions.ts';
import {
  activityTypes,
  commentTypes,
  commitmentStatuses,
  developmentAgendaItems,
  eventStatuses,
  gbfTargets,
  ippcObjectives,
  levels,
  promotionEventTypes,
  scopes,
  supportTypes,
} from './vocabularies.ts';

export interface RegionSummary {
  readonly rppo: RppoCode;
  readonly status: 'included' | 'pending';
  readonly activities: number;
  readonly budgetUsd: number;
}

export interface ProposalSummary {
  readonly regions: readonly RegionSummary[];
  readonly totalBudgetUsd: number;
}

export interface ProposalRecord {
  readonly id: string;
  readonly callId: string;
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly objectKey: string;
  readonly fileName: string;
  readonly bytes: number;
  /** Hex SHA-256 of the document. */
  readonly sha256: string;
  /** Hex SHA-256 of the model the document was made from: equal inputs give an equal hash. */
  readonly inputsHash: string;
  readonly summary: ProposalSummary;
  /** Per region and per draft section, to tell the next proposal what changed. */
  readonly fingerprints: Fingerprints;
  readonly changes: ProposalChanges;
}

/** Text written by the Secretariat in Markdown, shown as formatted text rather than literally. */
export class Markdown {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

type Labelled = { readonly code: string; readonly label: string };

// Built on first use: the first Intl.DisplayNames of a process loads ICU data (10 ms or more).
const languageNames = lazy(() => new Intl.DisplayNames('en', { type: 'language', fallback: 'code' }));

function label(vocabulary: Readonly<Record<string, string>>, code: string): Labelled {
  return { code, label: vocabulary[code] ?? code };
}

function labels(
  vocabulary: Readonly<Record<string, string>>,
  codes: readonly string[] | undefined,
): Labelled[] {
  return (codes ?? []).map((code) => label(vocabulary, code));
}

/** The codes of a vocabulary that occur in any of the lists, in the order of the vocabulary. */
function union(
  vocabulary: Readonly<Record<string, string>>,
  lists: readonly (readonly string[] | undefined)[],
) {
  const used = new Set(lists.flatMap((codes) => codes ?? []));
  return labels(
    vocabulary,
    Object.keys(vocabulary).filter((code) => used.has(code)),
  );
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en');

/** Country names of the codes, each once, in alphabetical order. */
function countryNames(codes: Iterable<string>): string[] {
  return [...new Set(codes)].map(countryName).sort(byName);
}

const longDate = lazy(
  () => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);

function byForm(revisions: readonly Revision[], rppo: RppoCode) {
  const find = <F extends FormName>(form: F) =>
    revisions.find((revision) => revision.rppo === rppo && revision.form === form) as
      | (Revision & { data: FormData[F] })
      | undefined;
  return {
    'draft-input': find('draft-input'),
    'pilot-activities': find('pilot-activities'),
    'implementation-support': find('implementation-support'),
    'guide-promotion': find('guide-promotion'),
  };
}

function activityRows(input: PilotActivities | undefined) {
  return (input?.activities ?? []).map((activity, index) => ({
    number: index + 1,
    title: activity.title,
    description: activity.description,
    activityType: label(activityTypes, activity.activityType),
    level: label(levels, activity.level),
    countries: activity.countries.map(countryName).join(', '),
    pestsPathwaysEcosystems: activity.pestsPathwaysEcosystems ?? '',
    expectedResults: activity.expectedResults,
    indicators: activity.indicators.map((indicator) => ({
      description: indicator.description,
      unit: indicator.unit ?? '',
      baseline: indicator.baseline ?? '',
      target: indicator.target ?? '',
      meansOfVerification: indicator.meansOfVerification ?? '',
    })),
    durationMonths: activity.durationMonths,
    estimatedCostUsd: activity.estimatedCostUsd,
    inKindOfferUsd: activity.inKindOfferUsd ?? 0,
    partners: activity.partners ?? '',
    risks: activity.risks ?? '',
    ippcObjectives: labels(ippcObjectives, activity.ippcObjectives),
    developmentAgendaItems: labels(developmentAgendaItems, activity.developmentAgendaItems),
    gbfTargets: labels(gbfTargets, activity.gbfTargets),
  }));
}

function commitmentRows(input: ImplementationSupport | undefined) {
  return (input?.commitments ?? []).map((commitment) => ({
    supportType: label(supportTypes, commitment.supportType),
    scope: label(scopes, commitment.scope),
    countries: (commitment.countries ?? []).map(countryName).join(', '),
    description: commitment.description,
    personDays: commitment.personDays ?? 0,
    valueUsd: commitment.valueUsd ?? 0,
    period: commitment.period ?? '',
    status: label(commitmentStatuses, commitment.status),
  }));
}

function promotionRows(input: GuidePromotion | undefined) {
  return (input?.events ?? []).map((event) => ({
    eventType: label(promotionEventTypes, event.eventType),
    title: event.title,
    date: event.date,
    status: label(eventStatuses, event.status),
    languages: event.languages.map((code) => languageNames().of(code) ?? code).join(', '),
    countriesReached: event.countriesReached.length,
    participants: event.participants ?? 0,
    outcomes: event.outcomes ?? '',
  }));
}

function region(rppo: Rppo, revisions: readonly Revision[]) {
  const forms = byForm(revisions, rppo.code);
  const input = forms['pilot-activities']?.data;
  const activities = activityRows(input);
  const commitments = commitmentRows(forms['implementation-support']?.data);
  const received = Object.values(forms).filter((revision) => revision !== undefined);
  const budgetUsd = sumUsd(activities.map((activity) => activity.estimatedCostUsd));
  const inKindUsd = sumUsd(activities.map((activity) => activity.inKindOfferUsd));
  const committedUsd = sumUsd(commitments.map((commitment) => commitment.valueUsd));
  const participating = countryNames((input?.activities ?? []).flatMap((activity) => activity.countries));
  return {
    code: rppo.code,
    name: rppo.name,
    region: rppo.region,
    memberCountries: rppo.members.map(countryName).join(', '),
    memberCount: rppo.members.length,
    participatingCountries: participating.join(', '),
    participatingCount: participating.length,
    pending: received.length === 0,
    activities,
    commitments,
    promotion: {
      events: promotionRows(forms['guide-promotion']?.data),
      feedbackOnGuide: forms['guide-promotion']?.data.feedbackOnGuide ?? '',
    },
    alignment: {
      ippcObjectives: union(ippcObjectives, input?.activities.map((a) => a.ippcObjectives) ?? []),
      developmentAgendaItems: union(
        developmentAgendaItems,
        input?.activities.map((a) => a.developmentAgendaItems) ?? [],
      ),
      gbfTargets: union(gbfTargets, input?.activities.map((a) => a.gbfTargets) ?? []),
    },
    budgetUsd,
    inKindUsd,
    committedUsd,
    coFinancingUsd: sumUsd([inKindUsd, committedUsd]),
    /** Its budget as a fraction of Component 2's (all regions); set once the total is known. */
    budgetShare: 0,
    sources: received.map((revision) => ({
      form: revision.form,
      formTitle: formTitle(revision.form),
      version: revision.version,
      by: revision.createdBy.email ?? revision.createdBy.subject,
      at: `${revision.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
      date: revision.createdAt.slice(0, 10),
    })),
  };
}

function regionalInput(rppo: Rppo, revisions: readonly Revision[]): RegionalInput {
  const forms = byForm(revisions, rppo.code);
  return {
    code: rppo.code,
    region: rppo.region,
    activities: forms['pilot-activities']?.data,
    support: forms['implementation-support']?.data,
    promotion: forms['guide-promotion']?.data,
  };
}

/** The comments of all RPPOs, grouped by draft section, in the order of the draft. */
function commentsBySection(call: Call, rppos: readonly Rppo[], revisions: readonly Revision[]) {
  const comments = rppos.flatMap((rppo) => {
    const input = byForm(revisions, rppo.code)['draft-input']?.data as DraftInput | undefined;
    return (input?.comments ?? []).map((comment) => ({
      sectionId: comment.sectionId,
      rppo: rppo.code,
      type: label(commentTypes, comment.type),
      comment: comment.comment,
      proposedChange: comment.proposedChange ?? '',
      rationale: comment.rationale ?? '',
    }));
  });
  return call.draftSections.map((section) => ({
    id: section.id,
    title: section.title,
    comments: comments.filter((comment) => comment.sectionId === section.id),
  }));
}

/**
 * The project's three components with their budgets: 1 and 3 as the Secretariat costed them in the call (not yet,
 * when the call has no figure), 2 the regional sub-projects, costed by the RPPOs' activities.
 */
function budgetByComponent(call: Call, regionalBudgetUsd: number) {
  const components = [
    { component: 1, title: 'Global tools and guidance', budgetUsd: call.globalToolsBudgetUsd },
    { component: 2, title: 'Regional and national pilot sub-projects', budgetUsd: regionalBudgetUsd },
    {
      component: 3,
      title: 'Knowledge management and monitoring',
      budgetUsd: call.knowledgeManagementBudgetUsd,
    },
  ];
  const requestedUsd = sumUsd(components.map((entry) => entry.budgetUsd ?? 0));
  return {
    entries: components.map((entry) => ({
      component: entry.component,
      title: entry.title,
      costed: entry.budgetUsd !== undefined,
      budgetUsd: entry.budgetUsd ?? 0,
      share: share(entry.budgetUsd ?? 0, requestedUsd),
    })),
    /** Those the Secretariat has not costed yet, in words: `Components 1 and 3`, `Component 3` or empty. */
    uncosted: inWords(
      components.filter((entry) => entry.budgetUsd === undefined).map((entry) => entry.component),
    ),
    requestedUsd,
  };
}

function inWords(components: readonly number[]): string {
  if (components.length === 0) return '';
  if (components.length === 1) return `Component ${components[0]}`;
  return `Components ${components.slice(0, -1).join(', ')} and ${components.at(-1)}`;
}

export type ProposalModel = ReturnType<typeof buildProposalModel>;

/** Builds the proposal model from a call, the RPPOs and the latest submitted revision of each form. */
export function buildProposalModel(input: {
  call: Call;
  rppos: readonly Rppo[];
  revisions: readonly Revision[];
}) {
  const { call, rppos, revisions } = input;
  const perRegion = rppos.map((rppo) => region(rppo, revisions));
  const budgetUsd = sumUsd(perRegion.map((entry) => entry.budgetUsd));
  const regions = perRegion.map((entry) => ({ ...entry, budgetShare: share(entry.budgetUsd, budgetUsd) }));
  const included = regions.filter((entry) => !entry.pending);
  const inputs = rppos.map((rppo) => regionalInput(rppo, revisions));
  const inKindUsd = sumUsd(regions.map((entry) => entry.inKindUsd));
  const committedUsd = sumUsd(regions.map((entry) => entry.committedUsd));
  const components = budgetByComponent(call, budgetUsd);
  // The document is dated by its newest input, so unchanged inputs give an identical document.
  const asOfTime =
    [call.updatedAt, ...revisions.map((revision) => revision.createdAt)].sort().at(-1) ?? call.updatedAt;
  const countries = countryNames(
    inputs.flatMap((entry) => (entry.activities?.activities ?? []).flatMap((activity) => activity.countries)),
  );
  return {
    title: call.proposalTitle ?? call.title,
    callTitle: call.title,
    targetPartner: call.targetPartner ?? 'To be confirmed',
    durationMonths:
      call.durationMonths ??
      Math.max(0, ...regions.flatMap((entry) => entry.activities.map((a) => a.durationMonths))),
    asOf: asOfTime.slice(0, 10),
    asOfText: longDate().format(new Date(asOfTime)),
    /** The full timestamp of the newest input: the document's creation date, so equal inputs give equal bytes. */
    asOfTime,
    sourcesCount: sum(regions.map((entry) => entry.sources.length)),
    /** What changed since the previous proposal of the call; set by the assembly, empty in the model. */
    versionNote: '',
    draftSections: call.draftSections.map((section) => ({
      id: section.id,
      title: section.title,
      text: new Markdown(section.text),
    })),
    regions,
    executingPartners: included.map(({ code, name, region }) => ({ code, name, region })),
    regionNames: [...new Set(included.map((entry) => entry.region))].join('; '),
    includedCount: included.length,
    pendingCount: regions.length - included.length,
    pendingRegions: regions.filter((entry) => entry.pending).map((entry) => entry.code),
    countries: countries.join(', '),
    countriesCount: countries.length,
    commentsBySection: commentsBySection(call, rppos, revisions),
    supportMatrix: supportMatrix(inputs),
    promotionSummary: promotionSummary(inputs),
    budgetByActivityType: budgetByActivityType(inputs, budgetUsd),
    budgetByComponent: components.entries,
    uncostedComponents: components.uncosted,
    totals: {
      activities: sum(regions.map((entry) => entry.activities.length)),
      budgetUsd,
      /** The amount requested: the budgets of the components costed so far. */
      requestedUsd: components.requestedUsd,
      inKindUsd,
      committedUsd,
      coFinancingUsd: sumUsd([inKindUsd, committedUsd]),
    },
  };
}

/** The short summary returned with an assembled proposal. */
export function summarize(model: ProposalModel): ProposalSummary {
  return {
    regions: model.regions.map((entry) => ({
      rppo: entry.code,
      status: entry.pending ? 'pending' : 'included',
      activities: entry.activities.length,
      budgetUsd: entry.budgetUsd,
    })),
    totalBudgetUsd: model.totals.budgetUsd,
  };
}
