import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** loadtest/, where plan.json and programs.json live. */
export const LOADTEST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PLAN_FILE = join(LOADTEST_DIR, 'plan.json');
export const PROGRAMS_FILE = join(LOADTEST_DIR, 'programs.json');

const Weights = z.record(z.string().min(1), z.number().positive());
const Complexity = z.enum(['simple', 'medium', 'complex']);
export type Complexity = z.infer<typeof Complexity>;

const Constant = z
  .object({
    executor: z.literal('constant'),
    rate: z.number().positive(),
    timeUnitS: z.number().positive(),
    durationS: z.number().positive(),
  })
  .strict();
const Ramping = z
  .object({
    executor: z.literal('ramping'),
    timeUnitS: z.number().positive(),
    startRate: z.number().min(0),
    stages: z.array(z.object({ target: z.number().min(0), durationS: z.number().positive() }).strict()).min(1),
  })
  .strict();
const Arrivals = z.discriminatedUnion('executor', [Constant, Ramping]);
export type Arrivals = z.infer<typeof Arrivals>;

const Op = z.enum(['<', '<=', '>', '>=']);
export type Op = z.infer<typeof Op>;
const base = { id: z.string().regex(/^[a-z0-9_]+$/), name: z.string().min(1), op: Op };
const Criterion = z.discriminatedUnion('metric', [
  z.object({ ...base, metric: z.literal('successRate'), target: z.number() }).strict(),
  z.object({ ...base, metric: z.literal('errorRate'), target: z.number() }).strict(),
  z.object({ ...base, metric: z.literal('compileErrorRate'), target: z.number() }).strict(),
  z
    .object({
      ...base,
      metric: z.literal('latency'),
      percentile: z.number().gt(0).lt(100),
      complexity: Complexity.optional(),
      target: z.number().positive(),
    })
    .strict(),
  z.object({ ...base, metric: z.literal('achievedRps'), target: z.number(), scalesWithRate: z.boolean() }).strict(),
  z
    .object({
      ...base,
      metric: z.literal('queueGrowth'),
      fractionOfOffered: z.number().min(0),
      atLeast: z.number().min(0),
    })
    .strict(),
  z
    .object({ ...base, metric: z.literal('p95Drift'), windowS: z.number().positive(), target: z.number().min(0) })
    .strict(),
  z
    .object({
      ...base,
      metric: z.literal('flat'),
      series: z.enum(['memory', 'handles', 'containers', 'queueDepth']),
      windowS: z.number().positive(),
      relative: z.number().min(0),
      atLeast: z.number().min(0),
    })
    .strict(),
]);
export type Criterion = z.infer<typeof Criterion>;

const Scenario = z
  .object({
    title: z.string().min(1),
    locustTag: z.string().regex(/^[a-z]+$/),
    k6Script: z.string().regex(/^[a-z0-9-]+\.js$/),
    startS: z.number().min(0),
    mix: z.string(),
    complexity: z.string(),
    uniqueSources: z.boolean(),
    arrivals: Arrivals,
    preAllocated: z.number().int().positive(),
    maxInFlight: z.number().int().positive(),
    criteria: z.array(Criterion).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

export const SCENARIO_NAMES = ['burst', 'sustained', 'compilation', 'soak'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const PlanSchema = z
  .object({
    description: z.string(),
    version: z.literal(1),
    submission: z.object({ timeoutS: z.number().positive(), pollIntervalMs: z.number().int().positive() }).strict(),
    mixes: z.record(z.string(), Weights),
    complexities: z.record(z.string(), z.partialRecord(Complexity, z.number().positive())),
    generator: z.object({ lagP99Ms: z.number().positive() }).strict(),
    scenarios: z.object({
      burst: Scenario,
      sustained: Scenario,
      compilation: Scenario,
      soak: Scenario,
    }),
    calibration: z
      .object({
        groups: z.record(z.string(), z.array(z.enum(SCENARIO_NAMES)).min(1)),
        stepS: z.number().positive(),
        minStepS: z.number().positive(),
        startRate: z.number().positive(),
        minRate: z.number().positive(),
        refineSteps: z.number().int().min(0),
        headroom: z.number().gt(0).max(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const [name, s] of Object.entries(p.scenarios)) {
      if (!p.mixes[s.mix]) ctx.addIssue({ code: 'custom', path: ['scenarios', name, 'mix'], message: 'no such mix' });
      if (!p.complexities[s.complexity])
        ctx.addIssue({ code: 'custom', path: ['scenarios', name, 'complexity'], message: 'no such complexity mix' });
    }
    const grouped = Object.values(p.calibration.groups).flat();
    for (const name of SCENARIO_NAMES) {
      if (grouped.filter((g) => g === name).length !== 1)
        ctx.addIssue({ code: 'custom', path: ['calibration', 'groups'], message: `${name} must be in one group` });
    }
  });
export type Plan = z.infer<typeof PlanSchema>;

const ProgramsSchema = z
  .object({
    description: z.string(),
    lineComment: z.record(z.string(), z.string().min(1)),
    programs: z.record(z.string(), z.record(Complexity, z.string().min(1))),
    inputs: z.record(Complexity, z.tuple([z.string(), z.string()])),
  })
  .strict();
export type Programs = z.infer<typeof ProgramsSchema>;

function parseFile<T>(schema: z.ZodType<T>, file: string): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** The plan, validated; a language of a mix without programs is an error. */
export function loadPlan(file = PLAN_FILE, programsFile = PROGRAMS_FILE): { plan: Plan; programs: Programs } {
  const plan = parseFile(PlanSchema, file);
  const programs = parseFile(ProgramsSchema, programsFile);
  for (const [mix, weights] of Object.entries(plan.mixes)) {
    for (const lang of Object.keys(weights)) {
      if (!programs.programs[lang]) throw new Error(`${file}: mix ${mix} names ${lang}, which has no programs`);
      if (!programs.lineComment[lang]) throw new Error(`${programsFile}: ${lang} has no lineComment`);
    }
  }
  return { plan, programs };
}

/** One piece of the rate curve: from r0 to r1 arrivals per second, linearly, over d seconds. */
export interface Segment {
  r0: number;
  r1: number;
  d: number;
}

/** The rate curve of a scenario, scaled: rates by `rateScale`, durations by `durationScale`. */
export function segments(a: Arrivals, rateScale = 1, durationScale = 1): Segment[] {
  const per = (r: number) => (r / a.timeUnitS) * rateScale;
  if (a.executor === 'constant') return [{ r0: per(a.rate), r1: per(a.rate), d: a.durationS * durationScale }];
  let prev = per(a.startRate);
  return a.stages.map((s) => {
    const seg = { r0: prev, r1: per(s.target), d: s.durationS * durationScale };
    prev = seg.r1;
    return seg;
  });
}

export function durationOf(segs: Segment[]): number {
  return segs.reduce((t, s) => t + s.d, 0);
}

/** Arrivals expected between 0 and t. */
export function cumulative(segs: Segment[], t: number): number {
  let n = 0;
  let start = 0;
  for (const s of segs) {
    const tau = Math.min(Math.max(t - start, 0), s.d);
    n += s.r0 * tau + ((s.r1 - s.r0) * tau * tau) / (2 * s.d);
    start += s.d;
  }
  return n;
}

/** Rate at time t (arrivals per second). */
export function rateAt(segs: Segment[], t: number): number {
  let start = 0;
  for (const s of segs) {
    if (t < start + s.d) return s.r0 + ((s.r1 - s.r0) * Math.max(t - start, 0)) / s.d;
    start += s.d;
  }
  return 0;
}

/** How many arrivals the schedule offers: every k with arrivalTime(k) < duration. */
export function offeredCount(segs: Segment[]): number {
  return Math.max(0, Math.ceil(cumulative(segs, durationOf(segs)) - 1e-9));
}

/**
 * When arrival k (0, 1, 2, …) is due, in seconds from the start: where the
 * cumulative rate reaches k, as k6's arrival-rate executors start iterations.
 * Undefined past the end. The Locust file computes the same (judge_plan.py).
 */
export function arrivalTime(segs: Segment[], k: number): number | undefined {
  if (k < 0 || k >= offeredCount(segs)) return undefined;
  let before = 0;
  let start = 0;
  for (const [i, s] of segs.entries()) {
    const inSeg = s.r0 * s.d + ((s.r1 - s.r0) * s.d) / 2;
    if (k < before + inSeg || i === segs.length - 1) {
      const x = k - before;
      const a = (s.r1 - s.r0) / (2 * s.d);
      // a·τ² + r0·τ = x, in the form that holds for a = 0 and r0 = 0 alike
      const tau = x <= 0 ? 0 : (2 * x) / (s.r0 + Math.sqrt(Math.max(0, s.r0 * s.r0 + 4 * a * x)));
      return start + Math.min(tau, s.d);
    }
    before += inSeg;
    start += s.d;
  }
  return undefined;
}

export function peakRate(segs: Segment[]): number {
  return Math.max(...segs.flatMap((s) => [s.r0, s.r1]));
}

/** Weyl sequences: any run of arrivals holds each share of a mix to within one submission. */
export const LANGUAGE_STEP = 0.6180339887498949;
export const COMPLEXITY_STEP = 0.41421356237309515;

export function weyl(k: number, step: number): number {
  return (0.5 + k * step) % 1;
}

/** The key of `weights` (in their order) whose share contains u ∈ [0, 1). */
export function pick<K extends string>(weights: Partial<Record<K, number>>, u: number): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let x = u * total;
  for (const [k, w] of entries) {
    if (x < w) return k;
    x -= w;
  }
  return entries[entries.length - 1]![0];
}

/** The language and complexity of arrival k of a scenario. */
export function choiceOf(plan: Plan, s: Scenario, k: number): { language: string; complexity: Complexity } {
  return {
    language: pick(plan.mixes[s.mix]!, weyl(k, LANGUAGE_STEP)),
    complexity: pick(plan.complexities[s.complexity]! as Record<Complexity, number>, weyl(k, COMPLEXITY_STEP)),
  };
}

/** The source of arrival k: made unique by a comment where the scenario defeats the compile cache. */
export function sourceOf(
  programs: Programs,
  s: Scenario,
  language: string,
  complexity: Complexity,
  runId: string,
  k: number,
): string {
  const source = programs.programs[language]![complexity];
  return s.uniqueSources ? `${source}${programs.lineComment[language]} judge-load ${runId}-${k}\n` : source;
}

/**
 * What a reader of the plan derives from it, for the test that the harness,
 * the Locust file and the k6 scripts agree: counts, rates, arrival times and choices.
 */
export function describe(plan: Plan, rateScale: number, durationScale: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SCENARIO_NAMES) {
    const s = plan.scenarios[name];
    const segs = segments(s.arrivals, rateScale, durationScale);
    const n = offeredCount(segs);
    const sample = [0, 1, 2, 3, Math.floor(n / 3), Math.floor(n / 2), n - 2, n - 1].filter((k) => k >= 0 && k < n);
    out[name] = {
      offered: n,
      durationS: durationOf(segs),
      peakRate: peakRate(segs),
      arrivals: sample.map((k) => [k, arrivalTime(segs, k)]),
      past: arrivalTime(segs, n) ?? null,
      choices: Array.from({ length: 50 }, (_, k) => {
        const c = choiceOf(plan, s, k);
        return `${c.language}/${c.complexity}`;
      }),
      tag: s.locustTag,
      maxInFlight: s.maxInFlight,
      uniqueSources: s.uniqueSources,
      criteria: s.criteria.map((c) => c.id),
    };
  }
  return out;
}

/** The scenario a Locust tag names (`mixed` is the sustained scenario's). */
export function scenarioOfTag(plan: Plan, tag: string): ScenarioName | undefined {
  return SCENARIO_NAMES.find((n) => plan.scenarios[n].locustTag === tag);
}
