/**
 * A warm instance of the submissions function saves from what it already knows (the call it read in
 * the last minute, the version it saw last) and lets the transaction confirm it. These tests change
 * the table behind such an instance's back, through the local API (another instance), and check that
 * every answer is still the one a fresh read gives, and that nothing is written when it is refused.
 */
import { describe, expect, it } from 'vitest';
import type { FormName } from '#domain/forms.ts';
import type { HttpResponse } from '#http/responses.ts';
import { keys } from '#store/keys.ts';
import { createSubmissionsHandler } from '../../functions/submissions.ts';
import { completeForms, createCall, request, submissionPath, tokenFor } from '../support/api.ts';
import { apiEvent, testClients, testConfig, testDependencies } from '../support/dependencies.ts';
import { makeActivity, makeComment } from '../support/fixtures.ts';

const form = 'pilot-activities';
const route = 'PUT /api/calls/{callId}/submissions/{rppo}/{form}';

/** One warm Lambda instance of the submissions function, with clients and memory of its own. */
function warmInstance(clients = testClients()) {
  const handler = createSubmissionsHandler(testDependencies(testConfig(), clients));
  const claims = { sub: `eppo-warm-${Date.now()}`, 'cognito:groups': '[rppo-EPPO]' };
  const answer = async (response: Promise<HttpResponse>) => {
    const { statusCode, headers, body } = await response;
    return { status: statusCode, headers: headers ?? {}, body: JSON.parse(body ?? '{}') };
  };
  return {
    save: (callId: string, body: unknown, ifMatch?: string, target: FormName = form) =>
      answer(
        handler(
          apiEvent({
            routeKey: route,
            pathParameters: { callId, rppo: 'EPPO', form: target },
            body,
            headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
            claims,
          }),
        ),
      ),
    submit: (callId: string, ifMatch: string) =>
      answer(
        handler(
          apiEvent({
            routeKey: `POST ${route.slice('PUT '.length)}/submit`,
            pathParameters: { callId, rppo: 'EPPO', form },
            headers: { 'if-match': ifMatch },
            claims,
          }),
        ),
      ),
  };
}

/** Another office saving through the local API, that is, through another instance. */
async function saveElsewhere(callId: string, body: unknown, ifMatch?: string, target: FormName = form) {
  return request(submissionPath(callId, 'EPPO', target), {
    method: 'PUT',
    token: await tokenFor('EPPO'),
    body,
    headers: ifMatch === undefined ? undefined : { 'if-match': ifMatch },
  });
}

async function patchCall(callId: string, patch: Record<string, unknown>) {
  const patched = await request(`/api/calls/${callId}`, {
    method: 'PATCH',
    token: await tokenFor('secretariat'),
    body: patch,
  });
  expect(patched.status).toBe(200);
}

async function stored(callId: string, target: FormName = form) {
  const token = await tokenFor('EPPO');
  const path = submissionPath(callId, 'EPPO', target);
  const [current, revisions] = await Promise.all([
    request(path, { token }),
    request(`${path}/revisions`, { token }),
  ]);
  return { current: current.body, revisions: revisions.body.revisions as unknown[] };
}

describe('saving from what a warm instance already knows', () => {
  it('saves version after version without reading, each answer as a fresh read would give it', async () => {
    // prepare
    const callId = await createCall();
    const clients = testClients();
    const sent: string[] = [];
    clients.dynamoDb.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'count-commands' },
    );
    const instance = warmInstance(clients);

    // act
    const first = await instance.save(callId, { activities: [{ title: 'One' }] });
    sent.length = 0;
    const second = await instance.save(callId, { activities: [makeActivity()] }, '"1"');
    const sentForSecond = [...sent];
    const submitted = await instance.submit(callId, '"2"');
    const third = await instance.save(callId, { activities: [{ title: 'Three' }] }, '"3"');

    // assess
    expect(sentForSecond.sort()).toEqual(['TransactWriteItemsCommand', 'UpdateItemCommand']);
    expect([first.status, second.status, submitted.status, third.status]).toEqual([201, 200, 200, 200]);
    expect(third.headers.ETag).toBe('"4"');
    expect(third.body).toMatchObject({ version: 4, status: 'draft', submittedVersion: 3 });
    expect((await stored(callId)).current).toEqual(third.body);
  });

  it('returns 412 when the stored version changed between read and write', async () => {
    // prepare: an instance that knows nothing reads version 1; another office saves version 2
    // before the instance's transaction runs
    const callId = await createCall();
    await saveElsewhere(callId, { activities: [{ title: 'Version 1' }] });
    const clients = testClients();
    let interfere: (() => Promise<unknown>) | undefined = () =>
      saveElsewhere(callId, { activities: [{ title: 'Office A' }] }, '"1"');
    clients.dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const run = interfere;
        const readsSubmission = JSON.stringify(args.input).includes(keys.submission(callId, 'EPPO', form).SK);
        if (run && context.commandName === 'GetItemCommand' && readsSubmission) {
          interfere = undefined;
          await run();
        }
        return result;
      },
      { step: 'initialize', name: 'save-between-read-and-write' },
    );
    const instance = warmInstance(clients);

    // act
    const late = await instance.save(callId, { activities: [{ title: 'Office B' }] }, '"1"');

    // assess
    expect(interfere).toBeUndefined();
    expect(late.status).toBe(412);
    expect(late.body.currentVersion).toBe(2);
    expect(late.headers.ETag).toBe('"2"');
    const after = await stored(callId);
    expect(after.current.data.activities).toEqual([{ title: 'Office A' }]);
    expect(after.revisions).toHaveLength(2);
  });

  it('returns 412 naming the current version when another instance saved the version it saw last', async () => {
    // prepare
    const callId = await createCall();
    const instance = warmInstance();
    await instance.save(callId, { activities: [{ title: 'Version 1' }] });
    await saveElsewhere(callId, { activities: [{ title: 'Office A' }] }, '"1"');

    // act
    const stale = await instance.save(callId, { activities: [{ title: 'Office B' }] }, '"1"');

    // assess: the same answer as when the stale version is seen on reading
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toMatch(/^Version 1 is no longer current: version 2 was saved on /);
    expect(stale.body.currentVersion).toBe(2);
    expect(stale.headers.ETag).toBe('"2"');
    const after = await stored(callId);
    expect(after.current.data.activities).toEqual([{ title: 'Office A' }]);
    expect(after.revisions).toHaveLength(2);
  });

  it('returns 428 when another instance created the form since, and overwrites nothing', async () => {
    // prepare: the instance has read the call (for another form) but knows nothing of this one
    const callId = await createCall();
    const instance = warmInstance();
    await instance.save(callId, completeForms['draft-input'], undefined, 'draft-input');
    await saveElsewhere(callId, { activities: [{ title: 'Office A' }] });

    // act
    const blind = await instance.save(callId, { activities: [{ title: 'Office B' }] });

    // assess
    expect(blind.status).toBe(428);
    expect(blind.body.detail).toContain('send If-Match: "1"');
    expect((await stored(callId)).current.data.activities).toEqual([{ title: 'Office A' }]);
  });

  it('returns 409 and stores nothing when the call closed or its deadline passed after it was read', async () => {
    // prepare
    const callId = await createCall();
    const instance = warmInstance();
    await instance.save(callId, completeForms[form]);
    await patchCall(callId, { deadline: '2020-01-01T00:00:00Z' });

    // act
    const late = await instance.save(callId, { activities: [] }, '"1"');
    await patchCall(callId, { deadline: '2099-01-01T00:00:00Z', status: 'closed' });
    const closed = await instance.submit(callId, '"1"');

    // assess: the same answers as when the call is read closed
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/^The deadline of the call ".+" \(2020-01-01T00:00:00Z\) has passed$/);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toMatch(/^The call ".+" is closed$/);
    expect((await stored(callId)).revisions).toHaveLength(1);
  });

  it('accepts a comment on a section added to the call after it was read', async () => {
    // prepare
    const callId = await createCall();
    const instance = warmInstance();
    await instance.save(callId, { comments: [makeComment()] }, undefined, 'draft-input');
    await patchCall(callId, {
      draftSections: [
        { id: 'rationale', title: 'Rationale', text: 'Why.' },
        { id: 'budget', title: 'Budget', text: 'How much.' },
      ],
    });

    // act
    const saved = await instance.save(
      callId,
      { comments: [makeComment({ sectionId: 'budget' })] },
      '"1"',
      'draft-input',
    );

    // assess
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
  });

  it('refuses a comment on a section removed from the call after it was read, and stores nothing', async () => {
    // prepare
    const callId = await createCall();
    const instance = warmInstance();
    await instance.save(callId, { comments: [makeComment()] }, undefined, 'draft-input');
    await patchCall(callId, { draftSections: [{ id: 'budget', title: 'Budget', text: 'How much.' }] });

    // act
    const refused = await instance.save(callId, { comments: [makeComment()] }, '"1"', 'draft-input');

    // assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'comments.0.sectionId',
    ]);
    expect((await stored(callId, 'draft-input')).revisions).toHaveLength(1);
  });

  it('answers 429 past the write quota and stores nothing', async () => {
    // prepare
    const callId = await createCall();
    const handler = createSubmissionsHandler(testDependencies(testConfig({ WRITES_PER_MINUTE: '2' })));
    const claims = { sub: `eppo-quota-${Date.now()}`, 'cognito:groups': '[rppo-EPPO]' };
    const save = (body: unknown, ifMatch?: string) =>
      handler(
        apiEvent({
          routeKey: route,
          pathParameters: { callId, rppo: 'EPPO', form },
          body,
          headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
          claims,
        }),
      );

    // act
    const answers = [
      await save({ activities: [{ title: 'One' }] }),
      await save({ activities: [{ title: 'Two' }] }, '"1"'),
      await save({ activities: [{ title: 'Three' }] }, '"2"'),
    ];

    // assess
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 200, 429]);
    expect(Number(answers[2]?.headers?.['Retry-After'])).toBeGreaterThan(0);
    const after = await stored(callId);
    expect(after.current.version).toBe(2);
    expect(after.revisions).toHaveLength(2);
  });
});
