import { describe, expect, it } from 'vitest';
import { check } from './index.js';

const b = (s: string) => new TextEncoder().encode(s);
const run = (type: 'exact' | 'lines' | 'tokens', want: string, got: string) => check({ type }, b(want), b(got));
const float = (want: string, got: string, epsilon?: number, mode?: 'absolute' | 'relative' | 'absolute-or-relative') =>
  check({ type: 'float', epsilon, mode }, b(want), b(got));

describe('exact', () => {
  it('accepts identical bytes only', () => {
    expect(run('exact', '1 2\n', '1 2\n').ok).toBe(true);
    expect(run('exact', '1 2\n', '1 2')).toEqual({ ok: false, message: 'byte 4 (line 1): output ends early' });
    expect(run('exact', 'a\nb\n', 'a\nc\n')).toEqual({ ok: false, message: 'byte 3 (line 2): bytes differ' });
    expect(run('exact', '', 'x').message).toBe('byte 1 (line 1): output is longer');
    expect(run('exact', '', '').ok).toBe(true);
  });
});

describe('lines', () => {
  it('ignores trailing spaces, CR and blank lines at the end', () => {
    expect(run('lines', 'a b\nc\n', 'a b  \r\nc\r\n\n\n').ok).toBe(true);
    expect(run('lines', 'a\n', 'a').ok).toBe(true);
    expect(run('lines', '', '\n\n').ok).toBe(true);
  });

  it('keeps leading spaces, inner spaces and blank lines in the middle significant', () => {
    expect(run('lines', 'a b\n', 'a  b\n')).toEqual({ ok: false, message: 'line 1: expected "a b", got "a  b"' });
    expect(run('lines', 'a\n', ' a\n').ok).toBe(false);
    expect(run('lines', 'a\nb\n', 'a\n\nb\n').message).toBe('line 2: expected "b", got ""');
    expect(run('lines', 'a\nb\n', 'a\n').message).toBe('line 2: expected "b", got end of output');
  });
});

describe('tokens', () => {
  it('compares tokens whatever the whitespace', () => {
    expect(run('tokens', '1 2 3\n', '1\n2\t\t3').ok).toBe(true);
    expect(run('tokens', '', '  \n').ok).toBe(true);
    expect(run('tokens', '1 2\r\n', '1 2').ok).toBe(true);
  });

  it('names the first differing token', () => {
    expect(run('tokens', '1 2 3', '1 2 4')).toEqual({ ok: false, message: 'token 3: expected "3", got "4"' });
    expect(run('tokens', '1 2', '1')).toEqual({ ok: false, message: 'token 2: expected "2", got end of output' });
    expect(run('tokens', '1', '1 2')).toEqual({ ok: false, message: 'token 2: expected end of output, got "2"' });
    expect(run('tokens', '5', '')).toEqual({ ok: false, message: 'token 1: expected "5", got end of output' });
    expect(run('tokens', '0', '-0').ok).toBe(false);
  });

  it('shortens long tokens in messages', () => {
    const long = 'x'.repeat(100);
    expect(run('tokens', 'a', long).message).toBe(`token 1: expected "a", got "${'x'.repeat(40)}…"`);
  });
});

describe('float', () => {
  it('accepts numbers within epsilon, absolute or relative', () => {
    expect(float('1.0', '1.0000005').ok).toBe(true);
    expect(float('0', '1e-7').ok).toBe(true);
    expect(float('0', '-0').ok).toBe(true);
    expect(float('1000000', '1000000.5').ok).toBe(true);
    expect(float('1000000', '1000000.5', 1e-6, 'absolute').ok).toBe(false);
    expect(float('1e300', '1.0000000001e300', 1e-6, 'relative').ok).toBe(true);
    expect(float('3 .5 2.', '3.0000001 0.5 2').ok).toBe(true);
  });

  it('rejects numbers out of epsilon with the difference', () => {
    expect(float('1.5', '1.6')).toEqual({
      ok: false,
      message: 'token 1: expected "1.5", got "1.6" (difference 0.100 > 0.000001)',
    });
    expect(float('1.5', '1.6', 0.2).ok).toBe(true);
  });

  it('compares non-numbers as text', () => {
    expect(float('YES 1.5', 'YES 1.5').ok).toBe(true);
    expect(float('YES 1.5', 'NO 1.5').ok).toBe(false);
    expect(float('nan', 'nan').ok).toBe(true);
    expect(float('1.5', '1.5abc').ok).toBe(false);
    expect(float('1', '').ok).toBe(false);
  });
});
