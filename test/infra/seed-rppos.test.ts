/**
 * The seed custom resource's function against DynamoDB Local (a table of its own), with the
 * CloudFormation response captured: it seeds once, keeps what is there, and always answers.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rppoSeed } from '#domain/rppos.ts';
import { createReferenceStore } from '#store/reference-store.ts';
import {
  createSeedRpposHandler,
  handler,
  type Respond,
  SEED_PHYSICAL_ID,
} from '../../functions/seed-rppos.ts';
import { ensureTable } from '../../local/table-setup.ts';

const dynamoDb = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: inject('dynamoDbEndpoint'),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const client = DynamoDBDocumentClient.from(dynamoDb);
const tableName = `seed-test-${Date.now()}`;
const table = () => ({ client, tableName });

function cloudFormationEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  responseUrl = 'https://cloudformation-custom-resource-response.example/signed',
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:seed',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/RppoProposal-test-Service/guid',
    RequestId: `request-${requestType}`,
    LogicalResourceId: 'RppoSeed74B27CBF',
    ResourceType: 'Custom::RppoSeed',
    ResourceProperties: { ServiceToken: 'arn', seedDigest: 'abc' },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: SEED_PHYSICAL_ID,
      OldResourceProperties: common.ResourceProperties,
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: SEED_PHYSICAL_ID };
}

function captured() {
  const responses: { url: string; body: any }[] = [];
  const respond: Respond = async (url, body) => {
    responses.push({ url, body: JSON.parse(body) });
  };
  return { responses, respond };
}

beforeAll(async () => {
  await ensureTable(dynamoDb, tableName);
});

afterAll(() => dynamoDb.destroy());

describe('the RPPO seed custom resource', () => {
  it('writes the ten RPPOs on Create and answers SUCCESS with a stable physical id', async () => {
    const { responses, respond } = captured();
    await createSeedRpposHandler(table, respond)(cloudFormationEvent('Create'));
    const rppos = await createReferenceStore(table()).rppos();
    expect(rppos.map((rppo) => rppo.code)).toEqual(rppoSeed.map((rppo) => rppo.code).toSorted());
    expect(responses).toEqual([
      {
        url: 'https://cloudformation-custom-resource-response.example/signed',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: SEED_PHYSICAL_ID,
          RequestId: 'request-Create',
          LogicalResourceId: 'RppoSeed74B27CBF',
          StackId: expect.stringContaining('RppoProposal-test-Service'),
        }),
      },
    ]);
  });

  it('keeps an RPPO corrected in the table when it seeds again on Update', async () => {
    const corrected = { ...rppoSeed.find((rppo) => rppo.code === 'PPPO'), seat: 'Nadi' };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: 'REF', SK: 'RPPO#PPPO', type: 'rppo', ...corrected },
      }),
    );
    const { responses, respond } = captured();
    await createSeedRpposHandler(table, respond)(cloudFormationEvent('Update'));
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { PK: 'REF', SK: 'RPPO#PPPO' } }),
    );
    expect(Item?.seat).toBe('Nadi');
    expect(responses[0]?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SEED_PHYSICAL_ID });
  });

  it('deletes nothing on Delete, and answers SUCCESS', async () => {
    const { responses, respond } = captured();
    await createSeedRpposHandler(table, respond)(cloudFormationEvent('Delete'));
    expect(await createReferenceStore(table()).rppos()).toHaveLength(rppoSeed.length);
    expect(responses[0]?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SEED_PHYSICAL_ID });
  });

  it('answers FAILED with the reason when it cannot write, instead of leaving the stack waiting', async () => {
    const { responses, respond } = captured();
    const missing = () => ({ client, tableName: 'no-such-table' });
    await createSeedRpposHandler(missing, respond)(cloudFormationEvent('Create'));
    expect(responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/ResourceNotFoundException/),
      PhysicalResourceId: SEED_PHYSICAL_ID,
    });
  });

  it('answers FAILED when its configuration is missing (the deployed handler without TABLE_NAME)', async () => {
    const server = createServer();
    const received: { method?: string; contentType?: string; body: string }[] = [];
    server.on('request', (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ method: request.method, contentType: request.headers['content-type'], body });
        response.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      await handler(cloudFormationEvent('Create', `http://127.0.0.1:${port}/response?signature=x`));
    } finally {
      if (saved !== undefined) process.env.TABLE_NAME = saved;
      server.close();
    }
    // The presigned URL may be signed without a Content-Type: none is sent.
    expect(received).toEqual([{ method: 'PUT', contentType: undefined, body: expect.any(String) }]);
    expect(JSON.parse(received[0]?.body ?? '')).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('TABLE_NAME'),
    });
  });
});
