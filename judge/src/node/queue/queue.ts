import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** A job carries only the submission id: the submission itself is in the database. */
export interface JobData {
  id: string;
}

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

  /** The job id is the submission id: adding one already there does nothing. */
  async add(id: string): Promise<void> {
    await this.queue.add(
      'judge',
      { id },
      {
        jobId: id,
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 24 * 3600 },
      },
    );
  }

  depth(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed');
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
