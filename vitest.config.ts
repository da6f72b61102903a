import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real servers, browsers and processes: give them room, but keep
    // the two cores of a CI machine from being oversubscribed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
    // Removes each file's temp dirs after its last test.
    setupFiles: ['test/helpers/cleanup.ts'],
  },
});
