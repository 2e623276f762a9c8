// The judge edge: a Cloudflare Worker in front of the judge nodes. It validates,
// authenticates, rate-limits, signs and routes /v1 requests to the nearest healthy region.
import { app } from './app.js';
import type { Env } from './env.js';

export { RateLimiter } from './middleware/rate-limit/durable.js';

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
