/**
 * A problem directory is broken. The message names the file and, for
 * problem.yaml, the field: `testcases/x/problem.yaml: subtasks.1.tests.0: no test "07" in tests/`.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';
  /** Dotted path of the field at fault in problem.yaml (`subtasks.1.tests.0`). */
  readonly field: string | undefined;
  /** Every issue found when problem.yaml fails the schema; the message shows the first. */
  readonly issues: { path: string; message: string }[];

  constructor(
    /** The file (or directory) at fault, as the message shows it. */
    readonly file: string,
    detail: string,
    opts: { field?: string; issues?: { path: string; message: string }[] } = {},
  ) {
    super(`${file}: ${opts.field ? `${opts.field}: ` : ''}${detail}`);
    this.field = opts.field;
    this.issues = opts.issues ?? [];
  }
}
