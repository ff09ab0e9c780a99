/**
 * Faults injected through the injected clients (middleware that fails requests), and a real outage:
 * a DynamoDB Local of the test's own, stopped and started again under a running handler.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { rppoSeed } from '#domain/rppos.ts';
import { createCallsHandler } from '../../functions/calls.ts';
import { createProposalsHandler } from '../../functions/proposals.ts';
import { createSubmissionsHandler } from '../../functions/submissions.ts';
import { freePort, startDynamoDbLocal } from '../../local/emulators.ts';
import { ensureTable } from '../../local/table-setup.ts';
import {
  completeForms,
  createCall,
  request,
  saveAndSubmit,
  submissionPath,
  tokenFor,
} from '../support/api.ts';
import { apiEvent, testClients, testConfig, testDependencies } from '../support/dependencies.ts';

const secretariat = { sub: `secretariat-${Date.now()}`, 'cognito:groups': '[secretariat]' };

function serviceError(name: string): Error {
  return Object.assign(new Error(`${name} (injected)`), {
    name,
    $metadata: { httpStatusCode: 503 },
    $fault: 'server',
  });
}

/** Makes every request of `commands` fail with `name`; returns how many attempts were made. */
function injectFailure(
  client: DynamoDBClient | S3Client,
  commands: string[],
  name: string,
): { attempts: number } {
  const counter = { attempts: 0 };
  (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
    (next, context) => async (args) => {
      if (!commands.includes(context.commandName ?? '')) return next(args);
      counter.attempts += 1;
      throw serviceError(name);
    },
    { step: 'deserialize', name: `inject-${name}` },
  );
  return counter;
}

describe('faults in DynamoDB and S3', () => {
  it('answers 429 with Retry-After once a person has used the minute’s write quota', async () => {
    // prepare
    const handler = createCallsHandler(testDependencies(testConfig({ WRITES_PER_MINUTE: '2' })));
    const claims = { ...secretariat, sub: `quota-${Date.now()}` };
    const create = () => handler(apiEvent({ routeKey: 'POST /api/calls', body: {}, claims }));

    // act
    const answers = [await create(), await create(), await create()];

    // assess: the first two reach validation (400), the third is refused before it
    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 429]);
    expect(Number(answers[2]?.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  it('answers 503 with Retry-After when DynamoDB is unreachable', async () => {
    // prepare
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const handler = createCallsHandler(
      testDependencies(testConfig({ AWS_ENDPOINT_URL_DYNAMODB: unreachable })),
    );

    // act
    const answer = await handler(apiEvent({ routeKey: 'GET /api/calls', claims: secretariat }));

    // assess
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['Retry-After']).toBe('5');
    expect(JSON.parse(answer.body ?? '{}').detail).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('retries a throttled request three times at most, then answers 503', async () => {
    // prepare
    const clients = testClients();
    const counter = injectFailure(clients.dynamoDb, ['QueryCommand'], 'ThrottlingException');
    const handler = createCallsHandler(testDependencies(testConfig(), clients));

    // act
    const answer = await handler(apiEvent({ routeKey: 'GET /api/calls', claims: secretariat }));

    // assess
    expect(answer.statusCode).toBe(503);
    expect(counter.attempts).toBe(3);
  });

  it('stores neither submission nor revision when the transaction fails', async () => {
    // prepare
    const callId = await createCall();
    const clients = testClients();
    injectFailure(clients.dynamoDb, ['TransactWriteItemsCommand'], 'InternalServerError');
    const handler = createSubmissionsHandler(testDependencies(testConfig(), clients));
    const pathParameters = { callId, rppo: 'CAN', form: 'pilot-activities' };

    // act
    const answer = await handler(
      apiEvent({
        routeKey: 'PUT /api/calls/{callId}/submissions/{rppo}/{form}',
        pathParameters,
        body: completeForms['pilot-activities'],
        claims: { sub: 'can-focal-point', 'cognito:groups': '[rppo-CAN]' },
      }),
    );

    // assess
    expect(answer.statusCode).toBe(503);
    const stored = await request(submissionPath(callId, 'CAN', 'pilot-activities'), {
      token: await tokenFor('CAN'),
    });
    expect(stored.status).toBe(404);
  });

  it('answers 503 with Retry-After when the save meets another transaction on the same items', async () => {
    // prepare: DynamoDB cancels the transaction for a conflict with one in progress, as it does under load
    const callId = await createCall();
    const clients = testClients();
    (clients.dynamoDb.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        throw new TransactionCanceledException({
          message: 'Transaction cancelled (injected)',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
        });
      },
      { step: 'deserialize', name: 'inject-transaction-conflict' },
    );
    const handler = createSubmissionsHandler(testDependencies(testConfig(), clients));

    // act
    const answer = await handler(
      apiEvent({
        routeKey: 'PUT /api/calls/{callId}/submissions/{rppo}/{form}',
        pathParameters: { callId, rppo: 'CAN', form: 'pilot-activities' },
        body: completeForms['pilot-activities'],
        claims: { sub: 'can-focal-point', 'cognito:groups': '[rppo-CAN]' },
      }),
    );

    // assess: a retryable answer, not a 500, and nothing stored
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['Retry-After']).toBe('1');
    const stored = await request(submissionPath(callId, 'CAN', 'pilot-activities'), {
      token: await tokenFor('CAN'),
    });
    expect(stored.status).toBe(404);
  });

  it('records no proposal when the document cannot be stored in S3', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'NAPPO', 'pilot-activities');
    const clients = testClients();
    const counter = injectFailure(clients.s3, ['PutObjectCommand'], 'SlowDown');
    const handler = createProposalsHandler(testDependencies(testConfig(), clients));

    // act
    const answer = await handler(
      apiEvent({
        routeKey: 'POST /api/calls/{callId}/proposals',
        pathParameters: { callId },
        claims: secretariat,
      }),
    );

    // assess
    expect(answer.statusCode).toBe(503);
    expect(counter.attempts).toBe(3);
    const proposals = await request(`/api/calls/${callId}/proposals`, {
      token: await tokenFor('secretariat'),
    });
    expect(proposals.body.proposals).toEqual([]);
  });

  it('recovers by itself when DynamoDB comes back after an outage', async () => {
    // prepare: a DynamoDB Local of this test's own, on disk so that it keeps the data over a restart
    const dataDir = mkdtempSync(join(tmpdir(), 'outage-'));
    const port = await freePort();
    let dynamoDb = await startDynamoDbLocal({ dataDir, port });
    const config = testConfig({ AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint, WRITES_PER_MINUTE: '1000' });
    const clients = testClients(config);
    await ensureTable(clients.dynamoDb, config.tableName);
    const deps = testDependencies(config, clients);
    await deps.reference.seed(rppoSeed);
    const handler = createCallsHandler(deps);
    const list = () => handler(apiEvent({ routeKey: 'GET /api/calls', claims: secretariat }));
    const created = await handler(
      apiEvent({
        routeKey: 'POST /api/calls',
        claims: secretariat,
        body: {
          title: 'Survives an outage',
          deadline: '2099-01-01T00:00:00Z',
          draftSections: [{ id: 'a', title: 'A', text: 'A' }],
        },
      }),
    );

    try {
      // act
      await dynamoDb.stop();
      const duringOutage = await list();
      dynamoDb = await startDynamoDbLocal({ dataDir, port });
      const afterwards = await list();

      // assess
      expect(created.statusCode).toBe(201);
      expect(duringOutage.statusCode).toBe(503);
      expect(afterwards.statusCode).toBe(200);
      expect(JSON.parse(afterwards.body ?? '{}').calls.map((call: { title: string }) => call.title)).toEqual([
        'Survives an outage',
      ]);
    } finally {
      await dynamoDb.stop();
    }
  }, 60_000);
});
