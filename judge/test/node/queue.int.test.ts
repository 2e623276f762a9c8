import { SseParser, type SubmissionEvent, toSubmissionEvent } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeEvents, JudgeOutcome, JudgeRequest } from '../../src/engine/index.js';
import { loadPacks, PackRegistry } from '../../src/languages/index.js';
import { JOB_ATTEMPTS } from '../../src/node/queue/index.js';
import {
  dropTestState,
  eventually,
  json,
  LANGUAGES_DIR,
  memoryLog,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// Focused queue tests: a STAND-IN judge function replaces the engine here (and only here), so that
// delivery counts and infrastructure failures can be observed. Redis, PostgreSQL and BullMQ are real.
// The judging path through the real engine and Docker is covered by api/recovery tests.

const calls = new Map<string, number>();
let failing = false;

async function standInJudge(req: JudgeRequest, events: JudgeEvents, signal?: AbortSignal): Promise<JudgeOutcome> {
  calls.set(req.source, (calls.get(req.source) ?? 0) + 1);
  if (req.source.startsWith('hang')) {
    // Judges until stopped, as the engine does once its signal fires: IE.
    await new Promise((r) => signal?.addEventListener('abort', r, { once: true }));
    return { verdict: 'IE', score: 0, tests: [], timeMs: 0, memoryKb: 0, error: 'stopped' };
  }
  if (failing && req.source.startsWith('fail')) throw new Error('the Docker engine went away');
  if (req.source.startsWith('progress')) {
    // A first batch of progress, written; then the rest of the judging once the test lets it go.
    events.onStatus?.('compiling');
    await gate;
  }
  events.onStatus?.('running');
  const test = {
    index: 1,
    verdict: 'AC' as const,
    timeMs: 1,
    wallMs: 1,
    memoryKb: 1,
    exitCode: 0,
    signal: null,
    stdout: 'ok',
  };
  events.onTest?.(test);
  return { verdict: 'AC', score: 100, tests: [test], timeMs: 1, memoryKb: 1 };
}

/** Holds the `progress` stand-in's judging until the test releases it. */
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();

let node: TestNode;
const { log, lines } = memoryLog();
const config = testConfig({ workers: 2, sweepIntervalMs: 60_000, sweepGraceMs: 0 });

beforeAll(async () => {
  await requireServices();
  const { packs } = await loadPacks(LANGUAGES_DIR);
  node = await startTestNode(config, { log, standIn: { judge: standInJudge, registry: new PackRegistry(packs) } });
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

describe('the queue', () => {
  it('uses the submission id as the job id: enqueues repeated and sweeps judge it once', async () => {
    const source = `once ${Date.now()}`;
    const res = await node.api('/v1/submissions?wait=true', { method: 'POST', json: { language: 'python', source } });
    expect(res.status).toBe(200);
    const { id } = await json<{ id: string }>(res);
    const job = await node.queue.queue.getJob(id);
    expect(job?.id).toBe(id);
    expect(node.queue.name).toBe(config.queueName);

    await node.queue.add(id);
    await node.queue.add(id);
    // Even when Redis has forgotten the job, a done submission is never judged again.
    await node.queue.remove(id);
    await node.queue.add(id);
    await eventually(async () => (await node.queue.state(id)).state === 'completed', 10_000, 'the re-added job');
    expect(await node.sweeper.sweep()).toMatchObject({ requeued: [] });
    expect(calls.get(source)).toBe(1);
    expect((await json<{ status: string }>(await node.api(`/v1/submissions/${id}`))).status).toBe('done');
  });

  it('retries an infrastructure failure, then ends the submission as IE instead of leaving it queued', async () => {
    failing = true;
    try {
      const source = `fail ${Date.now()}`;
      const res = await node.api('/v1/submissions', { method: 'POST', json: { language: 'python', source } });
      const { id } = await json<{ id: string }>(res);
      const result = await eventually(
        async () => {
          const r = await json<{ status: string; verdict?: string; error?: string }>(
            await node.api(`/v1/submissions/${id}`),
          );
          return r.status === 'done' ? r : undefined;
        },
        30_000,
        'the failed job to end',
      );
      expect(result).toMatchObject({ verdict: 'IE' });
      expect(result.error).toMatch(/Docker engine went away/);
      expect(calls.get(source)).toBe(JOB_ATTEMPTS);
      expect(lines.some((l) => l.level === 'error' && l.id === id && l.verdict === 'IE')).toBe(true);
      const metrics = await (await node.api('/metrics')).text();
      expect(metrics).toMatch(/code_execution_internal_errors_total\{language="python"\} [1-9]/);
    } finally {
      failing = false;
    }
  });

  it("publishes the judging's last progress with the verdict without writing it: every event streamed, the result whole", async () => {
    const source = `progress ${Date.now()}`;
    gate = new Promise((r) => {
      release = r;
    });
    const written: string[] = [];
    const store = node.submissions;
    const progress = store.progress.bind(store);
    store.progress = async (id, attempt, p) => {
      written.push(
        [p.status, p.compile && 'compile', ...(p.tests ?? []).map((t) => `test ${t.index}`)].filter(Boolean).join('+'),
      );
      return progress(id, attempt, p);
    };
    try {
      const { id } = await json<{ id: string }>(
        await node.api('/v1/submissions', { method: 'POST', json: { language: 'python', source } }),
      );
      await eventually(async () => (await store.get(id))?.status === 'compiling', 10_000, 'the first batch written');
      // The stream is open (its first frame, the state so far, has come) before the judging goes on.
      const res = await node.api(`/v1/submissions/${id}/events`);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const parser = new SseParser();
      const events = [...parser.push(text), ...parser.end()]
        .filter((f) => f.type === 'message')
        .map((f) => toSubmissionEvent(f) as SubmissionEvent);
      const names = events.map((e) =>
        e.event === 'status' ? `status ${(e.data as { status: string }).status}` : e.event,
      );
      expect(names).toEqual(['status compiling', 'status running', 'test', 'done']);
      expect(events.at(-1)!.data).toMatchObject({
        id,
        status: 'done',
        verdict: 'AC',
        tests: [{ index: 1, verdict: 'AC' }],
      });
      // The test's batch went out with the verdict: written only in the result, never as progress.
      expect(written[0]).toBe('compiling');
      expect(written.some((w) => w.includes('test'))).toBe(false);
      expect(await store.get(id)).toMatchObject({ status: 'done', tests: [{ index: 1, verdict: 'AC', stdout: 'ok' }] });
    } finally {
      store.progress = progress;
      release();
    }
  });

  it("stops a judging at the job's time limit and says so", async () => {
    const { packs } = await loadPacks(LANGUAGES_DIR);
    const short = testConfig({ workers: 1, jobTimeoutMs: 1000 });
    const other = await startTestNode(short, {
      standIn: { judge: standInJudge, registry: new PackRegistry(packs) },
    });
    try {
      const res = await other.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: `hang ${Date.now()}` },
      });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ status: 'done', verdict: 'IE', error: 'judging took over 1000 ms' });
    } finally {
      await other.close();
      await dropTestState(short);
    }
  });

  it('queues again what Redis lost: the sweeper compares PostgreSQL with the queue', async () => {
    await node.close();
    // An API-only node: the submission is stored and queued, then its job is lost.
    const { packs } = await loadPacks(LANGUAGES_DIR);
    const registry = new PackRegistry(packs);
    const apiOnly = await startTestNode({ ...config, workers: 0 }, { standIn: { judge: standInJudge, registry } });
    const source = `lost ${Date.now()}`;
    let id: string;
    try {
      id = (
        await json<{ id: string }>(
          await apiOnly.api('/v1/submissions', { method: 'POST', json: { language: 'python', source } }),
        )
      ).id;
      await apiOnly.queue.remove(id);
      expect((await apiOnly.queue.state(id)).state).toBe('missing');
      const report = await apiOnly.sweeper.sweep();
      expect(report?.requeued).toContain(id);
      expect((await apiOnly.queue.state(id)).state).toBe('waiting');
    } finally {
      await apiOnly.close();
    }
    node = await startTestNode(config, { log, standIn: { judge: standInJudge, registry } });
    await eventually(async () => (await node.submissions.get(id))?.status === 'done', 10_000, 'the swept job');
    expect(calls.get(source)).toBe(1);
  });
});
