import type { ResolvedLimits, Status } from '@judge/contract';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { resolveRequest } from '../../engine/index.js';
import type { PackRegistry } from '../../languages/index.js';
import type { JudgeEvents, JudgeOutcome, JudgeRequest } from '../../model/index.js';
import type { Logger } from '../log.js';
import type { NodeMetrics } from '../metrics/index.js';
import type { Finished, ProblemStore, SubmissionStore } from '../store/index.js';
import type { BusEvent, EventBus } from './events.js';
import { JOB_ATTEMPTS, type JobData } from './queue.js';

/** How long a job waits for the database or Redis to come back before it is taken up again. */
const DEPENDENCY_RETRY_MS = 2000;

/** The engine's `judge`, or a stand-in in focused queue tests. */
export type JudgeFn = (req: JudgeRequest, events: JudgeEvents, signal: AbortSignal) => Promise<JudgeOutcome>;

export interface WorkerDeps {
  /** A connection for BullMQ's blocking commands; closed by the caller after `close()`. */
  connection: Redis;
  queueName: string;
  prefix: string;
  slots: number;
  registry: PackRegistry;
  judge: JudgeFn;
  submissions: SubmissionStore;
  problems: ProblemStore;
  bus: EventBus;
  metrics: NodeMetrics;
  log: Logger;
  caps: ResolvedLimits;
  defaults: ResolvedLimits;
  lockDurationMs: number;
  stalledIntervalMs: number;
  jobTimeoutMs: number;
  /** Where a finished submission's callback is queued (the delivery checks whether it has one). */
  callbacks?: { add(id: string): Promise<void> };
}

/** Runs async writes one after another and remembers the first failure. */
class Serial {
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;

  push(step: () => Promise<void>): void {
    this.tail = this.tail.then(step).catch((e) => {
      this.failure ??= e;
    });
  }

  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }
}

function internalError(message: string): Finished {
  return { verdict: 'IE', score: 0, tests: [], timeMs: 0, memoryKb: 0, error: message };
}

/**
 * BullMQ workers that judge submissions: claim the submission in the
 * database (a new attempt), judge it, write progress and the result, publish
 * events. A job whose submission is done already is a no-op, so a job
 * delivered twice is judged once.
 */
export class JudgeWorkers {
  readonly worker: Worker<JobData>;
  private readonly log: Logger;

  constructor(private readonly d: WorkerDeps) {
    this.log = d.log;
    this.worker = new Worker<JobData>(d.queueName, (job, token, signal) => this.attempt(job, token, signal), {
      connection: d.connection,
      prefix: d.prefix,
      concurrency: d.slots,
      lockDuration: d.lockDurationMs,
      stalledInterval: d.stalledIntervalMs,
      maxStalledCount: 1,
    });
    this.worker.on('error', (e) => this.log.warn('worker error', { error: e }));
    this.worker.on('stalled', (id) => {
      d.metrics.stalled.inc();
      this.log.warn('job stalled: taken up again', { id });
    });
    d.metrics.localSlots.set(d.slots);
    d.metrics.zeroLanguages(
      d.registry.packs.map((p) => p.pack.id),
      'worker',
    );
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
  }

  private transition(id: string, status: Status, fields: Record<string, unknown> = {}): void {
    this.log.info('submission', { id, status, ...fields });
  }

  private async publish(id: string, e: BusEvent): Promise<void> {
    await this.d.bus.publish(id, e).catch((err) => this.log.warn('event not published', { id, error: err }));
  }

  /**
   * One delivery of a job. While the database or Redis is away the job waits
   * and is taken up again, without using up an attempt: a dependency that
   * restarts is nobody's fault, and the submission must not end as IE for it.
   */
  private async attempt(job: Job<JobData>, token: string | undefined, signal?: AbortSignal) {
    try {
      return await this.process(job, signal);
    } catch (e) {
      if ((e as { name?: string }).name !== 'DependencyError' || !token) throw e;
      this.log.warn('a dependency is down: the job waits and is taken up again', {
        id: job.data.id,
        retryInMs: DEPENDENCY_RETRY_MS,
        error: e,
      });
      await job.moveToDelayed(Date.now() + DEPENDENCY_RETRY_MS, token);
      throw new DelayedError();
    }
  }

  private async process(job: Job<JobData>, bullSignal?: AbortSignal): Promise<{ verdict: string } | { skipped: true }> {
    const { id } = job.data;
    const d = this.d;
    const waitS = Math.max(0, ((job.processedOn ?? Date.now()) - job.timestamp) / 1000);
    const claim = await d.submissions.claim(id);
    if (!claim) {
      this.log.debug('job for a finished or unknown submission: nothing to do', { id });
      return { skipped: true };
    }
    if (job.attemptsMade === 0 && claim.attempt === 1) d.metrics.queueWait.observe(waitS);
    const { attempt } = claim;
    this.transition(id, 'queued', { event: 'claimed', attempt });
    d.metrics.localActive.inc();
    const started = performance.now();
    try {
      let outcome: Finished;
      let request: JudgeRequest | undefined;
      try {
        const problem = claim.problem ? await d.problems.resolve(claim.problem) : undefined;
        if (claim.problem && !problem) throw new Error(`problem "${claim.problem}" is not on this node any more`);
        request = resolveRequest(claim.request, { registry: d.registry, caps: d.caps, defaults: d.defaults, problem });
      } catch (e) {
        if ((e as { name?: string }).name === 'DependencyError') throw e;
        outcome = internalError((e as Error).message);
      }
      if (request) {
        const writes = new Serial();
        const events: JudgeEvents = {
          onStatus: (status) =>
            writes.push(async () => {
              if (!(await d.submissions.setStatus(id, attempt, status))) return;
              this.transition(id, status, { attempt });
              await this.publish(id, { event: 'status', data: { status } });
            }),
          onCompiled: (compile) =>
            writes.push(async () => {
              if (await d.submissions.setCompile(id, attempt, compile))
                await this.publish(id, { event: 'compile', data: compile });
            }),
          onTest: (test) =>
            writes.push(async () => {
              if (await d.submissions.addTest(id, attempt, test)) await this.publish(id, { event: 'test', data: test });
            }),
        };
        const timeout = AbortSignal.timeout(d.jobTimeoutMs);
        const signal = bullSignal ? AbortSignal.any([timeout, bullSignal]) : timeout;
        outcome = await d.judge(request, events, signal);
        if (timeout.aborted && outcome.verdict === 'IE') outcome.error = `judging took over ${d.jobTimeoutMs} ms`;
        await writes.flush();
      }
      outcome ??= internalError('no outcome');
      const wrote = await d.submissions.finish(id, attempt, outcome);
      if (!wrote) {
        this.log.warn('result dropped: the submission was finished by another attempt', { id, attempt });
        return { skipped: true };
      }
      await this.finished(id, claim.language, outcome, (performance.now() - started) / 1000, job.timestamp, attempt);
      if (claim.request.callbackUrl) await this.queueCallback(id);
      return { verdict: outcome.verdict };
    } finally {
      d.metrics.localActive.dec();
    }
  }

  private async finished(
    id: string,
    language: string,
    out: Finished,
    seconds: number,
    enqueuedAt: number,
    attempt?: number,
  ) {
    const m = this.d.metrics;
    m.jobDuration.observe({ language, verdict: out.verdict }, seconds);
    // From the producer's clock to this one: skew between machines shows here, as in the wait histogram.
    m.latency.observe({ language }, Math.max(0, (Date.now() - enqueuedAt) / 1000));
    const cpuMs = (out.compile?.timeMs ?? 0) + out.tests.reduce((sum, t) => sum + t.timeMs, 0);
    if (cpuMs > 0) m.sandboxCpu.inc({ language }, cpuMs / 1000);
    if (out.verdict === 'IE') {
      m.internalErrors.inc({ language });
      this.log.error('submission', { id, status: 'done', verdict: 'IE', language, error: out.error, attempt });
    } else {
      this.transition(id, 'done', { verdict: out.verdict, score: out.score, language, ms: Math.round(seconds * 1000) });
    }
    await this.publish(id, { event: 'finished', verdict: out.verdict, score: out.score });
  }

  /** A job out of retries (or stalled past the limit): the submission ends as IE rather than waiting forever. */
  private async onFailed(job: Job<JobData> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? JOB_ATTEMPTS) || /stalled/i.test(err.message);
    this.log.warn('job failed', { id: job.data.id, attempt: job.attemptsMade, final, error: err });
    if (!final) return;
    const out = internalError(`the judge failed: ${err.message}`);
    try {
      const stored = await this.d.submissions.get(job.data.id);
      if (await this.d.submissions.finish(job.data.id, null, out)) {
        await this.finished(job.data.id, stored?.language ?? 'unknown', out, 0, job.timestamp);
        await this.queueCallback(job.data.id);
      }
    } catch (e) {
      this.log.error('could not record the failed job: the sweeper will', { id: job.data.id, error: e });
    }
  }

  /** Queues the callback of a submission just finished; a failure is logged, the result stays stored. */
  private async queueCallback(id: string): Promise<void> {
    await this.d.callbacks?.add(id).catch((e) => this.log.error('callback not queued', { id, error: e }));
  }

  /** Stops taking jobs and waits for the running ones. */
  close(force = false): Promise<void> {
    return this.worker.close(force);
  }
}
