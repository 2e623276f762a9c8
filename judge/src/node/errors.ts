/** An HTTP answer other than success, rendered as the contract's error envelope. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly retryAfterS?: number,
    /** More headers of the answer (WWW-Authenticate, RateLimit-*). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A dependency (Redis, the database) cannot be reached. */
export class DependencyError extends Error {
  override name = 'DependencyError';
  constructor(
    readonly dependency: 'redis' | 'database',
    message: string,
  ) {
    super(message);
  }
}
