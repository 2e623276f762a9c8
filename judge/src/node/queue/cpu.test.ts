import { describe, expect, it } from 'vitest';
import { sandboxCpuMs } from './worker.js';

const test = (timeMs: number) => ({
  index: 1,
  verdict: 'AC' as const,
  timeMs,
  wallMs: timeMs,
  memoryKb: 1,
  exitCode: 0,
  signal: null,
});

describe('sandbox CPU of a judging', () => {
  it('counts the tests and a compilation made now', () => {
    const out = { verdict: 'AC' as const, score: 100, timeMs: 5, memoryKb: 1, tests: [test(5), test(7)] };
    expect(sandboxCpuMs({ ...out, compile: { exitCode: 0, output: '', timeMs: 900, cached: false } })).toBe(912);
  });

  it("leaves out a compilation from the cache: its time is the first compilation's, spent before", () => {
    const out = { verdict: 'AC' as const, score: 100, timeMs: 5, memoryKb: 1, tests: [test(5), test(7)] };
    expect(sandboxCpuMs({ ...out, compile: { exitCode: 0, output: '', timeMs: 900, cached: true } })).toBe(12);
    expect(sandboxCpuMs(out)).toBe(12);
  });
});
