import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import {
  applyAction,
  formDataFrom,
  parseAction,
  parseNumber,
  parseVersion,
  readFormBody,
} from '#web/form-data.ts';
import { formFields } from '#web/form-fields.ts';

const pilot = formFields('pilot-activities').fields;
const draftInput = formFields('draft-input').fields;

const post = (entries: [string, string][]) => new URLSearchParams(entries);

function statusOf(act: () => unknown): number | 'ok' {
  try {
    act();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.status;
    throw error;
  }
}

describe('formDataFrom', () => {
  it('nests items by index, keeps lists of values and converts numbers', () => {
    // prepare
    const params = post([
      ['activities.0', ''],
      ['activities.0.title', 'Fruit fly surveillance'],
      ['activities.0.countries', 'CO'],
      ['activities.0.countries', 'PE'],
      ['activities.0.durationMonths', '24'],
      ['activities.0.estimatedCostUsd', '120,000.50'],
      ['activities.0.gbfTargets', 'T6'],
      ['activities.0.indicators.0', ''],
      ['activities.0.indicators.0.description', 'Traps operating'],
      ['activities.1', ''],
      ['activities.1.title', 'Training'],
    ]);

    // act
    const data = formDataFrom(pilot, params);

    // assess
    expect(data).toEqual({
      activities: [
        {
          title: 'Fruit fly surveillance',
          countries: ['CO', 'PE'],
          durationMonths: 24,
          estimatedCostUsd: 120000.5,
          gbfTargets: ['T6'],
          ippcObjectives: [],
          developmentAgendaItems: [],
          indicators: [{ description: 'Traps operating' }],
        },
        {
          title: 'Training',
          countries: [],
          ippcObjectives: [],
          developmentAgendaItems: [],
          gbfTargets: [],
          indicators: [],
        },
      ],
    });
  });

  it('leaves empty fields out so that a draft keeps only what was typed', () => {
    // act
    const data = formDataFrom(
      pilot,
      post([
        ['activities.0', ''],
        ['activities.0.title', '  '],
        ['activities.0.risks', ''],
      ]),
    );

    // assess
    expect(data.activities).toEqual([
      { countries: [], ippcObjectives: [], developmentAgendaItems: [], gbfTargets: [], indicators: [] },
    ]);
  });

  it('closes the gaps left by removed items and counts an item whose fields are all empty', () => {
    // act
    const data = formDataFrom(
      pilot,
      post([
        ['activities.3', ''],
        ['activities.7', ''],
        ['activities.7.title', 'Last'],
      ]),
    );

    // assess
    expect((data.activities as { title?: string }[]).map((item) => item.title)).toEqual([undefined, 'Last']);
  });

  it('keeps a number that cannot be read as typed, for validation to name it', () => {
    // act
    const data = formDataFrom(
      pilot,
      post([
        ['activities.0', ''],
        ['activities.0.durationMonths', 'about 5'],
      ]),
    );

    // assess
    expect((data.activities as Record<string, unknown>[])[0]?.durationMonths).toBe('about 5');
  });

  it('counts a value ticked twice once', () => {
    // act
    const data = formDataFrom(
      pilot,
      post([
        ['activities.0', ''],
        ['activities.0.gbfTargets', 'T6'],
        ['activities.0.gbfTargets', 'T6'],
      ]),
    );

    // assess
    expect((data.activities as Record<string, unknown>[])[0]?.gbfTargets).toEqual(['T6']);
  });

  it('ignores names that are not fields of the form', () => {
    // act
    const data = formDataFrom(
      pilot,
      post([
        ['__proto__', 'x'],
        ['admin', 'true'],
        ['activities.0.constructor', 'x'],
      ]),
    );

    // assess
    expect(Object.keys(data)).toEqual(['activities']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    const item = (data.activities as Record<string, unknown>[])[0] ?? {};
    expect(Object.hasOwn(item, 'constructor')).toBe(false);
    expect(Object.keys(item).sort()).toEqual([
      'countries',
      'developmentAgendaItems',
      'gbfTargets',
      'indicators',
      'ippcObjectives',
    ]);
  });

  it.each([
    [
      'a field sent twice',
      [
        ['activities.0.title', 'a'],
        ['activities.0.title', 'b'],
      ],
    ],
    ['an index of four digits', [['activities.1000.title', 'a']]],
  ] as [string, [string, string][]][])('answers 400 for %s', (_, entries) => {
    // act / assess
    expect(statusOf(() => formDataFrom(pilot, post(entries)))).toBe(400);
  });
});

describe('parseNumber', () => {
  it.each([
    ['24', 24],
    [' 1 500 ', 1500],
    ['120,000', 120000],
    ['1,234,567.25', 1234567.25],
    ['0.5', 0.5],
    ['-3', -3],
    ['1,5', '1,5'],
    ['12abc', '12abc'],
    ['1e5', '1e5'],
  ] as [string, number | string][])('reads %j as %j', (typed, expected) => {
    expect(parseNumber(typed)).toBe(expected);
  });
});

describe('parseAction', () => {
  it.each([
    ['save', { type: 'save' }],
    ['submit', { type: 'submit' }],
    ['add:activities', { type: 'add', path: 'activities' }],
    ['add:activities.2.indicators', { type: 'add', path: 'activities.2.indicators' }],
    ['remove:activities.1', { type: 'remove', path: 'activities', index: 1 }],
    ['remove:activities.0.indicators.3', { type: 'remove', path: 'activities.0.indicators', index: 3 }],
  ])('reads %s', (action, expected) => {
    expect(parseAction(post([['action', action]]), pilot)).toEqual(expected);
  });

  it('reads "replace" with the version to replace', () => {
    expect(
      parseAction(
        post([
          ['action', 'replace'],
          ['currentVersion', '4'],
        ]),
        pilot,
      ),
    ).toEqual({ type: 'replace', version: 4 });
  });

  it('reads a comment added under a section of the draft', () => {
    expect(parseAction(post([['action', 'add:comments@rationale']]), draftInput)).toEqual({
      type: 'add',
      path: 'comments',
      section: 'rationale',
    });
  });

  it.each([
    'delete',
    'add:nothing',
    'add:activities.title',
    'add:activities.x.indicators',
    'remove:activities',
    'add:activities@rationale',
    'add:comments@Not A Section',
    'replace',
  ])('answers 400 for %s', (action) => {
    expect(
      statusOf(() =>
        parseAction(post([['action', action]]), action.includes('comments') ? draftInput : pilot),
      ),
    ).toBe(400);
  });
});

describe('applyAction', () => {
  it('adds an empty item to a nested group and removes an item by index', () => {
    // prepare
    const data = { activities: [{ title: 'A', indicators: [{ description: 'x' }] }, { title: 'B' }] };

    // act
    const added = applyAction(data, { type: 'add', path: 'activities.0.indicators' });
    const removed = applyAction(added, { type: 'remove', path: 'activities', index: 1 });

    // assess
    expect(removed).toEqual({ activities: [{ title: 'A', indicators: [{ description: 'x' }, {}] }] });
    expect(data.activities).toHaveLength(2);
  });

  it('starts a missing list and presets the section of a new comment', () => {
    expect(applyAction({}, { type: 'add', path: 'comments', section: 'rationale' })).toEqual({
      comments: [{ sectionId: 'rationale' }],
    });
  });
});

describe('readFormBody and parseVersion', () => {
  it('reads a form post, also when API Gateway encoded it in base64', () => {
    // prepare
    const body = 'activities.0.title=Caf%C3%A9+%26+co';

    // act
    const plain = readFormBody(body, false, 'application/x-www-form-urlencoded');
    const encoded = readFormBody(
      Buffer.from(body).toString('base64'),
      true,
      'application/x-www-form-urlencoded; charset=UTF-8',
    );

    // assess
    expect(plain.get('activities.0.title')).toBe('Café & co');
    expect(encoded.get('activities.0.title')).toBe('Café & co');
  });

  it.each([
    ['JSON', '{}', 'application/json', 415],
    ['no content type', 'a=b', undefined, 415],
    ['more than 1 MB', `a=${'x'.repeat(1024 * 1024)}`, 'application/x-www-form-urlencoded', 413],
  ] as [string, string, string | undefined, number][])('refuses %s', (_, body, type, status) => {
    expect(statusOf(() => readFormBody(body, false, type))).toBe(status);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(
      statusOf(() =>
        readFormBody(
          Buffer.from([0x61, 0x3d, 0xff]).toString('base64'),
          true,
          'application/x-www-form-urlencoded',
        ),
      ),
    ).toBe(400);
  });

  it('reads a version and refuses anything else', () => {
    expect(parseVersion('3')).toBe(3);
    expect(parseVersion('')).toBeUndefined();
    expect(statusOf(() => parseVersion('3; drop'))).toBe(400);
    expect(statusOf(() => parseVersion('0'))).toBe(400);
  });
});
