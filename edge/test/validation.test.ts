import { ErrorEnvelopeSchema, IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_MESSAGE, MAX_SOURCE_BYTES } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, received, SUBMISSION, submit } from './support/harness.js';

async function envelope(res: Response) {
  return ErrorEnvelopeSchema.parse(await res.json()).error;
}

describe('validation at the edge', () => {
  it('answers 400 listing every issue, and the node never sees the request', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const res = await call(e, '/v1/submissions', {
      method: 'POST',
      json: { source: '', tests: [{ input: '1' }], problem: 'Bad Id', extra: 1 },
    });
    expect(res.status).toBe(400);
    const err = await envelope(res);
    expect(err.code).toBe('invalid_request');
    const paths = err.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['language', 'source', 'problem', '(root)']));
    expect(err.issues!.find((i) => i.path === 'source')!.message).toBe('source is empty');
    expect(await received(a)).toHaveLength(0);
  });

  it('checks the cross-field rules of the contract', async () => {
    const a = fakeRegion('a');
    const res = await submit(makeEnv([a]), { json: { ...SUBMISSION, stdin: 'x', problem: 'aplusb' } });
    expect(res.status).toBe(400);
    const err = await envelope(res);
    expect(err.issues).toEqual(
      expect.arrayContaining([
        { path: 'stdin', message: 'stdin is for a plain run: it cannot go with tests or problem' },
      ]),
    );
  });

  it('answers 400 to a body that is not JSON', async () => {
    const a = fakeRegion('a');
    const res = await call(makeEnv([a]), '/v1/submissions', { method: 'POST', body: '{"language":' });
    expect(res.status).toBe(400);
    expect((await envelope(res)).code).toBe('invalid_json');
    expect(await received(a)).toHaveLength(0);
  });

  it('answers 413 from Content-Length alone, before reading the body', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a], [], { MAX_BODY_BYTES: '2048' });
    let pulled = 0;
    // A body that would never end: only a check of the declared length can answer.
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const res = await call(e, '/v1/submissions', {
      method: 'POST',
      body: endless,
      headers: { 'content-length': String(1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await envelope(res)).code).toBe('payload_too_large');
    expect(pulled).toBeLessThanOrEqual(2);
    expect(await received(a)).toHaveLength(0);
  });

  it('answers 413 to a chunked body as soon as it passes the limit', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a], [], { MAX_BODY_BYTES: '4096' });
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 1024;
        c.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const res = await call(e, '/v1/submissions', { method: 'POST', body: endless });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(16 * 1024);
    expect(await received(a)).toHaveLength(0);
  });

  it('answers 413 to a source over the contract limit', async () => {
    const a = fakeRegion('a');
    const res = await submit(makeEnv([a]), { json: { language: 'cpp', source: 'x'.repeat(MAX_SOURCE_BYTES + 1) } });
    expect(res.status).toBe(413);
    expect((await envelope(res)).code).toBe('source_too_large');
    const ok = await submit(makeEnv([a]), { json: { language: 'cpp', source: 'x'.repeat(MAX_SOURCE_BYTES) } });
    expect(ok.status).toBe(202);
  });

  it('passes on a program of several files, and counts a base64 source by the bytes it stands for', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const bytes = btoa('\xff'.repeat(MAX_SOURCE_BYTES));
    const files = [{ name: 'util.h', content: btoa('int f(void);') }];
    const ok = await submit(e, { json: { language: 'cpp', encoding: 'base64', source: bytes, files, args: ['a b'] } });
    expect(ok.status).toBe(202);
    const [forwarded] = await received(a);
    expect(JSON.parse(forwarded!.body)).toMatchObject({ files, args: ['a b'], encoding: 'base64' });
    const bad = await submit(e, { json: { language: 'cpp', source: 'x', files: [{ name: '../x', content: '' }] } });
    expect(bad.status).toBe(400);
    expect((await envelope(bad)).issues!.map((i) => i.path)).toEqual(['files.0.name']);
  });

  it("takes an Idempotency-Key up to the contract's longest, and refuses a longer one", async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const longest = await submit(e, { headers: { 'idempotency-key': 'x'.repeat(IDEMPOTENCY_KEY_MAX) } });
    expect(longest.status).toBe(202);
    const res = await submit(e, { headers: { 'idempotency-key': 'y'.repeat(IDEMPOTENCY_KEY_MAX + 1) } });
    expect(res.status).toBe(400);
    expect((await envelope(res)).message).toBe(IDEMPOTENCY_KEY_MESSAGE);
    expect(await received(a)).toHaveLength(1);
  });

  it('answers unknown endpoints with the error envelope', async () => {
    const res = await call(makeEnv([fakeRegion('a')]), '/v1/nothing');
    expect(res.status).toBe(404);
    expect((await envelope(res)).code).toBe('not_found');
  });

  it('answers 500 config_invalid when the configuration is broken', async () => {
    const res = await call(makeEnv([fakeRegion('a')], [], { REGIONS: '[]' }), '/v1/languages');
    expect(res.status).toBe(500);
    expect((await envelope(res)).code).toBe('config_invalid');
  });
});
