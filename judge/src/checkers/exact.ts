import { sameBytes } from './tokens.js';
import type { CheckOutcome } from './types.js';

/** Byte for byte. */
export function checkExact(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  if (sameBytes(expected, actual)) return { ok: true };
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  let line = 1;
  for (let k = 0; k < i; k++) if (expected[k] === 10) line++;
  const what = i >= actual.length ? 'output ends early' : i >= expected.length ? 'output is longer' : 'bytes differ';
  return { ok: false, message: `byte ${i + 1} (line ${line}): ${what}` };
}
