/** Starts the local stack once per test run (in memory) and tells the tests where it is. */
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamoDbEndpoint: string;
    s3Endpoint: string;
    tableName: string;
    documentsBucket: string;
    /** Tokens signed with the local key that the authorizer must still refuse. */
    refusedTokens: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  // Every test file signs in as the same few people within the same minute; the quota itself is
  // tested against a store of its own (test/integration/faults.test.ts).
  process.env.WRITES_PER_MINUTE = '1000000';
  // One line per request would drown the test report; test/integration/logs.test.ts checks them.
  process.env.LOG_LEVEL = 'error';
  const stack = await startLocalStack({ port: 0 });
  project.provide('apiUrl', stack.url);
  project.provide('dynamoDbEndpoint', stack.dynamoDb.endpoint);
  project.provide('s3Endpoint', stack.s3.endpoint);
  project.provide('tableName', stack.config.tableName);
  project.provide('documentsBucket', stack.config.documentsBucket);
  const secretariat = { role: 'secretariat' } as const;
  project.provide('refusedTokens', {
    expired: await stack.auth.sign(secretariat, { expiresAt: Math.floor(Date.now() / 1000) - 60 }),
    'another audience': await stack.auth.sign(secretariat, { audience: 'some-other-app' }),
    'another issuer': await stack.auth.sign(secretariat, {
      issuer: 'https://cognito-idp.example/other-pool',
    }),
  });
  return () => stack.stop();
}
