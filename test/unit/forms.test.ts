import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import type { Mode } from '#domain/fields.ts';
import { type FormName, formJsonSchema, formNames, validateForm } from '#domain/forms.ts';
import { makeActivity, makeCall, makeComment, makeCommitment, makeEvent } from '../support/fixtures.ts';

const call = makeCall();

function errorsOf(form: FormName, mode: Mode, data: unknown) {
  try {
    validateForm(form, mode, data, call);
    return { status: 200, errors: [] };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, errors: error.errors.map(({ path, message }) => `${path}: ${message}`) };
  }
}

const activities = (overrides: Record<string, unknown>) => ({
  activities: [{ ...makeActivity(), ...overrides }],
});

/** [form, what is wrong, data, the path that must be named, what the message says]. */
const badCompleteForms: [FormName, string, unknown, string, RegExp][] = [
  ['pilot-activities', 'no activities', { activities: [] }, 'activities', /at least one/i],
  [
    'pilot-activities',
    '51 activities',
    { activities: Array(51).fill(makeActivity()) },
    'activities',
    /at most 50/i,
  ],
  ['pilot-activities', 'short title', activities({ title: 'ab' }), 'activities.0.title', /at least 3/i],
  [
    'pilot-activities',
    'long title',
    activities({ title: 'x'.repeat(201) }),
    'activities.0.title',
    /at most 200/,
  ],
  [
    'pilot-activities',
    'blank description',
    activities({ description: '   ' }),
    'activities.0.description',
    /required/i,
  ],
  [
    'pilot-activities',
    'unknown type',
    activities({ activityType: 'magic' }),
    'activities.0.activityType',
    /one of/,
  ],
  ['pilot-activities', 'unknown level', activities({ level: 'global' }), 'activities.0.level', /one of/],
  [
    'pilot-activities',
    'no countries',
    activities({ countries: [] }),
    'activities.0.countries',
    /at least one/i,
  ],
  [
    'pilot-activities',
    'lower-case country',
    activities({ countries: ['fr'] }),
    'activities.0.countries.0',
    /alpha-2/,
  ],
  [
    'pilot-activities',
    'made-up country',
    activities({ countries: ['XX'] }),
    'activities.0.countries.0',
    /unknown/i,
  ],
  [
    'pilot-activities',
    'repeated country',
    activities({ countries: ['FR', 'FR'] }),
    'activities.0.countries',
    /twice/,
  ],
  [
    'pilot-activities',
    'no indicators',
    activities({ indicators: [] }),
    'activities.0.indicators',
    /at least one/i,
  ],
  [
    'pilot-activities',
    '0 months',
    activities({ durationMonths: 0 }),
    'activities.0.durationMonths',
    /at least 1/,
  ],
  [
    'pilot-activities',
    '61 months',
    activities({ durationMonths: 61 }),
    'activities.0.durationMonths',
    /at most 60/,
  ],
  [
    'pilot-activities',
    'fractional months',
    activities({ durationMonths: 1.5 }),
    'activities.0.durationMonths',
    /whole number|int/i,
  ],
  [
    'pilot-activities',
    'negative cost',
    activities({ estimatedCostUsd: -1 }),
    'activities.0.estimatedCostUsd',
    /at least 0/,
  ],
  [
    'pilot-activities',
    'cost as text',
    activities({ estimatedCostUsd: '100' }),
    'activities.0.estimatedCostUsd',
    /number/,
  ],
  [
    'pilot-activities',
    'no objective',
    activities({ ippcObjectives: [] }),
    'activities.0.ippcObjectives',
    /at least one/i,
  ],
  [
    'pilot-activities',
    'unknown objective',
    activities({ ippcObjectives: ['SO-D'] }),
    'activities.0.ippcObjectives.0',
    /one of/,
  ],
  [
    'pilot-activities',
    'unknown DAI',
    activities({ developmentAgendaItems: ['DAI-9'] }),
    'activities.0.developmentAgendaItems.0',
    /one of/,
  ],
  [
    'pilot-activities',
    'unknown GBF target',
    activities({ gbfTargets: ['T24'] }),
    'activities.0.gbfTargets.0',
    /one of/,
  ],
  [
    'pilot-activities',
    'no GBF target',
    activities({ gbfTargets: [] }),
    'activities.0.gbfTargets',
    /at least one/i,
  ],
  [
    'pilot-activities',
    'unknown field',
    activities({ budgetCode: 'X1' }),
    'activities.0.budgetCode',
    /unknown field/i,
  ],
  [
    'pilot-activities',
    'control character',
    activities({ title: 'Bad\u0001title' }),
    'activities.0.title',
    /control/,
  ],
  [
    'pilot-activities',
    'null byte',
    activities({ description: 'a\u0000b' }),
    'activities.0.description',
    /control/,
  ],
  [
    'pilot-activities',
    'lone surrogate',
    activities({ title: 'Bad \ud800 title' }),
    'activities.0.title',
    /surrogate/,
  ],
  [
    'pilot-activities',
    'line break in title',
    activities({ title: 'Two\nlines' }),
    'activities.0.title',
    /single line/,
  ],
  ['draft-input', 'no comments', { comments: [] }, 'comments', /at least one/i],
  [
    'draft-input',
    'unknown section',
    { comments: [makeComment({ sectionId: 'budget' })] },
    'comments.0.sectionId',
    /not a section/i,
  ],
  [
    'draft-input',
    'unknown comment type',
    { comments: [{ ...makeComment(), type: 'angry' }] },
    'comments.0.type',
    /one of/,
  ],
  [
    'draft-input',
    'empty comment',
    { comments: [makeComment({ comment: '' })] },
    'comments.0.comment',
    /required/i,
  ],
  ['implementation-support', 'no commitments', { commitments: [] }, 'commitments', /at least one/i],
  [
    'implementation-support',
    'unknown support',
    { commitments: [{ ...makeCommitment(), supportType: 'cash' }] },
    'commitments.0.supportType',
    /one of/,
  ],
  [
    'implementation-support',
    'national without countries',
    { commitments: [makeCommitment({ scope: 'national' })] },
    'commitments.0.countries',
    /countries/,
  ],
  [
    'implementation-support',
    'unknown status',
    { commitments: [{ ...makeCommitment(), status: 'maybe' }] },
    'commitments.0.status',
    /one of/,
  ],
  [
    'implementation-support',
    'negative person-days',
    { commitments: [makeCommitment({ personDays: -3 })] },
    'commitments.0.personDays',
    /at least 0/,
  ],
  ['guide-promotion', 'no events', { events: [] }, 'events', /at least one/i],
  [
    'guide-promotion',
    'impossible date',
    { events: [makeEvent({ date: '2027-02-30' })] },
    'events.0.date',
    /YYYY-MM-DD/,
  ],
  [
    'guide-promotion',
    'date with time',
    { events: [makeEvent({ date: '2027-02-03T10:00' })] },
    'events.0.date',
    /YYYY-MM-DD/,
  ],
  [
    'guide-promotion',
    'unknown language',
    { events: [makeEvent({ languages: ['xx'] as never })] },
    'events.0.languages.0',
    /unknown/i,
  ],
  [
    'guide-promotion',
    'three-letter language',
    { events: [makeEvent({ languages: ['eng'] as never })] },
    'events.0.languages.0',
    /639-1/,
  ],
  [
    'guide-promotion',
    'no language',
    { events: [makeEvent({ languages: [] })] },
    'events.0.languages',
    /at least one/i,
  ],
  [
    'guide-promotion',
    'unknown event type',
    { events: [{ ...makeEvent(), eventType: 'party' }] },
    'events.0.eventType',
    /one of/,
  ],
  [
    'guide-promotion',
    'participants as text',
    { events: [{ ...makeEvent(), participants: 'many' }] },
    'events.0.participants',
    /number/,
  ],
];

describe('validateForm', () => {
  it.each(badCompleteForms)(
    'refuses a %s form with %s, naming the field',
    (form, _what, data, path, message) => {
      // act
      const result = errorsOf(form, 'complete', data);

      // assess
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
      const named = result.errors.filter((error) => error.startsWith(`${path}: `));
      expect(named.length, `errors were: ${result.errors.join(' | ')}`).toBeGreaterThan(0);
      expect(named.join(' ')).toMatch(message);
    },
  );

  it('accepts an incomplete draft whose present fields are valid', () => {
    // act
    const result = errorsOf('pilot-activities', 'draft', {
      activities: [{ title: 'ab', countries: ['PE'] }],
    });

    // assess
    expect(result).toEqual({ status: 200, errors: [] });
  });

  it('still refuses wrong types and values in a draft with 400', () => {
    // act
    const result = errorsOf('pilot-activities', 'draft', {
      activities: [{ estimatedCostUsd: -5, countries: ['ZZ'] }],
    });

    // assess
    expect(result.status).toBe(400);
    expect(result.errors.map((error) => error.split(':')[0])).toEqual([
      'activities.0.countries.0',
      'activities.0.estimatedCostUsd',
    ]);
  });

  it('returns 422 for an incomplete form at submission', () => {
    // act
    const result = errorsOf('guide-promotion', 'complete', {});

    // assess
    expect(result).toEqual({ status: 422, errors: ['events: Required'] });
  });

  it('trims text and keeps the rest of the data as sent', () => {
    // act
    const clean = validateForm(
      'pilot-activities',
      'complete',
      activities({ title: '  Trapping network  ' }),
      call,
    );

    // assess
    expect(clean).toEqual(activities({ title: 'Trapping network' }));
  });

  it('refuses a form larger than 256 KB with 413', () => {
    // prepare: 50 activities with every long field at its limit
    const big = makeActivity({
      description: 'é'.repeat(3000),
      expectedResults: 'x'.repeat(2000),
      risks: 'x'.repeat(1000),
      partners: 'x'.repeat(500),
    });

    // act
    const result = errorsOf('pilot-activities', 'complete', { activities: Array(50).fill(big) });

    // assess
    expect(result.status).toBe(413);
  });

  it.each(formNames)('publishes a JSON Schema for %s with labels', (form) => {
    // act
    const schema = formJsonSchema(form);

    // assess
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain('"title"');
  });
});
