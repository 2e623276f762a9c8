import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../src/env.js';
import type { RateLimiter } from '../src/middleware/rate-limit/durable.js';
import { call, fakeRegion, makeEnv, newKey, received, stored, submit, type TestKey } from './support/harness.js';

/** Freezes the clock of a key's rate limiter; returns a function that moves it forward. */
async function freeze(e: Env, key: TestKey): Promise<(ms: number) => void> {
  let now = Date.now();
  const stub = e.RATE_LIMITER.get(e.RATE_LIMITER.idFromName(`key:${key.sha256}`));
  await runInDurableObject(stub, (instance) => {
    (instance as unknown as RateLimiter).clock = () => now;
  });
  return (ms) => {
    now += ms;
  };
}

const limits = (res: Response) => ({
  status: res.status,
  limit: res.headers.get('ratelimit-limit'),
  remaining: res.headers.get('ratelimit-remaining'),
  reset: res.headers.get('ratelimit-reset'),
  retryAfter: res.headers.get('retry-after'),
});

describe('per-key rate limits', () => {
  it('allows exactly the burst, then 429 with Retry-After and RateLimit-*, and forwards nothing more', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const e = makeEnv([a], [key]);
    await freeze(e, key);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(limits(await submit(e, { key: key.key })));
    expect(answers.slice(0, 5).map((x) => [x.status, x.remaining])).toEqual([
      [202, '4'],
      [202, '3'],
      [202, '2'],
      [202, '1'],
      [202, '0'],
    ]);
    expect(answers[5]).toEqual({ status: 429, limit: '5', remaining: '0', reset: '5', retryAfter: '1' });
    expect(await received(a)).toHaveLength(5);
  });

  it('refills at the plan rate', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const e = makeEnv([a], [key]);
    const advance = await freeze(e, key);
    for (let i = 0; i < 5; i++) expect((await submit(e, { key: key.key })).status).toBe(202);
    expect((await submit(e, { key: key.key })).status).toBe(429);
    advance(999);
    expect((await submit(e, { key: key.key })).status).toBe(429);
    advance(1);
    expect((await submit(e, { key: key.key })).status).toBe(202);
    expect((await submit(e, { key: key.key })).status).toBe(429);
    advance(2500);
    expect((await submit(e, { key: key.key })).status).toBe(202);
    expect((await submit(e, { key: key.key })).status).toBe(202);
    const refused = limits(await submit(e, { key: key.key }));
    expect(refused).toMatchObject({ status: 429, remaining: '0', retryAfter: '1' });
    advance(60_000);
    const full = [];
    for (let i = 0; i < 6; i++) full.push((await submit(e, { key: key.key })).status);
    expect(full).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('keeps keys apart: one exhausted key leaves the others whole', async () => {
    const a = fakeRegion('a');
    const [k1, k2] = [await newKey('tiny'), await newKey('tiny')];
    const e = makeEnv([a], [k1, k2]);
    await freeze(e, k1);
    await freeze(e, k2);
    const flood = await Promise.all(Array.from({ length: 40 }, () => submit(e, { key: k1.key })));
    expect(flood.filter((r) => r.status === 202)).toHaveLength(5);
    expect(flood.filter((r) => r.status === 429)).toHaveLength(35);
    const other = [];
    for (let i = 0; i < 5; i++) other.push(limits(await submit(e, { key: k2.key })));
    expect(other.map((x) => x.status)).toEqual([202, 202, 202, 202, 202]);
    expect(other[0]!.remaining).toBe('4');
    expect((await submit(e, { ip: '198.51.100.7' })).status).toBe(202);
  });

  it('counts reads in their own bucket', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const e = makeEnv([a], [key]);
    await freeze(e, key);
    for (let i = 0; i < 5; i++) await submit(e, { key: key.key });
    expect((await submit(e, { key: key.key })).status).toBe(429);
    const read = await call(e, '/v1/languages', { key: key.key });
    expect(read.status).toBe(200);
    expect(limits(read)).toMatchObject({ limit: '50', remaining: '49' });
  });

  it('puts the RateLimit headers on answers that fail after the limit too', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const e = makeEnv([a], [key]);
    const res = await call(e, '/v1/submissions', { method: 'POST', json: { language: '' }, key: key.key });
    expect(res.status).toBe(400);
    expect(limits(res)).toMatchObject({ limit: '5', remaining: '4' });
  });

  it("passes the load plan's burst of 1000 submissions from one key, and not one more", async () => {
    const a = fakeRegion('a');
    const load = await newKey('loadtest');
    const other = await newKey('tiny');
    const e = makeEnv([a], [load, other]);
    await freeze(e, load);
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => submit(e, { key: load.key })));
      statuses.push(...answers.map((r) => r.status));
      if (batch === 5) expect((await submit(e, { key: other.key })).status).toBe(202);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(1000);
    const extra = await submit(e, { key: load.key });
    expect(limits(extra)).toMatchObject({ status: 429, limit: '1000', remaining: '0', retryAfter: '1' });
    expect(await stored(a)).toBe(1001);
  });
});

describe('per-IP first line', () => {
  it('is bound in the wrangler config', async () => {
    const { env } = await import('cloudflare:test');
    expect(env.IP_LIMITER).toBeDefined();
  });

  it('refuses an address past its limit before any key lookup', async () => {
    const a = fakeRegion('a');
    const key = await newKey('standard');
    const e = makeEnv([a], [key], {
      IP_LIMITER: (await import('cloudflare:test')).env.TIGHT_IP_LIMITER,
      IP_LIMIT: '5',
    });
    const ip = '203.0.113.99';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await submit(e, { ip, key: key.key })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const refused = await submit(e, { ip, key: 'no such key' });
    expect(limits(refused)).toEqual({ status: 429, limit: '5', remaining: '0', reset: '10', retryAfter: '10' });
    expect((await submit(e, { ip: '203.0.113.100', key: key.key })).status).toBe(202);
    expect(await received(a)).toHaveLength(6);
  });
});

describe('rate limiter storage', () => {
  it('forgets full buckets and expired pins when its alarm runs', async () => {
    const { env, runDurableObjectAlarm } = await import('cloudflare:test');
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`test:${crypto.randomUUID()}`));
    let now = Date.now();
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as RateLimiter).clock = () => now;
    });
    await stub.take('submit', { capacity: 5, ratePerMinute: 60 });
    await stub.pin('k1', 'eu', 60_000);
    const keys = () => runInDurableObject(stub, (_, state) => [...state.storage.kv.list()].map(([k]) => k));
    expect(await keys()).toEqual(['bucket:submit', 'pin:k1']);
    now += 5_000;
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await keys()).toEqual(['pin:k1']);
    expect(await stub.pinned('k1')).toBe('eu');
    now += 60_000;
    expect(await stub.pinned('k1')).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await keys()).toEqual([]);
  });
});
