import { describe, expect, it } from 'vitest';
import { type BuiltinChecker, check, isBuiltin } from './index.js';

const b = (s: string) => new TextEncoder().encode(s);

describe('check', () => {
  const want = b('1.5\n2\n');
  const cases: [BuiltinChecker, string, boolean][] = [
    [{ type: 'exact' }, '1.5\n2\n', true],
    [{ type: 'exact' }, '1.5\n2', false],
    [{ type: 'lines' }, '1.5 \r\n2', true],
    [{ type: 'lines' }, '1.5 2\n', false],
    [{ type: 'tokens' }, '1.5 2', true],
    [{ type: 'tokens' }, '1.50 2', false],
    [{ type: 'float' }, '1.50 2.0000001', true],
    [{ type: 'float', epsilon: 0.1 }, '1.55 2', true],
    [{ type: 'float', epsilon: 0.01 }, '1.55 2', false],
    [{ type: 'float', epsilon: 0.1, mode: 'relative' }, '1.6 2.1', true],
  ];
  it.each(cases)('%j on %j', (checker, got, ok) => {
    expect(check(checker, want, b(got)).ok).toBe(ok);
  });

  it('tells built-in checkers from custom ones', () => {
    expect(isBuiltin({ type: 'tokens' })).toBe(true);
    expect(isBuiltin({ type: 'custom', source: 'x', language: 'python' })).toBe(false);
  });
});
