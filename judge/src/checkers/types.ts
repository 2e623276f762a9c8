import type { Checker } from '@judge/contract';

/** The checkers the judge runs in-process; `custom` ones run sandboxed. */
export type BuiltinChecker = Exclude<Checker, { type: 'custom' }>;

/** A checker's answer: `ok` for AC; `message` says where the first difference is. */
export interface CheckOutcome {
  ok: boolean;
  /** At most 200 characters; may quote the expected output. */
  message?: string;
  /** Where the first difference is (`line 3`, `token 7`), quoting nothing: what a hidden test may show. */
  where?: string;
}
