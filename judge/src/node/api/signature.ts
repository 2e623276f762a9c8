import { SIGNATURE_HEADER, SIGNATURE_MAX_SKEW_MS, sign, signaturesEqual, TIMESTAMP_HEADER } from '@judge/contract';
import type { Redis } from 'ioredis';
import { HttpError } from '../errors.js';

/** The timestamp header in milliseconds; Unix seconds are accepted too. */
export function timestampMs(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return n < 1e11 ? n * 1000 : n;
}

export interface VerifyInput {
  secret: string;
  method: string;
  /** Path with query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
  /** Remembers signatures seen within the skew window. */
  redis: Redis;
  replayKey: string;
  now?: number;
}

const header = (h: VerifyInput['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Reads change nothing: replaying one is harmless, and two edge isolates may sign the same GET in the same ms. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Checks an edge-signed request: present, fresh, correct and, when it changes
 * something, not seen before. Throws HttpError 401 (or 503 when Redis cannot
 * tell whether it is a replay).
 */
export async function verifySignature(v: VerifyInput): Promise<void> {
  const signature = header(v.headers, SIGNATURE_HEADER);
  const timestamp = header(v.headers, TIMESTAMP_HEADER);
  if (!signature || !timestamp) {
    throw new HttpError(401, 'missing_signature', `this node takes signed requests only (${SIGNATURE_HEADER})`);
  }
  const at = timestampMs(timestamp);
  if (at === undefined) throw new HttpError(401, 'bad_signature', `${TIMESTAMP_HEADER} is not a Unix timestamp`);
  if (Math.abs((v.now ?? Date.now()) - at) > SIGNATURE_MAX_SKEW_MS) {
    throw new HttpError(401, 'stale_signature', 'the request timestamp is too far from the node clock');
  }
  const expected = await sign(v.secret, v.method, v.url, timestamp, v.body);
  if (!signaturesEqual(expected, signature))
    throw new HttpError(401, 'bad_signature', 'the request signature is wrong');
  if (SAFE_METHODS.has(v.method.toUpperCase())) return;
  let fresh: string | null;
  try {
    fresh = await v.redis.set(`${v.replayKey}:${signature}`, '1', 'PX', 2 * SIGNATURE_MAX_SKEW_MS, 'NX');
  } catch {
    throw new HttpError(503, 'unavailable', 'cannot check for replayed requests: Redis is unavailable', undefined, 5);
  }
  if (fresh !== 'OK') throw new HttpError(401, 'replayed_signature', 'this signed request was seen before');
}
