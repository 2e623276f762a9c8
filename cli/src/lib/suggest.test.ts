import { describe, expect, it } from 'vitest';
import { editDistance, suggestCommand } from './suggest.js';

describe('suggestCommand', () => {
  const ids = ['submit', 'run', 'status', 'serve', 'worker', 'problem:test', 'problem:push', 'lang:list', 'config:set'];

  it('finds the command meant by a typo, a swap or a missing letter', () => {
    expect(suggestCommand('sbumit', ids)).toBe('submit');
    expect(suggestCommand('problem:tets', ids)).toBe('problem:test');
    expect(suggestCommand('problem:psh', ids)).toBe('problem:push');
    expect(suggestCommand('rn', ids)).toBe('run');
    expect(suggestCommand('lang:lsit', ids)).toBe('lang:list');
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggestCommand('deploy', ids)).toBeUndefined();
    expect(suggestCommand('x', ids)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
