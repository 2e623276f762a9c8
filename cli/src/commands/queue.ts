import type { LiveWorkers, QueueCounts } from '@judge/judge/node';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';

/** What `judge queue` reports: the queue's states (the node's own counts) and the live worker slots. */
export interface QueueReport extends QueueCounts {
  queue: string;
  redis: string;
  /** The live worker processes, their slots, and how many are calibrated (with their speed factors). */
  workers: LiveWorkers;
}

/** The URL without its password, for display. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export default class Queue extends BaseCommand {
  static override summary = "Show a region's queue: depth, active, delayed, failed jobs and live workers.";
  static override description =
    `Reads the BullMQ queue and the workers' heartbeats in Redis, as a node of the region sees them. Depth counts jobs that wait for a worker (waiting, prioritized, delayed): the same number as the code_execution_queue_depth metric. Redis and the queue come from the flags, then the node's env vars (REDIS_URL, JUDGE_QUEUE) and config file, then the defaults.`;
  static override examples = [
    '<%= config.bin %> queue',
    '<%= config.bin %> queue --redis-url redis://10.0.0.5:6379 --json',
  ];
  static override flags = {
    'redis-url': Flags.string({ description: 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)' }),
    queue: Flags.string({ description: 'BullMQ queue name (env JUDGE_QUEUE; default code-execution-jobs)' }),
    config: Flags.string({ description: 'node config file, YAML or JSON (default ~/.config/judge/node.yaml)' }),
  };

  async run(): Promise<QueueReport> {
    const { flags } = await this.parse(Queue);
    const { connectRedis, JudgeQueue, liveWorkers, loadConfig, withTimeout } = await import('@judge/judge/node');
    const config = loadConfig({ file: flags.config, flags: { redisUrl: flags['redis-url'], queueName: flags.queue } });
    const redis = connectRedis(config.redisUrl, { name: 'judge-queue-cli' });
    const queue = new JudgeQueue(redis, config.queueName, config.redisPrefix);
    const where = `Redis at ${redacted(config.redisUrl)}`;
    try {
      const [counts, workers] = await withTimeout(
        Promise.all([queue.counts(), liveWorkers(redis, queue.workersKey)]),
        5000,
        where,
      ).catch((e: Error) => {
        throw new Error(`cannot read queue ${config.queueName} from ${where}: ${e.message}`);
      });
      const report: QueueReport = { queue: queue.name, redis: redacted(config.redisUrl), ...counts, workers };
      if (!this.jsonEnabled()) this.log(render(report));
      return report;
    } finally {
      await queue.close().catch(() => {});
      redis.disconnect();
    }
  }
}

function render(r: QueueReport): string {
  const row = (label: string, value: string) => `  ${label.padEnd(10)} ${value}`;
  return [
    `queue ${r.queue} on ${r.redis}`,
    row('depth', `${r.depth}  (waiting ${r.waiting}, prioritized ${r.prioritized}, delayed ${r.delayed})`),
    row('active', String(r.active)),
    row('failed', String(r.failed)),
    row('completed', `${r.completed}  (kept for an hour)`),
    row('workers', `${r.workers.slots} slots in ${r.workers.processes} processes, ${r.workers.calibrated} calibrated`),
  ].join('\n');
}
