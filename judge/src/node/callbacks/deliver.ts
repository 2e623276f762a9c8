import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CallbackTarget } from './address.js';

/** Bytes of a receiver's answer read (and thrown away) at most. */
const ANSWER_BYTES = 64 * 1024;

export interface Delivery {
  method: 'POST' | 'PUT';
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What one delivery came to: the receiver's status, or the reason it did not answer. */
export type DeliveryOutcome = { status: number } | { error: string };

/**
 * Sends one callback to a checked target: the connection goes to its checked
 * address (a lookup that answers only that), TLS still names and verifies the
 * URL's host; redirects are not followed; the answer's body is drained.
 */
export function deliver(target: CallbackTarget, d: Delivery): Promise<DeliveryOutcome> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const req = client.request(
      target.url,
      {
        method: d.method,
        lookup: pinned,
        headers: { ...d.headers, 'content-length': String(Buffer.byteLength(d.body)) },
        timeout: d.timeoutMs,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > ANSWER_BYTES) res.destroy();
        });
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('close', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', () => done({ status: res.statusCode ?? 0 }));
      },
    );
    // The socket's idle timeout, and one for the whole exchange: a receiver that trickles is cut too.
    const whole = setTimeout(() => req.destroy(new Error(`no answer within ${d.timeoutMs} ms`)), d.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${d.timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ? `${e.code}: ${e.message}` : e.message }));
    req.on('close', () => clearTimeout(whole));
    req.end(d.body);
  });
}

/** Whether a receiver's status is worth another delivery: no answer, 408, 429 or 5xx. */
export function worthRetrying(o: DeliveryOutcome): boolean {
  if ('error' in o) return true;
  return o.status === 408 || o.status === 429 || o.status >= 500;
}
