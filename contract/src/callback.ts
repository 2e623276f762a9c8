import { signaturesEqual } from './signature.js';

// Callbacks: when judging ends, a node sends the result to the URL the
// submission named, signed with the operator's callback secret, so the
// receiver can tell it came from the judge and is fresh. One definition for
// the node that signs and for receivers (and tests) that check.

/** `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const CALLBACK_SIGNATURE_HEADER = 'x-judge-callback-signature';
/** Unix time of the delivery in milliseconds, as signed. */
export const CALLBACK_TIMESTAMP_HEADER = 'x-judge-callback-timestamp';
/** The submission (or Judge0 token) the callback is about. */
export const CALLBACK_SUBMISSION_HEADER = 'x-judge-submission';
/** The attempt of this delivery, from 1: a receiver may see one result more than once. */
export const CALLBACK_ATTEMPT_HEADER = 'x-judge-delivery-attempt';
/** How old a callback a receiver should still take, by default. */
export const CALLBACK_MAX_AGE_MS = 5 * 60 * 1000;

const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signature of a callback body sent at `timestamp` (ms). */
export async function callbackSignature(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`;
}

/** The headers that sign a callback body. */
export async function callbackHeaders(secret: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = String(now);
  return {
    [CALLBACK_TIMESTAMP_HEADER]: timestamp,
    [CALLBACK_SIGNATURE_HEADER]: await callbackSignature(secret, timestamp, body),
  };
}

/**
 * What a receiver does: checks that the callback is signed with the secret
 * and no older than `maxAgeMs`. The reason when it is not.
 */
export async function verifyCallback(
  secret: string,
  headers: { get(name: string): string | null },
  body: string,
  now = Date.now(),
  maxAgeMs = CALLBACK_MAX_AGE_MS,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const timestamp = headers.get(CALLBACK_TIMESTAMP_HEADER);
  const signature = headers.get(CALLBACK_SIGNATURE_HEADER);
  if (!timestamp || !signature) return { ok: false, reason: 'not signed' };
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > maxAgeMs) {
    return { ok: false, reason: 'stale or bad timestamp' };
  }
  const expected = await callbackSignature(secret, timestamp, body);
  return signaturesEqual(expected, signature) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
