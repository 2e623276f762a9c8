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
// Dense around the load plan's P95 targets (3, 5, 8, 15 s) and ten times the sustained one (50 s).
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 75, 120, 300];

/**
 * A node's Prometheus metrics (docs/api.md, `GET /metrics`). Queue depth, active jobs and workers are read
 * from Redis when scraped (the region's view, the same from every process of
 * the region); the `process_` gauges, wait, latency and duration histograms are
 * this process's own. Label sets stay small: language (the packs), verdict
 * (seven), route (the API's route patterns), method and status.
 * docs/operations.md lists what the dashboard and the alerts compute from them.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly queueWait: Histogram;
  readonly jobDuration: Histogram<'language' | 'verdict'>;
  readonly localActive: Gauge;
  readonly localSlots: Gauge;
  readonly latency: Histogram<'language'>;
  readonly sandboxCpu: Counter<'language'>;
  readonly stalled: Counter;
  readonly workersLost: Counter;
  readonly submissions: Counter<'language'>;
  readonly rejected: Counter<'reason'>;
  readonly internalErrors: Counter<'language'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly callbacks: Counter<'outcome'>;
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
    this.localSlots = new Gauge({
      name: 'code_execution_process_worker_slots',
      help: 'Worker slots of this process (0 for an API-only node); busy share = process_active_jobs / this',
      registers,
    });
    this.latency = new Histogram({
      name: 'code_execution_submission_latency_seconds',
      help: 'From enqueue to verdict written: what a client waiting for the verdict sees, less the HTTP hop',
      labelNames: ['language'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sandboxCpu = new Counter({
      name: 'code_execution_sandbox_cpu_seconds_total',
      help: 'CPU time of compiles (not those taken from the compile cache) and test runs in the sandboxes (containers of the Docker engine, not this process)',
      labelNames: ['language'],
      registers,
    });
    this.stalled = new Counter({
      name: 'code_execution_jobs_stalled_total',
      help: 'Jobs whose worker stopped renewing their lock (crashed or hung), taken up again, seen by this process',
      registers,
    });
    this.workersLost = new Counter({
      name: 'code_execution_workers_lost_total',
      help: 'Worker processes whose heartbeat expired without a graceful stop (crashed or killed), noticed by this process',
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
    this.callbacks = new Counter({
      name: 'judge_callback_deliveries_total',
      help: 'Callback deliveries by outcome: delivered, retried (will be tried again), failed (given up), refused (an address or URL not allowed)',
      labelNames: ['outcome'],
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

  /**
   * Series at 0 for every language this process may count, so that the first
   * submission of a language shows as an increase (a series that appears at 1
   * has no increase for rate() to see).
   */
  zeroLanguages(languages: string[], role: 'api' | 'worker'): void {
    for (const language of languages) {
      if (role === 'api') {
        this.submissions.inc({ language }, 0);
      } else {
        this.latency.zero({ language });
        this.sandboxCpu.inc({ language }, 0);
        this.internalErrors.inc({ language }, 0);
      }
    }
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
