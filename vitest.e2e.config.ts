import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** The end-to-end suite: Debian's Chromium through the web pages of one local stack. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/e2e/**/*.test.ts'],
    // A browser per file; the steps of a scenario run in order inside it.
    testTimeout: 90_000,
  },
});
