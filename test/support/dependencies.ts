/**
 * The handlers' dependencies wired to the shared emulators, for tests that call a handler directly
 * (to inject faults through the clients, or to use a store configured differently).
 */
import { inject } from 'vitest';
import { type Config, loadConfig } from '#config/config.ts';
import { type Clients, createClients, createDependencies } from '#config/dependencies.ts';
import type { ApiEvent } from '#http/request.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    TABLE_NAME: inject('tableName'),
    DOCUMENTS_BUCKET: inject('documentsBucket'),
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    S3_FORCE_PATH_STYLE: 'true',
    ...overrides,
  });
}

export function testClients(config: Config = testConfig()): Clients {
  // s3rver accepts only these credentials; DynamoDB Local accepts any. The SDK reads them from the
  // environment, as it does on Lambda.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  return createClients(config);
}

export function testDependencies(config: Config = testConfig(), clients: Clients = testClients(config)) {
  return createDependencies(config, clients);
}

let requestCounter = 0;

/** An API Gateway v2 event as the JWT authorizer passes it on. */
export function apiEvent(input: {
  routeKey: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  claims?: Record<string, string>;
}): ApiEvent {
  const rawPath = input.routeKey
    .split(' ')[1]
    ?.replace(/\{(\w+)\}/g, (_, name: string) => input.pathParameters?.[name] ?? name) as string;
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: '',
    headers: {
      ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...input.headers,
    },
    pathParameters: input.pathParameters,
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
    isBase64Encoded: false,
    requestContext: {
      requestId: `test-${++requestCounter}`,
      routeKey: input.routeKey,
      authorizer: input.claims ? { jwt: { claims: input.claims, scopes: [] } } : undefined,
    },
  } as unknown as ApiEvent;
}
