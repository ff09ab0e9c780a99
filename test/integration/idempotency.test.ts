import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#store/keys.ts';
import { createCall, request, saveAndSubmit, submissionPath, tokenFor } from '../support/api.ts';
import { testClients, testConfig } from '../support/dependencies.ts';

const form = 'guide-promotion';
const body = { events: [{ title: 'Webinar on the Guide' }] };

async function revisionCount(callId: string, token: string): Promise<number> {
  return (await request(submissionPath(callId, 'PPPO', form, '/revisions'), { token })).body.revisions.length;
}

describe('Idempotency-Key', () => {
  it('replays a retried save with the first answer and writes nothing new', async () => {
    // prepare
    const callId = await createCall();
    const token = await tokenFor('PPPO');
    const path = submissionPath(callId, 'PPPO', form);
    const headers = { 'idempotency-key': `save-${callId}` };

    // act
    const first = await request(path, { method: 'PUT', token, headers, body });
    const retry = await request(path, { method: 'PUT', token, headers, body });

    // assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await revisionCount(callId, token)).toBe(1);
  });

  it('refuses the same key with a different body with 422', async () => {
    // prepare
    const callId = await createCall();
    const token = await tokenFor('PPPO');
    const path = submissionPath(callId, 'PPPO', form);
    const headers = { 'idempotency-key': `save-${callId}` };
    await request(path, { method: 'PUT', token, headers, body });

    // act
    const other = await request(path, { method: 'PUT', token, headers, body: { events: [] } });

    // assess
    expect(other.status).toBe(422);
    expect(other.body.detail).toMatch(/different request/);
    expect(await revisionCount(callId, token)).toBe(1);
  });

  it('submits once when a submission is retried', async () => {
    // prepare
    const callId = await createCall();
    const token = await tokenFor('PPPO');
    const path = submissionPath(callId, 'PPPO', 'pilot-activities');
    await saveAndSubmit(callId, 'PPPO', 'pilot-activities');
    const headers = { 'if-match': '"2"', 'idempotency-key': `submit-${callId}` };
    await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': '"2"' },
      body: (await request(path, { token })).body.data,
    });

    // act
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        request(`${path}/submit`, { method: 'POST', token, headers: { ...headers, 'if-match': '"3"' } }),
      ),
    );

    // assess: one submitted version 4; the others replay it or were told the first is still running
    const versions = (await request(`${path}/revisions`, { token })).body.revisions.map(
      (r: { version: number }) => r.version,
    );
    expect(versions).toEqual([1, 2, 3, 4]);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    expect(
      answers.filter((answer) => answer.status === 200).every((answer) => answer.body.version === 4),
    ).toBe(true);
  });

  it('returns the same proposal to a retried assembly even after new input', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'PPPO', 'pilot-activities');
    const token = await tokenFor('secretariat');
    const headers = { 'idempotency-key': `assemble-${callId}` };
    const first = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token, headers });
    await saveAndSubmit(callId, 'CAN', 'pilot-activities');

    // act
    const retry = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token, headers });
    const list = await request(`/api/calls/${callId}/proposals`, { token });

    // assess
    expect(retry.body.id).toBe(first.body.id);
    expect(list.body.proposals).toHaveLength(1);
  });

  it('keeps the record for a day through the TTL attribute', async () => {
    // prepare
    const callId = await createCall();
    const token = await tokenFor('PPPO');
    const key = `ttl-${callId}`;
    await request(submissionPath(callId, 'PPPO', form), {
      method: 'PUT',
      token,
      headers: { 'idempotency-key': key },
      body,
    });

    // act
    const { Item } = await testClients().dynamoDb.send(
      new GetItemCommand({
        TableName: testConfig().tableName,
        Key: { PK: { S: keys.idempotency('local-pppo', key).PK }, SK: { S: 'IDEMPOTENCY' } },
      }),
    );

    // assess
    const expiresAt = Number(Item?.expiresAt?.N);
    const inADay = Date.now() / 1000 + 24 * 3600;
    expect(Math.abs(expiresAt - inADay)).toBeLessThan(120);
  });

  it('refuses a malformed key with 400', async () => {
    // act
    const response = await request('/api/calls', {
      method: 'POST',
      token: await tokenFor('secretariat'),
      headers: { 'idempotency-key': 'has spaces; and / slashes' },
      body: {},
    });

    // assess
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('Idempotency-Key');
  });
});
