/**
 * The AWS clients and repositories, created once per cold start and handed to the handlers.
 * Tests build their own with `createDependencies` and emulator endpoints.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCallStore } from '#store/call-store.ts';
import { createDocumentStore } from '#store/document-store.ts';
import { createIdempotencyStore } from '#store/idempotency-store.ts';
import { createProposalStore } from '#store/proposal-store.ts';
import { createReferenceStore } from '#store/reference-store.ts';
import { createSubmissionStore } from '#store/submission-store.ts';
import { createWriteQuotaStore } from '#store/write-quota-store.ts';
import { type Config, loadConfig } from './config.ts';

export interface Clients {
  readonly dynamoDb: DynamoDBClient;
  readonly s3: S3Client;
}

/**
 * Bounded retries and timeouts: with 3 attempts of at most 3 s each (plus backoff), a request to a
 * slow or unreachable service fails within about 10 s, well inside the API's 29 s integration limit.
 */
const MAX_ATTEMPTS = 3;
const REQUEST_HANDLER = { connectionTimeout: 1_000, requestTimeout: 3_000 };

export function createClients(config: Config): Clients {
  return {
    dynamoDb: new DynamoDBClient({
      region: config.region,
      endpoint: config.dynamoDbEndpoint,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: REQUEST_HANDLER,
    }),
    s3: new S3Client({
      region: config.region,
      endpoint: config.s3Endpoint,
      forcePathStyle: config.s3ForcePathStyle,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: REQUEST_HANDLER,
    }),
  };
}

/** A time-ordered, unguessable id: sorts by creation time in the table's sort keys. */
export function newId(now: Date = new Date()): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

export function createDependencies(config: Config, clients: Clients = createClients(config)) {
  const table = {
    client: DynamoDBDocumentClient.from(clients.dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: config.tableName,
  };
  return {
    calls: createCallStore(table),
    submissions: createSubmissionStore(table),
    proposals: createProposalStore(table),
    reference: createReferenceStore(table),
    idempotency: createIdempotencyStore(table),
    writeQuota: createWriteQuotaStore(table, config.writesPerMinute),
    documents: createDocumentStore({ client: clients.s3, bucket: config.documentsBucket }),
    /** Where the proposal templates are; undefined: the repository's own. */
    templatesDir: config.templatesDir,
    clock: (): Date => new Date(),
    newId,
  };
}

export type Dependencies = ReturnType<typeof createDependencies>;

let fromEnvironment: Dependencies | undefined;

/** The dependencies of a deployed function, built from the environment on first use. */
export function environmentDependencies(): Dependencies {
  fromEnvironment ??= createDependencies(loadConfig());
  return fromEnvironment;
}
