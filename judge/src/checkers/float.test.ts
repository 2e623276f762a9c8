import { describe, expect, it } from 'vitest';
import { checkFloat, type FloatMode, parseNumber } from './float.js';

const b = (s: string) => new TextEncoder().encode(s);
const float = (want: string, got: string, epsilon?: number, mode?: FloatMode) =>
  checkFloat({ type: 'float', epsilon, mode }, b(want), b(got));
const parse = (s: string) => parseNumber(b(s), 0, b(s).length);

describe('parseNumber', () => {
  it('reads decimal forms', () => {
    expect(parse('0')).toBe(0);
    expect(parse('-12')).toBe(-12);
    expect(parse('+3.5')).toBe(3.5);
    expect(parse('2.')).toBe(2);
    expect(parse('.5')).toBe(0.5);
    expect(parse('-.5e1')).toBe(-5);
    expect(parse('1E+2')).toBe(100);
    expect(parse('1e-9')).toBe(1e-9);
    expect(parse('000123.4500')).toBe(123.45);
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('-0.000'), -0)).toBe(true);
  });

  it('rounds as Number() does, on the fast path and off it', () => {
    const samples = [
      '0.1',
      '0.30000000000000004',
      '3.141592653589793',
      '2.718281828459045e10',
      '9007199254740993',
      '123456789012345678901234567890',
      '1.7976931348623157e308',
      '4.9e-324',
      '1e-400',
      '1e400',
      '0.000000000000000000000000001234',
      '142857.14285714287',
      '1e23',
      '8.98846567431158e307',
    ];
    for (const s of samples) expect(parse(s), s).toBe(Number(s));
    for (let i = 0; i < 2000; i++) {
      const x = (Math.sin(i) * 10 ** ((i % 40) - 20)).toPrecision((i % 17) + 1);
      expect(parse(x), x).toBe(Number(x));
    }
  });

  it('reads inf, infinity and nan in any case', () => {
    expect(parse('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parse('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(parse('+INF')).toBe(Number.POSITIVE_INFINITY);
    expect(parse('NaN')).toBeNaN();
    expect(parse('-nan')).toBeNaN();
  });

  it('rejects what is not a decimal number', () => {
    for (const s of [
      '',
      '-',
      '+',
      '.',
      'e5',
      '1e',
      '1e+',
      '0x10',
      '0b1',
      '1_000',
      '1.2.3',
      '1,5',
      '--1',
      'abc',
      'infinit',
      '5a',
      'nanx',
    ]) {
      expect(parse(s), s).toBeUndefined();
    }
  });
});

describe('float', () => {
  it('accepts numbers within epsilon (absolute or relative by default)', () => {
    expect(float('1.0', '1.0000005')).toEqual({ ok: true });
    expect(float('1', '1.000001')).toEqual({ ok: true });
    expect(float('0', '1e-7')).toEqual({ ok: true });
    expect(float('0', '-0')).toEqual({ ok: true });
    expect(float('-0.0', '0')).toEqual({ ok: true });
    expect(float('3 .5 2.', '3.0000001 0.5 2')).toEqual({ ok: true });
    expect(float('1000000', '1000000.5')).toEqual({ ok: true });
    expect(float('1e300', '1.0000001e300')).toEqual({ ok: true });
    expect(float('3.141592654', '3.14159265358979')).toEqual({ ok: true });
  });

  it('accepts the same number written differently', () => {
    expect(float('0.500000', '.5')).toEqual({ ok: true });
    expect(float('100', '1e2')).toEqual({ ok: true });
    expect(float('1.5', '+1.50')).toEqual({ ok: true });
  });

  it('names the token and the difference when out of epsilon', () => {
    expect(float('1 1.5', '1 1.6')).toEqual({
      ok: false,
      where: 'token 2',
      message: 'token 2: expected 1.5, got 1.6 (diff 0.1, relative 0.0667 > 0.000001)',
    });
    expect(float('0', '2e-6')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected 0, got 2e-6 (diff 0.000002, relative inf > 0.000001)',
    });
    expect(float('1.5', '1.6', 0.2)).toEqual({ ok: true });
  });

  it('absolute mode ignores magnitude', () => {
    expect(float('1000000', '1000000.5', 1e-6, 'absolute')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected 1000000, got 1000000.5 (diff 0.5 > 0.000001)',
    });
    expect(float('0', '1e-7', 1e-6, 'absolute')).toEqual({ ok: true });
    expect(float('5', '5.0000009', 1e-6, 'absolute')).toEqual({ ok: true });
  });

  it('relative mode scales with the expected value, so an expected 0 must be exact', () => {
    expect(float('1e300', '1.0000000001e300', 1e-6, 'relative')).toEqual({ ok: true });
    expect(float('1e-20', '1.0000001e-20', 1e-6, 'relative')).toEqual({ ok: true });
    expect(float('1e-20', '2e-20', 1e-6, 'relative')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected 1e-20, got 2e-20 (relative diff 1 > 0.000001)',
    });
    expect(float('0', '1e-7', 1e-6, 'relative').ok).toBe(false);
    expect(float('0', '-0', 1e-6, 'relative')).toEqual({ ok: true });
  });

  it('is exact at the boundary despite binary rounding', () => {
    expect(float('0.1', '0.100001')).toEqual({ ok: true });
    expect(float('0.1', '0.1000011').ok).toBe(false);
    expect(float('2.5', '2.500001', 1e-6, 'absolute')).toEqual({ ok: true });
    expect(float('2.5', '2.5000011', 1e-6, 'absolute').ok).toBe(false);
  });

  it('handles huge numbers and overflow', () => {
    expect(float('1e308', '-1e308').ok).toBe(false);
    expect(float('1.7976931348623157e308', '1.7976931348623157e308')).toEqual({ ok: true });
    expect(float('123456789012345678901234567890', '123456789012345678901234567891')).toEqual({ ok: true });
    expect(float('1e400', '2e400')).toEqual({ ok: true });
    expect(float('1e400', '-1e400').ok).toBe(false);
  });

  it('NaN equals only NaN; an infinity only the same infinity', () => {
    expect(float('nan', 'NaN')).toEqual({ ok: true });
    expect(float('inf', 'Infinity')).toEqual({ ok: true });
    expect(float('-inf', '-INF')).toEqual({ ok: true });
    expect(float('inf', '-inf')).toEqual({ ok: false, where: 'token 1', message: 'token 1: expected inf, got -inf' });
    expect(float('nan', '0')).toEqual({ ok: false, where: 'token 1', message: 'token 1: expected nan, got 0' });
    expect(float('1', 'nan')).toEqual({ ok: false, where: 'token 1', message: 'token 1: expected 1, got nan' });
    expect(float('1e308', 'inf').ok).toBe(false);
  });

  it('compares other tokens as text', () => {
    expect(float('YES 1.5', 'YES 1.5000001')).toEqual({ ok: true });
    expect(float('YES 1.5', 'NO 1.5')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected "YES", got "NO"',
    });
    expect(float('1.5', '1.5abc')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected "1.5", got "1.5abc"',
    });
    expect(float('0x10', '16').ok).toBe(false);
    expect(float('Case #1: 0.5', 'Case #1: 0.50000001')).toEqual({ ok: true });
  });

  it('reports missing and extra tokens', () => {
    expect(float('1', '')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected "1", got end of output (0 tokens)',
    });
    expect(float('1', '1 2')).toEqual({
      ok: false,
      where: 'token 2',
      message: 'token 2: expected end of output (1 token), got "2"',
    });
    expect(float('', '')).toEqual({ ok: true });
  });

  it('cuts long numbers in messages', () => {
    const r = float('1', `2${'0'.repeat(300)}`);
    expect(r.ok).toBe(false);
    expect(r.message!.length).toBeLessThanOrEqual(200);
    expect(r.message).toMatch(/^token 1: expected 1, got 20{39}… \(diff 2e\+300/);
  });
});
