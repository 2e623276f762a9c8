import { describe, expect, it } from 'vitest';
import { type BucketState, take } from './ratelimit.js';

const spec = { capacity: 5, ratePerMinute: 60 };

function drain(n: number, now: number, start?: BucketState) {
  let state = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = take(state, spec, now);
    state = r.state;
    allowed.push(r.decision.allowed);
  }
  return { state: state!, allowed };
}

describe('token bucket', () => {
  it('allows exactly the burst at one instant, then refuses', () => {
    const { allowed } = drain(7, 1000);
    expect(allowed).toEqual([true, true, true, true, true, false, false]);
  });

  it('counts remaining down and reports when it is full again', () => {
    const first = take(undefined, spec, 0);
    expect(first.decision).toEqual({ allowed: true, limit: 5, remaining: 4, resetS: 1, retryAfterS: 0 });
    const { state } = drain(5, 0);
    const refused = take(state, spec, 0);
    expect(refused.decision).toEqual({ allowed: false, limit: 5, remaining: 0, resetS: 5, retryAfterS: 1 });
  });

  it('refills at the rate: one token a second at 60 per minute', () => {
    const { state } = drain(5, 0);
    expect(take(state, spec, 999).decision.allowed).toBe(false);
    const at1s = take(state, spec, 1000);
    expect(at1s.decision.allowed).toBe(true);
    expect(take(at1s.state, spec, 1000).decision.allowed).toBe(false);
    expect(drain(4, 3000, state).allowed).toEqual([true, true, true, false]);
  });

  it('never holds more than its capacity', () => {
    const { state } = drain(5, 0);
    expect(drain(6, 3_600_000, state).allowed).toEqual([true, true, true, true, true, false]);
  });

  it('leaves a refused bucket as it was', () => {
    const { state } = drain(5, 0);
    const refused = take(state, spec, 500);
    expect(refused.state.tokens).toBeCloseTo(0.5);
    expect(take(refused.state, spec, 1000).decision.allowed).toBe(true);
  });

  it('handles a fractional rate and a large burst exactly', () => {
    const big = { capacity: 1000, ratePerMinute: 1000 };
    let state: BucketState | undefined;
    let allowed = 0;
    for (let i = 0; i < 1001; i++) {
      const r = take(state, big, 0);
      state = r.state;
      if (r.decision.allowed) allowed++;
    }
    expect(allowed).toBe(1000);
    expect(take(state, big, 60).decision.allowed).toBe(true);
    expect(take(state, big, 59).decision.allowed).toBe(false);
  });
});
