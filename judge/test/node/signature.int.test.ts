import { SIGNATURE_HEADER, sign, signatureHeaders, TIMESTAMP_HEADER } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestState, json, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

// Edge-signed requests (contract/src/signature.ts) on a node with a secret: an API-only node
// (workers 0): signatures are checked before anything is judged.

const SECRET = 'a-secret-shared-with-the-edge';
let node: TestNode;
const config = testConfig({ hmacSecret: SECRET, workers: 0 });
const BODY = JSON.stringify({ language: 'python', source: 'print(1)' });

async function signed(
  method: string,
  path: string,
  body: string,
  opts: { secret?: string; timestamp?: string; signature?: string } = {},
): Promise<Response> {
  const timestamp = opts.timestamp ?? String(Date.now());
  const signature = opts.signature ?? (await sign(opts.secret ?? SECRET, method, path, timestamp, body));
  return node.api(path, {
    method,
    body: method === 'GET' ? undefined : body,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp },
  });
}

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config);
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

describe('signed requests', () => {
  it('accepts a correctly signed submission and a signed GET', async () => {
    const res = await signed('POST', '/v1/submissions', BODY);
    expect(res.status).toBe(202);
    const { id } = await json<{ id: string }>(res);
    expect((await signed('GET', `/v1/submissions/${id}`, '')).status).toBe(200);
    expect((await signed('GET', '/v1/languages?x=1', '')).status).toBe(200);
  });

  it('accepts Unix seconds as the timestamp', async () => {
    expect(
      (await signed('POST', '/v1/submissions', BODY, { timestamp: String(Math.floor(Date.now() / 1000)) })).status,
    ).toBe(202);
  });

  it('rejects a missing signature, from this machine too, saying how to sign', async () => {
    const res = await node.api('/v1/submissions', { method: 'POST', body: BODY });
    expect(res.status).toBe(401);
    const { error } = await json<{ error: { code: string; message: string } }>(res);
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('JUDGE_HMAC_SECRET');
    expect((await node.api('/api/v2/runtimes')).status).toBe(401);
  });

  it('rejects a wrong secret, a tampered body, and a signature for another path', async () => {
    const codes = async (res: Response) => [res.status, (await json<{ error: { code: string } }>(res)).error.code];
    expect(await codes(await signed('POST', '/v1/submissions', BODY, { secret: 'another-secret-of-16+' }))).toEqual([
      401,
      'bad_signature',
    ]);
    const timestamp = String(Date.now());
    const forOther = await sign(SECRET, 'POST', '/v1/submissions', timestamp, '{"language":"c","source":"x"}');
    expect(await codes(await signed('POST', '/v1/submissions', BODY, { timestamp, signature: forOther }))).toEqual([
      401,
      'bad_signature',
    ]);
    const pathSig = await sign(SECRET, 'POST', '/v1/submissions?wait=true', timestamp, BODY);
    expect(await codes(await signed('POST', '/v1/submissions', BODY, { timestamp, signature: pathSig }))).toEqual([
      401,
      'bad_signature',
    ]);
  });

  it('rejects a replayed signature, and a stale timestamp', async () => {
    const timestamp = String(Date.now());
    const signature = await sign(SECRET, 'POST', '/v1/submissions', timestamp, BODY);
    expect((await signed('POST', '/v1/submissions', BODY, { timestamp, signature })).status).toBe(202);
    const again = await signed('POST', '/v1/submissions', BODY, { timestamp, signature });
    expect(again.status).toBe(401);
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe('replayed_signature');
    // A read may come twice with one signature (two edge isolates polling one result in the same ms).
    const getSig = await sign(SECRET, 'GET', '/v1/languages', timestamp, '');
    for (let i = 0; i < 2; i++) {
      expect((await signed('GET', '/v1/languages', '', { timestamp, signature: getSig })).status).toBe(200);
    }
    const stale = await signed('POST', '/v1/submissions', BODY, { timestamp: String(Date.now() - 10 * 60 * 1000) });
    expect((await json<{ error: { code: string } }>(stale)).error.code).toBe('stale_signature');
  });

  it('leaves health, metrics and the OpenAPI document open', async () => {
    expect((await node.api('/metrics')).status).toBe(200);
    expect((await node.api('/openapi.json')).status).toBe(200);
    // No worker on this API-only node: health names the missing part.
    const health = await node.api('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', failing: ['workers'], redis: 'ok' });
  });
});

describe('without a secret or API keys', () => {
  it('serves this machine only, whatever host it was asked for, with a warning', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../src/node/log.js');
    const cfg = testConfig({ host: '0.0.0.0', workers: 0 });
    const open = await startTestNode(cfg, { log: createLogger('info', {}, (l) => lines.push(l)) });
    try {
      expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.some((l) => l.includes('"level":"warn"') && l.includes('serving this machine only'))).toBe(true);
      expect((await open.api('/v1/submissions', { method: 'POST', body: BODY })).status).toBe(202);
      // It has no secret to check the edge's signatures with: signed requests are taken as they come.
      const signed = await signatureHeaders(SECRET, 'POST', '/v1/submissions', BODY);
      expect((await open.api('/v1/submissions', { method: 'POST', body: BODY, headers: signed })).status).toBe(202);
    } finally {
      await open.close();
      await dropTestState(cfg);
    }
  });
});
