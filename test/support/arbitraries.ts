/**
 * fast-check arbitraries for the form data, written by hand for the zod 4 schemas (zod-fast-check
 * supports zod 3 only). `validX` builds data the complete schema must accept; `mutated` breaks it.
 */
import fc from 'fast-check';
import { CONTROL_CHARACTERS } from '#domain/fields.ts';
import type { PilotActivity } from '#domain/forms.ts';
import {
  activityTypes,
  codesOf,
  developmentAgendaItems,
  gbfTargets,
  ippcObjectives,
  levels,
} from '#domain/vocabularies.ts';

/** Text without control characters or lone surrogates, not blank, within `max` once trimmed (zod counts code points). */
export const text = (max: number, min = 1) =>
  fc
    .string({ unit: 'grapheme', minLength: min, maxLength: max })
    .map((value) => value.trim())
    .filter(
      (value) =>
        [...value].length >= min &&
        [...value].length <= max &&
        !CONTROL_CHARACTERS.test(value) &&
        !/[\r\n]/.test(value),
    );

const countries = fc.uniqueArray(
  fc.constantFrom('FR', 'PE', 'KE', 'VN', 'MX', 'FJ', 'EG', 'BR', 'TT', 'IN'),
  {
    minLength: 1,
    maxLength: 5,
  },
);

export const validActivity: fc.Arbitrary<PilotActivity> = fc.record(
  {
    title: text(200, 3),
    description: text(300),
    activityType: fc.constantFrom(...codesOf(activityTypes)),
    level: fc.constantFrom(...codesOf(levels)),
    countries,
    expectedResults: text(300),
    indicators: fc.array(
      fc.record({ description: text(100), target: text(50) }, { requiredKeys: ['description'] }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    durationMonths: fc.integer({ min: 1, max: 60 }),
    estimatedCostUsd: fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
    inKindOfferUsd: fc.integer({ min: 0, max: 1_000_000 }),
    ippcObjectives: fc.uniqueArray(fc.constantFrom(...codesOf(ippcObjectives)), { minLength: 1 }),
    developmentAgendaItems: fc.uniqueArray(fc.constantFrom(...codesOf(developmentAgendaItems))),
    gbfTargets: fc.uniqueArray(fc.constantFrom(...codesOf(gbfTargets)), { minLength: 1, maxLength: 4 }),
  },
  {
    requiredKeys: [
      'title',
      'description',
      'activityType',
      'level',
      'countries',
      'expectedResults',
      'indicators',
      'durationMonths',
      'estimatedCostUsd',
      'ippcObjectives',
      'gbfTargets',
    ],
  },
);

export const validPilotActivities = fc.record({
  activities: fc.array(validActivity, { minLength: 1, maxLength: 4 }),
});

/** Hostile values a client might send in place of any field. */
export const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    '\ud800',
    'x'.repeat(100_000),
    -1,
    1e308,
    -0,
    '__proto__',
    '{{title}}',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A valid form with one field somewhere replaced by a hostile value or an unknown key added. */
export const mutatedPilotActivities = fc
  .tuple(
    validPilotActivities,
    fc.nat(),
    fc.constantFrom<keyof PilotActivity | 'unknownField'>(
      'title',
      'description',
      'activityType',
      'level',
      'countries',
      'indicators',
      'durationMonths',
      'estimatedCostUsd',
      'gbfTargets',
      'unknownField',
    ),
    hostileValue,
  )
  .map(([form, index, field, value]) => {
    const activities = form.activities.map((activity) => ({ ...activity })) as Record<string, unknown>[];
    const target = activities[index % activities.length] as Record<string, unknown>;
    target[field] = value;
    return { activities };
  });
