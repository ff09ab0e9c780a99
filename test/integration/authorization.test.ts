import { beforeAll, describe, expect, inject, it } from 'vitest';
import { rppoCodes } from '#domain/rppos.ts';
import { parseRouteKey, routes } from '#http/routes.ts';
import { createCall, request, saveAndSubmit, submissionPath, tokenFor } from '../support/api.ts';
import { foreignTokens, tamperedToken } from '../support/forged-tokens.ts';

/** The routes as concrete requests on a call where EPPO has submitted pilot activities. */
interface Target {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

let callId: string;
let targets: Target[];

async function stateSnapshot() {
  const secretariat = await tokenFor('secretariat');
  const [call, revisions, proposals] = await Promise.all([
    request(`/api/calls/${callId}`, { token: secretariat }),
    request(submissionPath(callId, 'EPPO', 'pilot-activities', '/revisions'), { token: secretariat }),
    request(`/api/calls/${callId}/proposals`, { token: secretariat }),
  ]);
  return { call: call.body, revisions: revisions.body, proposals: proposals.body.proposals.length };
}

beforeAll(async () => {
  callId = await createCall();
  await saveAndSubmit(callId, 'EPPO', 'pilot-activities');
  const proposal = await request(`/api/calls/${callId}/proposals`, {
    method: 'POST',
    token: await tokenFor('secretariat'),
  });
  const values: Record<string, string> = {
    callId,
    rppo: 'EPPO',
    form: 'pilot-activities',
    version: '1',
    proposalId: proposal.body.id,
  };
  const bodies: Record<string, unknown> = {
    POST: {
      title: 'A call',
      deadline: '2099-01-01T00:00:00Z',
      draftSections: [{ id: 'a', title: 'A', text: 'A' }],
    },
    PATCH: { status: 'closed' },
    PUT: { activities: [] },
  };
  targets = routes
    .filter((route) => route.authorized)
    .map((route) => {
      const { method, path } = parseRouteKey(route.routeKey);
      return {
        routeKey: route.routeKey,
        method,
        path: path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name),
        body: bodies[method],
      };
    });
});

async function forgedTokens(): Promise<Record<string, string>> {
  const claims = { 'cognito:groups': ['secretariat'], email: 'mallory@example.org' };
  const { anotherKey: signedByOther, unsigned } = await foreignTokens(claims);
  const tamperedPayload = tamperedToken(await tokenFor('secretariat'), claims);
  return {
    'no token': '',
    garbage: 'not-a-jwt',
    'another key': signedByOther,
    'alg none': unsigned,
    tampered: tamperedPayload,
    ...inject('refusedTokens'),
  };
}

describe('authorization on every route', () => {
  it('answers 401 and changes nothing for missing, forged, unsigned, expired and misdirected tokens', async () => {
    // prepare
    const before = await stateSnapshot();
    const tokens = await forgedTokens();

    // act
    const outcomes: string[] = [];
    for (const target of targets) {
      for (const [kind, token] of Object.entries(tokens)) {
        const response = await request(target.path, { method: target.method, token, body: target.body });
        outcomes.push(`${target.routeKey} with ${kind}: ${response.status}`);
      }
    }

    // assess
    expect(outcomes.filter((outcome) => !outcome.endsWith(': 401'))).toEqual([]);
    expect(outcomes).toHaveLength(targets.length * 8);
    expect(await stateSnapshot()).toEqual(before);
  });

  it('answers 403 when an RPPO uses a Secretariat route or another RPPO’s input', async () => {
    // prepare
    const before = await stateSnapshot();
    const nappo = await tokenFor('NAPPO');
    const secretariatOnly = (target: Target) =>
      /^(POST \/api\/calls|PATCH|GET \/api\/calls\/\{callId\}\/status)/.test(target.routeKey) ||
      target.routeKey.includes('/proposals');
    const eppoInput = (target: Target) => target.routeKey.includes('{rppo}');

    // act
    const outcomes: string[] = [];
    for (const target of targets.filter((t) => secretariatOnly(t) || eppoInput(t))) {
      const response = await request(target.path, { method: target.method, token: nappo, body: target.body });
      outcomes.push(`${target.routeKey}: ${response.status}`);
    }

    // assess
    expect(outcomes.filter((outcome) => !outcome.endsWith(': 403'))).toEqual([]);
    expect(outcomes).toHaveLength(11); // 6 Secretariat routes + 5 routes on EPPO’s input
    expect(await stateSnapshot()).toEqual(before);
  });

  it('answers 403 when the Secretariat tries to write an RPPO’s form', async () => {
    // prepare
    const secretariat = await tokenFor('secretariat');
    const path = submissionPath(callId, 'EPPO', 'pilot-activities');

    // act
    const saved = await request(path, {
      method: 'PUT',
      token: secretariat,
      headers: { 'if-match': '"2"' },
      body: {},
    });
    const submitted = await request(`${path}/submit`, {
      method: 'POST',
      token: secretariat,
      headers: { 'if-match': '"2"' },
    });

    // assess
    expect([saved.status, submitted.status]).toEqual([403, 403]);
  });

  it('lets an RPPO read calls and its own input but not the completeness board', async () => {
    // prepare
    const eppo = await tokenFor('EPPO');

    // act
    const calls = await request('/api/calls', { token: eppo });
    const own = await request(submissionPath(callId, 'EPPO', 'pilot-activities'), { token: eppo });
    const board = await request(`/api/calls/${callId}/status`, { token: eppo });

    // assess
    expect(calls.status).toBe(200);
    expect(calls.body.calls.some((call: { id: string }) => call.id === callId)).toBe(true);
    expect(own.status).toBe(200);
    expect(board.status).toBe(403);
  });

  it('serves reference data without a token', async () => {
    // act
    const rppos = await request('/api/rppos');
    const schema = await request('/api/forms/pilot-activities/schema');
    const openapi = await request('/api/openapi.json');

    // assess
    expect(rppos.body.rppos.map((rppo: { code: string }) => rppo.code)).toEqual([...rppoCodes]);
    expect(schema.body.properties.activities.items.properties.title).toMatchObject({
      title: 'Activity title',
      minLength: 3,
      maxLength: 200,
    });
    expect(Object.keys(openapi.body.paths)).toContain('/api/calls/{callId}/submissions/{rppo}/{form}');
  });
});
