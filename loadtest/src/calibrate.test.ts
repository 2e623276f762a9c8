import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ctx, records, samples } from '../test/fixtures.js';
import { analyze } from './analyze.js';
import {
  autoScale,
  type Calibration,
  cachedCalibration,
  calibrationFor,
  planPeak,
  searchRate,
  stepRateScale,
  storeCalibration,
} from './calibrate.js';
import { loadPlan } from './plan.js';

const { plan } = loadPlan();
const opts = { startRate: 1, minRate: 0.125, cap: 100, refineSteps: 3 };

/** A target that meets its criteria up to `capacity` submissions a second; records the steps tried. */
function target(capacity: number) {
  const tried: number[] = [];
  const step = async (rate: number) => {
    tried.push(rate);
    return rate <= capacity;
  };
  return { tried, step };
}

describe('calibration search', () => {
  it('doubles while steps pass, then bisects between the last pass and the first fail', async () => {
    const t = target(11);
    const r = await searchRate(t.step, opts);
    expect(t.tried.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(t.tried).toHaveLength(8);
    expect(r.maxRps).toBeGreaterThan(11 / 1.15);
    expect(r.maxRps).toBeLessThanOrEqual(11);
    expect(r.reachedPlanRate).toBe(false);
  });

  it('halves while steps fail, and gives up below the lowest rate', async () => {
    const slow = target(0.3);
    const r = await searchRate(slow.step, opts);
    expect(slow.tried.slice(0, 3)).toEqual([1, 0.5, 0.25]);
    expect(r.maxRps).toBeGreaterThan(0.25);
    expect(r.maxRps).toBeLessThanOrEqual(0.3);
    const dead = target(0.01);
    expect((await searchRate(dead.step, opts)).maxRps).toBeNull();
    expect(dead.tried).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it("stops at the plan's own peak rate", async () => {
    const fast = target(1000);
    const r = await searchRate(fast.step, opts);
    expect(r).toEqual({ maxRps: 100, reachedPlanRate: true });
    expect(fast.tried).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
  });
});

describe('a calibration step', () => {
  it('is judged on the criteria that hold at a constant rate, relative to its own rate', () => {
    // 3 submissions a second of the sustained mix for 60 s, every one judged
    const c = { ...ctx('sustained', stepRateScale(plan, 'sustained', 3), 1), calibrationStep: true };
    c.segs = [{ r0: 3, r1: 3, d: 60 }];
    const r = analyze(records(180, 60), samples(60), c);
    const achieved = r.summary.criteria.find((x) => x.id === 'achieved_rps')!;
    expect(achieved.target).toBeCloseTo(0.95 * 3);
    expect(r.summary.criteria.map((x) => x.id)).toEqual([
      'achieved_rps',
      'success_rate',
      'p95',
      'p99',
      'queue_stable',
      'generator_on_schedule',
      'keeps_up',
    ]);
    expect(r.summary.pass).toBe(true);
  });
});

describe('--rate-scale auto', () => {
  const cal = (maxRps: number | null): Calibration => ({
    target: 'http://127.0.0.1:3000',
    node: 'http://127.0.0.1:3000',
    workerSlots: 2,
    locustWorkers: 0,
    stepS: 45,
    groups: {
      sustained: { scenario: 'sustained', maxRps, reachedPlanRate: false, steps: [], measuredAt: '' },
    },
  });

  it("runs at the plan's headroom (0.8) of the calibrated rate, as a share of each scenario's peak", () => {
    const g = cal(10).groups.sustained!;
    expect(planPeak(plan, 'sustained')).toBe(100);
    expect(autoScale(plan, 'sustained', g)).toBeCloseTo(0.08);
    expect(autoScale(plan, 'soak', g)).toBeCloseTo(0.16);
    // nothing met the criteria: the lowest rate tried, so that the run reports how it fails
    expect(autoScale(plan, 'sustained', cal(null).groups.sustained!)).toBeCloseTo((0.8 * 0.125) / 100);
  });

  it('is cached per target, and only for the same number of worker slots', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'judge-load-cal-')), 'c.json');
    storeCalibration(cal(10), file);
    expect(cachedCalibration('http://127.0.0.1:3000', 2, file)?.groups.sustained?.maxRps).toBe(10);
    expect(cachedCalibration('http://127.0.0.1:3000', 4, file)).toBeUndefined();
    expect(cachedCalibration('http://127.0.0.1:8787', 2, file)).toBeUndefined();
  });

  it("through an edge with none of its own, borrows the node's (capacity is the node's), never for a bare target", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'judge-load-cal-')), 'c.json');
    expect(calibrationFor('http://127.0.0.1:8787', 'http://127.0.0.1:3000', 2, file)).toBeUndefined();
    storeCalibration(cal(10), file);
    const b = calibrationFor('http://127.0.0.1:8787', 'http://127.0.0.1:3000', 2, file);
    expect(b?.borrowed).toBe(true);
    expect(b?.calibration.groups.sustained?.maxRps).toBe(10);
    expect(calibrationFor('http://127.0.0.1:8787', 'http://127.0.0.1:3000', 4, file)).toBeUndefined();
    expect(calibrationFor('http://127.0.0.1:3000', 'http://127.0.0.1:3000', 2, file)?.borrowed).toBe(false);
    expect(calibrationFor('http://127.0.0.1:4000', 'http://127.0.0.1:4000', 2, file)).toBeUndefined();
    // the edge's own, once measured, wins
    storeCalibration({ ...cal(3), target: 'http://127.0.0.1:8787' }, file);
    const own = calibrationFor('http://127.0.0.1:8787', 'http://127.0.0.1:3000', 2, file);
    expect(own?.borrowed).toBe(false);
    expect(own?.calibration.groups.sustained?.maxRps).toBe(3);
  });
});
