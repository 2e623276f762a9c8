import type { FastifyInstance } from 'fastify';
import { withTimeout } from '../timeout.js';
import { RETRY_AFTER_S } from './accept.js';
import type { OpsDeps } from './deps.js';

/** Redis, the database and the workers, each named with its state; the store and the queue this node serves. */
export async function healthReport(d: OpsDeps): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const failing: string[] = [];
  const body: Record<string, unknown> = {};
  try {
    await withTimeout(d.redis.ping(), 1000, 'redis ping');
    body.redis = 'ok';
  } catch (e) {
    failing.push('redis');
    body.redis = `down: ${(e as Error).message}`;
  }
  try {
    await d.db.ping(1000);
    body.database = `ok (${d.db.kind})`;
  } catch (e) {
    failing.push('database');
    body.database = `down: ${(e as Error).message}`;
  }
  body.store = d.store;
  // This process's own calibration; each worker's factor is in `workers` (from the heartbeats).
  body.calibration = d.calibration ?? null;
  const conflict = d.queueConflict();
  if (conflict) {
    failing.push('queue');
    body.queueConflict = conflict;
  }
  if (body.redis === 'ok') {
    try {
      const w = await withTimeout(d.workerView.read(), 1000, 'workers');
      body.workers = w;
      if (w.slots === 0) failing.push('workers');
      body.queue = { depth: await d.queue.depth(), active: await d.queue.active(), name: d.queue.name };
    } catch (e) {
      failing.push('workers');
      body.workers = `unknown: ${(e as Error).message}`;
    }
  } else {
    failing.push('workers');
    body.workers = 'unknown: Redis is down';
  }
  const ok = failing.length === 0;
  return { ok, body: { status: ok ? 'ok' : 'unavailable', ...(ok ? {} : { failing }), ...body } };
}

/** `/health` and `/metrics`: the one place that serves them, on the API or on a worker's own port. */
export function opsRoutes(app: FastifyInstance, d: OpsDeps): void {
  app.get('/health', async (_request, reply) => {
    const { ok, body } = await healthReport(d);
    if (!ok) reply.header('retry-after', String(RETRY_AFTER_S));
    return reply.code(ok ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) => reply.type(d.metrics.contentType).send(await d.metrics.text()));
}
