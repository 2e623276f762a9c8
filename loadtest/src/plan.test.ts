import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, describe as group, it, vi } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the k6 scripts, without types
import * as k6plan from '../k6/lib/plan.js';
import {
  arrivalTime,
  choiceOf,
  cumulative,
  describe,
  durationOf,
  LOADTEST_DIR,
  loadPlan,
  offeredCount,
  peakRate,
  rateAt,
  SCENARIO_NAMES,
  segments,
  sourceOf,
} from './plan.js';

const { plan, programs } = loadPlan();

/** The Python that runs Locust (Debian's python3-locust): the interpreter of the `locust` script. */
function locustPython(): string {
  const bin = execFileSync('sh', ['-c', 'command -v locust'], { encoding: 'utf8' }).trim();
  const shebang = readFileSync(bin, 'utf8').split('\n')[0]!;
  return shebang.replace(/^#!\s*/, '').split(/\s+/)[0]!;
}

function python(code: string, args: string[] = []): string {
  return execFileSync(locustPython(), ['-c', code, ...args], {
    cwd: join(LOADTEST_DIR, 'locust'),
    encoding: 'utf8',
  });
}

group('the plan as written', () => {
  it('burst: 1000 submissions in one minute', () => {
    const segs = segments(plan.scenarios.burst.arrivals);
    expect(offeredCount(segs)).toBe(1000);
    expect(durationOf(segs)).toBe(60);
  });

  it('sustained: 100 a second for 10 minutes; soak: 50 a second for 30 minutes', () => {
    expect(offeredCount(segments(plan.scenarios.sustained.arrivals))).toBe(60_000);
    expect(durationOf(segments(plan.scenarios.sustained.arrivals))).toBe(600);
    expect(offeredCount(segments(plan.scenarios.soak.arrivals))).toBe(90_000);
    expect(durationOf(segments(plan.scenarios.soak.arrivals))).toBe(1800);
  });

  it('compilation: 10 → 40 → 60 → 80 → 100 → 60 → 20 over 8 minutes, holding each level, 100 for two minutes', () => {
    const segs = segments(plan.scenarios.compilation.arrivals);
    expect(durationOf(segs)).toBe(480);
    const plateaus = segs.filter((s) => s.r0 === s.r1);
    expect(plateaus.map((s) => s.r0)).toEqual([10, 40, 60, 80, 100, 60, 20]);
    expect(plateaus.find((s) => s.r0 === 100)!.d).toBeGreaterThanOrEqual(110);
    expect(peakRate(segs)).toBe(100);
    expect(plan.scenarios.compilation.uniqueSources).toBe(true);
  });

  it("holds every criterion the plan's tables name", () => {
    const ids = (n: (typeof SCENARIO_NAMES)[number]) => plan.scenarios[n].criteria.map((c) => c.id);
    expect(ids('burst')).toEqual(['success_rate', 'p95', 'p99', 'error_rate']);
    expect(ids('sustained')).toEqual(['achieved_rps', 'success_rate', 'p95', 'p99', 'queue_stable']);
    expect(ids('compilation')).toEqual(['success_rate', 'p95_simple', 'p95_medium', 'p95_complex', 'compile_errors']);
    expect(ids('soak')).toEqual(
      expect.arrayContaining(['p95_drift', 'memory_flat', 'handles_flat', 'containers_flat', 'queue_flat']),
    );
  });

  it('has programs for every language of every mix', () => {
    for (const mix of Object.values(plan.mixes))
      for (const l of Object.keys(mix)) expect(Object.keys(programs.programs[l]!)).toHaveLength(3);
  });
});

group('arrivals', () => {
  it('follow the cumulative rate: arrival k is due where k arrivals were expected', () => {
    for (const name of SCENARIO_NAMES) {
      const segs = segments(plan.scenarios[name].arrivals, 0.37, 0.21);
      const n = offeredCount(segs);
      let prev = -1;
      for (let k = 0; k < n; k++) {
        const t = arrivalTime(segs, k)!;
        expect(t).toBeGreaterThanOrEqual(prev);
        expect(t).toBeLessThan(durationOf(segs));
        expect(cumulative(segs, t)).toBeCloseTo(k, 6);
        prev = t;
      }
      expect(arrivalTime(segs, n)).toBeUndefined();
    }
  });

  it('scale: --rate-scale lowers the rate, --duration-scale shortens the run', () => {
    const segs = segments(plan.scenarios.sustained.arrivals, 0.05, 0.1);
    expect(rateAt(segs, 1)).toBeCloseTo(5);
    expect(durationOf(segs)).toBeCloseTo(60);
    expect(offeredCount(segs)).toBe(300);
  });

  it("keep each language's share in any window of 200 arrivals to within two submissions", () => {
    const s = plan.scenarios.sustained;
    const mix = plan.mixes[s.mix]!;
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    for (const start of [0, 137, 5000]) {
      const counts: Record<string, number> = {};
      for (let k = start; k < start + 200; k++) {
        const l = choiceOf(plan, s, k).language;
        counts[l] = (counts[l] ?? 0) + 1;
      }
      for (const [l, w] of Object.entries(mix)) expect(Math.abs((counts[l] ?? 0) - (200 * w) / total)).toBeLessThan(2);
    }
  });

  it('make sources unique only where the scenario is about compiling', () => {
    const c = plan.scenarios.compilation;
    const a = sourceOf(programs, c, 'cpp', 'simple', 'run1', 1);
    const b = sourceOf(programs, c, 'cpp', 'simple', 'run1', 2);
    expect(a).not.toBe(b);
    expect(a.startsWith(programs.programs.cpp!.simple)).toBe(true);
    expect(sourceOf(programs, plan.scenarios.burst, 'cpp', 'simple', 'run1', 1)).toBe(programs.programs.cpp!.simple);
  });
});

group('the harness, the Locust file and the k6 scripts read the same plan', () => {
  it('Locust (judge_plan.py under the Python that runs Locust) derives the same arrivals and choices', () => {
    for (const [rs, ds] of [
      [1, 1],
      [0.05, 0.2],
      [0.813, 0.33],
    ] as const) {
      const py = JSON.parse(
        python(
          'import sys, json, judge_plan; p, _ = judge_plan.load(); print(json.dumps(judge_plan.describe(p, float(sys.argv[1]), float(sys.argv[2]))))',
          [String(rs), String(ds)],
        ),
      );
      expect(py).toEqual(describe(plan, rs, ds));
    }
  });

  it("the Locust file's tags are the plan's scenarios", () => {
    const tags = JSON.parse(
      python(
        'import json, locustfile; print(json.dumps(sorted(t for task in locustfile.Judge.tasks for t in task.locust_tag_set)))',
      ),
    );
    expect(tags).toEqual(SCENARIO_NAMES.map((n) => plan.scenarios[n].locustTag).sort());
  });

  it('k6 picks the same language and complexity for each arrival', () => {
    for (const name of SCENARIO_NAMES) {
      for (let k = 0; k < 500; k++)
        expect(k6plan.choiceOf(plan, name, k)).toEqual(choiceOf(plan, plan.scenarios[name], k));
    }
  });

  it("k6's arrival-rate scenarios offer the plan's rates for its durations", () => {
    for (const env of [{}, { RATE_SCALE: '0.05', DURATION_SCALE: '0.2' }, { RATE_SCALE: '0.2317' }]) {
      const rs = Number((env as { RATE_SCALE?: string }).RATE_SCALE ?? 1);
      const ds = Number((env as { DURATION_SCALE?: string }).DURATION_SCALE ?? 1);
      for (const name of SCENARIO_NAMES) {
        const segs = segments(plan.scenarios[name].arrivals, rs, ds);
        const sc = k6plan.k6Scenario(plan, name, env);
        const unit = Number.parseFloat(sc.timeUnit);
        const secs = (d: string) => Number.parseFloat(d);
        if (sc.executor === 'constant-arrival-rate') {
          expect(sc.rate / unit).toBeCloseTo(segs[0]!.r0, 3);
          expect(secs(sc.duration)).toBeCloseTo(durationOf(segs), 3);
        } else {
          expect(sc.startRate / unit).toBeCloseTo(segs[0]!.r0, 3);
          expect(sc.stages.map((s: { target: number }) => s.target / unit)).toEqual(
            segs.map((g) => expect.closeTo(g.r1, 3)),
          );
          expect(sc.stages.map((s: { duration: string }) => secs(s.duration))).toEqual(
            segs.map((g) => expect.closeTo(g.d, 3)),
          );
        }
        expect(sc.maxVUs).toBe(plan.scenarios[name].maxInFlight);
        expect(k6plan.offeredCount(segs)).toBe(offeredCount(segs));
      }
    }
  });

  it("k6's thresholds are the plan's criteria that k6 can measure", () => {
    const t = k6plan.k6Thresholds(plan, 'compilation', {});
    expect(t).toEqual({
      submission_success: ['rate>0.9'],
      'dropped_iterations{scenario:compilation}': [
        `count<=${Math.floor(0.1 * offeredCount(segments(plan.scenarios.compilation.arrivals)))}`,
      ],
      'submission_latency{complexity:simple}': ['p(95)<5000'],
      'submission_latency{complexity:medium}': ['p(95)<8000'],
      'submission_latency{complexity:complex}': ['p(95)<15000'],
      compile_errors: ['rate<0.05'],
    });
    expect(k6plan.k6Thresholds(plan, 'sustained', { RATE_SCALE: '0.5' }).submissions_judged).toEqual(['rate>=47.5']);
  });

  it('each k6 script exports the options of its scenario, read from plan.json', async () => {
    // k6's modules exist only inside k6: stand-ins that record nothing, enough to load the scripts.
    vi.doMock('k6', () => ({ sleep: () => {} }));
    vi.doMock('k6/execution', () => ({ default: { scenario: { iterationInTest: 0 } } }));
    vi.doMock('k6/http', () => ({ default: { expectedStatuses: () => ({}) } }));
    vi.doMock('k6/metrics', () => {
      class Metric {
        add() {}
      }
      return { Counter: Metric, Rate: Metric, Trend: Metric };
    });
    const g = globalThis as unknown as { open: (p: string) => string; __ENV: Record<string, string> };
    g.__ENV = {};
    g.open = (p: string) => readFileSync(join(LOADTEST_DIR, 'k6', p), 'utf8');
    for (const name of SCENARIO_NAMES) {
      const script = plan.scenarios[name].k6Script;
      const mod = await import(`../k6/${script}`);
      expect(mod.options).toEqual(k6plan.k6Options(plan, name, {}));
      expect(typeof mod.default).toBe('function');
    }
    const all = await import('../k6/scenarios.js');
    expect(Object.keys(all.options.scenarios)).toEqual([...SCENARIO_NAMES]);
    for (const name of SCENARIO_NAMES) {
      expect(all.options.scenarios[name].startTime).toBe(`${plan.scenarios[name].startS}s`);
      expect(typeof all[name]).toBe('function');
    }
  });
});
