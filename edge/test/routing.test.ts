import { ErrorEnvelopeSchema, PISTON_MAX_FILES } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, received, release, script, stored, submit } from './support/harness.js';

const BERLIN = { latitude: '52.52', longitude: '13.40' };
const OSAKA = { latitude: '34.69', longitude: '135.50' };

async function code(res: Response) {
  return ErrorEnvelopeSchema.parse(await res.json()).error.code;
}

describe('region choice', () => {
  it('sends a submission to the region nearest the client, and to the first without a location', async () => {
    const paris = fakeRegion('paris', { lat: 48.86, lon: 2.35 });
    const tokyo = fakeRegion('tokyo', { lat: 35.68, lon: 139.69 });
    const e = makeEnv([tokyo, paris]);
    const fromBerlin = (await (await submit(e, { cf: BERLIN })).json()) as { id: string };
    const fromOsaka = (await (await submit(e, { cf: OSAKA })).json()) as { id: string };
    const nowhere = (await (await submit(e)).json()) as { id: string };
    expect(fromBerlin.id).toMatch(/^paris\./);
    expect(fromOsaka.id).toMatch(/^tokyo\./);
    expect(nowhere.id).toMatch(/^tokyo\./);
  });
});

describe('failover', () => {
  const pair = () => {
    const near = fakeRegion('near', { lat: 52, lon: 13 });
    const far = fakeRegion('far', { lat: 35, lon: 139 });
    return { near, far };
  };

  it('moves on when the connection is refused (the node cannot have the request)', async () => {
    const near = fakeRegion('near', { lat: 52, lon: 13, refused: true });
    const far = fakeRegion('far', { lat: 35, lon: 139 });
    const res = await submit(makeEnv([near, far]), { cf: BERLIN });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { id: string }).id).toMatch(/^far\./);
    expect(await stored(far)).toBe(1);
  });

  it('moves on after a 503, and passes the region over until its cooldown ends', async () => {
    const { near, far } = pair();
    const e = makeEnv([near, far]);
    await script(near, ['status:503']);
    const first = await submit(e, { cf: BERLIN });
    expect(first.status).toBe(202);
    expect(((await first.json()) as { id: string }).id).toMatch(/^far\./);
    const second = await submit(e, { cf: BERLIN });
    expect(((await second.json()) as { id: string }).id).toMatch(/^far\./);
    expect(await received(near)).toHaveLength(1);
    expect(await stored(far)).toBe(2);
  });

  it('retries the same node with the same Idempotency-Key after a 500, never another node', async () => {
    const { near, far } = pair();
    await script(near, ['status:500']);
    const res = await submit(makeEnv([near, far]), { cf: BERLIN });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { id: string }).id).toMatch(/^near\./);
    const tries = await received(near);
    expect(tries.map((t) => t.action)).toEqual(['status:500', 'ok']);
    expect(tries[0]!.headers['idempotency-key']).toBe(tries[1]!.headers['idempotency-key']);
    expect(await received(far)).toHaveLength(0);
  });

  it('judges once when the node took the submission and the connection broke before its answer', async () => {
    const { near, far } = pair();
    await script(near, ['accept-then-reset']);
    const res = await submit(makeEnv([near, far]), { cf: BERLIN });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(await stored(near)).toBe(1);
    expect(await received(near)).toHaveLength(2);
    expect(await received(far)).toHaveLength(0);
    const result = await call(makeEnv([near, far]), `/v1/submissions/${id}`);
    expect(((await result.json()) as { id: string }).id).toBe(id);
  });

  it('retries the same node after a connection lost once the request was out', async () => {
    const { near, far } = pair();
    await script(near, ['reset']);
    const res = await submit(makeEnv([near, far]), { cf: BERLIN });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { id: string }).id).toMatch(/^near\./);
    expect(await received(far)).toHaveLength(0);
  });

  it('retries the same node after a timeout, then gives up with 504 rather than risk a second judging', async () => {
    const { near, far } = pair();
    const e = makeEnv([near, far], [], { FORWARD_TIMEOUT_MS: '300' });
    await script(near, ['hang', 'ok']);
    const retried = await submit(e, { cf: BERLIN });
    expect(retried.status).toBe(202);
    await script(near, ['hang', 'hang']);
    const res = await submit(e, { cf: BERLIN, headers: { 'idempotency-key': 'client-key-1' } });
    expect(res.status).toBe(504);
    expect(res.headers.get('idempotency-key')).toBe('client-key-1');
    const err = ErrorEnvelopeSchema.parse(await res.json()).error;
    expect(err.code).toBe('upstream_failed');
    expect(err.message).toMatch(/same Idempotency-Key/);
    expect(await received(far)).toHaveLength(0);
  });

  it('gives the key for a safe retry when a taken submission got no answer twice', async () => {
    const { near, far } = pair();
    const e = makeEnv([near, far]);
    const ip = '192.0.2.77';
    await script(near, ['accept-then-reset', 'accept-then-reset']);
    const lost = await submit(e, { ip, cf: BERLIN });
    expect(lost.status).toBe(502);
    const key = lost.headers.get('idempotency-key')!;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await stored(near)).toBe(1);
    const retry = await submit(e, { ip, cf: BERLIN, headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(202);
    expect(await stored(near)).toBe(1);
    expect(await received(far)).toHaveLength(0);
  });

  it('never fails a keyed retry over to another region once a region may hold it', async () => {
    const { near, far } = pair();
    const e = makeEnv([near, far]);
    const ip = '192.0.2.78';
    const headers = { 'idempotency-key': 'pinned-key' };
    const first = await submit(e, { ip, headers });
    expect(((await first.json()) as { id: string }).id).toMatch(/^near\./);
    await script(near, ['status:503']);
    const retry = await submit(e, { ip, headers, cf: { latitude: '35', longitude: '139' } });
    expect(retry.status).toBe(503);
    expect(await received(far)).toHaveLength(0);
    const fresh = await submit(e, { ip, headers: { 'idempotency-key': 'other-key' } });
    expect(((await fresh.json()) as { id: string }).id).toMatch(/^far\./);
  });

  it('answers 502 when the node fails twice with a 5xx that is not 503', async () => {
    const { near, far } = pair();
    await script(near, ['status:500', 'status:502']);
    const res = await submit(makeEnv([near, far]), { cf: BERLIN });
    expect(res.status).toBe(502);
    expect(await code(res)).toBe('upstream_failed');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await received(far)).toHaveLength(0);
  });

  it('answers 503 with Retry-After when no region takes the submission', async () => {
    const { near, far } = pair();
    const gone = fakeRegion('gone', { refused: true });
    await script(near, ['status:503']);
    await script(far, ['status:503']);
    const res = await submit(makeEnv([near, far, gone]), { cf: BERLIN });
    expect(res.status).toBe(503);
    expect(await code(res)).toBe('no_region_available');
    expect(res.headers.get('retry-after')).toBe('2');
  });

  it('deduplicates client retries: the same Idempotency-Key from the same caller gives the same submission', async () => {
    const { near } = pair();
    const e = makeEnv([near]);
    const ip = '192.0.2.55';
    const one = await submit(e, { ip, headers: { 'idempotency-key': 'k-1' } });
    const two = await submit(e, { ip, headers: { 'idempotency-key': 'k-1' } });
    const three = await submit(e, { ip: '192.0.2.56', headers: { 'idempotency-key': 'k-1' } });
    expect(one.headers.get('idempotency-key')).toBe('k-1');
    const [a, b, c] = (await Promise.all([one.json(), two.json(), three.json()])) as { id: string }[];
    expect(a!.id).toBe(b!.id);
    expect(c!.id).not.toBe(a!.id);
    expect(await stored(near)).toBe(2);
  });

  it('fails reads over on any failure', async () => {
    const { near, far } = pair();
    await script(near, ['status:500']);
    const res = await call(makeEnv([near, far]), '/v1/problems', { cf: BERLIN });
    expect(res.status).toBe(200);
    expect(await received(far)).toHaveLength(1);
  });
});

describe('ids carry their region', () => {
  it('routes results by the prefix, strips it for the node, and rewrites the id back', async () => {
    const a = fakeRegion('a');
    const b = fakeRegion('b');
    const e = makeEnv([a, b]);
    await script(a, ['status:503']);
    const created = await submit(e);
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^b\.n[0-9a-f]{8}$/);
    expect(created.headers.get('location')).toBe(`/v1/submissions/${id}`);
    const res = await call(e, `/v1/submissions/${id}?verbose=1`);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { id: string; verdict: string };
    expect(result).toMatchObject({ id, verdict: 'AC' });
    const gets = (await received(b)).filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url)).toEqual([`/${b.ns}/v1/submissions/${id.slice(2)}?verbose=1`]);
  });

  it('answers a ?wait=true submission with the finished result under the edge id', async () => {
    const a = fakeRegion('a');
    const res = await submit(makeEnv([a]), {}, '?wait=true');
    expect(res.status).toBe(200);
    const result = (await res.json()) as { id: string; status: string };
    expect(result.id).toMatch(/^a\./);
    expect(result.status).toBe('done');
    expect((await received(a))[0]!.url).toBe(`/${a.ns}/v1/submissions?wait=true`);
  });

  it('answers 404 for an id without a known region, without asking any node', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    for (const id of ['nodot', 'zz.n1234', '.x']) {
      const res = await call(e, `/v1/submissions/${id}`);
      expect(res.status).toBe(404);
      expect(await code(res)).toBe('not_found');
    }
    expect(await received(a)).toHaveLength(0);
  });

  it("passes the node's 404 through", async () => {
    const a = fakeRegion('a');
    const res = await call(makeEnv([a]), '/v1/submissions/a.missing');
    expect(res.status).toBe(404);
  });

  it('answers 502 when the holding region is down', async () => {
    const gone = fakeRegion('gone', { refused: true });
    const res = await call(makeEnv([gone]), '/v1/submissions/gone.n1');
    expect(res.status).toBe(502);
    expect(await code(res)).toBe('region_unavailable');
  });
});

describe('event streams', () => {
  it('streams events through as they come, with the edge id', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const { id } = (await (await submit(e)).json()) as { id: string };
    const res = await call(e, `/v1/submissions/${id}/events`, { headers: { 'last-event-id': '3' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The node holds the rest of the stream until released: this read proves nothing is buffered.
    const first = await reader.read();
    expect(first.value).toBe(`event: status\ndata: {"id":"${id}","status":"running"}\n\n`);
    await release(a);
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
    }
    expect(rest).toContain('event: test\ndata: {"index":1,"verdict":"AC"}\n\n');
    expect(rest).toMatch(new RegExp(`event: done\\ndata: \\{"id":"${id.replace('.', '\\.')}","status":"done"`));
    const sse = (await received(a)).find((r) => r.url.endsWith('/events'))!;
    expect(sse.headers.accept).toBe('text/event-stream');
    expect(sse.headers['last-event-id']).toBe('3');
  });
});

describe('languages', () => {
  it('are cached at the edge', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const first = await call(e, '/v1/languages');
    const second = await call(e, '/v1/languages');
    expect(first.headers.get('x-edge-cache')).toBe('miss');
    expect(second.headers.get('x-edge-cache')).toBe('hit');
    expect(await second.json()).toEqual(await first.json());
    expect((await received(a)).filter((r) => r.url.endsWith('/v1/languages'))).toHaveLength(1);
  });

  it('are not cached when the node fails, and not at all with a TTL of 0', async () => {
    const a = fakeRegion('a');
    await script(a, ['status:500']);
    const e = makeEnv([a]);
    expect((await call(e, '/v1/languages')).status).toBe(503);
    expect((await call(e, '/v1/languages')).headers.get('x-edge-cache')).toBe('miss');
    const b = fakeRegion('b');
    const noCache = makeEnv([b], [], { LANGUAGES_TTL_S: '0' });
    await call(noCache, '/v1/languages');
    await call(noCache, '/v1/languages');
    expect(await received(b)).toHaveLength(2);
  });
});

describe('/health', () => {
  it('shows each region as the edge sees it, nearest first', async () => {
    const paris = fakeRegion('paris', { lat: 48.86, lon: 2.35 });
    const tokyo = fakeRegion('tokyo', { lat: 35.68, lon: 139.69, refused: true });
    const res = await call(makeEnv([tokyo, paris]), '/health', { cf: BERLIN });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      regions: { id: string; healthy: boolean; distanceKm: number; error?: string }[];
    };
    expect(body.status).toBe('ok');
    expect(body.regions.map((r) => [r.id, r.healthy])).toEqual([
      ['paris', true],
      ['tokyo', false],
    ]);
    expect(body.regions[0]!.distanceKm).toBeGreaterThan(800);
    expect(body.regions[1]!.error).toMatch(/^connection/);
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers 503 when no region is up', async () => {
    const gone = fakeRegion('gone', { refused: true });
    const res = await call(makeEnv([gone]), '/health');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe('unavailable');
  });
});

describe('Piston API', () => {
  it('forwards execute once and caches runtimes', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const bad = await call(e, '/api/v2/execute', { method: 'POST', json: { language: 'c++' } });
    expect(bad.status).toBe(400);
    const res = await call(e, '/api/v2/execute', {
      method: 'POST',
      json: { language: 'c++', version: '*', files: [{ content: 'int main(){}' }] },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { run: { stdout: string } }).run.stdout).toBe('hi\n');
    await call(e, '/api/v2/runtimes');
    expect((await call(e, '/api/v2/runtimes')).headers.get('x-edge-cache')).toBe('hit');
    const urls = (await received(a)).map((r) => r.url.slice(a.ns.length + 1));
    expect(urls).toEqual(['/api/v2/execute', '/api/v2/runtimes']);
  });

  it("checks execute with the contract's schema and keys it per caller, like a submission", async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const files = Array.from({ length: PISTON_MAX_FILES + 1 }, () => ({ content: 'x' }));
    const tooMany = await call(e, '/api/v2/execute', { method: 'POST', json: { language: 'c', files } });
    expect(tooMany.status).toBe(400);
    const body = { language: 'c', files: [{ content: 'int main(){}' }] };
    const headers = { 'idempotency-key': 'exec-1' };
    const ip = '192.0.2.76';
    const one = await call(e, '/api/v2/execute', { method: 'POST', json: body, headers, ip });
    const two = await call(e, '/api/v2/execute', { method: 'POST', json: body, headers, ip });
    const other = await call(e, '/api/v2/execute', { method: 'POST', json: body, headers, ip: '192.0.2.77' });
    expect(one.headers.get('idempotency-key')).toBe('exec-1');
    const keys = (await received(a)).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(two.status).toBe(200);
    expect(other.status).toBe(200);
  });
});
