import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core CI machines: a few forks keep the embedded servers from starving each other.
    pool: 'forks',
    maxWorkers: 2,
  },
});
