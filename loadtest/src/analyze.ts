import { type CriterionResult, growthOf, judge, judgeGenerator, type Measured } from './criteria.js';
import { type Plan, peakRate, rateAt, type ScenarioName, type Segment } from './plan.js';
import { histogramQuantile } from './prom.js';
import { type ArrivalRecord, isError, latencyOf } from './records.js';
import type { HistogramSnapshot, Sample, Sources } from './sampler.js';
import { ascending, mean, type Percentiles, percentile, percentilesOf } from './stats.js';

export interface RunContext {
  scenario: ScenarioName;
  plan: Plan;
  /** The arrival curve as run (scaled, or a calibration step's constant rate). */
  segs: Segment[];
  rateScale: number;
  durationScale: number;
  target: string;
  node: string;
  throughEdge: boolean;
  locustWorkers: number;
  sources: Sources;
  /** A calibration step: judged on the scenario's criteria that hold for a constant rate. */
  calibrationStep?: boolean;
}

export interface Range {
  mean?: number;
  max?: number;
  first?: number;
  last?: number;
}

export interface Summary {
  scenario: ScenarioName;
  title: string;
  target: string;
  nodeUrl: string;
  throughEdge: boolean;
  rateScale: number;
  durationScale: number;
  locustWorkers: number;
  startedAt: string;
  durationS: number;
  offered: number;
  sent: number;
  completed: number;
  accepted: number;
  otherVerdicts: number;
  timedOut: number;
  dropped: number;
  httpErrors: number;
  connectionErrors: number;
  verdicts: Record<string, number>;
  httpStatuses: Record<string, number>;
  errorSamples: { error: string; count: number }[];
  targetRps: number;
  peakTargetRps: number;
  offeredRps: number;
  sentRps: number;
  achievedRps: number;
  successRate: number;
  errorRate: number;
  compileErrorRate: number;
  compileCacheHitRate?: number;
  latency: Percentiles;
  latencyByComplexity: Record<string, Percentiles>;
  byLanguage: Record<string, { offered: number; accepted: number; failed: number; p50?: number; p95?: number }>;
  generatorLagMs: Percentiles;
  /** Client latency minus the node's own createdAt → finishedAt: transport, the edge, the API. */
  outsideNodeMs: Percentiles;
  node: {
    workerSlots?: number;
    queueDepth: Range & { slopePerMin?: number; growth?: number };
    utilization: Range;
    cpuPercent: Range;
    hostCpuPercent: Range;
    rssBytes: Range;
    handles: Range;
    containers: Range;
    queueWaitMs: { mean?: number; p95?: number };
    jobDurationMs: { mean?: number; p95?: number };
    /** Submissions the node's workers finished per second, from the start to the last sample (the drain included). */
    judgedPerS?: number;
    /** Sandbox CPU time per judged submission (compile and runs): what one core can judge is 1000 / this. */
    sandboxCpuPerJobMs?: number;
    healthMs: Percentiles;
    readMs: Percentiles;
    edgeReadMs: Percentiles;
    /** Paired samples: the same read through the edge minus straight to the node. */
    edgeAddedMs: Percentiles;
  };
  sources: Sources;
  bottleneck: { verdict: string; evidence: string[] };
  criteria: CriterionResult[];
  pass: boolean;
}

export interface Series {
  bucketS: number;
  t: number[];
  targetRate: number[];
  offered: number[];
  sent: number[];
  verdicts: number[];
  errorPct: (number | null)[];
  droppedPct: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  samples: {
    t: number[];
    queueDepth: (number | null)[];
    activeJobs: (number | null)[];
    utilizationPct: (number | null)[];
    workerSlots: (number | null)[];
    cpuPct: (number | null)[];
    hostCpuPct: (number | null)[];
    rssMB: (number | null)[];
    heapMB: (number | null)[];
    handles: (number | null)[];
    containers: (number | null)[];
    healthMs: (number | null)[];
    readMs: (number | null)[];
    edgeReadMs: (number | null)[];
  };
  queueFit?: { slopePerS: number; intercept: number; fromS: number; toS: number };
  languages: { name: string; accepted: number; failed: number }[];
  complexities: { name: string; p50: number | null; p95: number | null; target: number | null }[];
  latencyTargets: { name: string; value: number }[];
}

export interface ScenarioResult {
  summary: Summary;
  series: Series;
}

function range(values: (number | undefined)[]): Range {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (v.length === 0) return {};
  return { mean: mean(v), max: v.reduce((a, b) => Math.max(a, b)), first: v[0], last: v[v.length - 1] };
}

function histDelta(first: HistogramSnapshot | undefined, last: HistogramSnapshot | undefined) {
  if (!first || !last || last.count <= first.count) return {};
  const n = last.count - first.count;
  const p95 = histogramQuantile(new Map(first.buckets), new Map(last.buckets), 0.95);
  return { mean: ((last.sum - first.sum) / n) * 1000, ...(p95 !== undefined ? { p95: p95 * 1000 } : {}) };
}

/**
 * Jobs finished per second by the node's workers (its job-duration histogram) from t0 to the last
 * sample, and the sandboxes' CPU time per job over the same span.
 */
function judgedRate(samples: Sample[], t0: number): { judgedPerS?: number; sandboxCpuPerJobMs?: number } {
  const after = samples.filter((x) => x.t >= t0 - 1000 && x.jobDuration);
  const first = after[0];
  const last = after[after.length - 1];
  if (!first || !last || last.t - first.t < 1000) return {};
  const jobs = last.jobDuration!.count - first.jobDuration!.count;
  const cpu =
    first.sandboxCpuSeconds !== undefined && last.sandboxCpuSeconds !== undefined && jobs > 0
      ? { sandboxCpuPerJobMs: ((last.sandboxCpuSeconds - first.sandboxCpuSeconds) / jobs) * 1000 }
      : {};
  return { judgedPerS: jobs / ((last.t - first.t) / 1000), ...cpu };
}

function count<T>(items: T[], key: (x: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) {
    const k = key(x);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const round = (v: number | undefined, digits = 1) =>
  v === undefined ? undefined : Math.round(v * 10 ** digits) / 10 ** digits;

/** Where the time went: the first part of the path that runs out, from the run's own data. */
function bottleneckOf(s: Summary): { verdict: string; evidence: string[] } {
  const n = s.node;
  const ev: string[] = [];
  const util = n.utilization.mean;
  if (util !== undefined)
    ev.push(
      `workers busy ${Math.round(util * 100)}% of the time on average (max ${Math.round((n.utilization.max ?? 0) * 100)}%)`,
    );
  if (n.queueDepth.mean !== undefined)
    ev.push(
      `queue depth mean ${round(n.queueDepth.mean)}, max ${n.queueDepth.max}, trend ${round(n.queueDepth.slopePerMin, 2) ?? '?'} jobs/min`,
    );
  if (n.queueWaitMs.mean !== undefined && n.jobDurationMs.mean !== undefined)
    ev.push(
      `a job waited ${round(n.queueWaitMs.mean, 0)} ms in the queue on average and took ${round(n.jobDurationMs.mean, 0)} ms to judge`,
    );
  if (s.outsideNodeMs.p50 !== undefined)
    ev.push(
      `outside the node's own timing (transport${s.throughEdge ? ', edge' : ''}, API): P50 ${round(s.outsideNodeMs.p50, 0)} ms, P95 ${round(s.outsideNodeMs.p95, 0)} ms`,
    );
  if (n.healthMs.p95 !== undefined)
    ev.push(`GET /health (Redis and database pings) P95 ${round(n.healthMs.p95, 0)} ms`);
  if (n.readMs.p95 !== undefined) ev.push(`a database read through the API P95 ${round(n.readMs.p95, 0)} ms`);
  if (n.hostCpuPercent.mean !== undefined)
    ev.push(`the machine's CPU busy ${Math.round(n.hostCpuPercent.mean)}% on average`);
  if (n.sandboxCpuPerJobMs !== undefined)
    ev.push(
      `a submission took ${Math.round(n.sandboxCpuPerJobMs)} ms of CPU in its sandbox: one core judges at most ${(1000 / n.sandboxCpuPerJobMs).toFixed(1)} a second of this mix`,
    );
  if (n.cpuPercent.mean !== undefined)
    ev.push(`the node's process (API, queue client) used ${Math.round(n.cpuPercent.mean)}% of one core`);
  const latency = s.latency.p95 ?? 0;
  const growing = (n.queueDepth.growth ?? 0) > Math.max(10, 0.01 * s.offered);
  let verdict: string;
  if ((util !== undefined && util >= 0.85) || growing) {
    verdict =
      'workers: the judging capacity (worker slots and the CPU under them) is used up; submissions wait in the queue for a free slot';
  } else if ((n.queueWaitMs.p95 ?? 0) > Math.max(1000, n.jobDurationMs.p95 ?? 0)) {
    verdict =
      `workers, at times: submissions waited for a free slot during stalls (queue up to ${n.queueDepth.max ?? '?'}, ` +
      `wait P95 ${Math.round(n.queueWaitMs.p95!)} ms) although the slots were busy only ${Math.round((util ?? 0) * 100)}% of the time on average` +
      (n.hostCpuPercent.mean !== undefined && n.hostCpuPercent.mean > 60
        ? `; the machine's CPU was ${Math.round(n.hostCpuPercent.mean)}% busy, so the sandboxes competed for it`
        : '');
  } else if ((n.readMs.p95 ?? 0) > 250 || (n.healthMs.p95 ?? 0) > 250) {
    verdict = 'database or Redis: reads and pings are slow while workers are not saturated';
  } else if ((s.outsideNodeMs.p95 ?? 0) > Math.max(250, 0.5 * latency)) {
    verdict = s.throughEdge
      ? "API or edge: much of the latency is spent outside the node's judging"
      : "API: much of the latency is spent outside the node's judging";
  } else {
    verdict = 'none at this rate: workers have spare capacity, the queue does not grow, reads stay fast';
  }
  return { verdict, evidence: ev };
}

/** Turns a run's records and samples into its summary (criteria judged) and the series for its charts. */
export function analyze(records: ArrivalRecord[], samples: Sample[], ctx: RunContext): ScenarioResult {
  const s = ctx.plan.scenarios[ctx.scenario];
  const durationS = ctx.segs.reduce((a, g) => a + g.d, 0);
  const t0 = records.length
    ? records.reduce((m, r) => Math.min(m, r.ts), Number.POSITIVE_INFINITY)
    : (samples[0]?.t ?? Date.now());
  const end = t0 + durationS * 1000;

  const o = count(records, (r) => r.o);
  const offered = records.length;
  const dropped = o.dropped ?? 0;
  const sent = offered - dropped;
  const accepted = o.ac ?? 0;
  const completed = accepted + (o.verdict ?? 0);
  const verdicts = count(records, (r) => r.v);
  const lat = records.map(latencyOf).filter((x): x is number => x !== undefined);
  const doneTimes = records
    .filter((r) => (r.o === 'ac' || r.o === 'verdict') && r.td !== undefined)
    .map((r) => r.td!)
    .sort((a, b) => a - b);
  // Verdicts per second from the first verdict to the end of the schedule: the steady throughput.
  const firstDone = doneTimes[0];
  let achievedRps = 0;
  if (firstDone !== undefined) {
    const inWindow = doneTimes.filter((t) => t <= end).length;
    achievedRps =
      firstDone < end - 1000
        ? inWindow / ((end - firstDone) / 1000)
        : doneTimes.length / Math.max(1, (doneTimes[doneTimes.length - 1]! - t0) / 1000);
  }
  const expected = ctx.segs.reduce((a, g) => a + g.r0 * g.d + ((g.r1 - g.r0) * g.d) / 2, 0);
  const inRun = samples.filter((x) => x.t >= t0 - 1000 && x.t <= end + 1000);
  const cpuPercents: (number | undefined)[] = inRun.map((x, i) => {
    const prev = inRun[i - 1];
    if (!prev || x.cpuSeconds === undefined || prev.cpuSeconds === undefined) return undefined;
    return ((x.cpuSeconds - prev.cpuSeconds) / ((x.t - prev.t) / 1000)) * 100;
  });
  const queue = growthOf(samples, (x) => x.queueDepth, t0, end);
  const paired = inRun
    .filter((x) => x.readMs !== undefined && x.edgeReadMs !== undefined)
    .map((x) => x.edgeReadMs! - x.readMs!);
  const firstH = inRun.find((x) => x.queueWait);
  const lastH = [...inRun].reverse().find((x) => x.queueWait);
  const firstJ = inRun.find((x) => x.jobDuration);
  const lastJ = [...inRun].reverse().find((x) => x.jobDuration);
  const sentRecords = records.filter((r) => r.tx !== undefined);
  const compiled = records.filter((r) => r.cc !== undefined);

  const errorCounts = count(records, (r) => (r.e ? r.e.slice(0, 120) : undefined));
  const summary: Summary = {
    scenario: ctx.scenario,
    title: s.title,
    target: ctx.target,
    nodeUrl: ctx.node,
    throughEdge: ctx.throughEdge,
    rateScale: ctx.rateScale,
    durationScale: ctx.durationScale,
    locustWorkers: ctx.locustWorkers,
    startedAt: new Date(t0).toISOString(),
    durationS,
    offered,
    sent,
    completed,
    accepted,
    otherVerdicts: o.verdict ?? 0,
    timedOut: o.timeout ?? 0,
    dropped,
    httpErrors: o.http ?? 0,
    connectionErrors: o.transport ?? 0,
    verdicts,
    httpStatuses: count(records, (r) => (r.s !== undefined ? String(r.s) : undefined)),
    errorSamples: Object.entries(errorCounts)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([error, n]) => ({ error, count: n })),
    targetRps: expected / durationS,
    peakTargetRps: peakRate(ctx.segs),
    offeredRps: offered / durationS,
    sentRps: sent / durationS,
    achievedRps,
    successRate: offered ? accepted / offered : 0,
    errorRate: offered ? records.filter(isError).length / offered : 0,
    compileErrorRate: sent ? (verdicts.CE ?? 0) / sent : 0,
    ...(compiled.length ? { compileCacheHitRate: compiled.filter((r) => r.cc).length / compiled.length } : {}),
    latency: percentilesOf(lat),
    latencyByComplexity: Object.fromEntries(
      [...new Set(records.map((r) => r.c))].map((c) => [
        c,
        percentilesOf(
          records
            .filter((r) => r.c === c)
            .map(latencyOf)
            .filter((x): x is number => x !== undefined),
        ),
      ]),
    ),
    byLanguage: Object.fromEntries(
      [...new Set(records.map((r) => r.l))].sort().map((l) => {
        const mine = records.filter((r) => r.l === l);
        const ll = ascending(mine.map(latencyOf).filter((x): x is number => x !== undefined));
        return [
          l,
          {
            offered: mine.length,
            accepted: mine.filter((r) => r.o === 'ac').length,
            failed: mine.filter((r) => r.o !== 'ac').length,
            p50: percentile(ll, 50),
            p95: percentile(ll, 95),
          },
        ];
      }),
    ),
    generatorLagMs: percentilesOf(sentRecords.map((r) => r.tx! - r.ts)),
    outsideNodeMs: percentilesOf(
      records.filter((r) => r.n !== undefined && (r.o === 'ac' || r.o === 'verdict')).map((r) => latencyOf(r)! - r.n!),
    ),
    node: {
      workerSlots: range(inRun.map((x) => x.workerSlots)).max,
      queueDepth: {
        ...range(inRun.map((x) => x.queueDepth)),
        ...(queue ? { slopePerMin: queue.slopePerS * 60, growth: queue.growth } : {}),
      },
      utilization: range(inRun.map((x) => x.utilization)),
      cpuPercent: range(cpuPercents),
      hostCpuPercent: range(inRun.map((x) => (x.hostCpuBusy === undefined ? undefined : x.hostCpuBusy * 100))),
      rssBytes: range(inRun.map((x) => x.rssBytes)),
      handles: range(inRun.map((x) => x.handles)),
      containers: range(inRun.map((x) => x.containers)),
      queueWaitMs: histDelta(firstH?.queueWait, lastH?.queueWait),
      jobDurationMs: histDelta(firstJ?.jobDuration, lastJ?.jobDuration),
      ...judgedRate(samples, t0),
      healthMs: percentilesOf(inRun.map((x) => x.healthMs).filter((x): x is number => x !== undefined)),
      readMs: percentilesOf(inRun.map((x) => x.readMs).filter((x): x is number => x !== undefined)),
      edgeReadMs: percentilesOf(inRun.map((x) => x.edgeReadMs).filter((x): x is number => x !== undefined)),
      edgeAddedMs: percentilesOf(paired),
    },
    sources: ctx.sources,
    bottleneck: { verdict: '', evidence: [] },
    criteria: [],
    pass: false,
  };
  summary.bottleneck = bottleneckOf(summary);

  const measured: Measured = {
    records,
    samples,
    t0,
    durationS,
    rateScale: ctx.rateScale,
    durationScale: ctx.durationScale,
    successRate: summary.successRate,
    errorRate: summary.errorRate,
    compileErrorRate: summary.compileErrorRate,
    achievedRps,
    offered,
    ...(summary.generatorLagMs.p99 !== undefined ? { generatorLagP99: summary.generatorLagMs.p99 } : {}),
  };
  const criteria = ctx.calibrationStep
    ? s.criteria.filter((c) => c.metric !== 'p95Drift' && c.metric !== 'flat')
    : s.criteria;
  summary.criteria = [
    ...criteria.map((c) => judge(c, measured)),
    judgeGenerator(ctx.plan.generator.lagP99Ms, measured),
  ];
  if (ctx.calibrationStep) {
    // A step must keep up with its own rate: verdicts at 95% of it, as the sustained scenario asks.
    const want = 0.95 * summary.targetRps;
    summary.criteria.push({
      id: 'keeps_up',
      name: 'Keeps up with the step rate',
      op: '>=',
      target: want,
      value: achievedRps,
      unit: 'per s',
      pass: achievedRps >= want,
    });
  }
  summary.pass = summary.criteria.every((c) => c.pass);

  return { summary, series: seriesOf(records, samples, ctx, t0, durationS, queue) };
}

function seriesOf(
  records: ArrivalRecord[],
  samples: Sample[],
  ctx: RunContext,
  t0: number,
  durationS: number,
  queue: ReturnType<typeof growthOf>,
): Series {
  const lastDone = records.reduce((m, r) => Math.max(m, r.td ?? 0), t0 + durationS * 1000);
  const spanS = (lastDone - t0) / 1000;
  const bucketS = Math.max(1, Math.round(durationS / 60));
  const n = Math.max(1, Math.ceil(spanS / bucketS));
  const idx = (t: number) => Math.min(n - 1, Math.max(0, Math.floor((t - t0) / 1000 / bucketS)));
  const zeros = () => new Array<number>(n).fill(0);
  const offered = zeros();
  const sent = zeros();
  const verdicts = zeros();
  const errors = zeros();
  const dropped = zeros();
  const lat: number[][] = Array.from({ length: n }, () => []);
  for (const r of records) {
    offered[idx(r.ts)]!++;
    if (r.o === 'dropped') dropped[idx(r.ts)]!++;
    if (r.tx !== undefined) {
      sent[idx(r.tx)]!++;
      if (isError(r)) errors[idx(r.tx)]!++;
      const l = latencyOf(r);
      if (l !== undefined) lat[idx(r.tx)]!.push(l);
    }
    if ((r.o === 'ac' || r.o === 'verdict') && r.td !== undefined) verdicts[idx(r.td)]!++;
  }
  const sorted = lat.map((x) => ascending(x));
  const pct = (p: number) => sorted.map((x) => percentile(x, p) ?? null);
  const perS = (a: number[]) => a.map((x) => x / bucketS);
  const s = ctx.plan.scenarios[ctx.scenario];
  const inRun = samples.filter((x) => x.t >= t0 - 2000);
  const cpu = inRun.map((x, i) => {
    const prev = inRun[i - 1];
    if (!prev || x.cpuSeconds === undefined || prev.cpuSeconds === undefined) return null;
    return ((x.cpuSeconds - prev.cpuSeconds) / ((x.t - prev.t) / 1000)) * 100;
  });
  const v = (x: number | undefined, f = 1) => (x === undefined ? null : x * f);
  const complexities = [...new Set(records.map((r) => r.c))];
  const order = ['simple', 'medium', 'complex'];
  complexities.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return {
    bucketS,
    t: Array.from({ length: n }, (_, i) => i * bucketS),
    targetRate: Array.from({ length: n }, (_, i) => rateAt(ctx.segs, (i + 0.5) * bucketS)),
    offered: perS(offered),
    sent: perS(sent),
    verdicts: perS(verdicts),
    errorPct: sent.map((x, i) => (x ? (errors[i]! / x) * 100 : null)),
    droppedPct: offered.map((x, i) => (x ? (dropped[i]! / x) * 100 : null)),
    p50: pct(50),
    p90: pct(90),
    p95: pct(95),
    p99: pct(99),
    samples: {
      t: inRun.map((x) => (x.t - t0) / 1000),
      queueDepth: inRun.map((x) => v(x.queueDepth)),
      activeJobs: inRun.map((x) => v(x.activeJobs)),
      utilizationPct: inRun.map((x) => v(x.utilization, 100)),
      workerSlots: inRun.map((x) => v(x.workerSlots)),
      cpuPct: cpu,
      hostCpuPct: inRun.map((x) => v(x.hostCpuBusy, 100)),
      rssMB: inRun.map((x) => v(x.rssBytes, 1 / 2 ** 20)),
      heapMB: inRun.map((x) => v(x.heapUsedBytes, 1 / 2 ** 20)),
      handles: inRun.map((x) => v(x.handles)),
      containers: inRun.map((x) => v(x.containers)),
      healthMs: inRun.map((x) => v(x.healthMs)),
      readMs: inRun.map((x) => v(x.readMs)),
      edgeReadMs: inRun.map((x) => v(x.edgeReadMs)),
    },
    ...(queue
      ? { queueFit: { slopePerS: queue.slopePerS, intercept: queue.intercept, fromS: 0, toS: durationS } }
      : {}),
    languages: [...new Set(records.map((r) => r.l))].sort().map((name) => ({
      name,
      accepted: records.filter((r) => r.l === name && r.o === 'ac').length,
      failed: records.filter((r) => r.l === name && r.o !== 'ac').length,
    })),
    complexities: complexities.map((name) => {
      const x = ascending(
        records
          .filter((r) => r.c === name)
          .map(latencyOf)
          .filter((y): y is number => y !== undefined),
      );
      const c = s.criteria.find((k) => k.metric === 'latency' && k.percentile === 95 && k.complexity === name);
      return {
        name,
        p50: percentile(x, 50) ?? null,
        p95: percentile(x, 95) ?? null,
        target: c && 'target' in c ? c.target : null,
      };
    }),
    latencyTargets: s.criteria
      .filter((c) => c.metric === 'latency' && !c.complexity)
      .map((c) => ({ name: c.name, value: (c as { target: number }).target })),
  };
}
