import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types
import { evaluate, readVerdictStats, SCENARIOS } from './run.mjs';

const CSV = `Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
POST,python/simple,600,0,30,31,10,90,300,10,0,30,31,32,33,40,50,60,70,90,90,90
VERDICT,python/simple,600,6,31,32,11,91,0,10,0.1,31,32,33,34,41,51,61,71,91,91,91
VERDICT,cpp/simple,400,0,20,21,5,500,0,6.6,0,20,22,23,24,30,400,450,480,500,500,500
,Aggregated,1600,6,30,31,5,500,200,26.6,0.1,30,31,32,33,40,60,300,450,500,500,500`;

describe('load test harness', () => {
  it('reads submission-to-verdict figures from Locust CSV', () => {
    const s = readVerdictStats(CSV, 60);
    expect(s.requests).toBe(1000);
    expect(s.successRate).toBeCloseTo(0.994);
    expect(s.p95).toBe(400);
    expect(s.p99).toBe(480);
    expect(s.rps).toBeCloseTo(16.67, 1);
  });

  it("checks the plan's criteria", () => {
    const pass = evaluate(SCENARIOS.burst, { requests: 1000, successRate: 0.99, p95: 2000, p99: 4000, rps: 16 });
    expect(pass.every((c: unknown[]) => c[3])).toBe(true);
    const slow = evaluate(SCENARIOS.mixed, { requests: 100, successRate: 0.99, p95: 6000, p99: 7000, rps: 50 });
    expect(slow.filter((c: unknown[]) => !c[3]).map((c: unknown[]) => c[0])).toEqual([
      'p95 latency (ms)',
      'submissions/s',
    ]);
  });
});
