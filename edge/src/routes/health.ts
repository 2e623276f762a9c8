import { formatSpeedHeader } from '@judge/contract';
import { Hono } from 'hono';
import type { Config, Region } from '../config.js';
import { forward } from '../regions/forward.js';
import { healthOf, markDown, markUp, noteSpeed } from '../regions/health.js';
import { distanceKm, locationOf, orderRegions } from '../regions/select.js';
import type { AppEnv } from '../types.js';

export const health = new Hono<AppEnv>();

const PROBE_EVERY_MS = 5000;
// One probe round per isolate and config at a time, reused for PROBE_EVERY_MS.
const probes = new Map<Config, { at: number; done: Promise<void> }>();

async function probe(config: Config, region: Region): Promise<void> {
  const outcome = await forward(region, {
    method: 'GET',
    pathWithQuery: '/health',
    headers: { accept: 'application/json' },
    timeoutMs: config.healthProbeTimeoutMs,
  });
  const now = Date.now();
  if (outcome.kind === 'response') noteSpeed(region, outcome.response.headers);
  if (outcome.kind === 'failed') {
    markDown(region, { error: `${outcome.reason}: ${outcome.message}` }, config.healthCooldownMs, now);
  } else if (outcome.response.ok) {
    markUp(region, outcome.response.status, outcome.latencyMs, now);
  } else {
    markDown(region, { status: outcome.response.status }, config.healthCooldownMs, now);
  }
}

function probeAll(config: Config): Promise<void> {
  const last = probes.get(config);
  if (last && Date.now() - last.at < PROBE_EVERY_MS) return last.done;
  const done = Promise.all(config.regions.map((r) => probe(config, r))).then(() => undefined);
  probes.set(config, { at: Date.now(), done });
  return done;
}

/** The regions as this edge location sees them, in the order a submission from the caller would try them. */
health.get('/health', async (c) => {
  const config = c.get('config');
  await probeAll(config);
  const now = Date.now();
  const from = locationOf(c.req.raw);
  const regions = orderRegions(config.regions, from, now).map((r) => {
    const h = healthOf(r);
    return {
      id: r.id,
      lat: r.lat,
      lon: r.lon,
      healthy: h.downUntil <= now,
      ...(from ? { distanceKm: Math.round(distanceKm(from, r)) } : {}),
      ...(h.lastStatus !== undefined ? { status: h.lastStatus } : {}),
      ...(h.lastLatencyMs !== undefined ? { latencyMs: h.lastLatencyMs } : {}),
      ...(h.lastError ? { error: h.lastError } : {}),
      ...(h.speed ? { speed: formatSpeedHeader(h.speed) } : {}),
      ...(h.checkedAt ? { checkedAt: new Date(h.checkedAt).toISOString() } : {}),
    };
  });
  const up = regions.some((r) => r.healthy);
  return c.json(
    { status: up ? 'ok' : 'unavailable', from, regions },
    up ? 200 : 503,
    up ? { 'cache-control': 'no-store' } : { 'cache-control': 'no-store', 'retry-after': '5' },
  );
});
