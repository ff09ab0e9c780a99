import { describe, expect, it } from 'vitest';
import type { FieldError } from '#domain/errors.ts';
import { formFields } from '#web/form-fields.ts';
import { buildFormView, type FieldView, resolveErrorPath } from '#web/form-view.ts';
import { createTranslator } from '#web/i18n.ts';
import { loadWebTemplates } from '#web/render.ts';

const { catalogs } = loadWebTemplates();
const english = createTranslator(catalogs, 'en');
const pilot = formFields('pilot-activities').fields;

function pilotView(data: Record<string, unknown>, errors: FieldError[] = []) {
  return buildFormView({
    form: 'pilot-activities',
    fields: pilot,
    data,
    errors,
    t: english,
    memberCountries: ['FR', 'IT'],
    memberGroupLabel: 'Members of EPPO',
  });
}

const memberOf = (view: FieldView | undefined, item: number, key: string) =>
  view?.items?.[item]?.fields.find((field) => field.name.endsWith(`.${key}`));

describe('resolveErrorPath', () => {
  it.each([
    ['activities.0.title', 'activities.0.title'],
    ['activities.0.countries.3', 'activities.0.countries'],
    ['activities.1.indicators.0.unit', 'activities.1.indicators.0.unit'],
    ['activities.0.indicators', 'activities.0.indicators'],
    ['activities', 'activities'],
    ['activities.0.notAField', 'activities.0'],
    ['notAField', undefined],
    ['', undefined],
  ])('places an error on %j at %j', (path, expected) => {
    expect(resolveErrorPath(pilot, path)).toBe(expected);
  });
});

describe('buildFormView', () => {
  it('starts a required group with one empty item to fill in', () => {
    // act
    const [activities] = pilotView({}).fields;

    // assess
    expect(activities?.items).toHaveLength(1);
    expect(activities?.items?.[0]?.legend).toBe('Activity 1');
    expect(activities?.items?.[0]?.removeAction).toBeUndefined();
    expect(activities?.addAction).toBe('add:activities');
    expect(memberOf(activities, 0, 'indicators')?.items).toHaveLength(1);
  });

  it('shows the saved values and marks the chosen options', () => {
    // act
    const [activities] = pilotView({
      activities: [
        {
          title: 'Survey',
          level: 'national',
          countries: ['IT', 'BR'],
          gbfTargets: ['T6'],
          durationMonths: 24,
        },
      ],
    }).fields;

    // assess
    expect(memberOf(activities, 0, 'title')).toMatchObject({ partial: 'text', value: 'Survey' });
    expect(memberOf(activities, 0, 'durationMonths')).toMatchObject({
      partial: 'number',
      value: '24',
      inputMode: 'numeric',
    });
    expect(
      memberOf(activities, 0, 'level')
        ?.options?.filter((option) => option.selected)
        .map((o) => o.value),
    ).toEqual(['national']);
    const countries = memberOf(activities, 0, 'countries');
    expect(countries?.optionGroups?.map((group) => group.label)).toEqual([
      'Members of EPPO',
      'Other countries and territories',
    ]);
    expect(countries?.optionGroups?.[0]?.options.map((option) => option.value)).toEqual(['FR', 'IT']);
    const selected = countries?.optionGroups?.flatMap((group) =>
      group.options.filter((option) => option.selected).map((option) => option.value),
    );
    expect(selected?.sort()).toEqual(['BR', 'IT']);
    expect(
      memberOf(activities, 0, 'gbfTargets')?.options?.find((option) => option.value === 'T6'),
    ).toMatchObject({
      selected: true,
      label: 'T6: Reduce the introduction of invasive alien species and minimize their impact',
    });
  });

  it('places each error next to its field and links it from the summary, in document order', () => {
    // act
    const { fields, summary } = pilotView({ activities: [{ title: 'ab' }, {}] }, [
      { path: 'activities.1.durationMonths', message: 'Required' },
      {
        path: 'activities.0.title',
        message: 'At least 3 characters',
        code: 'minCharacters',
        params: { min: 3 },
      },
      {
        path: 'activities.0.activityType',
        message: 'Must be one of: surveillance, diagnostics',
        code: 'oneOf',
        params: { values: 'surveillance, diagnostics' },
      },
    ]);
    const [activities] = fields;

    // assess
    expect(memberOf(activities, 0, 'title')).toMatchObject({
      error: 'Must be at least 3 characters',
      errorId: 'f-activities-0-title-error',
      describedBy: 'f-activities-0-title-hint f-activities-0-title-error',
    });
    expect(summary).toEqual([
      { href: '#f-activities-0-title', text: 'Activity 1, Activity title: Must be at least 3 characters' },
      { href: '#f-activities-0-activityType', text: 'Activity 1, Activity type: Choose one' },
      { href: '#f-activities-1-durationMonths', text: 'Activity 2, Duration (months): Required' },
    ]);
  });

  it('keeps an error it cannot place in the summary, without a link', () => {
    // act
    const { summary } = pilotView({}, [{ path: '', message: 'The call is closed' }]);

    // assess
    expect(summary).toEqual([{ text: 'The call is closed' }]);
  });

  it('shows the limits the hint does not already say', () => {
    // act
    const [activities] = pilotView({}).fields;

    // assess
    expect(memberOf(activities, 0, 'title')?.limit).toBeUndefined();
    expect(memberOf(activities, 0, 'description')?.limit).toBe('At most 3,000 characters.');
    expect(memberOf(activities, 0, 'countries')?.limit).toMatch(/Ctrl/);
  });

  it('posts a hidden field back unchanged and shows its error on the item', () => {
    // act
    const { fields, summary } = buildFormView({
      form: 'draft-input',
      fields: formFields('draft-input').fields,
      data: { comments: [{ sectionId: 'gone', comment: 'x' }] },
      errors: [{ path: 'comments.0.sectionId', message: 'Not a section of this call’s draft' }],
      t: english,
      hiddenPaths: ['comments.sectionId'],
    });
    const item = fields[0]?.items?.[0];

    // assess
    expect(item?.hiddenInputs).toEqual([{ name: 'comments.0.sectionId', value: 'gone' }]);
    expect(item?.fields.map((field) => field.name)).not.toContain('comments.0.sectionId');
    expect(item?.error).toBe('Not a section of this call’s draft');
    expect(summary[0]).toEqual({
      href: '#f-comments-0',
      text: 'Comment 1: Not a section of this call’s draft',
    });
  });
});
