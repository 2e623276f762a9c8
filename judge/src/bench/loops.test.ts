import { describe, expect, it } from 'vitest';
import { closedLoop, openLoop } from './loops.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('load loops', () => {
  it('keeps at most `parallel` in flight in a closed loop, and runs every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const { results } = await closedLoop([1, 2, 3, 4, 5, 6, 7], 3, async (x) => {
      most = Math.max(most, ++inFlight);
      await sleep(5);
      inFlight--;
      return x * 2;
    });
    expect(most).toBe(3);
    expect(results.map((r) => r.value).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14]);
  });

  it('starts open-loop arrivals on the clock, however many are still in flight', async () => {
    // No answer comes until every arrival has started: a loop that waited for answers would never finish.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const starts: number[] = [];
    const t0 = performance.now();
    const { results } = await openLoop([0, 1, 2, 3], 20, async (i) => {
      starts.push(performance.now() - t0);
      if (starts.length === 4) release();
      await gate;
      return i;
    });
    expect(results.map((r) => r.value).sort()).toEqual([0, 1, 2, 3]);
    // Never before its time (50 ms apart at 20/s; timers may round by a millisecond).
    for (const [i, at] of starts.entries()) expect(at).toBeGreaterThanOrEqual(i * 50 - 1);
  });
});
