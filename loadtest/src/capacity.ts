import type { Calibration } from './calibrate.js';
import { groupOf, planPeak } from './calibrate.js';
import { type Plan, SCENARIO_NAMES } from './plan.js';

/** The share of its time a worker should be busy in a healthy fleet: the middle of the plan's 60-80%. */
export const HEALTHY_UTILIZATION = 0.7;

export interface CapacityRow {
  scenario: string;
  planRps: number;
  /** Highest rate with the criteria met on the calibrated target, per second. */
  maxRps: number | null;
  reachedPlanRate: boolean;
  /** That rate per worker slot. */
  perWorkerRps: number | null;
  /** Verdicts per second per slot when every slot was busy (a saturated step), if one was seen. */
  saturatedPerWorkerRps: number | null;
  /** Sandbox CPU per submission, and what one core judges if judging were only that CPU work. */
  cpuPerJobMs: number | null;
  cpuBoundPerCoreRps: number | null;
  /** Workers to meet the criteria at the plan's full rate: plan rate / per-worker rate. */
  minWorkers: number | null;
  /** Workers to run at the healthy utilization: plan rate / (0.7 × saturated per-worker rate). */
  recommendedWorkers: number | null;
}

/** The plan's scaling table from a calibration: one row per scenario. */
export function capacityRows(plan: Plan, c: Calibration): CapacityRow[] {
  return SCENARIO_NAMES.map((scenario) => {
    const g = c.groups[groupOf(plan, scenario)];
    const planRps = planPeak(plan, scenario);
    const maxRps = g?.maxRps ?? null;
    const perWorkerRps = maxRps !== null && c.workerSlots > 0 ? maxRps / c.workerSlots : null;
    const saturated = g?.saturatedRps !== undefined && c.workerSlots > 0 ? g.saturatedRps / c.workerSlots : null;
    const minWorkers = perWorkerRps ? Math.ceil(planRps / perWorkerRps - 1e-9) : null;
    const basis = saturated ?? perWorkerRps;
    const recommendedWorkers = basis
      ? Math.max(minWorkers ?? 0, Math.ceil(planRps / (HEALTHY_UTILIZATION * basis) - 1e-9))
      : null;
    const cpu = g?.cpuPerJobMs ?? null;
    return {
      scenario,
      planRps,
      cpuPerJobMs: cpu,
      cpuBoundPerCoreRps: cpu ? 1000 / cpu : null,
      maxRps,
      reachedPlanRate: g?.reachedPlanRate ?? false,
      perWorkerRps,
      saturatedPerWorkerRps: saturated,
      minWorkers,
      recommendedWorkers,
    };
  });
}

const n = (v: number | null, digits = 2) => (v === null ? '—' : `${v.toFixed(digits)}/s`);

/** The rows as a Markdown table, for docs/load-testing.md. */
export function capacityMarkdown(plan: Plan, c: Calibration, cores?: number): string {
  const rows = capacityRows(plan, c);
  const lines = [
    `Calibrated against ${c.target} (${c.workerSlots} worker slots${cores ? ` on ${cores} cores` : ''}), steps of ${c.stepS.toFixed(0)} s.`,
    '',
    '| scenario | plan rate | sustained with criteria met | per worker slot | per slot, saturated | min workers | recommended (70% busy) | sandbox CPU per submission | one core, CPU only |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${n(r.planRps, 1)} | ${r.maxRps === null ? 'none' : `${n(r.maxRps)}${r.reachedPlanRate ? ' (plan rate reached)' : ''}`} | ` +
        `${n(r.perWorkerRps)} | ${n(r.saturatedPerWorkerRps)} | ${r.minWorkers ?? '—'} | ${r.recommendedWorkers ?? '—'} | ` +
        `${r.cpuPerJobMs === null ? '—' : `${Math.round(r.cpuPerJobMs)} ms`} | ${n(r.cpuBoundPerCoreRps)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
