/**
 * Request signing between the edge and judge nodes: HMAC-SHA256 over the
 * method, path (with query), timestamp and a SHA-256 of the body, hex
 * encoded. Web Crypto only, so the Worker and Node share it.
 */
export const SIGNATURE_HEADER = 'x-judge-signature';
export const TIMESTAMP_HEADER = 'x-judge-timestamp';
/** How far a timestamp may be from the receiver's clock. */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60 * 1000;

const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export function signingPayload(method: string, pathWithQuery: string, timestamp: string, bodyHash: string): string {
  return `v1\n${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${bodyHash}`;
}

export async function sign(
  secret: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  body: string | Uint8Array,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const payload = signingPayload(method, pathWithQuery, timestamp, await sha256Hex(body));
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)))}`;
}

/** Constant-time comparison of two signature strings. */
export function signaturesEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

let lastTimestamp = 0;

/**
 * A timestamp for a signature, strictly increasing within this process (or
 * isolate). Nodes refuse a signature they have seen (replay protection), and
 * two requests with the same bytes within one millisecond would otherwise sign
 * the very same thing.
 */
export function nextTimestamp(now = Date.now()): number {
  lastTimestamp = Math.max(now, lastTimestamp + 1);
  return lastTimestamp;
}

/** The signature headers of a request: what the edge adds to every request it forwards. */
export async function signatureHeaders(
  secret: string,
  method: string,
  pathWithQuery: string,
  body: string | Uint8Array,
  now = nextTimestamp(),
): Promise<Record<string, string>> {
  const timestamp = String(now);
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: await sign(secret, method, pathWithQuery, timestamp, body),
  };
}
