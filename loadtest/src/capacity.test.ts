import { describe, expect, it } from 'vitest';
import type { Calibration } from './calibrate.js';
import { capacityMarkdown, capacityRows } from './capacity.js';
import { loadPlan } from './plan.js';

const { plan } = loadPlan();

const calibration: Calibration = {
  target: 'http://127.0.0.1:3000',
  node: 'http://127.0.0.1:3000',
  workerSlots: 2,
  locustWorkers: 0,
  stepS: 45,
  groups: {
    burst: {
      scenario: 'burst',
      maxRps: 8,
      reachedPlanRate: false,
      saturatedRps: 10,
      cpuPerJobMs: 125,
      steps: [],
      measuredAt: '',
    },
    sustained: { scenario: 'sustained', maxRps: 6, reachedPlanRate: false, steps: [], measuredAt: '' },
    compilation: { scenario: 'compilation', maxRps: null, reachedPlanRate: false, steps: [], measuredAt: '' },
  },
};

describe("the plan's scaling table from a calibration", () => {
  it('workers needed at the full plan rate, from the throughput of one worker slot', () => {
    const rows = Object.fromEntries(capacityRows(plan, calibration).map((r) => [r.scenario, r]));
    // burst: 16.7/s; 4/s per slot with criteria met → 5 workers; 5/s per slot saturated, at 70% → 5
    expect(rows.burst).toMatchObject({ cpuPerJobMs: 125, cpuBoundPerCoreRps: 8 });
    expect(rows.burst).toMatchObject({
      planRps: 1000 / 60,
      perWorkerRps: 4,
      saturatedPerWorkerRps: 5,
      minWorkers: 5,
      recommendedWorkers: 5,
    });
    // sustained: 100/s at 3/s per slot → 34; no saturated step: 70% of the criteria-met rate → 48
    expect(rows.sustained).toMatchObject({ planRps: 100, perWorkerRps: 3, minWorkers: 34, recommendedWorkers: 48 });
    expect(rows.soak).toMatchObject({ planRps: 50, minWorkers: 17, recommendedWorkers: 24 });
    expect(rows.compilation).toMatchObject({ maxRps: null, minWorkers: null, recommendedWorkers: null });
  });

  it('prints as Markdown', () => {
    const md = capacityMarkdown(plan, calibration, 2);
    expect(md).toContain('(2 worker slots on 2 cores)');
    expect(md).toContain('| sustained | 100.0/s | 6.00/s | 3.00/s | — | 34 | 48 | — | — |');
    expect(md).toContain('| burst | 16.7/s | 8.00/s | 4.00/s | 5.00/s | 5 | 5 | 125 ms | 8.00/s |');
    expect(md).toContain('| compilation | 100.0/s | none |');
  });
});
