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

/** The DynamoDB client, with bounded retries and timeouts. */
export function createDynamoDbClient(config: Config): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamoDbEndpoint,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: REQUEST_HANDLER,
  });
}

/** The S3 client, with bounded retries and timeouts. */
export function createS3Client(config: Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: REQUEST_HANDLER,
  });
}

export function createClients(config: Config): Clients {
  return { dynamoDb: createDynamoDbClient(config), s3: createS3Client(config) };
}

/** A time-ordered, unguessable id: sorts by creation time in the table's sort keys. */
export function newId(now: Date = new Date()): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

function tableOf(config: Config, dynamoDb: DynamoDBClient) {
  return {
    client: DynamoDBDocumentClient.from(dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: config.tableName,
  };
}

function tableStores(config: Config, table: ReturnType<typeof tableOf>) {
  return {
    calls: createCallStore(table),
    submissions: createSubmissionStore(table),
    reference: createReferenceStore(table),
    idempotency: createIdempotencyStore(table),
    writeQuota: createWriteQuotaStore(table, config.writesPerMinute),
    clock: (): Date => new Date(),
    newId,
  };
}

/**
 * What the JSON API's functions (reference, calls, submissions) use: the stores of calls,
 * submissions, reference data, idempotency keys and write quotas, the clock and the id generator.
 * Their bundles then carry neither the S3 client nor the presigner (cold start).
 */
export function createTableDependencies(
  config: Config,
  dynamoDb: DynamoDBClient = createDynamoDbClient(config),
) {
  return tableStores(config, tableOf(config, dynamoDb));
}

export type TableDependencies = ReturnType<typeof createTableDependencies>;

/** Everything a function may use: the above, and the proposals and documents of the assembly. */
export function createDependencies(config: Config, clients: Clients = createClients(config)) {
  const table = tableOf(config, clients.dynamoDb);
  return {
    ...tableStores(config, table),
    proposals: createProposalStore(table),
    documents: createDocumentStore({ client: clients.s3, bucket: config.documentsBucket }),
    /** Where the proposal templates are; undefined: the repository's own. */
    templatesDir: config.templatesDir,
  };
}

export type Dependencies = ReturnType<typeof createDependencies>;

let fromEnvironment: Dependencies | undefined;
let tableFromEnvironment: TableDependencies | undefined;

/** The dependencies of a deployed function, built from the environment on first use. */
export function environmentDependencies(): Dependencies {
  fromEnvironment ??= createDependencies(loadConfig());
  return fromEnvironment;
}

/** The table's dependencies of a deployed JSON API function, built from the environment on first use. */
export function environmentTableDependencies(): TableDependencies {
  tableFromEnvironment ??= createTableDependencies(loadConfig());
  return tableFromEnvironment;
}
