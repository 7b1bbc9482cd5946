import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/, which the spawned command line runs.
    globalSetup: ['test/support/build.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
