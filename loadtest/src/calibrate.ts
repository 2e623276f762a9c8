import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Plan, peakRate, type ScenarioName, segments } from './plan.js';
import { executeScenario, waitForIdle } from './run.js';

/** One constant-rate step of the search. */
export interface CalibrationStep {
  rate: number;
  pass: boolean;
  failed: string[];
  achievedRps: number;
  judgedPerS?: number;
  sandboxCpuPerJobMs?: number;
  p95Ms?: number;
  utilization?: number;
  dir: string;
}

/** The highest rate a group's mix sustains with its scenario's criteria met. */
export interface GroupCalibration {
  /** The scenario whose mix and criteria the steps used. */
  scenario: ScenarioName;
  /** Highest passing rate (per second); null when none passed. */
  maxRps: number | null;
  /** True when the search stopped at the plan's own peak rate while still passing. */
  reachedPlanRate: boolean;
  /**
   * Submissions judged per second (the node's own count, drain included) in the busiest step whose
   * workers were saturated (busy 85% of the time or more): the judging throughput.
   */
  saturatedRps?: number;
  /** Sandbox CPU time per submission of the mix (the median over the steps): contention does not change it. */
  cpuPerJobMs?: number;
  steps: CalibrationStep[];
  measuredAt: string;
}

export interface Calibration {
  target: string;
  node: string;
  workerSlots: number;
  locustWorkers: number;
  stepS: number;
  groups: Record<string, GroupCalibration>;
}

export function cacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'judge', 'load-calibration.json');
}

type Cache = Record<string, Calibration>;

function readCache(file: string): Cache {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Cache;
  } catch {
    return {};
  }
}

/** The cached calibration of a target, if it was made against the same number of worker slots. */
export function cachedCalibration(target: string, workerSlots: number, file = cacheFile()): Calibration | undefined {
  const c = readCache(file)[target];
  return c && c.workerSlots === workerSlots ? c : undefined;
}

/**
 * The calibration `--rate-scale auto` uses for a target. Through an edge with none of its own, the node's:
 * the judging capacity is the node's workers, and the edge adds latency, not capacity (each run's report
 * shows the edge's added latency). `borrowed` says so, and a borrowed calibration is not stored again under
 * the edge's address.
 */
export function calibrationFor(
  target: string,
  node: string,
  workerSlots: number,
  file = cacheFile(),
): { calibration: Calibration; borrowed: boolean } | undefined {
  const own = cachedCalibration(target, workerSlots, file);
  if (own) return { calibration: own, borrowed: false };
  if (node === target) return undefined;
  const nodes = cachedCalibration(node, workerSlots, file);
  return nodes ? { calibration: { ...nodes, groups: { ...nodes.groups } }, borrowed: true } : undefined;
}

export function storeCalibration(c: Calibration, file = cacheFile()): void {
  const cache = readCache(file);
  cache[c.target] = c;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(cache, null, 2)}\n`);
}

export function groupOf(plan: Plan, scenario: ScenarioName): string {
  return Object.entries(plan.calibration.groups).find(([, names]) => names.includes(scenario))![0];
}

export function planPeak(plan: Plan, scenario: ScenarioName): number {
  return peakRate(segments(plan.scenarios[scenario].arrivals));
}

/** The rate scale a constant-rate step stands for: criteria relative to the plan's rate (achieved RPS) follow it. */
export function stepRateScale(plan: Plan, scenario: ScenarioName, rate: number): number {
  return rate / planPeak(plan, scenario);
}

/** --rate-scale auto: the calibrated rate with the plan's headroom, as a share of the scenario's peak. */
export function autoScale(plan: Plan, scenario: ScenarioName, g: GroupCalibration): number {
  // No rate met the criteria: the scenario runs at the lowest rate tried, and its report says how it fails.
  const rate = g.maxRps ?? plan.calibration.minRate;
  return (plan.calibration.headroom * rate) / planPeak(plan, scenario);
}

/**
 * The search itself: doubles from the start rate while steps pass (up to `cap`),
 * halves while they fail (down to `minRate`), then bisects geometrically between
 * the last pass and the first fail, `refineSteps` times or until they are within 10%.
 */
export async function searchRate(
  step: (rate: number) => Promise<boolean>,
  o: { startRate: number; minRate: number; cap: number; refineSteps: number },
): Promise<{ maxRps: number | null; reachedPlanRate: boolean }> {
  let lo: number | null = null;
  let hi: number | null = null;
  let rate = Math.min(o.startRate, o.cap);
  let reachedPlanRate = false;
  for (;;) {
    if (await step(rate)) {
      lo = rate;
      if (rate >= o.cap) {
        reachedPlanRate = true;
        break;
      }
      if (hi !== null) break;
      rate = Math.min(o.cap, rate * 2);
    } else {
      hi = rate;
      if (lo !== null || rate / 2 < o.minRate) break;
      rate /= 2;
    }
  }
  for (let i = 0; i < o.refineSteps && lo !== null && hi !== null && hi / lo > 1.1; i++) {
    const mid = Math.sqrt(lo * hi);
    if (await step(mid)) lo = mid;
    else hi = mid;
  }
  return { maxRps: lo, reachedPlanRate };
}

export interface CalibrateOptions {
  plan: Plan;
  group: string;
  target: string;
  node: string;
  throughEdge: boolean;
  apiKey?: string;
  durationScale: number;
  workers: number;
  dir: string;
  nodeSecret?: string;
  log: (line: string) => void;
}

/**
 * A stepped search: constant-rate steps of the group's first scenario (its mix,
 * its criteria), doubling from the start rate while they pass, halving while
 * they fail, then bisecting (geometrically) between the last pass and the first
 * fail. It stops at the plan's peak rate: a target that sustains the plan as
 * written needs no more.
 */
export async function calibrateGroup(o: CalibrateOptions): Promise<GroupCalibration> {
  const c = o.plan.calibration;
  const names = c.groups[o.group]!;
  const scenario = names[0]!;
  const cap = Math.max(...names.map((n) => planPeak(o.plan, n)));
  const stepS = Math.max(c.minStepS, c.stepS * o.durationScale);
  const steps: CalibrationStep[] = [];
  const step = async (rate: number): Promise<boolean> => {
    await waitForIdle(o.node, o.plan.submission.timeoutS * 2000);
    const dir = join(o.dir, `${o.group}-${steps.length + 1}-${rate.toFixed(3)}per-s`);
    const r = await executeScenario({
      plan: o.plan,
      scenario,
      target: o.target,
      node: o.node,
      throughEdge: o.throughEdge,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      rateScale: stepRateScale(o.plan, scenario, rate),
      durationScale: o.durationScale,
      constant: { rate, durationS: stepS },
      workers: o.workers,
      dir,
      ...(o.nodeSecret ? { nodeSecret: o.nodeSecret } : {}),
    });
    const s = r.summary;
    const failed = s.criteria.filter((x) => !x.pass).map((x) => x.id);
    steps.push({
      rate,
      pass: s.pass,
      failed,
      achievedRps: s.achievedRps,
      ...(s.node.judgedPerS !== undefined ? { judgedPerS: s.node.judgedPerS } : {}),
      ...(s.node.sandboxCpuPerJobMs !== undefined ? { sandboxCpuPerJobMs: s.node.sandboxCpuPerJobMs } : {}),
      ...(s.latency.p95 !== undefined ? { p95Ms: s.latency.p95 } : {}),
      ...(s.node.utilization.mean !== undefined ? { utilization: s.node.utilization.mean } : {}),
      dir,
    });
    o.log(
      `  ${o.group} ${rate.toFixed(3)}/s for ${stepS.toFixed(0)} s: ${s.pass ? 'pass' : `fail (${failed.join(', ')})`}, ` +
        `verdicts ${s.achievedRps.toFixed(2)}/s, P95 ${Math.round(s.latency.p95 ?? 0)} ms, ` +
        `workers ${Math.round((s.node.utilization.mean ?? 0) * 100)}% busy`,
    );
    return s.pass;
  };

  const { maxRps: lo, reachedPlanRate } = await searchRate(step, {
    startRate: c.startRate,
    minRate: c.minRate,
    cap,
    refineSteps: c.refineSteps,
  });
  const saturated = steps.filter((s) => (s.utilization ?? 0) >= 0.85).map((s) => s.judgedPerS ?? s.achievedRps);
  const cpu = steps
    .map((s) => s.sandboxCpuPerJobMs)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  return {
    scenario,
    ...(cpu.length ? { cpuPerJobMs: cpu[Math.floor(cpu.length / 2)]! } : {}),
    maxRps: lo,
    reachedPlanRate,
    ...(saturated.length ? { saturatedRps: Math.max(...saturated) } : {}),
    steps,
    measuredAt: new Date().toISOString(),
  };
}
