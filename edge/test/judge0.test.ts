import { JUDGE0_STATUSES } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, newKey, received, requireSignatures } from './support/harness.js';

// Judge0's API at the edge, inside workerd, in front of fake nodes: validation with the contract's Judge0
// shapes (requests from Judge0's documentation), tokens that carry their region, batches across regions.

const HELLO_C = '#include <stdio.h>\nint main(void){ return 0; }';
const post = (e: ReturnType<typeof makeEnv>, path: string, json: unknown, init: Parameters<typeof call>[2] = {}) =>
  call(e, path, { method: 'POST', json, ...init });

describe('Judge0 at the edge', () => {
  it('serves the statuses itself, and the languages from a node', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const statuses = await call(e, '/statuses');
    expect(statuses.status).toBe(200);
    expect(await statuses.json()).toEqual(JUDGE0_STATUSES);
    expect(await (await call(e, '/languages')).json()).toEqual([{ id: 71, name: 'Python (3.11.2)' }]);
    expect((await received(a)).map((r) => r.url)).toEqual([`/${a.ns}/languages`]);
  });

  it("answers Judge0's documented validation errors with 422, and the node never sees them", async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const blank = await post(e, '/submissions', { source_code: HELLO_C });
    expect(blank.status).toBe(422);
    expect(await blank.json()).toEqual({ language_id: ["can't be blank"] });
    const unknown = await post(e, '/submissions', { source_code: HELLO_C, language_id: 150000, stdin: 'world' });
    expect(await unknown.json()).toEqual({ language_id: ["language with id 150000 doesn't exist"] });
    const fields = await post(e, '/submissions?fields=stdout,nope', { source_code: HELLO_C, language_id: 50 });
    expect(fields.status).toBe(400);
    expect(await fields.json()).toEqual({ error: 'invalid fields: [nope]' });
    expect(await received(a)).toHaveLength(0);
  });

  it('forwards a submission signed, and gives its token with the region; a retry with the same key is one submission', async () => {
    const a = fakeRegion('a');
    await requireSignatures(a);
    const e = makeEnv([a]);
    const body = { source_code: HELLO_C, language_id: 50, stdin: 'world' };
    const res = await post(e, '/submissions', body, { ip: '10.9.9.9', headers: { 'idempotency-key': 'j0-retry' } });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^a\.n/);
    const again = await post(e, '/submissions', body, { ip: '10.9.9.9', headers: { 'idempotency-key': 'j0-retry' } });
    expect(((await again.json()) as { token: string }).token).toBe(token);
    const shown = await call(e, `/submissions/${token}?fields=token,stdout,status`);
    expect(await shown.json()).toEqual({ token, stdout: 'hi\n', status: { id: 3, description: 'Accepted' } });
    const [first] = await received(a);
    expect(first!.url).toBe(`/${a.ns}/submissions`);
    expect(first!.headers['x-judge-signature']).toMatch(/^v1=/);
    expect((await call(e, '/submissions/nowhere.x')).status).toBe(404);
    expect(await (await call(e, '/submissions/no-region')).json()).toEqual({ error: 'Not Found' });
  });

  it('waits with wait=true and rewrites the token of the whole result', async () => {
    const a = fakeRegion('a');
    const res = await post(makeEnv([a]), '/submissions?wait=true', { source_code: HELLO_C, language_id: 50 });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ token: expect.stringMatching(/^a\./), status: { id: 3 } });
  });

  it('forwards a batch to one region, and reads a batch back across regions, in the order asked', async () => {
    const a = fakeRegion('a', { lat: 52, lon: 13 });
    const b = fakeRegion('b', { lat: 35, lon: 139 });
    const e = makeEnv([a, b]);
    const docs = {
      submissions: [
        { language_id: 46, source_code: 'echo hello from Bash' },
        { language_id: 71, source_code: 'print("hello from Python")' },
        { language_id: 72, source_code: 'puts("hello from Ruby")' },
      ],
    };
    const inA = (await (
      await post(e, '/submissions/batch', docs, { cf: { latitude: '52.5', longitude: '13.4' } })
    ).json()) as { token: string }[];
    const inB = (await (
      await post(e, '/submissions/batch', docs, { cf: { latitude: '34.7', longitude: '135.5' } })
    ).json()) as { token: string }[];
    expect(inA.map((t) => t.token.split('.')[0])).toEqual(['a', 'a', 'a']);
    expect(inB.map((t) => t.token.split('.')[0])).toEqual(['b', 'b', 'b']);
    const asked = [inB[0]!.token, inA[1]!.token, 'nowhere.x', inA[0]!.token, `a.unknown`];
    const res = await call(e, `/submissions/batch?tokens=${asked.join(',')}&fields=token,status`);
    expect(res.status).toBe(200);
    const { submissions } = (await res.json()) as { submissions: ({ token: string } | null)[] };
    expect(submissions.map((s) => s?.token ?? null)).toEqual([asked[0], asked[1], null, asked[3], null]);
    const calls = (await received(a)).filter((r) => r.method === 'GET');
    expect(calls).toHaveLength(1);
    expect(decodeURIComponent(calls[0]!.url)).toContain(
      `tokens=${inA[1]!.token.slice(2)},${inA[0]!.token.slice(2)},unknown`,
    );
  });

  it('charges a batch one submission per element of the key’s plan', async () => {
    const a = fakeRegion('a');
    const key = await newKey('tiny');
    const e = makeEnv([a], [key]);
    const six = { submissions: Array.from({ length: 6 }, () => ({ language_id: 46, source_code: 'echo x' })) };
    const refused = await post(e, '/submissions/batch', six, { key: key.key });
    expect(refused.status).toBe(429);
    expect(Object.keys(await refused.json())).toEqual(['error']);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await received(a)).toHaveLength(0);
    const four = { submissions: six.submissions.slice(0, 4) };
    expect((await post(e, '/submissions/batch', four, { key: key.key })).status).toBe(201);
  });

  it("takes an API key as Judge0's X-Auth-Token, and answers auth errors as {error}", async () => {
    const a = fakeRegion('a');
    const key = await newKey('standard');
    const e = makeEnv([a], [key], { ANON_PLAN: 'off' });
    const none = await call(e, '/statuses');
    expect(none.status).toBe(401);
    expect(Object.keys(await none.json())).toEqual(['error']);
    expect((await call(e, '/statuses', { headers: { 'x-auth-token': key.key } })).status).toBe(200);
    expect((await call(e, '/v1/languages', { headers: { 'x-auth-token': key.key } })).status).toBe(401);
  });
});
