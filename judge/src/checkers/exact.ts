import { describeDifference, failure, quote } from './text.js';
import type { CheckOutcome } from './types.js';

/** Byte-for-byte equality. */
export function checkExact(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  const n = Math.min(expected.length, actual.length);
  let i = 0;
  while (i < n && expected[i] === actual[i]) i++;
  if (i === expected.length && i === actual.length) return { ok: true };

  let line = 1;
  let lineStart = 0;
  for (let j = expected.indexOf(10); j >= 0 && j < i; j = expected.indexOf(10, j + 1)) {
    line++;
    lineStart = j + 1;
  }
  const where = `line ${line}, column ${i - lineStart + 1} (byte ${i + 1})`;
  if (i === actual.length) {
    return failure(where, `expected ${excerpt(expected, i)}, got end of output`);
  }
  if (i === expected.length) {
    return failure(where, `expected end of output, got ${excerpt(actual, i)}`);
  }
  const { text } = describeDifference(expected, i, lineEnd(expected, i), actual, i, lineEnd(actual, i));
  return failure(where, text);
}

/** Up to the end of the line holding `i`, LF included so that a missing newline shows. */
function lineEnd(data: Uint8Array, i: number): number {
  const nl = data.indexOf(10, i);
  return nl < 0 ? data.length : nl + 1;
}

function excerpt(data: Uint8Array, i: number): string {
  return quote(data, i, lineEnd(data, i));
}
