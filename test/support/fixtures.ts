// Small builders of valid domain objects for tests: each gives a complete value, overrides change what a test is about.
import type { Call } from '#domain/calls.ts';
import type {
  DraftInput,
  FormData,
  FormName,
  GuidePromotion,
  ImplementationSupport,
  PilotActivity,
} from '#domain/forms.ts';
import { type Rppo, type RppoCode, rppoSeed } from '#domain/rppos.ts';
import type { Revision } from '#domain/submissions.ts';

/** An open call with two draft sections and the proposal facts set. */
export function makeCall(overrides: Partial<Call> = {}): Call {
  return {
    id: 'call-1',
    title: 'Call for RPPO input on the IPPC resource mobilization proposal',
    deadline: '2099-03-31T23:59:00Z',
    status: 'open',
    version: 1,
    createdAt: '2027-01-10T09:00:00.000Z',
    createdBy: 'secretariat@example.org',
    updatedAt: '2027-01-10T09:00:00.000Z',
    proposalTitle: 'Protecting biodiversity from plant pests through regional plant protection',
    targetPartner: 'Global Environment Facility (GEF)',
    durationMonths: 48,
    draftSections: [
      {
        id: 'executive-summary',
        title: 'Executive summary',
        text: 'Plant pests threaten **biodiversity** and food security.\n\n- Regional pilots\n- Global tools',
      },
      { id: 'rationale', title: 'Rationale', text: 'Invasive pests spread through *trade* and travel.' },
    ],
    ...overrides,
  };
}

/** A regional surveillance activity costing USD 120,000. */
export function makeActivity(overrides: Partial<PilotActivity> = {}): PilotActivity {
  return {
    title: 'Regional surveillance of fruit flies',
    description: 'Set up a shared trapping network across the region.',
    activityType: 'surveillance',
    level: 'regional',
    countries: ['CO', 'PE'],
    expectedResults: 'Early detection of new incursions.',
    indicators: [makeIndicator()],
    durationMonths: 24,
    estimatedCostUsd: 120_000,
    inKindOfferUsd: 15_000,
    ippcObjectives: ['SO-B'],
    gbfTargets: ['T6'],
    ...overrides,
  };
}

/** One indicator of an activity. */
export function makeIndicator(
  overrides: Partial<PilotActivity['indicators'][number]> = {},
): PilotActivity['indicators'][number] {
  return {
    description: 'Trapping sites operating',
    unit: 'sites',
    baseline: '0',
    target: '40',
    meansOfVerification: 'Reports',
    ...overrides,
  };
}

/**
 * A contributor shaped like an RPPO, for documents with more contributors than the ten RPPOs: code `C<n>`, the
 * region and members of the n-th RPPO of the seed, taken in turn.
 */
export function makeContributor(index: number, overrides: Partial<Rppo> = {}): Rppo {
  const like = rppoSeed[index % rppoSeed.length] ?? rppoSeed[0];
  if (!like) throw new Error('The RPPO seed is empty');
  return { ...like, code: `C${index + 1}` as RppoCode, name: `Contributor ${index + 1}`, ...overrides };
}

/** One support commitment of an RPPO. */
export function makeCommitment(
  overrides: Partial<ImplementationSupport['commitments'][number]> = {},
): ImplementationSupport['commitments'][number] {
  return {
    supportType: 'hosting-meetings',
    scope: 'regional',
    description: 'Hosts the annual regional meeting.',
    valueUsd: 20_000,
    status: 'confirmed',
    ...overrides,
  };
}

/** One event promoting the Guide to Resource Mobilization. */
export function makeEvent(
  overrides: Partial<GuidePromotion['events'][number]> = {},
): GuidePromotion['events'][number] {
  return {
    eventType: 'workshop',
    title: 'Regional workshop on resource mobilization',
    date: '2027-05-12',
    status: 'planned',
    languages: ['en', 'es'],
    countriesReached: ['CO', 'PE'],
    participants: 35,
    ...overrides,
  };
}

/** One comment on a draft section. */
export function makeComment(
  overrides: Partial<DraftInput['comments'][number]> = {},
): DraftInput['comments'][number] {
  return {
    sectionId: 'rationale',
    type: 'substantive',
    comment: 'Mention the cost of inaction.',
    ...overrides,
  };
}

/** A submitted revision of one form of an RPPO. */
export function makeRevision<F extends FormName>(
  rppo: RppoCode,
  form: F,
  data: FormData[F],
  overrides: Partial<Omit<Revision, 'rppo' | 'form' | 'data'>> = {},
): Revision {
  return {
    callId: 'call-1',
    rppo,
    form,
    version: 1,
    status: 'submitted',
    data,
    createdAt: '2027-02-01T12:00:00.000Z',
    createdBy: {
      subject: `user-${rppo.toLowerCase()}`,
      email: `focal.point@${rppo.toLowerCase()}.example.org`,
    },
    ...overrides,
  };
}

/** The pilot activity labels the web form must show (issue 5: the tests rely on them). */
export const pilotActivityLabels = [
  'Activity title',
  'Description',
  'Activity type',
  'Level',
  'Countries',
  'Expected results',
  'Duration (months)',
  'Estimated cost (USD)',
  'IPPC strategic objectives',
  'GBF targets',
] as const;
