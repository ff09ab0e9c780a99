import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCall, request, submissionPath, tokenFor } from '../support/api.ts';
import { hostileValue, mutatedPilotActivities } from '../support/arbitraries.ts';

let callId: string;
let token: string;
let path: string;

beforeAll(async () => {
  callId = await createCall();
  token = await tokenFor('OIRSA');
  path = submissionPath(callId, 'OIRSA', 'pilot-activities');
});

/** [what, request options, expected status, a path that must be named or undefined]. */
const cases: [
  string,
  { rawBody?: string; body?: unknown; headers?: Record<string, string> },
  number,
  string?,
][] = [
  [
    'malformed JSON',
    { rawBody: '{"activities": [', headers: { 'content-type': 'application/json' } },
    400,
    '',
  ],
  ['an empty body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400, ''],
  ['a text body', { rawBody: 'activities', headers: { 'content-type': 'text/plain' } }, 415],
  ['no content type', { rawBody: '{}' }, 415],
  ['a JSON array', { body: [] }, 400, ''],
  ['a body over 1 MB', { body: { activities: [{ description: 'x'.repeat(1_100_000) }] } }, 413],
  ['an unknown top-level field', { body: { activities: [], notes: 'x' } }, 400, 'notes'],
  [
    'a __proto__ key',
    {
      rawBody: '{"activities":[],"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    },
    400,
    '__proto__',
  ],
  ['a constructor key', { body: { activities: [{ constructor: 'x' }] } }, 400, 'activities.0.constructor'],
  [
    'deeply nested JSON',
    {
      rawBody: `{"activities":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      headers: { 'content-type': 'application/json' },
    },
    400,
    'activities.0',
  ],
  [
    'a 100k-character title',
    { body: { activities: [{ title: 'x'.repeat(100_000) }] } },
    400,
    'activities.0.title',
  ],
  ['a null byte', { body: { activities: [{ title: 'a\u0000b' }] } }, 400, 'activities.0.title'],
  [
    'a lone surrogate',
    { rawBody: '{"activities":[{"title":"a\\ud800b"}]}', headers: { 'content-type': 'application/json' } },
    400,
    'activities.0.title',
  ],
  [
    'a negative cost',
    { body: { activities: [{ estimatedCostUsd: -1 }] } },
    400,
    'activities.0.estimatedCostUsd',
  ],
  [
    'a huge number',
    {
      rawBody: '{"activities":[{"estimatedCostUsd":1e400}]}',
      headers: { 'content-type': 'application/json' },
    },
    400,
    'activities.0.estimatedCostUsd',
  ],
  ['a null list', { body: { activities: null } }, 400, 'activities'],
];

describe('bad input to a form save', () => {
  it.each(cases)(
    'answers %s with a problem+json 4xx naming the field, storing nothing',
    async (_what, options, status, field) => {
      // act
      const response = await request(path, { method: 'PUT', token, ...options });

      // assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/json/);
      if (field !== undefined) {
        expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
      }
      expect((await request(path, { token })).status).toBe(404);
    },
  );

  it('never answers a generated hostile body with a 5xx, and keeps the stored version', async () => {
    // prepare: a stored draft that no bad request may change
    const ownPath = submissionPath(callId, 'OIRSA', 'guide-promotion');
    const stored = await request(ownPath, { method: 'PUT', token, body: { events: [{ title: 'Kept' }] } });
    const statuses = new Map<number, number>();

    // act
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedPilotActivities, hostileValue), async (body) => {
        const response = await request(ownPath.replace('guide-promotion', 'pilot-activities'), {
          method: 'PUT',
          token,
          headers: { 'if-match': '"999"' },
          body,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        const unchanged = await request(ownPath, {
          method: 'PUT',
          token,
          headers: { 'if-match': '"999"' },
          body,
        });
        expect(unchanged.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );

    // assess
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect((await request(ownPath, { token })).body).toEqual(stored.body);
  });

  it('answers 405 to an unsupported method on a known path', async () => {
    // act
    const response = await request(path, { method: 'DELETE', token });

    // assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT');
  });

  it('answers 400 naming each bad field of a new call', async () => {
    // act
    const response = await request('/api/calls', {
      method: 'POST',
      token: await tokenFor('secretariat'),
      body: {
        title: 'ok title',
        deadline: '31/03/2027',
        draftSections: [
          { id: 'Rationale!', title: 'R', text: 'T' },
          { id: 'b', title: '', text: 'T' },
        ],
      },
    });

    // assess
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'deadline',
      'draftSections.0.id',
      'draftSections.1.title',
    ]);
  });

  it('refuses a call whose deadline has already passed', async () => {
    // act
    const response = await request('/api/calls', {
      method: 'POST',
      token: await tokenFor('secretariat'),
      body: {
        title: 'Late call',
        deadline: '2001-01-01T00:00:00Z',
        draftSections: [{ id: 'a', title: 'A', text: 'A' }],
      },
    });

    // assess
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'deadline', message: 'Must be in the future' }]);
  });
});
