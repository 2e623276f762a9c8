/**
 * An error of the CLI with a stable kebab-case code (what `--json` shows as
 * `error.code`) and, when there are several things wrong, each of them.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** More fields for `--json` (an HTTP status). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Codes of the judge library's errors, by class name. */
const CODES: Record<string, string> = {
  UnknownLanguageError: 'unknown-language',
  ProblemError: 'invalid-problem',
  PackError: 'invalid-pack',
  DockerUnavailableError: 'docker-unavailable',
  ImageMissingError: 'image-missing',
  SandboxError: 'sandbox-failed',
  ConfigError: 'invalid-config',
};

/** snake_case or camelCase as kebab-case: the node's `invalid_request` is `invalid-request` here. */
export function kebab(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/** What `--json` says of an error: `{ code, message, issues? }` and any extra fields. */
export function describeError(err: Error & { oclif?: { exit?: number } }): {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  [k: string]: unknown;
} {
  if (err instanceof CliError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.issues?.length ? { issues: err.issues } : {}),
      ...err.extra,
    };
  }
  const code = CODES[err.name];
  if (code === 'invalid-problem') {
    const e = err as Error & { field?: string; issues?: { path: string; message: string }[]; file?: string };
    const issues = e.issues?.length ? e.issues : [{ path: e.field ?? e.file ?? '(problem)', message: err.message }];
    return { code, message: err.message, issues };
  }
  if (code) return { code, message: err.message };
  // oclif's own: a flag or argument the command does not take, or one missing.
  if (err.oclif?.exit === 2 || /Flag|Arg|Parse/.test(err.name)) return { code: 'usage', message: err.message };
  return { code: 'internal', message: err.message };
}
