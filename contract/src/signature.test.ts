import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sign, signaturesEqual, signingPayload } from './signature.js';

describe('request signatures', () => {
  it('are HMAC-SHA256 over method, path, timestamp and the body hash, as any HMAC library computes it', async () => {
    const body = '{"language":"c"}';
    const bodyHash = createHash('sha256').update(body).digest('hex');
    expect(await sha256Hex(body)).toBe(bodyHash);
    const payload = `v1\nPOST\n/v1/submissions?wait=true\n1700000000000\n${bodyHash}`;
    expect(signingPayload('post', '/v1/submissions?wait=true', '1700000000000', bodyHash)).toBe(payload);
    const expected = `v1=${createHmac('sha256', 'secret-0123456789').update(payload).digest('hex')}`;
    expect(await sign('secret-0123456789', 'POST', '/v1/submissions?wait=true', '1700000000000', body)).toBe(expected);
    expect(
      await sign('secret-0123456789', 'POST', '/v1/submissions', '1700000000000', new TextEncoder().encode(body)),
    ).not.toBe(expected);
  });

  it('compare equal only when equal', () => {
    expect(signaturesEqual('v1=ab', 'v1=ab')).toBe(true);
    expect(signaturesEqual('v1=ab', 'v1=ac')).toBe(false);
    expect(signaturesEqual('v1=ab', 'v1=abc')).toBe(false);
  });
});
