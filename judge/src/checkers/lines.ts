import { describeDifference, failure, LineCursor, quote, rangeEquals } from './text.js';
import type { CheckOutcome } from './types.js';

/**
 * Line by line, ignoring whitespace at the end of each line (so CRLF equals LF)
 * and blank lines at the end of the output.
 */
export function checkLines(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  const exp = new LineCursor(expected);
  const act = new LineCursor(actual);
  for (;;) {
    const hasExp = exp.next();
    const hasAct = act.next();
    if (hasExp && hasAct) {
      if (!rangeEquals(expected, exp.start, exp.end, actual, act.start, act.end)) {
        const { column, text } = describeDifference(expected, exp.start, exp.end, actual, act.start, act.end);
        const long = exp.end - exp.start > 40 || act.end - act.start > 40;
        return failure(long ? `line ${exp.number}, column ${column}` : `line ${exp.number}`, text);
      }
      continue;
    }
    // One side ended: whatever is left on the other must be blank lines.
    if (hasExp && skipBlank(exp)) {
      return failure(`line ${exp.number}`, `expected ${quote(expected, exp.start, exp.end)}, got end of output`);
    }
    if (hasAct && skipBlank(act)) {
      return failure(`line ${act.number}`, `expected end of output, got ${quote(actual, act.start, act.end)}`);
    }
    return { ok: true };
  }
}

/** Moves to the first non-blank line from the current one on; false when there is none. */
function skipBlank(cursor: LineCursor): boolean {
  do {
    if (cursor.end > cursor.start) return true;
  } while (cursor.next());
  return false;
}
