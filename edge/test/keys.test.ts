import { env } from 'cloudflare:test';
import { ErrorEnvelopeSchema, sha256Hex } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, newKey, received, submit } from './support/harness.js';

describe('API keys', () => {
  it('accepts a configured key and limits it by its own plan', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const res = await submit(makeEnv([a], [key]), { key: key.key });
    expect(res.status).toBe(202);
    expect(res.headers.get('ratelimit-limit')).toBe('5');
    expect(await received(a)).toHaveLength(1);
  });

  it('answers 401 to an unknown key, a malformed header, and a key with whitespace in it', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a], [await newKey('standard')]);
    for (const authorization of ['Bearer not-a-key', 'Basic abc', 'Bearer', 'Bearer a b']) {
      const res = await submit(e, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(ErrorEnvelopeSchema.parse(await res.json()).error.code).toBe('unauthorized');
    }
    expect(await received(a)).toHaveLength(0);
  });

  it('lets anonymous callers in on the anonymous plan, limited per IP', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a], [], { PLANS: JSON.stringify({ anon: { ratePerMinute: 1, burst: 2 } }), ANON_PLAN: 'anon' });
    const ip = '192.0.2.10';
    expect((await submit(e, { ip })).status).toBe(202);
    expect((await submit(e, { ip })).status).toBe(202);
    expect((await submit(e, { ip })).status).toBe(429);
    expect((await submit(e, { ip: '192.0.2.11' })).status).toBe(202);
  });

  it('requires a key when the anonymous tier is off', async () => {
    const a = fakeRegion('a');
    const key = await newKey('standard');
    const e = makeEnv([a], [key], { ANON_PLAN: 'off' });
    const res = await submit(e);
    expect(res.status).toBe(401);
    expect((await call(e, '/v1/languages')).status).toBe(401);
    expect((await submit(e, { key: key.key })).status).toBe(202);
  });

  it('finds keys stored hashed in KV', async () => {
    const a = fakeRegion('a');
    const secretKey = `kv_${crypto.randomUUID()}`;
    await env.API_KEYS_KV!.put(`sha256:${await sha256Hex(secretKey)}`, JSON.stringify({ name: 'kv', plan: 'tiny' }));
    const e = makeEnv([a], [], { ANON_PLAN: 'off' });
    const res = await submit(e, { key: secretKey });
    expect(res.status).toBe(202);
    expect(res.headers.get('ratelimit-limit')).toBe('5');
    expect((await submit(e, { key: `${secretKey}x` })).status).toBe(401);
  });

  it('lets only admin keys upload problems, to every region', async () => {
    const a = fakeRegion('a');
    const b = fakeRegion('b');
    const admin = await newKey('standard', true);
    const user = await newKey('standard');
    const e = makeEnv([a, b], [admin, user], {
      REGIONS: JSON.stringify(
        [a, b].map((r) => ({
          id: r.id,
          url: r.url,
          lat: 0,
          lon: 0,
          secret: r.secret,
          adminToken: `admin-${r.id}-token`,
        })),
      ),
    });
    const problem = { method: 'PUT', body: 'problem archive bytes', headers: { 'content-type': 'application/zip' } };
    expect((await call(e, '/v1/problems/aplusb', problem)).status).toBe(401);
    expect((await call(e, '/v1/problems/aplusb', { ...problem, key: user.key })).status).toBe(403);
    const res = await call(e, '/v1/problems/aplusb', { ...problem, key: admin.key });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'aplusb', bytes: 21 });
    for (const r of [a, b]) {
      const [put] = await received(r);
      expect(put!.method).toBe('PUT');
      expect(put!.url).toBe(`/${r.ns}/v1/problems/aplusb`);
      expect(put!.headers.authorization).toBe(`Bearer admin-${r.id}-token`);
      expect(put!.headers['content-type']).toBe('application/zip');
      expect(put!.body).toBe('problem archive bytes');
    }
  });

  it('reports the regions that did not take a problem', async () => {
    const a = fakeRegion('a');
    const down = fakeRegion('down', { refused: true });
    const admin = await newKey('standard', true);
    const res = await call(makeEnv([a, down], [admin]), '/v1/problems/p1', {
      method: 'PUT',
      body: 'x',
      key: admin.key,
    });
    expect(res.status).toBe(502);
    const err = ErrorEnvelopeSchema.parse(await res.json()).error;
    expect(err.issues).toEqual([{ path: 'down', message: expect.stringMatching(/^connection/) }]);
  });
});
