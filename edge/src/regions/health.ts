import type { Region } from '../config.js';

/** What this isolate last saw of a region. */
export interface RegionHealth {
  /** Passed over until then (ms since epoch); 0: healthy. */
  downUntil: number;
  lastStatus?: number;
  lastError?: string;
  lastLatencyMs?: number;
  checkedAt?: number;
}

// Per isolate: each edge location learns on its own, and a region that failed is
// retried after the cooldown, or at once when every region is down.
const book = new Map<string, RegionHealth>();

const keyOf = (r: Region) => `${r.id} ${r.url}`;

export function healthOf(region: Region): RegionHealth {
  return book.get(keyOf(region)) ?? { downUntil: 0 };
}

export function isHealthy(region: Region, now: number): boolean {
  return healthOf(region).downUntil <= now;
}

export function markDown(region: Region, why: { status?: number; error?: string }, cooldownMs: number, now: number) {
  book.set(keyOf(region), {
    ...healthOf(region),
    downUntil: now + cooldownMs,
    lastStatus: why.status,
    lastError: why.error,
    checkedAt: now,
  });
}

export function markUp(region: Region, status: number, latencyMs: number, now: number) {
  book.set(keyOf(region), { downUntil: 0, lastStatus: status, lastLatencyMs: latencyMs, checkedAt: now });
}
