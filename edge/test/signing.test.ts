import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import {
  call,
  type FakeRegion,
  fakeRegion,
  makeEnv,
  type Recorded,
  received,
  release,
  requireSignatures,
  submit,
} from './support/harness.js';

async function expectSigned(region: FakeRegion, r: Recorded) {
  const timestamp = r.headers[TIMESTAMP_HEADER]!;
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Date.now() - Number(timestamp))).toBeLessThan(60_000);
  expect(r.headers[SIGNATURE_HEADER]).toBe(await sign(region.secret, r.method, r.url, timestamp, r.body));
}

describe('signing', () => {
  it('signs every forwarded request with its region secret over the path the node sees', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const { id } = (await (await submit(e, {}, '?wait=true')).json()) as { id: string };
    await submit(e);
    await call(e, `/v1/submissions/${id}`);
    const events = await call(e, `/v1/submissions/${id}/events`);
    await release(a);
    await events.text();
    await call(e, '/v1/languages');
    await call(e, '/v1/problems?page=2');
    const all = await received(a);
    expect(all.map((r) => `${r.method} ${r.url.slice(a.ns.length + 1)}`)).toEqual([
      'POST /v1/submissions?wait=true',
      'POST /v1/submissions',
      `GET /v1/submissions/${id.slice(2)}`,
      `GET /v1/submissions/${id.slice(2)}/events`,
      'GET /v1/languages',
      'GET /v1/problems?page=2',
    ]);
    for (const r of all) await expectSigned(a, r);
  });

  it('signs with each region its own secret, also on failover and on retries', async () => {
    const a = fakeRegion('a');
    const b = fakeRegion('b');
    await requireSignatures(a);
    await requireSignatures(b);
    const e = makeEnv([a, b]);
    const { script } = await import('./support/harness.js');
    await script(a, ['status:503']);
    await script(b, ['status:500']);
    const res = await submit(e);
    expect(res.status).toBe(202);
    const tries = [...(await received(a)), ...(await received(b))];
    expect(tries).toHaveLength(3);
    for (const r of await received(a)) await expectSigned(a, r);
    for (const r of await received(b)) await expectSigned(b, r);
    expect(tries[0]!.headers[SIGNATURE_HEADER]).not.toBe(tries[2]!.headers[SIGNATURE_HEADER]);
  });

  it('never signs the same request twice, even within one millisecond', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    await Promise.all(Array.from({ length: 20 }, () => call(e, '/v1/problems/same')));
    const all = await received(a);
    expect(new Set(all.map((r) => r.headers[TIMESTAMP_HEADER])).size).toBe(20);
    expect(new Set(all.map((r) => r.headers[SIGNATURE_HEADER])).size).toBe(20);
  });

  it('is refused by a node with another secret', async () => {
    const a = fakeRegion('a');
    await requireSignatures(a);
    const e = makeEnv([{ ...a, secret: 'a-different-secret-0123' }]);
    const res = await submit(e);
    expect(res.status).toBe(401);
  });
});
