import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CALLBACK_ATTEMPT_HEADER,
  CALLBACK_SUBMISSION_HEADER,
  type ErrorEnvelope,
  type SubmissionResult,
  verifyCallback,
} from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackQueue } from '../../src/node/callbacks/index.js';
import {
  dropTestState,
  eventually,
  freePort,
  json,
  memoryLog,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// Signed callbacks from a real node (Redis, PostgreSQL, BullMQ, Docker) to a receiver on loopback: the
// node's operator switch callbackAllowPrivate lets it call a loopback address, which it refuses by default.

const SECRET = 'callback-secret-for-tests-0123';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A callback receiver: records every request and answers with the next scripted status (then 200). */
class Receiver {
  readonly received: Received[] = [];
  script: number[] = [];
  private server: http.Server | undefined;

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(this.script.shift() ?? 200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  for(path: string): Received[] {
    return this.received.filter((r) => r.url === path);
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}

const receiver = new Receiver();
let origin: string;
let node: TestNode;
const { log, lines } = memoryLog();
const config = testConfig({
  callbackSecret: SECRET,
  callbackAllowPrivate: true,
  callbackBackoffMs: 100,
  callbackAttempts: 3,
  // Short, so that a guard running out shows within the test (production: 30 s).
  callbackGuardMs: 400,
});

beforeAll(async () => {
  await requireServices();
  origin = await receiver.start();
  node = await startTestNode(config, { log });
});

afterAll(async () => {
  await node?.close();
  await receiver.stop();
  await dropTestState(config);
});

const PY = 'print(input()[::-1])\n';

async function verified(r: Received): Promise<{ ok: boolean }> {
  const headers = new Headers(r.headers as Record<string, string>);
  return verifyCallback(SECRET, headers, r.body);
}

describe('callbacks', () => {
  it('POSTs the result of a native submission, signed, with the submission and the attempt named', async () => {
    const res = await node.api('/v1/submissions', {
      method: 'POST',
      json: { language: 'python', source: PY, stdin: 'abc', callbackUrl: `${origin}/native?x=1` },
    });
    expect(res.status).toBe(202);
    const { id } = await json<{ id: string }>(res);
    const [got] = await eventually(async () => receiver.for('/native?x=1').length > 0 && receiver.for('/native?x=1'));
    expect(got!.method).toBe('POST');
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers[CALLBACK_SUBMISSION_HEADER]).toBe(id);
    expect(got!.headers[CALLBACK_ATTEMPT_HEADER]).toBe('1');
    expect(await verified(got!)).toEqual({ ok: true });
    const result = JSON.parse(got!.body) as SubmissionResult;
    expect(result).toMatchObject({ id, status: 'done', verdict: 'AC', tests: [{ stdout: 'cba\n' }] });
    expect(result).toEqual(await json(await node.api(`/v1/submissions/${id}`)));
  });

  it("PUTs a Judge0 submission's callback as Judge0 does: default attributes, base64", async () => {
    const res = await node.api('/submissions', {
      method: 'POST',
      json: { language_id: 71, source_code: PY, stdin: 'xyz', callback_url: `${origin}/judge0` },
    });
    expect(res.status).toBe(201);
    const { token } = await json<{ token: string }>(res);
    const [got] = await eventually(async () => receiver.for('/judge0').length > 0 && receiver.for('/judge0'));
    expect(got!.method).toBe('PUT');
    expect(await verified(got!)).toEqual({ ok: true });
    const body = JSON.parse(got!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ token, status: { id: 3, description: 'Accepted' } });
    expect(Buffer.from(String(body.stdout), 'base64').toString()).toBe('zyx\n');
  });

  it('sends the callback of a worker that died between storing the verdict and releasing it, once, after the guard', async () => {
    // What a worker does before it dies there: the callback guarded, the verdict stored, no release.
    const id = randomUUID();
    const request = { language: 'python', source: PY, stdin: 'guard', callbackUrl: `${origin}/guarded` };
    await node.submissions.createOnce({ id, language: 'python', request });
    const callbacks = new CallbackQueue(node.redis, config.queueName, config.redisPrefix, config);
    try {
      await callbacks.guard(id);
      // The guard runs out while the verdict is not stored yet (a worker still judging): nothing is sent, and
      // the callback waits instead of being dropped.
      await sleep(config.callbackGuardMs * 3);
      expect(receiver.for('/guarded')).toEqual([]);
      await node.submissions.finish(id, null, { verdict: 'AC', score: 100, tests: [], timeMs: 0, memoryKb: 0 });
      const [got] = await eventually(async () => receiver.for('/guarded').length > 0 && receiver.for('/guarded'));
      expect(await verified(got!)).toEqual({ ok: true });
      expect(JSON.parse(got!.body)).toMatchObject({ id, status: 'done', verdict: 'AC' });
      // A second worker's guard and release of the same submission (judged twice after a death) send nothing more.
      await callbacks.guard(id);
      await callbacks.release(id);
      await sleep(config.callbackGuardMs * 3);
      expect(receiver.for('/guarded')).toHaveLength(1);
    } finally {
      await callbacks.close();
    }
  });

  it('tries again with backoff while the receiver fails, up to the attempts, and stops at a 4xx', async () => {
    receiver.script = [503, 500];
    const post = (path: string) =>
      node.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: PY, stdin: path, callbackUrl: `${origin}${path}` },
      });
    await post('/flaky');
    const flaky = await eventually(async () => receiver.for('/flaky').length === 3 && receiver.for('/flaky'));
    expect(flaky.map((r) => r.headers[CALLBACK_ATTEMPT_HEADER])).toEqual(['1', '2', '3']);
    expect(new Set(flaky.map((r) => JSON.parse(r.body).id)).size).toBe(1);

    receiver.script = [500, 500, 500, 500];
    await post('/down');
    await eventually(async () => lines.some((l) => l.msg === 'callback given up' && l.attempt === 3));
    expect(receiver.for('/down')).toHaveLength(3);

    receiver.script = [410];
    const gone = await json<{ id: string }>(await post('/gone'));
    await eventually(async () => lines.some((l) => l.msg === 'callback given up' && l.id === gone.id));
    expect(receiver.for('/gone')).toHaveLength(1);
    receiver.script = [];
  });

  it('survives a restart of the node: a delivery that failed is taken up by the next node', async () => {
    // A node of its own, whose second delivery waits 3 s: long enough for it to stop before making it.
    const own = testConfig({ callbackSecret: SECRET, callbackAllowPrivate: true, callbackBackoffMs: 3000 });
    const port = await freePort();
    let first: TestNode | undefined = await startTestNode(own, { log });
    let second: TestNode | undefined;
    const late = new Receiver();
    try {
      const res = await first.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: PY, stdin: 'later', callbackUrl: `http://127.0.0.1:${port}/later` },
      });
      const { id } = await json<{ id: string }>(res);
      // Nothing listens yet: the first delivery fails, and the node stops with the next one pending in Redis.
      await eventually(async () =>
        lines.some((l) => l.msg === 'callback failed: it will be tried again' && l.id === id),
      );
      await first.close();
      first = undefined;
      await late.start(port);
      second = await startTestNode(own, { log });
      const [got] = await eventually(async () => late.received.length > 0 && late.received, 30_000);
      expect(JSON.parse(got!.body)).toMatchObject({ id, verdict: 'AC' });
      expect(got!.headers[CALLBACK_ATTEMPT_HEADER]).toBe('2');
    } finally {
      await first?.close();
      await second?.close();
      await late.stop();
      await dropTestState(own);
    }
  });
});

describe('callbacks refused', () => {
  it('refuses loopback and private addresses by default, naming why, in both APIs', async () => {
    const strict = testConfig({ callbackSecret: SECRET });
    const other = await startTestNode(strict, { log });
    try {
      for (const [url, what] of [
        [`${origin}/x`, '127.0.0.1, a loopback address'],
        ['http://10.1.2.3/hook', '10.1.2.3, a private address'],
        ['http://169.254.169.254/latest/meta-data', 'a link-local address'],
        ['http://[::1]/x', '::1, a loopback address'],
      ] as const) {
        const res = await other.api('/v1/submissions', {
          method: 'POST',
          json: { language: 'python', source: PY, stdin: '', callbackUrl: url },
        });
        expect(res.status, url).toBe(400);
        const issues = (await json<ErrorEnvelope>(res)).error.issues!;
        expect(issues).toEqual([{ path: 'callbackUrl', message: expect.stringContaining(what) }]);
      }
      const judge0 = await other.api('/submissions', {
        method: 'POST',
        json: { language_id: 71, source_code: PY, callback_url: 'http://192.168.0.1/' },
      });
      expect(judge0.status).toBe(422);
      expect(await json(judge0)).toEqual({ callback_url: [expect.stringContaining('a private address')] });
    } finally {
      await other.close();
      await dropTestState(strict);
    }
  });

  it('refuses callbacks on a node without a callback secret', async () => {
    const off = testConfig({ callbackAllowPrivate: true });
    const other = await startTestNode(off, { log });
    try {
      const res = await other.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: PY, stdin: '', callbackUrl: `${origin}/never` },
      });
      expect(res.status).toBe(400);
      expect((await json<ErrorEnvelope>(res)).error.issues).toEqual([
        {
          path: 'callbackUrl',
          message: 'callbacks are off on this node: it has no callback secret (JUDGE_CALLBACK_SECRET)',
        },
      ]);
    } finally {
      await other.close();
      await dropTestState(off);
    }
  });
});
