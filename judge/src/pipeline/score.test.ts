import type { TestResult, Verdict } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { overallVerdict, score } from './score.js';

const t = (index: number, verdict: Verdict): TestResult => ({
  index,
  verdict,
  timeMs: 1,
  wallMs: 1,
  memoryKb: 1,
  exitCode: 0,
  signal: null,
});

describe('scoring', () => {
  it('takes the verdict of the first test that is not AC', () => {
    expect(overallVerdict([t(1, 'AC'), t(2, 'TLE'), t(3, 'WA')])).toBe('TLE');
    expect(overallVerdict([t(1, 'AC')])).toBe('AC');
  });

  it('scores the share of passed tests', () => {
    expect(score([t(1, 'AC'), t(2, 'WA'), t(3, 'AC')], ['1', '2', '3'], undefined).score).toBe(66.67);
    expect(score([t(1, 'AC')], ['1', '2'], undefined).score).toBe(50);
  });

  it('scores subtasks all-or-nothing', () => {
    const subtasks = [
      { name: 'small', score: 40, tests: ['01', '02'] },
      { name: 'large', score: 60, tests: ['03'] },
    ];
    const r = score([t(1, 'AC'), t(2, 'AC'), t(3, 'TLE')], ['01', '02', '03'], subtasks);
    expect(r.score).toBe(40);
    expect(r.subtasks).toEqual([
      { name: 'small', score: 40, maxScore: 40, verdict: 'AC' },
      { name: 'large', score: 0, maxScore: 60, verdict: 'TLE' },
    ]);
  });
});
