// The built-in checkers: pure functions from (expected, actual) bytes to a verdict.
// Custom checkers are programs, run sandboxed by the engine (testcases/README.md).
import { checkExact } from './exact.js';
import { checkFloat } from './float.js';
import { checkLines } from './lines.js';
import { checkTokens } from './tokens.js';
import type { BuiltinChecker, CheckOutcome } from './types.js';

export { checkExact } from './exact.js';
export { checkFloat, DEFAULT_EPSILON, DEFAULT_FLOAT_MODE, type FloatChecker, type FloatMode } from './float.js';
export { checkLines } from './lines.js';
export { checkTokens } from './tokens.js';
export type { BuiltinChecker, CheckOutcome } from './types.js';

/** Compares a program's output with the expected one. */
export function check(checker: BuiltinChecker, expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  switch (checker.type) {
    case 'exact':
      return checkExact(expected, actual);
    case 'lines':
      return checkLines(expected, actual);
    case 'tokens':
      return checkTokens(expected, actual);
    case 'float':
      return checkFloat(checker, expected, actual);
  }
}

/** Whether the checker runs in-process (everything but `custom`). */
export function isBuiltin<T extends { type: string }>(checker: T): checker is Exclude<T, { type: 'custom' }> {
  return checker.type !== 'custom';
}
