import { describe, expect, it } from 'vitest';
import { stats } from './stats.js';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const s = stats(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, mean: 50.5 });
    expect(stats([7]).p99).toBe(7);
  });
});
