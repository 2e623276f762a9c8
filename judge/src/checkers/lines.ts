import { sameBytes } from './tokens.js';
import { type CheckOutcome, show } from './types.js';

/** Line starts and ends with trailing whitespace (and CR) dropped, and trailing empty lines removed. */
function lines(buf: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 10) {
      let end = i;
      while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9 || buf[end - 1] === 13)) end--;
      out.push([start, end]);
      start = i + 1;
    }
  }
  while (out.length > 0 && out[out.length - 1]![0] === out[out.length - 1]![1]) out.pop();
  return out;
}

/** Line by line, ignoring trailing whitespace on each line and blank lines at the end. */
export function checkLines(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  const want = lines(expected);
  const got = lines(actual);
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    const w = want[i] && expected.subarray(want[i]![0], want[i]![1]);
    const g = got[i] && actual.subarray(got[i]![0], got[i]![1]);
    if (w && g && sameBytes(w, g)) continue;
    return { ok: false, message: `line ${i + 1}: expected ${show(w)}, got ${show(g)}` };
  }
  return { ok: true };
}
