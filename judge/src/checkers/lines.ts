import { describeDifference, LineCursor, quote, rangeEquals, truncate } from './text.js';
import type { CheckResult } from './types.js';

/**
 * Line by line, ignoring whitespace at the end of each line (so CRLF equals LF)
 * and blank lines at the end of the output.
 */
export function checkLines(expected: Uint8Array, actual: Uint8Array): CheckResult {
  const exp = new LineCursor(expected);
  const act = new LineCursor(actual);
  for (;;) {
    const hasExp = exp.next();
    const hasAct = act.next();
    if (!hasExp || !hasAct) {
      if (hasExp && (exp.end > exp.start || !exp.restBlank())) {
        const line = exp.number;
        // restBlank() moved on: report the first non-blank line left in the answer.
        return fail(line, `expected ${firstNonBlank(expected, exp.start, exp.end, line, exp)}, got end of output`);
      }
      if (hasAct && (act.end > act.start || !act.restBlank())) {
        return fail(act.number, `expected end of output, got ${quote(actual, act.start, act.end)}`);
      }
      return { ok: true };
    }
    if (!rangeEquals(expected, exp.start, exp.end, actual, act.start, act.end)) {
      const { column, text } = describeDifference(expected, exp.start, exp.end, actual, act.start, act.end);
      const long = exp.end - exp.start > 40 || act.end - act.start > 40;
      return fail(exp.number, text, long ? column : undefined);
    }
  }
}

function fail(line: number, text: string, column?: number): CheckResult {
  const where = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
  return { ok: false, message: truncate(`${where}: ${text}`) };
}

function firstNonBlank(_data: Uint8Array, _s: number, _e: number, _line: number, cursor: LineCursor): string {
  return quote(cursor.data, cursor.start, cursor.end);
}
