import { describe, expect, it } from 'vitest';
import {
  CALLBACK_SIGNATURE_HEADER,
  CALLBACK_TIMESTAMP_HEADER,
  callbackHeaders,
  callbackSignature,
  verifyCallback,
} from './callback.js';

describe('callback signatures', () => {
  const secret = 'callback-secret-0123456789';
  const body = '{"id":"x","verdict":"AC"}';

  it('sign HMAC-SHA256 over the timestamp, a dot and the body, in hex', async () => {
    // Checked against another implementation of HMAC (node:crypto's).
    expect(await callbackSignature('key', '1700000000000', 'body')).toBe(
      `v1=${await hmacHex('key', '1700000000000.body')}`,
    );
  });

  it('are taken when fresh and exact, refused otherwise, with the reason', async () => {
    const now = 1_700_000_000_000;
    const headers = new Headers(await callbackHeaders(secret, body, now));
    expect(await verifyCallback(secret, headers, body, now + 1000)).toEqual({ ok: true });
    expect(await verifyCallback(secret, headers, `${body} `, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(await verifyCallback('another-secret-0123456789', headers, body, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(await verifyCallback(secret, headers, body, now + 10 * 60 * 1000)).toEqual({
      ok: false,
      reason: 'stale or bad timestamp',
    });
    const unsigned = new Headers({ [CALLBACK_TIMESTAMP_HEADER]: String(now) });
    expect(await verifyCallback(secret, unsigned, body, now)).toEqual({ ok: false, reason: 'not signed' });
    expect(headers.get(CALLBACK_SIGNATURE_HEADER)).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

async function hmacHex(key: string, text: string): Promise<string> {
  const { createHmac } = await import('node:crypto');
  return createHmac('sha256', key).update(text).digest('hex');
}
