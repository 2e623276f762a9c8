import {
  CALLBACK_ATTEMPT_HEADER,
  CALLBACK_SUBMISSION_HEADER,
  callbackHeaders,
  JUDGE0_DEFAULT_FIELDS,
  toJudge0,
} from '@judge/contract';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { NodeConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { NodeMetrics } from '../metrics/index.js';
import type { SubmissionRecord, SubmissionStore } from '../store/index.js';
import { CallbackRefused, callbackTarget, type Resolver } from './address.js';
import { deliver, worthRetrying } from './deliver.js';

/** A delivery job carries the submission id: the result is read when it is sent. */
const jobIdOf = (id: string) => `callback-${id}`;

interface CallbackJob {
  id: string;
}

type CallbackSettings = Pick<
  NodeConfig,
  | 'callbackSecret'
  | 'callbackAllowPrivate'
  | 'callbackAttempts'
  | 'callbackBackoffMs'
  | 'callbackGuardMs'
  | 'callbackTimeoutMs'
>;

/** The queue of a judge queue's callbacks: in Redis, so deliveries survive a node's restart. */
export function callbackQueueName(queueName: string): string {
  return `${queueName}-callbacks`;
}

/**
 * What a callback says, by the API the submission came by: the result object
 * (POST), or for Judge0 the submission with its default attributes, base64
 * encoded as Judge0 sends them (PUT, as Judge0 does).
 */
export function callbackMessage(record: SubmissionRecord): { method: 'POST' | 'PUT'; body: string } {
  if (record.api === 'judge0') {
    const view = toJudge0(record.result, { base64: true, fields: JUDGE0_DEFAULT_FIELDS, request: record.request });
    return { method: 'PUT', body: JSON.stringify('body' in view ? view.body : view) };
  }
  return { method: 'POST', body: JSON.stringify(record.result) };
}

/**
 * The producer side. A worker queues a submission's callback before it stores
 * the verdict (`guard`: delayed, the job id is the submission's, so it is
 * queued once however many attempts judge it), then releases it once the
 * verdict is stored (`release`: sent now). A worker that dies in between
 * leaves a callback that goes when its guard (`callbackGuardMs`) runs out, or
 * waits as long again while the verdict is not stored: none is lost.
 */
export class CallbackQueue {
  readonly queue: Queue<CallbackJob>;

  constructor(
    connection: Redis,
    queueName: string,
    prefix: string,
    private readonly settings: CallbackSettings,
  ) {
    this.queue = new Queue<CallbackJob>(callbackQueueName(queueName), { connection, prefix });
    this.queue.on('error', () => {});
  }

  /** Queues the callback to go in `delayMs` unless released before (a second call finds it queued). */
  async guard(id: string, delayMs = this.settings.callbackGuardMs): Promise<void> {
    await this.queue.add(
      'callback',
      { id },
      {
        jobId: jobIdOf(id),
        delay: delayMs,
        attempts: this.settings.callbackAttempts,
        backoff: { type: 'exponential', delay: this.settings.callbackBackoffMs },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /** The verdict is stored: the callback goes now (queued now if nothing guarded it). */
  async release(id: string): Promise<void> {
    const job = await this.queue.getJob(jobIdOf(id));
    if (!job) return this.guard(id, 0);
    if (await job.isDelayed()) await job.promote().catch(() => {}); // already promoted or taken: it goes anyway
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface CallbackWorkerDeps {
  /** A connection for BullMQ's blocking commands; closed by the caller. */
  connection: Redis;
  queueName: string;
  prefix: string;
  settings: CallbackSettings;
  submissions: SubmissionStore;
  metrics: NodeMetrics;
  log: Logger;
  /** Resolves callback hosts; the system's resolver when absent. */
  resolve?: Resolver;
}

/**
 * Delivers callbacks: signs the message, checks the address it resolves to
 * on every attempt, sends it, and has BullMQ try again with exponential
 * backoff while the receiver does not answer or answers 408, 429 or 5xx, up
 * to the configured attempts. Another 4xx, or an address not allowed, ends it.
 */
export class CallbackWorkers {
  readonly worker: Worker<CallbackJob>;

  constructor(private readonly d: CallbackWorkerDeps) {
    this.worker = new Worker<CallbackJob>(callbackQueueName(d.queueName), (job, token) => this.attempt(job, token), {
      connection: d.connection,
      prefix: d.prefix,
      concurrency: 8,
    });
    this.worker.on('error', (e) => d.log.warn('callback worker error', { error: e }));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      d.metrics.callbacks.inc({ outcome: final ? 'failed' : 'retried' });
      const fields = { id: job.data.id, attempt: job.attemptsMade, error: err.message };
      if (final) d.log.warn('callback given up', fields);
      else d.log.info('callback failed: it will be tried again', fields);
    });
  }

  private async attempt(job: Job<CallbackJob>, token?: string): Promise<{ status: number } | { skipped: true }> {
    const { id } = job.data;
    const [record] = await this.d.submissions.getMany([id]);
    const url = record?.request.callbackUrl;
    if (!record || !url) return { skipped: true };
    if (record.result.status !== 'done') {
      // Guarded by a worker that is still judging it, or judged again after one died: wait, without an attempt.
      await job.moveToDelayed(Date.now() + this.d.settings.callbackGuardMs, token);
      throw new DelayedError();
    }
    const secret = this.d.settings.callbackSecret;
    if (!secret) throw new UnrecoverableError('this node has no callback secret any more');
    let target: Awaited<ReturnType<typeof callbackTarget>>;
    try {
      target = await callbackTarget(url, {
        allowPrivate: this.d.settings.callbackAllowPrivate,
        resolve: this.d.resolve,
      });
    } catch (e) {
      if (!(e instanceof CallbackRefused) || !e.lasting) throw e;
      this.d.metrics.callbacks.inc({ outcome: 'refused' });
      throw new UnrecoverableError(e.message);
    }
    const { method, body } = callbackMessage(record);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'judge-callback/1',
      [CALLBACK_SUBMISSION_HEADER]: id,
      [CALLBACK_ATTEMPT_HEADER]: String(job.attemptsMade + 1),
      ...(await callbackHeaders(secret, body)),
    };
    const outcome = await deliver(target, { method, body, headers, timeoutMs: this.d.settings.callbackTimeoutMs });
    if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) {
      this.d.metrics.callbacks.inc({ outcome: 'delivered' });
      this.d.log.info('callback delivered', { id, status: outcome.status, attempt: job.attemptsMade + 1 });
      return { status: outcome.status };
    }
    const said = 'error' in outcome ? outcome.error : `the receiver answered ${outcome.status}`;
    if (!worthRetrying(outcome)) throw new UnrecoverableError(said);
    throw new Error(said);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
