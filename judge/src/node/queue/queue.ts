import type { SubmissionRequest } from '@judge/contract';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A job names its submission, which is in the database. A small request
 * rides along too, so that a worker can start judging while it claims the
 * submission (the claim's write waits for the disk).
 */
export interface JobData {
  id: string;
  request?: SubmissionRequest;
}

/** The states a job waits in before a worker takes it: the queue's depth. */
const WAITING_STATES = ['waiting', 'prioritized', 'delayed'] as const;

/** Every state of the queue BullMQ keeps, for operators (`judge queue`). */
export interface QueueCounts {
  /** waiting + prioritized + delayed: what `code_execution_queue_depth` reports. */
  depth: number;
  waiting: number;
  prioritized: number;
  delayed: number;
  active: number;
  failed: number;
  completed: number;
}

/** Requests up to this size (JSON) ride in their job (Redis keeps finished jobs for an hour). */
export const CARRIED_REQUEST_BYTES = 16 * 1024;

/** Infrastructure failures are retried this many times in all. */
export const JOB_ATTEMPTS = 3;

/** The producer side of the queue: enqueue and read its state. */
export class JudgeQueue {
  readonly queue: Queue<JobData>;

  constructor(
    connection: Redis,
    readonly name: string,
    readonly prefix: string,
  ) {
    this.queue = new Queue<JobData>(name, { connection, prefix });
    this.queue.on('error', () => {});
  }

  /** Redis keys of this queue start with this. */
  get keyBase(): string {
    return `${this.prefix}:${this.name}`;
  }

  /** The Redis hash where worker processes announce their slots (see Heartbeat). */
  get workersKey(): string {
    return `${this.keyBase}:judge-workers`;
  }

  /** The job id is the submission id: adding one already there does nothing. */
  async add(id: string, request?: SubmissionRequest): Promise<void> {
    const data: JobData = { id };
    if (request && JSON.stringify(request).length <= CARRIED_REQUEST_BYTES) data.request = request;
    await this.queue.add('judge', data, {
      jobId: id,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600 },
    });
  }

  depth(): Promise<number> {
    return this.queue.getJobCountByTypes(...WAITING_STATES);
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts(...WAITING_STATES, 'active', 'failed', 'completed');
    const n = (state: string) => c[state] ?? 0;
    return {
      depth: WAITING_STATES.reduce((sum, state) => sum + n(state), 0),
      waiting: n('waiting'),
      prioritized: n('prioritized'),
      delayed: n('delayed'),
      active: n('active'),
      failed: n('failed'),
      completed: n('completed'),
    };
  }

  active(): Promise<number> {
    return this.queue.getActiveCount();
  }

  /** The job's state, `missing` when Redis does not have it. */
  async state(id: string): Promise<{ state: string; failedReason?: string }> {
    const job = await this.queue.getJob(id);
    if (!job) return { state: 'missing' };
    const state = await job.getState();
    return { state, failedReason: job.failedReason };
  }

  async remove(id: string): Promise<void> {
    await this.queue.remove(id);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
