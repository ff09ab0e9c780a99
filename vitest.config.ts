import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/infra/**/*.test.ts'],
    // One DynamoDB Local, one s3rver and one local API for the whole run; tests isolate themselves
    // by creating their own calls.
    globalSetup: ['test/support/global-setup.ts'],
    // Request logs would drown the report; test/integration/logs.test.ts turns them on to check them.
    env: { LOG_LEVEL: 'error' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
