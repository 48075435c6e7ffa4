import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core CI machines: a few forks keep the embedded servers from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    // The machines run Node 20 on purpose; the SDK's notice about its 2027 releases is noise in every worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
