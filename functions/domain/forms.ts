/**
 * The four forms RPPOs fill (paper, paragraph 10). Each is defined once, as a function of the field
 * kit; the same definition yields the draft and the complete zod schema, the TypeScript types, the
 * JSON Schema served to clients and the labels and hints of the web form fields.
 */
import * as z from 'zod';
import type { Call } from './calls.ts';
import { type FieldError, PayloadTooLargeError, UnprocessableError, ValidationError } from './errors.ts';
import { fieldKit, issueMessages, type Mode, toFieldErrors } from './fields.ts';
import { lazy } from './lazy.ts';
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

/** Keeps a stored submission (and each of its revisions) far below DynamoDB's 400 KB item limit. */
export const MAX_FORM_BYTES = 256 * 1024;

function draftInput<M extends Mode>(mode: M) {
  const k = fieldKit(mode);
  const comment = z.strictObject({
    sectionId: k.text({
      max: 64,
      label: 'Draft section',
      hint: 'The section of the draft proposal you comment on',
    }),
    type: k.choice(commentTypes, { label: 'Type of comment' }),
    comment: k.text({ max: 5000, multiline: true, label: 'Comment' }),
    proposedChange: k.optionalText({
      max: 5000,
      multiline: true,
      label: 'Proposed change',
      hint: 'Wording you propose',
    }),
    rationale: k.optionalText({ max: 2000, multiline: true, label: 'Rationale' }),
  });
  return z.strictObject({
    comments: k.list(comment, { min: 1, max: 200, label: 'Comments on the draft proposal' }),
  });
}

function pilotActivities<M extends Mode>(mode: M) {
  const k = fieldKit(mode);
  const indicator = z.strictObject({
    description: k.text({ max: 500, multiline: true, label: 'Indicator' }),
    unit: k.optionalText({ max: 50, label: 'Unit', hint: 'For example: surveys, hectares, %' }),
    baseline: k.optionalText({ max: 200, label: 'Baseline' }),
    target: k.optionalText({ max: 200, label: 'Target' }),
    meansOfVerification: k.optionalText({ max: 500, label: 'Means of verification' }),
  });
  const activity = z.strictObject({
    title: k.text({ min: 3, max: 200, label: 'Activity title', hint: 'A short name, 3 to 200 characters' }),
    description: k.text({ max: 3000, multiline: true, label: 'Description' }),
    activityType: k.choice(activityTypes, { label: 'Activity type' }),
    level: k.choice(levels, {
      label: 'Level',
      hint: 'Regional: across the region; national: in the listed countries',
    }),
    countries: k.countries({
      min: 1,
      label: 'Countries',
      hint: 'The countries where the activity takes place',
    }),
    pestsPathwaysEcosystems: k.optionalText({
      max: 1000,
      multiline: true,
      label: 'Pests, pathways or ecosystems concerned',
    }),
    expectedResults: k.text({ max: 2000, multiline: true, label: 'Expected results' }),
    indicators: k.list(indicator, { min: 1, max: 10, label: 'Indicators' }),
    durationMonths: k.integer(1, 60, { label: 'Duration (months)', hint: 'From 1 to 60 months' }),
    estimatedCostUsd: k.usd({
      label: 'Estimated cost (USD)',
      hint: 'The cost of the activity in US dollars',
    }),
    inKindOfferUsd: k.optionalUsd({
      label: 'In-kind offer (USD)',
      hint: 'What your region contributes in kind',
    }),
    partners: k.optionalText({ max: 500, multiline: true, label: 'Proposed partners' }),
    ippcObjectives: k.codes(ippcObjectives, { min: 1, label: 'IPPC strategic objectives' }),
    developmentAgendaItems: k
      .codes(developmentAgendaItems, { label: 'IPPC development agenda items' })
      .optional(),
    gbfTargets: k.codes(gbfTargets, {
      min: 1,
      label: 'GBF targets',
      hint: 'Kunming-Montreal Global Biodiversity Framework targets',
    }),
    risks: k.optionalText({ max: 1000, multiline: true, label: 'Risks' }),
  });
  return z.strictObject({
    activities: k.list(activity, { min: 1, max: 50, label: 'Suggested activities' }),
  });
}

function implementationSupport<M extends Mode>(mode: M) {
  const k = fieldKit(mode);
  const commitment = z
    .strictObject({
      supportType: k.choice(supportTypes, { label: 'Type of support' }),
      scope: k.choice(scopes, { label: 'Scope' }),
      countries: k.optionalCountries({
        label: 'Countries',
        hint: 'For national support: the countries concerned',
      }),
      description: k.text({ max: 2000, multiline: true, label: 'Description' }),
      personDays: k.optionalInteger(0, 100_000, { label: 'Person-days' }),
      valueUsd: k.optionalUsd({ label: 'Value (USD)' }),
      period: k.optionalText({ max: 100, label: 'Period', hint: 'For example: 2027–2029' }),
      status: k.choice(commitmentStatuses, { label: 'Status' }),
    })
    .superRefine((value: { scope?: string; countries?: string[] }, context) => {
      if (mode === 'complete' && value.scope === 'national' && !value.countries?.length) {
        context.addIssue({
          code: 'custom',
          path: ['countries'],
          message: 'Name the countries of national support',
          params: { code: 'nationalCountries' },
        });
      }
    });
  return z.strictObject({
    commitments: k.list(commitment, { min: 1, max: 50, label: 'Support commitments' }),
  });
}

function guidePromotion<M extends Mode>(mode: M) {
  const k = fieldKit(mode);
  const event = z.strictObject({
    eventType: k.choice(promotionEventTypes, { label: 'Type of event' }),
    title: k.text({ max: 200, label: 'Title' }),
    date: k.date({ label: 'Date', hint: 'YYYY-MM-DD; planned events may be in the future' }),
    status: k.choice(eventStatuses, { label: 'Status' }),
    languages: k.languages({ min: 1, label: 'Languages', hint: 'ISO 639-1 codes, for example en, fr, es' }),
    countriesReached: k.countries({ min: 1, label: 'Countries reached' }),
    participants: k.optionalInteger(0, 1_000_000, { label: 'Participants' }),
    outcomes: k.optionalText({
      max: 2000,
      multiline: true,
      label: 'Outcomes',
      hint: 'Plans drafted, proposals submitted, funds mobilized',
    }),
  });
  return z.strictObject({
    events: k.list(event, { min: 1, max: 100, label: 'Promotion events' }),
    feedbackOnGuide: k.optionalText({ max: 5000, multiline: true, label: 'Feedback on the Guide' }),
  });
}

const formTitles = {
  'draft-input': 'Input on the draft proposal',
  'pilot-activities': 'Suggested activities for the regional pilot projects',
  'implementation-support': 'Support during implementation',
  'guide-promotion': 'Promotion of the IPPC Guide to Resource Mobilization',
} as const;

export type FormName = keyof typeof formTitles;
export const formNames = Object.keys(formTitles) as [FormName, ...FormName[]];
export const formNameSchema = lazy(() => z.enum(formNames));

/** How each form is defined, as a function of the mode. */
const definitions = {
  'draft-input': draftInput,
  'pilot-activities': pilotActivities,
  'implementation-support': implementationSupport,
  'guide-promotion': guidePromotion,
} as const satisfies Record<FormName, (mode: Mode) => z.ZodType>;

/** A getter per form, each building the form's schema in this mode on first use. */
function lazySchemas(mode: Mode): Record<FormName, () => z.ZodType> {
  const getters = {} as Record<FormName, () => z.ZodType>;
  for (const form of formNames) getters[form] = lazy(() => definitions[form](mode));
  return getters;
}

// A request validates one form in one mode: building all eight at import cost every cold start.
const schemas = { draft: lazySchemas('draft'), complete: lazySchemas('complete') };

export type DraftInput = z.output<ReturnType<typeof draftInput<'complete'>>>;
export type PilotActivities = z.output<ReturnType<typeof pilotActivities<'complete'>>>;
export type PilotActivity = PilotActivities['activities'][number];
export type ImplementationSupport = z.output<ReturnType<typeof implementationSupport<'complete'>>>;
export type GuidePromotion = z.output<ReturnType<typeof guidePromotion<'complete'>>>;

/** The complete content of each form, by form name. */
export interface FormData {
  'draft-input': DraftInput;
  'pilot-activities': PilotActivities;
  'implementation-support': ImplementationSupport;
  'guide-promotion': GuidePromotion;
}

export function formTitle(form: FormName): string {
  return formTitles[form];
}

export function formSchema(form: FormName, mode: Mode): z.ZodType {
  return schemas[mode][form]();
}

// The schemas never change in a running process: each JSON Schema is generated on first use only.
const jsonSchemas = new Map<FormName, Readonly<Record<string, unknown>>>();

/** The JSON Schema (draft 2020-12) of a complete form, as served at /api/forms/{form}/schema. */
export function formJsonSchema(form: FormName): Readonly<Record<string, unknown>> {
  let schema = jsonSchemas.get(form);
  if (!schema) {
    schema = {
      ...z.toJSONSchema(formSchema(form, 'complete'), { unrepresentable: 'any' }),
      title: formTitles[form],
    };
    jsonSchemas.set(form, schema);
  }
  return schema;
}

/** Checks what a call's context decides (which draft sections exist). */
function crossCheck(form: FormName, data: unknown, call: Call): FieldError[] {
  if (form !== 'draft-input') return [];
  const sectionIds = new Set(call.draftSections.map((section) => section.id));
  const comments = (data as Partial<DraftInput>).comments ?? [];
  return comments.flatMap((comment, index) =>
    comment?.sectionId !== undefined && !sectionIds.has(comment.sectionId)
      ? [
          {
            path: `comments.${index}.sectionId`,
            message: `Not a section of this call's draft (${[...sectionIds].join(', ')})`,
            code: 'unknownSection' as const,
            params: { sections: [...sectionIds].join(', ') },
          },
        ]
      : [],
  );
}

/**
 * Validates form data for a draft save (`draft`: 400 on bad fields) or a submission (`complete`:
 * 422, the stored draft is incomplete) and returns it normalised (trimmed).
 */
export function validateForm(form: FormName, mode: Mode, data: unknown, call: Call): unknown {
  const ErrorClass = mode === 'draft' ? ValidationError : UnprocessableError;
  const result = formSchema(form, mode).safeParse(data, { error: issueMessages });
  const errors = [
    ...(result.success ? [] : toFieldErrors(result.error.issues)),
    ...crossCheck(form, data, call),
  ];
  if (!result.success || errors.length > 0) {
    throw new ErrorClass(
      mode === 'draft' ? 'Some fields are not valid' : 'The form is not complete: fix the fields listed',
      errors,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(result.data));
  if (bytes > MAX_FORM_BYTES) {
    throw new PayloadTooLargeError(
      `The form holds ${bytes} bytes; at most ${MAX_FORM_BYTES} are accepted`,
    ).coded({ code: 'formTooLarge', params: { bytes, max: MAX_FORM_BYTES } });
  }
  return result.data;
}
