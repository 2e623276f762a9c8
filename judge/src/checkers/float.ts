import { failure, quote } from './text.js';
import { compareTokens, tokenDifference } from './tokens.js';
import type { BuiltinChecker, CheckOutcome } from './types.js';

export type FloatChecker = Extract<BuiltinChecker, { type: 'float' }>;
export type FloatMode = NonNullable<FloatChecker['mode']>;

/** @defaultValue for `epsilon` */
export const DEFAULT_EPSILON = 1e-6;
/** @defaultValue for `mode` */
export const DEFAULT_FLOAT_MODE: FloatMode = 'absolute-or-relative';

/**
 * Tokens, where two tokens that both read as numbers are equal within epsilon:
 * `absolute` |a-e| ≤ ε, `relative` |a-e| ≤ ε|e| (so an expected 0 needs an exact 0),
 * `absolute-or-relative` either. NaN equals NaN, an infinity only the same infinity.
 * Any other token must match byte for byte.
 */
export function checkFloat(checker: FloatChecker, expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  const epsilon = checker.epsilon ?? DEFAULT_EPSILON;
  const mode = checker.mode ?? DEFAULT_FLOAT_MODE;
  return compareTokens(expected, actual, (exp, act) => {
    const e = parseNumber(expected, exp.start, exp.end);
    const a = e === undefined ? undefined : parseNumber(actual, act.start, act.end);
    if (e === undefined || a === undefined) return tokenDifference(exp, act);
    const why = compare(e, a, epsilon, mode);
    if (why === null) return undefined;
    const shown = `expected ${raw(expected, exp.start, exp.end)}, got ${raw(actual, act.start, act.end)}`;
    return failure(`token ${exp.index}`, `${shown}${why}`);
  });
}

/** Null when `a` is close enough to `e`; otherwise the reason, as a message suffix. */
export function compare(e: number, a: number, epsilon: number, mode: FloatMode): string | null {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a) ? null : '';
  if (!Number.isFinite(e) || !Number.isFinite(a)) return e === a ? null : '';
  const diff = Math.abs(a - e);
  // The decimal texts were rounded to doubles, and so was the difference: allow for that.
  const slack = 2 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(e));
  const absOk = diff <= epsilon + slack;
  const relOk = diff <= epsilon * Math.abs(e) + slack;
  switch (mode) {
    case 'absolute':
      return absOk ? null : ` (diff ${fmt(diff)} > ${fmt(epsilon)})`;
    case 'relative':
      return relOk ? null : ` (relative diff ${relative(diff, e)} > ${fmt(epsilon)})`;
    default:
      return absOk || relOk ? null : ` (diff ${fmt(diff)}, relative ${relative(diff, e)} > ${fmt(epsilon)})`;
  }
}

function relative(diff: number, e: number): string {
  return e === 0 ? 'inf' : fmt(diff / Math.abs(e));
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** The token as written, unquoted (it is a number), cut if very long. */
function raw(data: Uint8Array, start: number, end: number): string {
  return end - start > 40 ? `${quote(data, start, start + 40).slice(1, -1)}…` : quote(data, start, end).slice(1, -1);
}

enum C {
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= C.Zero && b <= C.Nine;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * Reads `data[start, end)` as a decimal number (`-1`, `2.`, `.5`, `1e-9`, `+3.0E+2`),
 * `inf`, `infinity` or `nan` (any case, optional sign). Undefined for anything else,
 * including hexadecimal and empty strings, which `Number()` alone would accept.
 * Rounds exactly as `Number()` does.
 */
export function parseNumber(data: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (data[i] === C.Plus || data[i] === C.Minus) {
    negative = data[i] === C.Minus;
    i++;
  }
  if (i < end && !isDigit(data[i]) && data[i] !== C.Dot) {
    const word = ascii(data, i, end).toLowerCase();
    if (word === 'inf' || word === 'infinity') return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (word === 'nan') return Number.NaN;
    return undefined;
  }
  // Significant digits go into `mantissa`, exact up to 2^53; `scale` is the power of
  // ten to apply. Past that, Number() on the text does the rounding.
  let mantissa = 0;
  let scale = 0;
  let digits = 0;
  for (; i < end && isDigit(data[i]); i++, digits++) {
    if (mantissa === 0 && data[i] === C.Zero) continue;
    mantissa = mantissa * 10 + (data[i]! - C.Zero);
  }
  if (i < end && data[i] === C.Dot) {
    for (i++; i < end && isDigit(data[i]); i++, digits++) {
      scale--;
      if (mantissa === 0 && data[i] === C.Zero) continue;
      mantissa = mantissa * 10 + (data[i]! - C.Zero);
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (data[i] === 101 || data[i] === 69)) {
    i++;
    let expNegative = false;
    if (i < end && (data[i] === C.Plus || data[i] === C.Minus)) {
      expNegative = data[i] === C.Minus;
      i++;
    }
    let exponent = 0;
    let expDigits = 0;
    for (; i < end && isDigit(data[i]); i++, expDigits++) {
      if (exponent < 1e6) exponent = exponent * 10 + (data[i]! - C.Zero);
    }
    if (expDigits === 0) return undefined;
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== end) return undefined;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (mantissa <= Number.MAX_SAFE_INTEGER && scale >= -22 && scale <= 22) {
    // Both factors are exact doubles, so one rounding: the same result as Number().
    value = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
  } else return Number(ascii(data, start, end));
  return negative ? -value : value;
}

const decoder = new TextDecoder();

function ascii(data: Uint8Array, start: number, end: number): string {
  if (end - start > 24) return decoder.decode(data.subarray(start, end));
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(data[i]!);
  return s;
}
