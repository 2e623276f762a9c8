import { parseSpeedHeader, type RegionSpeed, SPEED_HEADER } from '@judge/contract';
import type { Region } from '../config.js';

/** What this isolate last saw of a region. */
export interface RegionHealth {
  /** Passed over until then (ms since epoch); 0: healthy. */
  downUntil: number;
  lastStatus?: number;
  lastError?: string;
  lastLatencyMs?: number;
  checkedAt?: number;
  /** The region's calibration as its last answer said (`x-judge-speed`); unknown until one says. */
  speed?: RegionSpeed;
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
  const { speed } = healthOf(region);
  book.set(keyOf(region), { downUntil: 0, lastStatus: status, lastLatencyMs: latencyMs, checkedAt: now, speed });
}

/** Remembers the region's calibration from an answer's speed header (an answer without one changes nothing). */
export function noteSpeed(region: Region, headers: Headers): void {
  const speed = parseSpeedHeader(headers.get(SPEED_HEADER));
  if (speed) book.set(keyOf(region), { ...healthOf(region), speed });
}

// Problems whose time limits are for the reference machine, learned from regions that could not scale them
// (per isolate, like the health book): their submissions try calibrated regions first.
const referenceProblems = new Map<string, number>();
const REFERENCE_TTL_MS = 60 * 60 * 1000;

export function learnReferenceProblem(problem: string, now: number): void {
  referenceProblems.set(problem, now + REFERENCE_TTL_MS);
}

export function isReferenceProblem(problem: string, now: number): boolean {
  const until = referenceProblems.get(problem);
  if (until === undefined) return false;
  if (until > now) return true;
  referenceProblems.delete(problem);
  return false;
}
