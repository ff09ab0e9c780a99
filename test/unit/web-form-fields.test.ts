import { describe, expect, it } from 'vitest';
import { formNames } from '#domain/forms.ts';
import { activityTypes, gbfTargets, levels } from '#domain/vocabularies.ts';
import { allFields, type Field, formFields, vocabularyOf } from '#web/form-fields.ts';
import { pilotActivityLabels } from '../support/fixtures.ts';

const pilot = formFields('pilot-activities');
const activity = pilot.fields.find((field) => field.key === 'activities');
const member = (key: string): Field | undefined =>
  activity?.kind === 'group' ? activity.fields.find((field) => field.key === key) : undefined;

describe('formFields', () => {
  it('labels the pilot activity fields with the titles of the schema', () => {
    // act
    const labels = activity?.kind === 'group' ? activity.fields.map((field) => field.label) : [];

    // assess
    expect(labels).toEqual(expect.arrayContaining([...pilotActivityLabels]));
  });

  it('reads hints and limits from the schema', () => {
    // assess
    expect(member('title')).toMatchObject({
      kind: 'text',
      hint: 'A short name, 3 to 200 characters',
      minLength: 3,
      maxLength: 200,
      required: true,
      multiline: false,
    });
    expect(member('durationMonths')).toMatchObject({
      kind: 'number',
      integer: true,
      minimum: 1,
      maximum: 60,
    });
    expect(member('estimatedCostUsd')).toMatchObject({ kind: 'number', integer: false, maximum: 1e9 });
    expect(member('inKindOfferUsd')).toMatchObject({ required: false });
    expect(activity).toMatchObject({
      kind: 'group',
      minItems: 1,
      maxItems: 50,
      label: 'Suggested activities',
    });
  });

  it('tells single-line texts from texts that may span lines by asking the schema', () => {
    // assess
    expect(member('description')).toMatchObject({ kind: 'text', multiline: true });
    const indicators = member('indicators');
    const meansOfVerification =
      indicators?.kind === 'group'
        ? indicators.fields.find((field) => field.key === 'meansOfVerification')
        : undefined;
    expect(meansOfVerification).toMatchObject({ kind: 'text', multiline: false, maxLength: 500 });
  });

  it('finds the vocabulary of each choice and set of codes', () => {
    // assess
    expect(member('activityType')).toMatchObject({
      kind: 'choice',
      vocabulary: 'activityTypes',
      options: Object.keys(activityTypes),
    });
    expect(member('level')).toMatchObject({ kind: 'choice', options: Object.keys(levels) });
    expect(member('gbfTargets')).toMatchObject({
      kind: 'codes',
      vocabulary: 'gbfTargets',
      options: Object.keys(gbfTargets),
      minItems: 1,
    });
  });

  it('tells country lists from language lists', () => {
    // prepare
    const events = formFields('guide-promotion').fields.find((field) => field.key === 'events');
    const eventField = (key: string) =>
      events?.kind === 'group' ? events.fields.find((field) => field.key === key) : undefined;

    // assess
    expect(member('countries')).toMatchObject({ kind: 'countries', minItems: 1, maxItems: 80 });
    expect(eventField('languages')).toMatchObject({ kind: 'languages', minItems: 1 });
    expect(eventField('countriesReached')).toMatchObject({ kind: 'countries' });
    expect(eventField('date')).toMatchObject({ kind: 'date' });
  });

  it('maps every field of every form, with a path naming it without item numbers', () => {
    for (const form of formNames) {
      // act
      const fields = allFields(formFields(form).fields);

      // assess
      expect(fields.length, form).toBeGreaterThan(1);
      for (const field of fields) expect(field.path).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+)*$/);
    }
    expect(allFields(pilot.fields).map((field) => field.path)).toContain('activities.indicators.unit');
  });

  it('refuses a list of codes that matches no vocabulary', () => {
    // act / assess
    expect(() => vocabularyOf(['nope'], 'x')).toThrow(/No vocabulary/);
  });
});
