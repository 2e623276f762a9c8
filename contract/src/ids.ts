import { z } from 'zod';

// Names that travel between the CLI, the edge and the nodes. Each rule is
// written once, with its length, and every side checks it with these.

/** The longest problem id. */
export const PROBLEM_ID_MAX = 64;
/** A problem id: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export const PROBLEM_ID = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${PROBLEM_ID_MAX - 1}}$`);
export const PROBLEM_ID_MESSAGE = `problem ids are 1 to ${PROBLEM_ID_MAX} lowercase letters, digits, - and _, starting with a letter or digit`;
export const ProblemIdSchema = z.string().regex(PROBLEM_ID, PROBLEM_ID_MESSAGE);

/** The longest test name (`01` for `tests/01.in`). */
export const TEST_NAME_MAX = 64;
/** A test name: letters, digits, `.`, `_` and `-`. */
export const TEST_NAME = new RegExp(`^[A-Za-z0-9_.-]{1,${TEST_NAME_MAX}}$`);
export const TEST_NAME_MESSAGE = `test names are 1 to ${TEST_NAME_MAX} letters, digits, ".", "_" and "-"`;
export const TestNameSchema = z.string().regex(TEST_NAME, TEST_NAME_MESSAGE);

/** The longest language id or alias a request may name. */
export const LANGUAGE_NAME_MAX = 32;
export const LanguageNameSchema = z.string().min(1).max(LANGUAGE_NAME_MAX);

/** The header that makes a submission idempotent: a retry with the same key and body is judged once. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** The longest idempotency key. */
export const IDEMPOTENCY_KEY_MAX = 255;
/** An idempotency key: visible ASCII characters, no spaces. */
export const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX}}$`);
export const IDEMPOTENCY_KEY_MESSAGE = `the Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters`;
export const IdempotencyKeySchema = z.string().regex(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MESSAGE);

/**
 * The idempotency key of a request, from its header value: undefined when
 * there is none, or an error message when it breaks the rule (a repeated
 * header counts as broken: which one would be meant?).
 */
export function readIdempotencyKey(
  value: string | string[] | null | undefined,
): { key: string | undefined } | { error: string } {
  if (value === undefined || value === null) return { key: undefined };
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) return { error: IDEMPOTENCY_KEY_MESSAGE };
  return { key: value };
}
