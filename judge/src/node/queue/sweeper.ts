import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { SubmissionStore } from '../store/index.js';
import { type EventBus, finishedEvent } from './events.js';
import type { JudgeQueue } from './queue.js';

/** Deletes the lock only if it is still ours. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface SweepReport {
  checked: number;
  requeued: string[];
  failed: string[];
}

/**
 * PostgreSQL is the record of truth: an unfinished submission whose job Redis
 * lost (a restart without persistence, an enqueue that failed) is queued
 * again; one whose job failed for good ends as IE. One sweep at a time per
 * queue, whichever node takes the Redis lock.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly d: {
      queue: JudgeQueue;
      redis: Redis;
      submissions: SubmissionStore;
      bus: EventBus;
      log: Logger;
      intervalMs: number;
      graceMs: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((e) => this.d.log.warn('sweep failed', { error: e }))
        .finally(() => {
          this.running = undefined;
        });
    }, this.d.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; skipped (undefined) when another node holds the lock. */
  async sweep(): Promise<SweepReport | undefined> {
    const { queue, redis } = this.d;
    const lock = `${queue.keyBase}:judge-sweeper`;
    const token = `${process.pid}:${Math.random()}`;
    const got = await redis.set(lock, token, 'PX', Math.max(10_000, this.d.intervalMs), 'NX');
    if (got !== 'OK') return undefined;
    try {
      return await this.pass();
    } finally {
      await redis.eval(RELEASE, 1, lock, token).catch(() => {});
    }
  }

  private async pass(): Promise<SweepReport> {
    const { queue, submissions, log } = this.d;
    const report: SweepReport = { checked: 0, requeued: [], failed: [] };
    for (const s of await submissions.unfinished(this.d.graceMs)) {
      report.checked++;
      const { state, failedReason } = await queue.state(s.id);
      if (state === 'missing') {
        await queue.add(s.id);
        report.requeued.push(s.id);
        log.warn('submission', { id: s.id, status: 'queued', event: 'requeued', reason: 'job missing from Redis' });
      } else if (state === 'failed' || state === 'completed') {
        const error =
          state === 'failed' ? `the judge failed: ${failedReason ?? 'unknown'}` : 'the job ended without a result';
        const stored = await submissions.finish(s.id, null, {
          verdict: 'IE',
          score: 0,
          tests: [],
          timeMs: 0,
          memoryKb: 0,
          error,
        });
        if (stored) {
          report.failed.push(s.id);
          log.error('submission', { id: s.id, status: 'done', verdict: 'IE', error, event: 'swept' });
          await this.d.bus.publish(s.id, finishedEvent(stored)).catch(() => {});
        }
      }
    }
    return report;
  }
}
