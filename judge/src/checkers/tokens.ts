import { describeDifference, failure, plural, quote, rangeEquals, TokenCursor } from './text.js';
import type { CheckOutcome } from './types.js';

/** Whitespace-separated tokens, compared as bytes: the default checker. */
export function checkTokens(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  return compareTokens(expected, actual, tokenDifference);
}

/** The failure for two tokens that differ, quoting both. */
export function tokenDifference(exp: TokenCursor, act: TokenCursor): CheckOutcome {
  const { text } = describeDifference(exp.data, exp.start, exp.end, act.data, act.start, act.end);
  return failure(`token ${exp.index}`, text);
}

/**
 * Walks the tokens of both sides together: tokens equal as bytes pass; for
 * two that differ, `differ` says whether they fail (an outcome) or pass
 * (undefined); one side running out first fails.
 */
export function compareTokens(
  expected: Uint8Array,
  actual: Uint8Array,
  differ: (exp: TokenCursor, act: TokenCursor) => CheckOutcome | undefined,
): CheckOutcome {
  const exp = new TokenCursor(expected);
  const act = new TokenCursor(actual);
  for (;;) {
    const hasExp = exp.next();
    const hasAct = act.next();
    if (!hasExp || !hasAct) return tokenCountMismatch(exp, act, hasExp, hasAct) ?? { ok: true };
    if (rangeEquals(expected, exp.start, exp.end, actual, act.start, act.end)) continue;
    const outcome = differ(exp, act);
    if (outcome) return outcome;
  }
}

/**
 * The failure when one side ran out of tokens before the other (null when both did).
 * Call right after a `next()` on each cursor returned `hasExp` and `hasAct`.
 */
export function tokenCountMismatch(
  exp: TokenCursor,
  act: TokenCursor,
  hasExp: boolean,
  hasAct: boolean,
): CheckOutcome | null {
  if (hasExp) {
    const got = plural(act.index, 'token');
    return failure(`token ${exp.index}`, `expected ${quote(exp.data, exp.start, exp.end)}, got end of output (${got})`);
  }
  if (hasAct) {
    const want = plural(exp.index, 'token');
    return failure(
      `token ${act.index}`,
      `expected end of output (${want}), got ${quote(act.data, act.start, act.end)}`,
    );
  }
  return null;
}
