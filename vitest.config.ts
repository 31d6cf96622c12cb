import { defineConfig } from 'vitest/config';

// Forks, not threads: the Temporal native bridge is not thread-safe. Files run one at a time
// because the time-skipping server's clock is global and the machine has two cores.
export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
