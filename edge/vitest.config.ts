// The edge's tests, inside workerd (@cloudflare/vitest-pool-workers). A fake judge node
// runs in Node (test/fake-node) and the tests reach it over real loopback sockets.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: { FAKE_NODE_ORIGIN: inject('fakeNodeOrigin'), REFUSED_ORIGIN: inject('refusedOrigin') },
        // A tight per-IP first line, so its test counts to its limit quickly.
        ratelimits: { TIGHT_IP_LIMITER: { simple: { limit: 5, period: 10 } } },
      },
    })),
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/**/*.int.test.ts'],
    globalSetup: ['./test/fake-node/setup.ts'],
    testTimeout: 30_000,
  },
});
