import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ErrorEnvelope,
  IDEMPOTENCY_KEY_MAX,
  IDEMPOTENCY_KEY_MESSAGE,
  type ProblemInfo,
  SseParser,
  type SubmissionEvent,
  type SubmissionResult,
  toSubmissionEvent,
} from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerTiming } from '../../src/node/metrics/stages.js';
import { loadProblem, uploadFromLoaded } from '../../src/problems/index.js';
import { TESTCASES_DIR } from '../support.js';
import {
  dropTestState,
  json,
  memoryLog,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// The API end to end: real Redis, PostgreSQL, BullMQ workers and the real engine on Docker.

const ADMIN = 'admin-token-for-tests';
const PY_SUM = 'a, b = map(int, input().split())\nprint(a + b)\n';
const CPP_SUM = '#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}\n';
const JAVA_HI = 'public class Main { public static void main(String[] a) { System.out.println("hi"); } }\n';

let node: TestNode;
const { log, lines } = memoryLog();
const config = testConfig({ adminToken: ADMIN, bodyLimitKb: 256 });

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config, { log });
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

async function submitAndWait(body: unknown): Promise<SubmissionResult> {
  const res = await node.api('/v1/submissions?wait=true', { method: 'POST', json: body });
  expect(res.status).toBe(200);
  return json<SubmissionResult>(res);
}

describe('health, languages, OpenAPI', () => {
  it('reports Redis, the database and the workers as usable', async () => {
    const res = await node.api('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      redis: 'ok',
      database: 'ok (postgres)',
      workers: { processes: 1, slots: 2 },
    });
  });

  it('lists the language packs', async () => {
    const langs = await json<{ id: string; compiled: boolean; aliases: string[] }[]>(await node.api('/v1/languages'));
    const ids = langs.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['c', 'cpp', 'python', 'javascript', 'java']));
    expect(langs.find((l) => l.id === 'cpp')?.compiled).toBe(true);
    expect(langs.find((l) => l.id === 'python')?.compiled).toBe(false);
  });

  it('serves an OpenAPI document generated from the zod schemas', async () => {
    const doc = await json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    }>(await node.api('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/submissions',
        '/v1/submissions/{id}/events',
        '/v1/problems/{id}',
        '/api/v2/execute',
      ]),
    );
    const req = doc.components.schemas.SubmissionRequest!;
    expect(Object.keys(req.properties ?? {})).toEqual(
      expect.arrayContaining(['language', 'source', 'stdin', 'tests', 'problem', 'limits', 'checker']),
    );
    expect(req.required).toEqual(['language', 'source']);
  });
});

describe('submissions', () => {
  it('queues (202), then serves the result at every stage until done', async () => {
    const res = await node.api('/v1/submissions', {
      method: 'POST',
      json: { language: 'py', source: PY_SUM, tests: [{ input: '1 2', output: '3' }] },
    });
    expect(res.status).toBe(202);
    const { id, status } = await json<{ id: string; status: string }>(res);
    expect(status).toBe('queued');
    expect(res.headers.get('location')).toBe(`/v1/submissions/${id}`);
    let result: SubmissionResult | undefined;
    for (let i = 0; i < 300; i++) {
      result = await json<SubmissionResult>(await node.api(`/v1/submissions/${id}`));
      expect(['queued', 'compiling', 'running', 'done']).toContain(result.status);
      if (result.status === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(result).toMatchObject({ id, status: 'done', verdict: 'AC', score: 100, language: 'python' });
    expect(result?.tests).toHaveLength(1);
    const states = lines.filter((l) => l.msg === 'submission' && l.id === id).map((l) => l.status);
    expect(states[0]).toBe('queued');
    expect(states.at(-1)).toBe('done');
    expect(states).toContain('running');
  });

  it('judges a request retried with the same Idempotency-Key once', async () => {
    const key = `retry-${Date.now()}`;
    const body = { language: 'python', source: PY_SUM, tests: [{ input: '2 2', output: '4' }] };
    const post = (b: unknown, k = key) =>
      node.api('/v1/submissions?wait=true', { method: 'POST', json: b, headers: { 'idempotency-key': k } });
    const [first, second] = await Promise.all([post(body), post(body)]);
    const a = await json<SubmissionResult>(first);
    const b = await json<SubmissionResult>(second);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ status: 'done', verdict: 'AC' });
    expect(b).toMatchObject({ status: 'done', verdict: 'AC' });
    const third = await json<SubmissionResult>(await post(body));
    expect(third.id).toBe(a.id);
    const judged = lines.filter((l) => l.msg === 'submission' && l.id === a.id && l.status === 'done');
    expect(judged).toHaveLength(1);
    // Another body under the same key is another submission; a malformed key is refused.
    expect((await json<SubmissionResult>(await post({ ...body, source: `${PY_SUM}\n` }))).id).not.toBe(a.id);
    // The longest key the contract allows is taken (the edge sends up to that); one longer is refused.
    expect((await post(body, 'k'.repeat(IDEMPOTENCY_KEY_MAX))).status).toBe(200);
    const long = await post(body, 'k'.repeat(IDEMPOTENCY_KEY_MAX + 1));
    expect(long.status).toBe(400);
    expect((await json<ErrorEnvelope>(long)).error.message).toBe(IDEMPOTENCY_KEY_MESSAGE);
  });

  it('answers ?wait=true with the finished result, across languages and verdicts', async () => {
    const cpp = await submitAndWait({
      language: 'c++',
      source: CPP_SUM,
      tests: [
        { input: '1 2', output: '3' },
        { input: '2 2', output: '5' },
      ],
    });
    expect(cpp).toMatchObject({ status: 'done', verdict: 'WA', score: 50, language: 'cpp' });
    expect(cpp.compile?.exitCode).toBe(0);
    expect(cpp.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);

    const java = await submitAndWait({ language: 'java', source: JAVA_HI });
    expect(java).toMatchObject({ verdict: 'AC', tests: [{ stdout: 'hi\n', exitCode: 0 }] });
    // The limits that applied: the node's defaults where the request sets none.
    expect(java.limits).toEqual(config.defaults);

    const ce = await submitAndWait({ language: 'cpp', source: 'int main( {' });
    expect(ce.verdict).toBe('CE');
    expect(ce.compile?.output).toMatch(/error/);

    const tle = await submitAndWait({ language: 'python', source: 'while True: pass\n', limits: { timeMs: 300 } });
    expect(tle.verdict).toBe('TLE');
    expect(tle.limits).toEqual({ ...config.defaults, timeMs: 300 });

    const js = await submitAndWait({
      language: 'js',
      source: 'console.log(require("fs").readFileSync(0, "utf8").trim().split("").reverse().join(""))',
      stdin: 'abc',
    });
    expect(js.tests[0]).toMatchObject({ verdict: 'AC', stdout: 'cba\n' });
  });

  it('answers 202 with the current state when the verdict takes longer than the maximum wait', async () => {
    const short = testConfig({
      maxWaitMs: 200,
      workers: 0,
      queueName: config.queueName,
      databaseSchema: config.databaseSchema,
    });
    const api = await startTestNode(short);
    try {
      const res = await api.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: 'import time\ntime.sleep(1.5)\nprint(1)\n', limits: { timeMs: 3000 } },
      });
      expect(res.status).toBe(202);
      const body = await json<SubmissionResult>(res);
      expect(body.status).not.toBe('done');
      expect(body.id).toBeTruthy();
    } finally {
      await api.close();
    }
  });

  it('rejects an invalid submission with 400 listing every issue', async () => {
    const res = await node.api('/v1/submissions', {
      method: 'POST',
      json: { language: 'cobol', source: '', tests: [], limits: { timeMs: 0 }, extra: 1 },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorEnvelope>(res);
    expect(body.error.code).toBe('invalid_request');
    const paths = body.error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['source', 'tests', 'limits.timeMs', 'language', '(root)']));
  });

  it('rejects unknown references (language, problem) together, and bad JSON', async () => {
    const res = await node.api('/v1/submissions', {
      method: 'POST',
      json: { language: 'cobol', source: 'x', problem: 'nope' },
    });
    expect(res.status).toBe(400);
    const issues = (await json<ErrorEnvelope>(res)).error.issues!;
    expect(issues.map((i) => i.path).sort()).toEqual(['language', 'problem']);
    const bad = await node.api('/v1/submissions', {
      method: 'POST',
      body: '{"language":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect((await json<ErrorEnvelope>(bad)).error.code).toBe('bad_json');
  });

  it('answers 404 for unknown ids and routes, 413 past the body limit', async () => {
    const missing = await node.api('/v1/submissions/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect((await json<ErrorEnvelope>(missing)).error.code).toBe('not_found');
    expect((await node.api('/v1/submissions/nope/events')).status).toBe(404);
    expect((await node.api('/v2/whatever')).status).toBe(404);
    const big = await node.api('/v1/submissions', {
      method: 'POST',
      json: { language: 'python', source: 'print(1)', tests: [{ input: 'x'.repeat(300 * 1024), output: '' }] },
    });
    expect(big.status).toBe(413);
    expect((await json<ErrorEnvelope>(big)).error.code).toBe('too_large');
  });
});

describe('programs of several files, arguments, stop at the first failure', () => {
  it('judges a program of several files with arguments', async () => {
    const r = await submitAndWait({
      language: 'python',
      source: 'import sys, greet\nprint(greet.hello(sys.argv[1:]))\n',
      files: [{ name: 'greet.py', content: 'def hello(names):\n    return "hello " + ", ".join(names)\n' }],
      args: ['Ada', 'Alan Turing'],
      stdin: '',
    });
    expect(r).toMatchObject({ verdict: 'AC', tests: [{ stdout: 'hello Ada, Alan Turing\n' }] });
  });

  it("refuses every issue of the program's language at once: a file named like the source, options it does not allow", async () => {
    const res = await node.api('/v1/submissions', {
      method: 'POST',
      json: {
        language: 'c',
        source: 'int main(void){return 0;}',
        files: [{ name: 'main.c', content: '' }],
        compilerOptions: ['-O2', '-o/tmp/elsewhere'],
      },
    });
    expect(res.status).toBe(400);
    const issues = (await json<ErrorEnvelope>(res)).error.issues!;
    expect(issues.map((i) => i.path)).toEqual(['files.0.name', 'compilerOptions.1']);
  });

  it("stops at the first failure when the problem says so, marking the rest SKIP; a request's stopOnFailure wins", async () => {
    const tests = ['1', '2', '3'].map((n) => ({ name: `0${n}`, input: `${n}\n`, output: `${n}\n` }));
    const put = await node.api('/v1/problems/icpc-echo', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}` },
      json: { problem: { id: 'icpc-echo', stopOnFailure: true }, tests },
    });
    expect(put.status).toBe(201);
    expect(await json<ProblemInfo>(await node.api('/v1/problems/icpc-echo'))).toMatchObject({ stopOnFailure: true });
    const wrong = 'n = input()\nprint("x" if n == "1" else n)\n';
    const stopped = await submitAndWait({ language: 'python', source: wrong, problem: 'icpc-echo' });
    expect(stopped.verdict).toBe('WA');
    expect(stopped.tests.map((t) => t.verdict)).toEqual(['WA', 'SKIP', 'SKIP']);
    const all = await submitAndWait({ language: 'python', source: wrong, problem: 'icpc-echo', stopOnFailure: false });
    expect(all.tests.map((t) => t.verdict)).toEqual(['WA', 'AC', 'AC']);
  });
});

describe('events', () => {
  /** The stream, read with the contract's parser: every event must fit the contract's schema of its data. */
  async function readEvents(id: string): Promise<SubmissionEvent[]> {
    const res = await node.api(`/v1/submissions/${id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const parser = new SseParser();
    const frames = [...parser.push(await res.text()), ...parser.end()]; // the stream ends after `done`
    return frames
      .filter((f) => f.type === 'message')
      .map((f) => {
        const e = toSubmissionEvent(f);
        expect(e, JSON.stringify(f)).toBeDefined();
        return e as SubmissionEvent;
      });
  }

  it('streams status changes and each finished test live, and ends after done', async () => {
    const source = `${CPP_SUM}// events ${Date.now()}\n`;
    const submitted = await node.api('/v1/submissions', {
      method: 'POST',
      json: {
        language: 'cpp',
        source,
        tests: [
          { input: '1 1', output: '2' },
          { input: '2 2', output: '4' },
          { input: '3 3', output: '7' },
        ],
      },
    });
    const { id } = await json<{ id: string }>(submitted);
    const events = await readEvents(id);
    const names = events.map((e) => e.event);
    expect(names.at(-1)).toBe('done');
    expect(names.filter((n) => n === 'test')).toHaveLength(3);
    expect(names).toContain('compile');
    const statuses = events.filter((e) => e.event === 'status').map((e) => (e.data as { status: string }).status);
    expect(statuses.at(-1)).toBe('running');
    expect(names.indexOf('compile')).toBeLessThan(names.indexOf('test'));
    expect(events.filter((e) => e.event === 'test').map((e) => (e.data as { index: number }).index)).toEqual([1, 2, 3]);
    expect(events.at(-1)!.data).toMatchObject({ id, status: 'done', verdict: 'WA' });
    expect((events.at(-1)!.data as SubmissionResult).score).toBeCloseTo(66.67, 1);
  });

  it('replays a finished submission: its tests, then done', async () => {
    const r = await submitAndWait({ language: 'python', source: 'print(input())', stdin: 'x' });
    const events = await readEvents(r.id);
    expect(events.map((e) => e.event)).toEqual(['test', 'done']);
    expect(events[1]!.data).toEqual(r);
  });
});

describe('problems', () => {
  it('refuses uploads without the admin token', async () => {
    const upload = await uploadFromLoaded(await loadProblem(join(TESTCASES_DIR, 'aplusb')));
    expect((await node.api('/v1/problems/aplusb', { method: 'PUT', json: upload })).status).toBe(401);
    const wrong = await node.api('/v1/problems/aplusb', {
      method: 'PUT',
      json: upload,
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
  });

  it('stores an uploaded problem, lists and reads its metadata, and judges against it without showing hidden data', async () => {
    const upload = await uploadFromLoaded(await loadProblem(join(TESTCASES_DIR, 'aplusb')));
    const auth = { authorization: `Bearer ${ADMIN}` };
    const put = await node.api('/v1/problems/aplusb', { method: 'PUT', json: upload, headers: auth });
    expect(put.status).toBe(201);
    const again = await node.api('/v1/problems/aplusb', { method: 'PUT', json: upload, headers: auth });
    expect(again.status).toBe(200);
    expect((await json<{ version: number }>(again)).version).toBe(2);

    const info = await json<ProblemInfo>(await node.api('/v1/problems/aplusb'));
    expect(info).toMatchObject({ id: 'aplusb', tests: upload.tests.length, samples: upload.problem.samples });
    expect(JSON.stringify(info)).not.toContain(upload.tests.at(-1)!.output?.trim() || '\u0000');
    expect(Object.keys(info)).not.toContain('tests_data');
    expect((await json<ProblemInfo[]>(await node.api('/v1/problems'))).map((p) => p.id)).toContain('aplusb');
    expect((await node.api('/v1/problems/nope')).status).toBe(404);

    const r = await submitAndWait({ language: 'python', source: PY_SUM, problem: 'aplusb' });
    expect(r).toMatchObject({ verdict: 'AC', score: 100, problem: 'aplusb', limits: upload.problem.limits });
    expect(r.tests).toHaveLength(upload.tests.length);
    const samples = new Set(upload.problem.samples);
    upload.tests.forEach((t, i) => {
      const shown = r.tests[i]!;
      if (samples.has(t.name)) expect(shown.stdout).toBeDefined();
      else expect(shown.stdout).toBeUndefined();
    });
  });

  it('stores an interactive problem, shows it as such (never its interactor) and judges with its interactor', async () => {
    const loaded = await loadProblem(join(TESTCASES_DIR, 'guess'));
    const upload = await uploadFromLoaded(loaded);
    const put = await node.api('/v1/problems/guess', {
      method: 'PUT',
      json: upload,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const info = await json<ProblemInfo>(await node.api('/v1/problems/guess'));
    expect(info).toMatchObject({ id: 'guess', interactive: true, tests: loaded.tests.length });
    expect(info.checker).toBeUndefined();
    expect(JSON.stringify(info)).not.toContain('interactor');

    const solution = (name: string) => readFile(join(TESTCASES_DIR, 'guess', 'solutions', name), 'utf8');
    const ac = await submitAndWait({ language: 'cpp', source: await solution('ac.cpp'), problem: 'guess' });
    expect(ac, ac.error).toMatchObject({ verdict: 'AC', score: 100, problem: 'guess' });
    expect(ac.tests[0]?.message).toMatch(/^ok: found in \d+ guesses$/);
    expect(ac.tests[1]?.message).toBeUndefined();
    const wa = await submitAndWait({ language: 'python', source: await solution('wa.py'), problem: 'guess' });
    expect(wa.verdict).toBe('WA');
    expect(wa.tests.filter((t) => t.verdict === 'WA').map((t) => t.message)).toEqual(
      expect.arrayContaining(['wrong answer']),
    );
  });

  it('rejects an invalid problem with every issue', async () => {
    const res = await node.api('/v1/problems/mismatch', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}` },
      json: { problem: { id: 'other', samples: ['9'] }, tests: [{ name: '1', input: '', output: '' }] },
    });
    expect(res.status).toBe(400);
    const paths = (await json<ErrorEnvelope>(res)).error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['problem.id', 'problem.samples.0']));
  });

  it('judges subtasks of an uploaded problem', async () => {
    const res = await node.api('/v1/problems/half', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}` },
      json: {
        problem: {
          id: 'half',
          subtasks: [
            { name: 'small', score: 30, tests: ['1'] },
            { name: 'large', score: 70, tests: ['2'] },
          ],
        },
        tests: [
          { name: '1', input: '1 1', output: '2' },
          { name: '2', input: '5 5', output: '11' },
        ],
      },
    });
    expect(res.status).toBe(201);
    const r = await submitAndWait({ language: 'python', source: PY_SUM, problem: 'half' });
    expect(r).toMatchObject({ verdict: 'WA', score: 30 });
    expect(r.subtasks?.map((s) => [s.name, s.score])).toEqual([
      ['small', 30],
      ['large', 0],
    ]);
  });
});

describe('where the time goes', () => {
  it("answers ?wait=true with each stage's time (Server-Timing) and observes them in the stage histogram", async () => {
    const res = await node.api('/v1/submissions?wait=true', {
      method: 'POST',
      json: { language: 'python', source: PY_SUM, tests: [{ input: '4 5', output: '9' }] },
    });
    expect(res.status).toBe(200);
    const stages = parseServerTiming(res.headers.get('server-timing'));
    // The API's, the queue's, the worker's and the engine's steps of this one submission.
    expect(Object.keys(stages)).toEqual(
      expect.arrayContaining([
        'accept',
        'store',
        'enqueue',
        'pickup',
        'claim',
        'acquire',
        'compile',
        'run',
        'check',
        'save',
      ]),
    );
    expect(Object.keys(stages)).toEqual(expect.arrayContaining(['notify', 'respond']));
    for (const ms of Object.values(stages)) expect(ms).toBeGreaterThanOrEqual(0);
    // The run took at least the time the runner measured for the test.
    const r = await json<SubmissionResult>(res);
    expect(stages.run!).toBeGreaterThanOrEqual(r.tests[0]!.wallMs - 1);
    const text = await (await node.api('/metrics')).text();
    for (const stage of ['accept', 'store', 'enqueue', 'pickup', 'run', 'save', 'notify']) {
      expect(text).toMatch(new RegExp(`code_execution_stage_seconds_count\\{stage="${stage}"\\} [1-9]`));
    }
  });
});

describe('metrics', () => {
  it("exports the node's metrics with observed jobs", async () => {
    const text = await (await node.api('/metrics')).text();
    for (const name of [
      'code_execution_queue_depth',
      'code_execution_queue_wait_seconds_bucket',
      'code_execution_active_jobs',
      'code_execution_workers 2',
      'code_execution_job_duration_seconds_bucket{le="0.05",language="python",verdict="AC"}',
      'http_requests_total{method="POST",route="/v1/submissions",status="202"}',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/code_execution_job_duration_seconds_count\{language="cpp",verdict="CE"\} [1-9]/);
  });

  it('exports what the dashboard computes: latency to the verdict, busy slots of slots, sandbox CPU', async () => {
    const text = await (await node.api('/metrics')).text();
    const value = (re: RegExp) => Number(text.match(re)?.[1] ?? Number.NaN);
    expect(value(/^code_execution_process_worker_slots (\S+)$/m)).toBe(2);
    // Every judged python submission is one latency observation, at least as long as its judging.
    const judged = value(/^code_execution_job_duration_seconds_count\{language="python",verdict="AC"\} (\S+)$/m);
    const observed = text
      .match(/^code_execution_job_duration_seconds_count\{language="python",verdict="\w+"\} \S+$/gm)!
      .reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
    expect(judged).toBeGreaterThan(0);
    expect(value(/^code_execution_submission_latency_seconds_count\{language="python"\} (\S+)$/m)).toBe(observed);
    expect(value(/^code_execution_submission_latency_seconds_sum\{language="python"\} (\S+)$/m)).toBeGreaterThanOrEqual(
      value(/^code_execution_job_duration_seconds_sum\{language="python",verdict="AC"\} (\S+)$/m),
    );
    expect(value(/^code_execution_sandbox_cpu_seconds_total\{language="python"\} (\S+)$/m)).toBeGreaterThan(0);
    expect(text).toContain('code_execution_jobs_stalled_total 0');
    expect(text).toContain('code_execution_workers_lost_total 0');
  });
});

describe('on the embedded PGlite', () => {
  it('judges with no DATABASE_URL, with the same API', async () => {
    const cfg = testConfig({ databaseUrl: undefined, workers: 1 });
    const embedded = await startTestNode(cfg);
    try {
      expect(embedded.db.kind).toBe('pglite');
      const res = await embedded.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: PY_SUM, tests: [{ input: '2 3', output: '5' }] },
      });
      expect(res.status).toBe(200);
      const r = await json<SubmissionResult>(res);
      expect(r).toMatchObject({ status: 'done', verdict: 'AC' });
      expect(await json(await embedded.api(`/v1/submissions/${r.id}`))).toEqual(r);
      expect(await json(await embedded.api('/health'))).toMatchObject({ database: 'ok (pglite)' });
    } finally {
      await embedded.close();
      await dropTestState(cfg);
    }
  });
});
