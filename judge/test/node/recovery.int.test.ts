import { execFileSync } from 'node:child_process';
import type { ErrorEnvelope, SubmissionResult } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_LABEL, ownerOf } from '../../src/index.js';
import { openDb, SubmissionStore } from '../../src/node/store/index.js';
import {
  dropTestState,
  eventually,
  freePort,
  json,
  memoryLog,
  OwnRedis,
  requireServices,
  spawnCli,
  startTestNode,
  testConfig,
  writeConfigFile,
} from './helpers.js';

// Crashes and restarts with real processes: `judge worker` and `judge serve` started from the CLI
// (build first: npm run build), SIGKILL and SIGTERM, a Redis of the test's own that is killed and
// started again. Real engine, Docker and PostgreSQL.

/** A CPU-bound program that takes about `seconds` and prints "ok". */
const slow = (seconds: number) =>
  `import time\nt = time.process_time()\nwhile time.process_time() - t < ${seconds}:\n    pass\nprint("ok")\n`;
const SLOW_REQUEST = (seconds: number, tag: string) => ({
  language: 'python',
  source: `${slow(seconds)}# ${tag}\n`,
  tests: [{ input: '', output: 'ok' }],
  limits: { timeMs: 10_000 },
});

beforeAll(async () => {
  await requireServices();
});

/** Sandboxes labelled with an owner (a process's `ownerOf`, taken while it is alive). */
function containersOf(owner: string): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${owner}`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

async function exitOf(proc: import('node:child_process').ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  return new Promise((r) => proc.once('exit', (code) => r(code)));
}

describe('a worker killed with SIGKILL mid-job', () => {
  const config = testConfig({ workers: 0, lockDurationMs: 3000, stalledIntervalMs: 1000, logLevel: 'info' });
  afterAll(async () => {
    await dropTestState(config);
  });

  it('has its job taken up again and judged exactly once; its containers are reaped', async () => {
    const api = await startTestNode({ ...config, logLevel: 'silent' });
    const file = writeConfigFile({ ...config, port: undefined, host: undefined } as never);
    const first = spawnCli(['worker', '--workers', '1', '--config', file]);
    let second: ReturnType<typeof spawnCli> | undefined;
    try {
      await eventually(
        async () => first.lines.some((l) => l.msg === 'started'),
        60_000,
        `the first worker to start: ${first.output()}`,
      );
      const res = await api.api('/v1/submissions', { method: 'POST', json: SLOW_REQUEST(2.5, 'sigkill') });
      const { id } = await json<{ id: string }>(res);
      await eventually(async () => (await api.submissions.get(id))?.status === 'running', 30_000, 'the job to run');
      const owner = ownerOf(first.proc.pid!);
      expect(containersOf(owner).length).toBeGreaterThan(0);
      first.proc.kill('SIGKILL');
      await exitOf(first.proc);
      expect((await api.submissions.get(id))?.status).toBe('running');

      second = spawnCli(['worker', '--workers', '1', '--config', file]);
      const done = await eventually(
        async () => {
          const r = await api.submissions.get(id);
          return r?.status === 'done' ? r : undefined;
        },
        60_000,
        'the job to be judged again',
      );
      expect(done).toMatchObject({ verdict: 'AC', score: 100 });
      expect(done.tests).toHaveLength(1);
      const attempts = await api.db.query<{ attempt: number }>('select attempt from submissions where id = $1', [id]);
      expect(attempts[0]!.attempt).toBe(2);
      const doneLines = (l: Record<string, unknown>) => l.id === id && l.status === 'done';
      expect(first.lines.filter(doneLines)).toHaveLength(0);
      expect(second.lines.filter(doneLines)).toHaveLength(1);
      expect(await api.queue.state(id)).toMatchObject({ state: 'completed' });
      // The new worker's engine reaped the dead one's sandboxes.
      expect(containersOf(owner)).toEqual([]);
    } finally {
      first.proc.kill('SIGKILL');
      second?.proc.kill('SIGTERM');
      if (second) await exitOf(second.proc);
      await api.close();
    }
  });
});

describe('SIGTERM', () => {
  const config = testConfig({ workers: 1, logLevel: 'info' });
  afterAll(async () => {
    await dropTestState(config);
  });

  it('stops `judge serve` gracefully: the running job finishes first, then the process exits 0', async () => {
    const port = await freePort();
    const file = writeConfigFile({ ...config, port });
    const serve = spawnCli(['serve', '--config', file]);
    try {
      await eventually(async () => serve.lines.some((l) => l.msg === 'started'), 60_000, `serve: ${serve.output()}`);
      const base = `http://127.0.0.1:${port}`;
      const res = await fetch(`${base}/v1/submissions`, {
        method: 'POST',
        body: JSON.stringify(SLOW_REQUEST(2, 'sigterm')),
      });
      const { id } = await json<{ id: string }>(res);
      await eventually(
        async () => serve.lines.some((l) => l.id === id && l.status === 'running'),
        30_000,
        'the job to run',
      );
      serve.proc.kill('SIGTERM');
      expect(await exitOf(serve.proc)).toBe(0);
      const msgs = serve.lines.map((l) => l.msg);
      expect(msgs).toContain('stopped');
      expect(serve.lines.findIndex((l) => l.id === id && l.status === 'done')).toBeGreaterThan(
        msgs.indexOf('stopping: finishing running jobs'),
      );
      const db = await openDb({ url: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
      try {
        expect(await new SubmissionStore(db).get(id)).toMatchObject({ status: 'done', verdict: 'AC' });
      } finally {
        await db.close();
      }
    } finally {
      serve.proc.kill('SIGKILL');
    }
  });
});

describe('Redis restarting', () => {
  let redis: OwnRedis;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    config = testConfig({ redisUrl: redis.url, workers: 1, sweepIntervalMs: 500, sweepGraceMs: 1000 });
  });

  afterAll(async () => {
    await dropTestState(config);
    await redis.stop();
  });

  it('refuses work while Redis is down, reconnects, and re-queues what the restart lost', async () => {
    const { log, lines } = memoryLog();
    const node = await startTestNode(config, { log });
    try {
      const warm = await node.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: 'print(1)' },
      });
      expect(warm.status).toBe(200);

      // One job running, one waiting behind it (one worker slot), then Redis dies with all its data.
      const running = (
        await json<{ id: string }>(
          await node.api('/v1/submissions', { method: 'POST', json: SLOW_REQUEST(2, 'redis-a') }),
        )
      ).id;
      const waiting = (
        await json<{ id: string }>(
          await node.api('/v1/submissions', { method: 'POST', json: SLOW_REQUEST(0.2, 'redis-b') }),
        )
      ).id;
      await eventually(async () => (await node.submissions.get(running))?.status === 'running', 30_000, 'a job to run');
      await redis.stop();

      const refused = await node.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: 'print(2)' },
      });
      expect(refused.status).toBe(503);
      expect((await json<ErrorEnvelope>(refused)).error.code).toBe('redis_unavailable');
      const health = await node.api('/health');
      expect(health.status).toBe(503);
      expect(((await health.json()) as { failing: string[] }).failing).toContain('redis');

      await redis.start();
      const after = await eventually(
        async () => {
          const res = await node.api('/v1/submissions?wait=true', {
            method: 'POST',
            json: { language: 'python', source: 'print(3)' },
          });
          return res.status === 200 ? json<SubmissionResult>(res) : undefined;
        },
        60_000,
        'the node to take submissions again',
      );
      expect(after.verdict).toBe('AC');

      for (const id of [running, waiting]) {
        const r = await eventually(
          async () => {
            const s = await node.submissions.get(id);
            return s?.status === 'done' ? s : undefined;
          },
          60_000,
          `submission ${id} to finish after the restart`,
        );
        expect(r.verdict).toBe('AC');
      }
      expect(lines.some((l) => l.id === waiting && l.event === 'requeued')).toBe(true);
      await eventually(async () => (await node.api('/health')).status === 200, 20_000, 'health to recover');
    } finally {
      await node.close();
    }
  });
});
