// The end-to-end test: plain Node, wrangler dev in front of a real judge node (JUDGE_NODE_URL).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.int.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
