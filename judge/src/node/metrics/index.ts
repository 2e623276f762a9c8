import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { STAGES, type StageTimes } from './stages.js';

/** Where the gauges read the queue's state at scrape time (BullMQ and the worker heartbeats). */
export interface QueueProbe {
  depth(): Promise<number>;
  active(): Promise<number>;
  workerSlots(): Promise<number>;
}

const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
// From a Redis round trip to a compile: the node's own steps take a millisecond or two each.
const STAGE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The metrics of a node (docs/api.md, `GET /metrics`). Queue depth, active jobs and workers are read from
 * Redis when scraped (the region's view); wait and duration histograms are
 * observed by the workers of this process.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly queueWait: Histogram;
  readonly jobDuration: Histogram<'language' | 'verdict'>;
  readonly localActive: Gauge;
  readonly submissions: Counter<'language'>;
  readonly rejected: Counter<'reason'>;
  readonly internalErrors: Counter<'language'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly stages: Histogram<'stage'>;

  constructor(probe: QueueProbe | undefined, opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const safe = async (f: () => Promise<number>) => f().catch(() => Number.NaN);
    new Gauge({
      name: 'code_execution_queue_depth',
      help: 'Jobs waiting in the queue (waiting, prioritized and delayed), read from BullMQ',
      registers,
      async collect() {
        if (probe) this.set(await safe(() => probe.depth()));
      },
    });
    new Gauge({
      name: 'code_execution_active_jobs',
      help: 'Jobs being judged now by any worker of the queue, read from BullMQ',
      registers,
      async collect() {
        if (probe) this.set(await safe(() => probe.active()));
      },
    });
    new Gauge({
      name: 'code_execution_workers',
      help: 'Worker slots alive on the queue (every process, from their heartbeats)',
      registers,
      async collect() {
        if (probe) this.set(await safe(() => probe.workerSlots()));
      },
    });
    this.localActive = new Gauge({
      name: 'code_execution_process_active_jobs',
      help: 'Jobs being judged now by this process',
      registers,
    });
    this.queueWait = new Histogram({
      name: 'code_execution_queue_wait_seconds',
      help: 'Time from enqueue to a worker taking the job (BullMQ timestamp to processedOn)',
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'code_execution_job_duration_seconds',
      help: 'Time a worker spent judging a submission',
      labelNames: ['language', 'verdict'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.submissions = new Counter({
      name: 'code_execution_submissions_total',
      help: 'Submissions accepted',
      labelNames: ['language'],
      registers,
    });
    this.rejected = new Counter({
      name: 'code_execution_rejected_total',
      help: 'Submissions refused: overloaded, a dependency down, invalid',
      labelNames: ['reason'],
      registers,
    });
    this.internalErrors = new Counter({
      name: 'code_execution_internal_errors_total',
      help: 'Submissions that ended in IE (a failure of the judge)',
      labelNames: ['language'],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration until the answer started (SSE and ?wait=true include the wait)',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.stages = new Histogram({
      name: 'code_execution_stage_seconds',
      help: 'Time a submission spent in each step through the node (stage: accept, store, enqueue, pickup, claim, acquire, compile, memory, run, check, progress, save, notify, respond), observed by the process that did it',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS,
      registers,
    });
  }

  /** Observes one submission's stages, each in the process where it happened. */
  observeStages(times: StageTimes): void {
    for (const stage of STAGES) {
      const ms = times[stage];
      if (ms !== undefined) this.stages.observe({ stage }, Math.max(0, ms) / 1000);
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
