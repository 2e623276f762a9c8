import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface Issue {
  path: string;
  message: string;
}

/**
 * The one error type of the edge: an HTTP status, a machine-readable code, and
 * optionally the validation issues and extra headers (Retry-After, RateLimit-*).
 * The app's `onError` turns it into the contract's error envelope.
 */
export class EdgeError extends Error {
  override name = 'EdgeError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { issues?: Issue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}
