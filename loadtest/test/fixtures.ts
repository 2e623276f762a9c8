// Runs made up for the tests: records as the Locust file writes them, samples as the harness takes them.
import type { RunContext } from '../src/analyze.js';
import { loadPlan, type ScenarioName, segments } from '../src/plan.js';
import type { ArrivalRecord } from '../src/records.js';
import type { Sample } from '../src/sampler.js';

const { plan } = loadPlan();

export const T0 = 1_800_000_000_000;

export function ctx(scenario: ScenarioName, rateScale: number, durationScale: number): RunContext {
  return {
    scenario,
    plan,
    segs: segments(plan.scenarios[scenario].arrivals, rateScale, durationScale),
    rateScale,
    durationScale,
    target: 'http://127.0.0.1:3000',
    node: 'http://127.0.0.1:3000',
    throughEdge: false,
    locustWorkers: 0,
    sources: { missing: [] },
  };
}

export interface Shape {
  /** Latency of arrival k (ms). */
  latency?: (k: number, n: number) => number;
  outcome?: (k: number) => Partial<ArrivalRecord>;
  complexity?: (k: number) => string;
}

/** A run of n arrivals evenly over durationS, as the Locust file records them. */
export function records(n: number, durationS: number, shape: Shape = {}): ArrivalRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const ts = T0 + (k * durationS * 1000) / n;
    const lat = shape.latency?.(k, n) ?? 400;
    return {
      k,
      l: ['python', 'javascript', 'cpp'][k % 3]!,
      c: shape.complexity?.(k) ?? 'simple',
      ts,
      tx: ts + 2,
      td: ts + 2 + lat,
      o: 'ac',
      v: 'AC',
      s: 200,
      n: lat - 20,
      ...shape.outcome?.(k),
    } as ArrivalRecord;
  });
}

/** Node samples once a second over durationS. */
export function samples(durationS: number, f: (t: number) => Partial<Sample> = () => ({})): Sample[] {
  return Array.from({ length: durationS + 1 }, (_, i) => ({
    t: T0 + i * 1000,
    queueDepth: 0,
    activeJobs: 1,
    workerSlots: 2,
    utilization: 0.5,
    cpuSeconds: i * 0.1,
    rssBytes: 150 * 2 ** 20,
    handles: 20,
    containers: 6,
    ...f(i),
  }));
}
