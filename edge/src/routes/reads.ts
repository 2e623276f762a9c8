import { type Context, Hono } from 'hono';
import { cached } from '../lib/cache.js';
import { sendAny } from '../regions/failover.js';
import { locationOf, orderRegions } from '../regions/select.js';
import type { AppEnv } from '../types.js';

/** Region-independent reads: the nearest healthy node answers, the next ones if it fails. */
export const reads = new Hono<AppEnv>();

/** A GET that any region answers the same: the nearest healthy one, the next ones if it fails. */
export async function readNearest(c: Context<AppEnv>, pathWithQuery: string): Promise<Response> {
  const config = c.get('config');
  const { response } = await sendAny(config, orderRegions(config.regions, locationOf(c.req.raw), Date.now()), {
    method: 'GET',
    pathWithQuery,
    headers: { accept: 'application/json' },
    timeoutMs: config.forwardTimeoutMs,
  });
  return response;
}

reads.get('/v1/languages', (c) => cached(c.get('config'), '/v1/languages', () => readNearest(c, '/v1/languages')));
reads.get('/api/v2/runtimes', (c) =>
  cached(c.get('config'), '/api/v2/runtimes', () => readNearest(c, '/api/v2/runtimes')),
);
reads.get('/v1/problems', (c) => readNearest(c, `/v1/problems${new URL(c.req.url).search}`));
reads.get('/v1/problems/:id', (c) => readNearest(c, `/v1/problems/${encodeURIComponent(c.req.param('id'))}`));
