import type { Calibration, CompileResult, ResolvedLimits, Status, SubmissionResult, TestResult } from '@judge/contract';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { resolveRequest } from '../../engine/index.js';
import type { PackRegistry } from '../../languages/index.js';
import type { JudgeEvents, JudgeOutcome, JudgeRequest } from '../../model/index.js';
import type { Logger } from '../log.js';
import type { NodeMetrics } from '../metrics/index.js';
import { type StageTimes, since } from '../metrics/stages.js';
import type { Finished, ProblemStore, SubmissionStore } from '../store/index.js';
import { type BusEvent, type EventBus, finishedEvent } from './events.js';
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
  callbacks?: { guard(id: string): Promise<void>; release(id: string): Promise<void> };
  /** This machine's speed: scales time limits stated for the reference machine. */
  speed?: Pick<Calibration, 'factor' | 'languages'>;
}

/**
 * An attempt's progress events, written and published in batches: one batch
 * at a time, in order, each holding every event that came while the one
 * before was being written (one statement, one Redis round trip). Remembers
 * the first failure.
 */
class Progress {
  private pending: BusEvent[] = [];
  /** The batch being written now. */
  private writing: BusEvent[] = [];
  private running: Promise<void> | undefined;
  private failure: unknown;
  private closed = false;

  constructor(private readonly write: (batch: BusEvent[]) => Promise<void>) {}

  push(event: BusEvent): void {
    this.pending.push(event);
    if (!this.closed) this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.closed) {
        this.writing = this.pending.splice(0);
        await this.write(this.writing);
        this.writing = [];
      }
    } catch (e) {
      this.failure ??= e;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * Ends the attempt's progress and hands back the events the result must
   * publish: those not written yet and those being written (none is written
   * after this). The final result rewrites the whole submission, so they only
   * need publishing, with the verdict, and the verdict waits for no progress
   * write. A batch still being written may land after the result: its
   * statement changes nothing once the submission is done, and a stream
   * shows each status and test once.
   */
  close(): BusEvent[] {
    this.closed = true;
    if (this.failure) throw this.failure;
    const rest = [...this.writing, ...this.pending];
    this.pending = [];
    return rest;
  }
}

/**
 * The sandbox CPU a judging spent: its test runs, and its compilation unless
 * that came from the compile cache (whose time is the first compilation's,
 * spent by an earlier submission).
 */
export function sandboxCpuMs(out: Finished): number {
  const compile = out.compile && !out.compile.cached ? out.compile.timeMs : 0;
  return compile + out.tests.reduce((sum, t) => sum + t.timeMs, 0);
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
    const stages: StageTimes = {};
    const pickupMs = Math.max(0, Date.now() - job.timestamp);
    const mark = performance.now();
    const claiming = d.submissions.claim(id);
    claiming.catch(() => {}); // awaited below
    // A request that rides in the job is judged while the claim is written; any other comes with the claim.
    let body = job.data.request;
    if (!body) {
      const claim = await claiming;
      if (!claim) return this.nothingToDo(id);
      body = claim.request;
    }
    d.metrics.localActive.inc();
    const started = performance.now();
    // One signal for the judging: cancelled here, at the job's time limit, or by BullMQ. Linked by listeners and a
    // timer removed when the job ends (AbortSignal.any and AbortSignal.timeout would keep every job's signal for
    // the time limit: minutes of submissions at full load).
    const cancel = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      cancel.abort();
    }, d.jobTimeoutMs);
    const onBullAbort = () => cancel.abort();
    if (bullSignal?.aborted) cancel.abort();
    else bullSignal?.addEventListener('abort', onBullAbort, { once: true });
    let judging: Promise<Finished> | undefined;
    try {
      let outcome: Finished | undefined;
      let request: JudgeRequest | undefined;
      try {
        const problem = body.problem ? await d.problems.resolve(body.problem) : undefined;
        if (body.problem && !problem) throw new Error(`problem "${body.problem}" is not on this node any more`);
        request = resolveRequest(body, {
          registry: d.registry,
          caps: d.caps,
          defaults: d.defaults,
          problem,
          speed: d.speed,
        });
      } catch (e) {
        if ((e as { name?: string }).name === 'DependencyError') throw e;
        outcome = internalError((e as Error).message);
      }
      stages.claim = since(mark);
      // Progress is written once the attempt is known; events before that wait in the batch.
      const attemptOf = claiming.then((c) => c?.attempt);
      const writes = new Progress(async (batch) => {
        const attempt = await attemptOf;
        if (attempt !== undefined) await this.writeProgress(id, attempt, batch);
      });
      const signal = cancel.signal;
      if (request) {
        judging = d.judge(
          request,
          {
            onStatus: (status) => writes.push({ event: 'status', data: { status } }),
            onCompiled: (compile) => writes.push({ event: 'compile', data: compile }),
            onTest: (test) => writes.push({ event: 'test', data: test }),
            onTimings: (timings) => Object.assign(stages, timings),
          },
          signal,
        );
        // Awaited below, after the claim: a failure meanwhile is not unhandled.
        judging.catch(() => {});
      }
      const claim = await claiming;
      if (!claim) {
        cancel.abort();
        return this.nothingToDo(id);
      }
      const { attempt } = claim;
      // A retried job's wait includes its backoff: only first deliveries say how long the queue takes.
      if (job.attemptsMade === 0 && attempt === 1) {
        d.metrics.queueWait.observe(waitS);
        stages.pickup = pickupMs;
      }
      this.transition(id, 'queued', { event: 'claimed', attempt });
      let unwritten: BusEvent[] = [];
      if (judging) {
        outcome = await judging;
        if (timedOut && outcome.verdict === 'IE') outcome.error = `judging took over ${d.jobTimeoutMs} ms`;
        const flushing = performance.now();
        unwritten = writes.close();
        stages.progress = since(flushing);
      }
      outcome ??= internalError('no outcome');
      const saving = performance.now();
      // The callback is queued before the verdict is stored: a worker that dies in between loses none.
      if (body.callbackUrl) await this.callback('guard', id);
      const stored = await d.submissions.finish(id, attempt, outcome);
      stages.save = since(saving);
      if (!stored) {
        this.log.warn('result dropped: the submission was finished by another attempt', { id, attempt });
        return { skipped: true };
      }
      d.metrics.observeStages(stages);
      await this.finished(stored, outcome, (performance.now() - started) / 1000, job.timestamp, {
        attempt,
        stages,
        before: unwritten,
      });
      if (body.callbackUrl) await this.callback('release', id);
      return { verdict: outcome.verdict };
    } finally {
      // Never return while the engine still judges (a claim that failed or found the submission done).
      if (judging) {
        cancel.abort();
        await judging.catch(() => {});
      }
      clearTimeout(timer);
      bullSignal?.removeEventListener('abort', onBullAbort);
      d.metrics.localActive.dec();
    }
  }

  private nothingToDo(id: string): { skipped: true } {
    this.log.debug('job for a finished or unknown submission: nothing to do', { id });
    return { skipped: true };
  }

  /** One batch of progress: written in one statement, then published in one round trip, unless the attempt is stale. */
  private async writeProgress(id: string, attempt: number, batch: BusEvent[]): Promise<void> {
    let status: 'compiling' | 'running' | undefined;
    let compile: CompileResult | undefined;
    const tests: TestResult[] = [];
    for (const e of batch) {
      if (e.event === 'status' && e.data.status !== 'queued' && e.data.status !== 'done') status = e.data.status;
      else if (e.event === 'compile') compile = e.data;
      else if (e.event === 'test') tests.push(e.data);
    }
    if (!(await this.d.submissions.progress(id, attempt, { status, compile, tests }))) return;
    for (const e of batch) if (e.event === 'status') this.transition(id, e.data.status, { attempt });
    await this.d.bus.publishMany(id, batch).catch((err) => this.log.warn('events not published', { id, error: err }));
  }

  private async finished(
    result: SubmissionResult,
    out: Finished,
    seconds: number,
    enqueuedAt: number,
    extra: { attempt?: number; stages?: StageTimes; before?: BusEvent[] } = {},
  ) {
    const { attempt, stages, before = [] } = extra;
    const { id, language } = result;
    const m = this.d.metrics;
    m.jobDuration.observe({ language, verdict: out.verdict }, seconds);
    // From the producer's clock to this one: skew between machines shows here, as in the wait histogram.
    m.latency.observe({ language }, Math.max(0, (Date.now() - enqueuedAt) / 1000));
    for (const e of before) if (e.event === 'status') this.transition(id, e.data.status, { attempt });
    const cpuMs = sandboxCpuMs(out);
    if (cpuMs > 0) m.sandboxCpu.inc({ language }, cpuMs / 1000);
    if (out.verdict === 'IE') {
      m.internalErrors.inc({ language });
      this.log.error('submission', { id, status: 'done', verdict: 'IE', language, error: out.error, attempt });
    } else {
      this.transition(id, 'done', { verdict: out.verdict, score: out.score, language, ms: Math.round(seconds * 1000) });
    }
    // Progress events never written (the result holds them) go out first, in the same round trip.
    await this.d.bus
      .publishMany(id, [...before, finishedEvent(result, stages)])
      .catch((err) => this.log.warn('events not published', { id, error: err }));
  }

  /** A job out of retries (or stalled past the limit): the submission ends as IE rather than waiting forever. */
  private async onFailed(job: Job<JobData> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? JOB_ATTEMPTS) || /stalled/i.test(err.message);
    this.log.warn('job failed', { id: job.data.id, attempt: job.attemptsMade, final, error: err });
    if (!final) return;
    const out = internalError(`the judge failed: ${err.message}`);
    try {
      // Whether the submission asked for a callback is in its record: guarded either way (a delivery skips none asked).
      await this.callback('guard', job.data.id);
      const stored = await this.d.submissions.finish(job.data.id, null, out);
      if (stored) {
        await this.finished(stored, out, 0, job.timestamp);
        await this.callback('release', job.data.id);
      }
    } catch (e) {
      this.log.error('could not record the failed job: the sweeper will', { id: job.data.id, error: e });
    }
  }

  /** Guards or releases a submission's callback; a failure is logged, the result stays stored. */
  private async callback(step: 'guard' | 'release', id: string): Promise<void> {
    await this.d.callbacks?.[step](id).catch((e) => this.log.error(`callback ${step} failed`, { id, error: e }));
  }

  /** Stops taking jobs and waits for the running ones. */
  close(force = false): Promise<void> {
    return this.worker.close(force);
  }
}
