import { compareTokens, sameBytes } from './tokens.js';
import type { CheckOutcome } from './types.js';

export type FloatMode = 'absolute' | 'relative' | 'absolute-or-relative';
export const DEFAULT_EPSILON = 1e-6;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const decoder = new TextDecoder();

function parse(token: Uint8Array): number | undefined {
  if (token.length > 64) return undefined;
  const text = decoder.decode(token);
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** Whether `got` is within epsilon of `want` in the given sense. */
export function close(want: number, got: number, epsilon: number, mode: FloatMode): boolean {
  const diff = Math.abs(want - got);
  const absolute = diff <= epsilon;
  const relative = diff <= epsilon * Math.abs(want);
  if (mode === 'absolute') return absolute;
  if (mode === 'relative') return relative;
  return absolute || relative;
}

/**
 * Tokens that are both numbers compare within epsilon; other tokens must be
 * equal. Non-numbers such as `nan` or `inf` compare as text.
 */
export function checkFloat(
  expected: Uint8Array,
  actual: Uint8Array,
  epsilon = DEFAULT_EPSILON,
  mode: FloatMode = 'absolute-or-relative',
): CheckOutcome {
  return compareTokens(expected, actual, (e, a) => {
    const want = parse(e);
    const got = parse(a);
    if (want === undefined || got === undefined) return sameBytes(e, a) ? undefined : '';
    if (!Number.isFinite(want) || !Number.isFinite(got)) return want === got ? undefined : '';
    if (close(want, got, epsilon, mode)) return undefined;
    return ` (difference ${Math.abs(want - got).toPrecision(3)} > ${epsilon}${mode === 'relative' ? ' relative' : ''})`;
  });
}
