import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { AppEnv } from '../../types.js';

/** CORS for browser frontends: the configured origins, and the headers they need to read. */
export function cors(): MiddlewareHandler<AppEnv> {
  return honoCors({
    origin: (origin, c) => {
      const { origins } = c.get('config');
      if (origins === '*') return '*';
      return origins.has(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Auth-Token'],
    exposeHeaders: [
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
      'Idempotency-Key',
      'Location',
    ],
    maxAge: 86_400,
  });
}
