import type { Env as EdgeEnv } from '../src/env.js';

declare global {
  namespace Cloudflare {
    /** The Worker's bindings in the pool, plus the test-only ones of vitest.config.ts. */
    interface Env extends EdgeEnv {
      FAKE_NODE_ORIGIN: string;
      REFUSED_ORIGIN: string;
      TIGHT_IP_LIMITER: RateLimit;
    }
  }
}
