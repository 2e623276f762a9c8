import type { Checker } from '@judge/contract';
import { checkExact } from './exact.js';
import { checkFloat, DEFAULT_EPSILON } from './float.js';
import { checkLines } from './lines.js';
import { checkTokens } from './tokens.js';
import type { CheckOutcome } from './types.js';

export type BuiltinChecker = Exclude<Checker, { type: 'custom' }>;
export type { CheckOutcome } from './types.js';

/** Compares a program's output with the expected one (custom checkers run in a sandbox instead). */
export function check(checker: BuiltinChecker, expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  switch (checker.type) {
    case 'exact':
      return checkExact(expected, actual);
    case 'lines':
      return checkLines(expected, actual);
    case 'tokens':
      return checkTokens(expected, actual);
    case 'float':
      return checkFloat(expected, actual, checker.epsilon ?? DEFAULT_EPSILON, checker.mode);
  }
}
