import type { Criterion, Op } from './plan.js';
import { type ArrivalRecord, latencyOf } from './records.js';
import type { Sample } from './sampler.js';
import { ascending, linearFit, mean, percentile } from './stats.js';

/** One criterion of the plan, judged on a run. `value` is null when the run could not measure it (a failure). */
export interface CriterionResult {
  id: string;
  name: string;
  op: Op;
  target: number;
  value: number | null;
  unit: string;
  pass: boolean;
  note?: string;
}

/** What the criteria are judged on. Times are epoch ms; t0 is when the schedule began, durationS its length. */
export interface Measured {
  records: ArrivalRecord[];
  samples: Sample[];
  t0: number;
  durationS: number;
  rateScale: number;
  durationScale: number;
  successRate: number;
  errorRate: number;
  compileErrorRate: number;
  achievedRps: number;
  offered: number;
  generatorLagP99?: number;
}

export function compare(value: number, op: Op, target: number): boolean {
  switch (op) {
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '>=':
      return value >= target;
  }
}

/** A least-squares fit of a sampled series over [from, to] (epoch ms): its growth over that span. */
export function growthOf(
  samples: Sample[],
  pick: (s: Sample) => number | undefined,
  from: number,
  to: number,
): { growth: number; slopePerS: number; mean: number; n: number; intercept: number } | undefined {
  const points: [number, number][] = [];
  for (const s of samples) {
    const v = pick(s);
    if (v !== undefined && Number.isFinite(v) && s.t >= from && s.t <= to) points.push([(s.t - from) / 1000, v]);
  }
  const fit = linearFit(points);
  if (!fit || points.length < 3) return undefined;
  const span = points[points.length - 1]![0] - points[0]![0] || 0;
  return {
    growth: fit.slope * span,
    slopePerS: fit.slope,
    mean: mean(points.map((p) => p[1]))!,
    n: points.length,
    intercept: fit.intercept,
  };
}

const SERIES: Record<string, { pick: (s: Sample) => number | undefined; unit: string; metric: string }> = {
  memory: { pick: (s) => s.rssBytes, unit: 'bytes', metric: 'process_resident_memory_bytes' },
  handles: { pick: (s) => s.handles, unit: 'handles', metric: 'nodejs_active_handles_total' },
  containers: { pick: (s) => s.containers, unit: 'containers', metric: 'the container count' },
  queueDepth: { pick: (s) => s.queueDepth, unit: 'jobs', metric: 'code_execution_queue_depth' },
};

function p95Between(records: ArrivalRecord[], from: number, to: number): number | undefined {
  const v: number[] = [];
  for (const r of records) {
    const l = latencyOf(r);
    if (l !== undefined && r.tx! >= from && r.tx! < to) v.push(l);
  }
  return percentile(ascending(v), 95);
}

/** Judges one criterion of the plan on a run. */
export function judge(c: Criterion, m: Measured): CriterionResult {
  const end = m.t0 + m.durationS * 1000;
  /** `why`: what was missing when there is no value; `note`: how a value was reached. */
  const result = (
    target: number,
    value: number | null | undefined,
    unit: string,
    why: string,
    note?: string,
  ): CriterionResult => {
    const v = value === undefined || value === null || Number.isNaN(value) ? null : value;
    return {
      id: c.id,
      name: c.name,
      op: c.op,
      target,
      value: v,
      unit,
      pass: v !== null && compare(v, c.op, target),
      ...(v === null ? { note: `not measurable: ${why}` } : note ? { note } : {}),
    };
  };
  switch (c.metric) {
    case 'successRate':
      return result(c.target, m.offered ? m.successRate : null, 'ratio', 'nothing was offered');
    case 'errorRate':
      return result(c.target, m.offered ? m.errorRate : null, 'ratio', 'nothing was offered');
    case 'compileErrorRate':
      return result(c.target, m.offered ? m.compileErrorRate : null, 'ratio', 'nothing was offered');
    case 'achievedRps': {
      const target = c.scalesWithRate ? c.target * m.rateScale : c.target;
      return result(target, m.achievedRps, 'per s', 'no verdicts');
    }
    case 'latency': {
      const v: number[] = [];
      for (const r of m.records) {
        if (c.complexity && r.c !== c.complexity) continue;
        const l = latencyOf(r);
        if (l !== undefined) v.push(l);
      }
      return result(
        c.target,
        percentile(ascending(v), c.percentile),
        'ms',
        c.complexity ? `no ${c.complexity} submission got a verdict` : 'no submission got a verdict',
      );
    }
    case 'queueGrowth': {
      const target = Math.max(c.atLeast, c.fractionOfOffered * m.offered);
      const g = growthOf(m.samples, (s) => s.queueDepth, m.t0, end);
      return result(
        target,
        g?.growth,
        'jobs',
        'code_execution_queue_depth was not sampled during the run',
        g ? `least-squares slope ${(g.slopePerS * 60).toFixed(2)} jobs/min over ${g.n} samples` : undefined,
      );
    }
    case 'p95Drift': {
      const w = c.windowS * m.durationScale * 1000;
      const first = p95Between(m.records, m.t0, m.t0 + w);
      const last = p95Between(m.records, end - w, end);
      if (first === undefined || last === undefined || first <= 0)
        return result(c.target, null, 'ratio', 'no verdicts in the first or last window');
      return result(
        c.target,
        last / first - 1,
        'ratio',
        '',
        `P95 ${Math.round(first)} ms in the first ${Math.round(w / 1000)} s, ${Math.round(last)} ms in the last (a faster end passes)`,
      );
    }
    case 'flat': {
      const series = SERIES[c.series]!;
      const w = c.windowS * m.durationScale * 1000;
      // The first window is the warm-up (caches, JIT, the sandbox pool filling); flat means flat after it.
      const g = growthOf(m.samples, series.pick, m.t0 + w, end);
      if (!g) return result(c.atLeast, null, series.unit, `${series.metric} was not sampled after the first window`);
      const target = Math.max(c.atLeast, c.relative * g.mean);
      return result(
        target,
        g.growth,
        series.unit,
        '',
        `least-squares growth after the first ${Math.round(w / 1000)} s, mean ${Math.round(g.mean)}`,
      );
    }
  }
}

/** The load generator kept to the schedule: otherwise the run measured the generator, not the judge. */
export function judgeGenerator(lagP99Ms: number, m: Measured): CriterionResult {
  const v = m.generatorLagP99 ?? null;
  return {
    id: 'generator_on_schedule',
    name: 'Load generator on schedule (P99 send lag)',
    op: '<',
    target: lagP99Ms,
    value: v,
    unit: 'ms',
    pass: v !== null && v < lagP99Ms,
    ...(v === null ? { note: 'not measurable: nothing was sent' } : {}),
  };
}
