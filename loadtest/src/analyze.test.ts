import { describe, expect, it } from 'vitest';
import { ctx, records, samples, T0 } from '../test/fixtures.js';
import { analyze } from './analyze.js';

const failed = (r: ReturnType<typeof analyze>) => r.summary.criteria.filter((c) => !c.pass).map((c) => c.id);

describe('criteria of a run', () => {
  it('a healthy burst passes every criterion', () => {
    const r = analyze(records(50, 60), samples(60), ctx('burst', 0.05, 1));
    expect(failed(r)).toEqual([]);
    expect(r.summary.pass).toBe(true);
    expect(r.summary.offered).toBe(50);
    expect(r.summary.successRate).toBe(1);
    expect(r.summary.latency.p95).toBe(400);
    expect(r.summary.criteria.map((c) => c.id)).toEqual([
      'success_rate',
      'p95',
      'p99',
      'error_rate',
      'generator_on_schedule',
    ]);
  });

  it('every non-AC verdict and every HTTP error is a failure; a dropped arrival too', () => {
    const r = analyze(
      records(100, 60, {
        outcome: (k) =>
          k % 10 === 0
            ? { o: 'verdict', v: 'WA' }
            : k % 10 === 1
              ? { o: 'http', v: undefined, s: 503 }
              : k % 10 === 2
                ? { o: 'dropped', tx: undefined, td: undefined, v: undefined, s: undefined }
                : {},
      }),
      samples(60),
      ctx('burst', 0.1, 1),
    );
    expect(r.summary.accepted).toBe(70);
    expect(r.summary.successRate).toBeCloseTo(0.7);
    expect(r.summary.errorRate).toBeCloseTo(0.2);
    expect(r.summary.dropped).toBe(10);
    expect(r.summary.sent).toBe(90);
    expect(failed(r)).toEqual(['success_rate', 'error_rate']);
  });

  it('P95 and P99 against their targets; a time-out counts at the time it took', () => {
    const r = analyze(
      records(100, 60, {
        latency: (k) => (k >= 94 ? 60_000 : 500),
        outcome: (k) => (k >= 94 ? { o: 'timeout', v: undefined } : {}),
      }),
      samples(60),
      ctx('burst', 0.1, 1),
    );
    expect(r.summary.timedOut).toBe(6);
    expect(failed(r)).toEqual(['success_rate', 'p95', 'p99', 'error_rate']);
  });

  it('sustained: a queue that grows over the run fails "queue depth stable", and so does a low achieved rate', () => {
    // 300 arrivals over 60 s at a 0.05 scale (5/s); the queue climbs by 3 jobs a second.
    const growing = analyze(
      records(300, 60),
      samples(60, (i) => ({ queueDepth: 3 * i })),
      ctx('sustained', 0.05, 0.1),
    );
    const q = growing.summary.criteria.find((c) => c.id === 'queue_stable')!;
    expect(q.pass).toBe(false);
    expect(q.value).toBeCloseTo(180, 0);
    expect(q.target).toBe(10);
    const flat = analyze(
      records(300, 60),
      samples(60, (i) => ({ queueDepth: i % 2 ? 3 : 1 })),
      ctx('sustained', 0.05, 0.1),
    );
    expect(failed(flat)).toEqual([]);
    // Verdicts at half the rate: the judge cannot keep up.
    const slow = analyze(records(150, 60), samples(60), ctx('sustained', 0.05, 0.1));
    expect(failed(slow)).toEqual(['achieved_rps']);
  });

  it('a criterion the node cannot be measured on fails, saying why', () => {
    const noQueue = analyze(
      records(300, 60),
      samples(60).map(({ queueDepth: _, ...s }) => s),
      ctx('sustained', 0.05, 0.1),
    );
    const q = noQueue.summary.criteria.find((c) => c.id === 'queue_stable')!;
    expect(q.pass).toBe(false);
    expect(q.value).toBeNull();
    expect(q.note).toMatch(/^not measurable: code_execution_queue_depth was not sampled/);
  });

  it('compilation: P95 per complexity, and compile errors above 5% fail', () => {
    const cx = (k: number) => ['simple', 'medium', 'complex'][k % 3]!;
    const r = analyze(
      records(300, 48, {
        complexity: cx,
        latency: (k) => ({ simple: 4000, medium: 9000, complex: 14_000 })[cx(k)]!,
        outcome: (k) => (k % 25 === 0 ? { o: 'verdict', v: 'CE' } : {}),
      }),
      samples(48),
      ctx('compilation', 0.1, 0.1),
    );
    expect(r.summary.compileErrorRate).toBeCloseTo(12 / 300);
    expect(failed(r)).toEqual(['p95_medium']);
    const more = analyze(
      records(300, 48, { complexity: cx, outcome: (k) => (k % 15 === 0 ? { o: 'verdict', v: 'CE' } : {}) }),
      samples(48),
      ctx('compilation', 0.1, 0.1),
    );
    expect(failed(more)).toEqual(['compile_errors']);
  });

  it('soak: P95 drifting up, memory growing, handles and containers flat or not', () => {
    // 1800 s × 0.05 = 90 s; windows of 300 s × 0.05 = 15 s.
    const healthy = analyze(records(450, 90), samples(90), ctx('soak', 0.1, 0.05));
    expect(failed(healthy)).toEqual([]);
    const sick = analyze(
      records(450, 90, { latency: (k, n) => (k > n * 0.8 ? 1000 : 400) }),
      samples(90, (i) => ({ rssBytes: (150 + i) * 2 ** 20, containers: 6 + Math.floor(i / 10) })),
      ctx('soak', 0.1, 0.05),
    );
    expect(failed(sick)).toEqual(['p95_drift', 'memory_flat', 'containers_flat']);
    const drift = sick.summary.criteria.find((c) => c.id === 'p95_drift')!;
    expect(drift.value).toBeCloseTo(1.5);
    // a warm-up in the first window is not a leak
    const warm = analyze(
      records(450, 90),
      samples(90, (i) => ({ rssBytes: (i < 15 ? 100 + 4 * i : 160) * 2 ** 20 })),
      ctx('soak', 0.1, 0.05),
    );
    expect(failed(warm)).toEqual([]);
  });

  it('a load generator that fell behind its schedule invalidates the run', () => {
    const r = analyze(
      records(50, 60, { outcome: (k) => (k > 40 ? { tx: T0 + (k * 60_000) / 50 + 3000 } : {}) }),
      samples(60),
      ctx('burst', 0.05, 1),
    );
    expect(failed(r)).toEqual(['generator_on_schedule']);
  });
});

describe('the summary', () => {
  it('reports offered, sent, achieved and target rates, latency per complexity and the time outside the node', () => {
    const r = analyze(
      records(300, 60),
      samples(60, (i) => ({
        queueDepth: i % 2,
        // 5 jobs a second, 0.25 s of sandbox CPU each
        jobDuration: { count: 5 * i, sum: i, buckets: [[Number.POSITIVE_INFINITY, 5 * i]] },
        sandboxCpuSeconds: 1.25 * i,
      })),
      ctx('sustained', 0.05, 0.1),
    );
    const s = r.summary;
    expect(s.node.judgedPerS).toBeCloseTo(5);
    expect(s.node.sandboxCpuPerJobMs).toBeCloseTo(250);
    expect(s.bottleneck.evidence).toContain(
      'a submission took 250 ms of CPU in its sandbox: one core judges at most 4.0 a second of this mix',
    );
    expect(s.targetRps).toBeCloseTo(5);
    expect(s.offeredRps).toBeCloseTo(5);
    expect(s.achievedRps).toBeCloseTo(5, 0);
    expect(s.latencyByComplexity.simple!.p50).toBe(400);
    expect(s.outsideNodeMs.p50).toBe(20);
    expect(s.byLanguage.python!.offered).toBe(100);
    expect(s.node.utilization.mean).toBe(0.5);
    expect(s.node.cpuPercent.mean).toBeCloseTo(10);
    expect(s.bottleneck.verdict).toMatch(/^none at this rate/);
    expect(r.series.t.length).toBeGreaterThan(50);
    expect(r.series.languages.map((l) => l.name)).toEqual(['cpp', 'javascript', 'python']);
  });

  it('names workers that stall at times: a long queue wait while the average utilization is low', () => {
    const r = analyze(
      records(300, 60),
      samples(60, (i) => ({
        queueDepth: i % 20 === 0 ? 15 : 0,
        utilization: 0.4,
        queueWait: {
          count: i * 5,
          sum: i * 5 * 0.5,
          buckets: [
            [0.1, i * 4],
            [5, i * 5],
            [Number.POSITIVE_INFINITY, i * 5],
          ],
        },
        jobDuration: {
          count: i * 5,
          sum: i,
          buckets: [
            [0.5, i * 5],
            [Number.POSITIVE_INFINITY, i * 5],
          ],
        },
      })),
      ctx('sustained', 0.05, 0.1),
    );
    expect(r.summary.bottleneck.verdict).toMatch(
      /^workers, at times: submissions waited for a free slot during stalls \(queue up to 15/,
    );
  });

  it('names the workers as the bottleneck when they are saturated and the queue grows', () => {
    const r = analyze(
      records(300, 60, { latency: () => 4000 }),
      samples(60, (i) => ({ queueDepth: 2 * i, utilization: 1, activeJobs: 2 })),
      ctx('sustained', 0.05, 0.1),
    );
    expect(r.summary.bottleneck.verdict).toMatch(/^workers/);
  });
});
