import { describe, expect, it } from 'vitest';
import { keepsPromise, solutionKind } from './solutions.js';

describe('solutionKind', () => {
  it('reads the verdict a file name promises, and nothing from a word that only starts like one', () => {
    expect(solutionKind('ac.py')).toBe('ac');
    expect(solutionKind('ac2.cpp')).toBe('ac');
    expect(solutionKind('wa-int32.cpp')).toBe('wa');
    expect(solutionKind('tle_slow.py')).toBe('tle');
    expect(solutionKind('mle.cpp')).toBe('mle');
    expect(solutionKind('re.py')).toBe('re');
    expect(solutionKind('partial-naive.py')).toBe('partial');
    expect(solutionKind('readme.md')).toBeUndefined();
    expect(solutionKind('action.py')).toBeUndefined();
    expect(solutionKind('main.py')).toBeUndefined();
  });
});

describe('keepsPromise', () => {
  it('wants the verdict named, AC with every point, and partial with some points but not all', () => {
    expect(keepsPromise('ac', { verdict: 'AC', score: 100 })).toBeUndefined();
    expect(keepsPromise('ac', { verdict: 'WA', score: 80 })).toBe('ac promises AC, not WA');
    expect(keepsPromise('tle', { verdict: 'TLE', score: 40 })).toBeUndefined();
    expect(keepsPromise('mle', { verdict: 'RE', score: 0 })).toBe('mle promises MLE, not RE');
    expect(keepsPromise('partial', { verdict: 'TLE', score: 40 })).toBeUndefined();
    expect(keepsPromise('partial', { verdict: 'WA', score: 0 })).toContain(
      'partial promises a score between 0 and 100',
    );
    expect(keepsPromise('partial', { verdict: 'AC', score: 100 })).toContain('not AC with 100');
  });
});
