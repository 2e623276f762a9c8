import { describe, expect, it } from 'vitest';
import { buckets, findMetric, histogramQuantile, parseProm, total } from './prom.js';

// As a judge node serves it (prom-client), trimmed.
const SCRAPE = `# HELP code_execution_queue_depth Jobs waiting in the queue
# TYPE code_execution_queue_depth gauge
code_execution_queue_depth 7
code_execution_workers 2
nodejs_active_handles{type="Socket"} 18
nodejs_active_handles{type="Server"} 1
nodejs_active_handles_total 19
# TYPE code_execution_job_duration_seconds histogram
code_execution_job_duration_seconds_bucket{le="0.5",language="python",verdict="AC"} 30
code_execution_job_duration_seconds_bucket{le="1",language="python",verdict="AC"} 36
code_execution_job_duration_seconds_bucket{le="+Inf",language="python",verdict="AC"} 36
code_execution_job_duration_seconds_bucket{le="0.5",language="cpp",verdict="WA"} 1
code_execution_job_duration_seconds_bucket{le="1",language="cpp",verdict="WA"} 3
code_execution_job_duration_seconds_bucket{le="+Inf",language="cpp",verdict="WA"} 4
code_execution_job_duration_seconds_sum{language="python",verdict="AC"} 4.86
code_execution_job_duration_seconds_count{language="python",verdict="AC"} 36
code_execution_job_duration_seconds_count{language="cpp",verdict="WA"} 4
http_requests_total{method="GET",route="/v1/submissions/:id",status="200"} 5 1700000000000
odd_label{msg="a \\"quoted\\" value, with a comma"} 1
`;

describe('Prometheus text', () => {
  const m = parseProm(SCRAPE);

  it('reads gauges, labelled series and their sums; timestamps are ignored', () => {
    expect(total(m, 'code_execution_queue_depth')).toBe(7);
    expect(total(m, 'nodejs_active_handles_total')).toBe(19);
    expect(total(m, 'nodejs_active_handles')).toBe(19);
    expect(total(m, 'code_execution_job_duration_seconds_count')).toBe(40);
    expect(total(m, 'code_execution_job_duration_seconds_count', { verdict: 'WA' })).toBe(4);
    expect(total(m, 'http_requests_total')).toBe(5);
    expect(total(m, 'absent_metric')).toBeUndefined();
    expect(m.get('odd_label')![0]!.labels.msg).toBe('a "quoted" value, with a comma');
  });

  it('finds a series whose exact name may differ', () => {
    expect(findMetric(m, /^code_execution_work(ers|er_slots)$/)).toBe('code_execution_workers');
    expect(findMetric(m, /utilization/)).toBeUndefined();
  });

  it('takes a quantile of what a histogram observed between two scrapes', () => {
    const after = buckets(m, 'code_execution_job_duration_seconds');
    expect([...after.entries()]).toEqual([
      [0.5, 31],
      [1, 39],
      [Number.POSITIVE_INFINITY, 40],
    ]);
    const before = new Map([
      [0.5, 1],
      [1, 3],
      [Number.POSITIVE_INFINITY, 4],
    ]);
    // 36 new observations: 30 under 0.5 s, 6 between 0.5 and 1 s
    expect(histogramQuantile(before, after, 0.5)).toBeCloseTo(0.3);
    expect(histogramQuantile(before, after, 0.95)).toBeCloseTo(0.5 + (0.5 * (34.2 - 30)) / 6);
    expect(histogramQuantile(after, after, 0.5)).toBeUndefined();
  });
});
