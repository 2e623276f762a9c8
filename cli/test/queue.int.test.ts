import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Heartbeat } from '@judge/judge/node';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueReport } from '../src/commands/queue.js';

// `judge queue` against a real Redis holding a BullMQ queue in every state, and the redis-cli
// lines of docs/operations.md run against the same queue: both must give the same numbers.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'cli', 'bin', 'run.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `test-queue-${randomUUID().slice(0, 8)}`;

let redis: Redis;
let queue: Queue;
let worker: Worker;
let release: () => void;
const heartbeats: Heartbeat[] = [];

/**
 * Runs a command without blocking this process: the heartbeats of the test's fake workers keep
 * beating meanwhile (a blocked event loop would let them expire).
 */
function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, error: error && typeof error.code !== 'number' ? error : undefined });
    });
  });
}

const judge = (args: string[]) => run(process.execPath, [BIN, ...args]);

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await redis.ping().catch((e: Error) => {
    throw new Error(`Redis is needed at ${REDIS_URL} (scripts/bootstrap.sh starts it): ${e.message}`);
  });
  queue = new Queue(name, { connection: redis });
  // One job fails, one stays active (its worker holds it), then 3 wait, 1 is prioritized, 2 are delayed.
  await queue.add('judge', { id: 'fails' }, { attempts: 1 });
  const held = new Promise<void>((r) => {
    release = r;
  });
  let failedOne: () => void;
  const failed = new Promise<void>((r) => {
    failedOne = r;
  });
  worker = new Worker(
    name,
    async (job) => {
      if (job.data.id === 'fails') throw new Error('on purpose');
      await held;
    },
    { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), concurrency: 1 },
  );
  worker.on('failed', () => failedOne());
  await failed;
  await queue.add('judge', { id: 'active' });
  await new Promise<void>((r) => {
    const poll = async () => ((await queue.getActiveCount()) === 1 ? r() : setTimeout(poll, 50));
    void poll();
  });
  for (const id of ['w1', 'w2', 'w3']) await queue.add('judge', { id });
  await queue.add('judge', { id: 'p' }, { priority: 5 });
  for (const id of ['d1', 'd2']) await queue.add('judge', { id }, { delay: 600_000 });
  // Two worker processes, one of them calibrated.
  for (const [slots, factor] of [
    [2, undefined],
    [4, 1.5],
  ] as const) {
    const h = new Heartbeat(redis, `bull:${name}:judge-workers`);
    h.start(slots, factor);
    heartbeats.push(h);
  }
  await new Promise<void>((r) => {
    const poll = async () => ((await redis.hlen(`bull:${name}:judge-workers`)) === 2 ? r() : setTimeout(poll, 50));
    void poll();
  });
}, 60_000);

afterAll(async () => {
  release?.();
  for (const h of heartbeats) await h.stop();
  await worker?.close();
  await (worker?.opts.connection as Redis | undefined)?.quit();
  await queue?.obliterate({ force: true }).catch(() => {});
  await queue?.close();
  await redis?.quit();
});

describe('judge queue', () => {
  it('reports depth, waiting, prioritized, delayed, active, failed and live workers', async () => {
    const r = await judge(['queue', '--queue', name, '--redis-url', REDIS_URL, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as QueueReport;
    expect(report).toEqual({
      queue: name,
      redis: REDIS_URL,
      depth: 6,
      waiting: 3,
      prioritized: 1,
      delayed: 2,
      active: 1,
      failed: 1,
      completed: 0,
      workers: { processes: 2, slots: 6, calibrated: 1, factor: { min: 1.5, max: 1.5 } },
    });
  });

  it('prints a table for people', async () => {
    const r = await judge(['queue', '--queue', name, '--redis-url', REDIS_URL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`queue ${name} on ${REDIS_URL}`);
    expect(r.stdout).toMatch(/depth\s+6 {2}\(waiting 3, prioritized 1, delayed 2\)/);
    expect(r.stdout).toMatch(/workers\s+6 slots in 2 processes, 1 calibrated/);
  });

  it('fails in one line naming the Redis it cannot reach', async () => {
    const r = await judge(['queue', '--redis-url', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot read queue code-execution-jobs from Redis at redis://127.0.0.1:1');
  });
});

describe('the redis-cli lines of docs/operations.md', () => {
  const doc = readFileSync(join(REPO, 'docs', 'operations.md'), 'utf8');
  const lines = [...doc.matchAll(/^(redis-cli .+?)\s+# (\w+)/gm)].map((m) => ({ command: m[1]!, field: m[2]! }));

  it('cover the depth and every state', () => {
    expect(lines.map((l) => l.field).sort()).toEqual(
      ['active', 'delayed', 'depth', 'failed', 'prioritized', 'waiting', 'workers'].sort(),
    );
  });

  it('give the numbers judge queue gives', async () => {
    const report = JSON.parse(
      (await judge(['queue', '--queue', name, '--redis-url', REDIS_URL, '--json'])).stdout,
    ) as Record<string, unknown>;
    const port = new URL(REDIS_URL).port || '6379';
    for (const { command, field } of lines) {
      const args = command
        .replaceAll('code-execution-jobs', name)
        .replace(/^redis-cli /, '')
        .match(/'[^']*'|"[^"]*"|\S+/g)!
        .map((a) => a.replace(/^(['"])(.*)\1$/, '$2'));
      const r = await run('redis-cli', ['-p', port, ...args]);
      expect(r.error?.message, 'redis-cli is needed (scripts/bootstrap.sh installs Redis)').toBeUndefined();
      expect(r.code, r.stderr).toBe(0);
      const out = r.stdout.trim();
      if (field === 'workers') {
        // HGETALL: member, heartbeat, member, heartbeat…
        expect(out.split('\n').length / 2).toBe((report.workers as { processes: number }).processes);
      } else {
        expect(Number(out), `${command}`).toBe(report[field]);
      }
    }
  });
});
