import { createMiddleware } from 'hono/factory';
import type { Env } from '../../env.js';
import { EdgeError } from '../../errors.js';
import { type AppEnv, clientIp, type Principal } from '../../types.js';
import type { BucketSpec, Decision } from './bucket.js';

/** The Durable Object of a caller: its buckets and its idempotency pins. */
export function callerState(env: Env, principal: Principal) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(principal.id));
}

/** Requests that cost from the submission bucket; every other one costs from the read bucket. */
export function isSubmission(method: string, path: string): boolean {
  return (
    (method === 'POST' && (path === '/v1/submissions' || path === '/api/v2/execute')) ||
    (method === 'PUT' && path.startsWith('/v1/problems/'))
  );
}

export function rateLimitHeaders(d: Pick<Decision, 'limit' | 'remaining' | 'resetS'>): Record<string, string> {
  return {
    'ratelimit-limit': String(d.limit),
    'ratelimit-remaining': String(d.remaining),
    'ratelimit-reset': String(d.resetS),
  };
}

/**
 * The cheap first line: Cloudflare's Rate Limiting binding, per client IP,
 * before any key lookup or Durable Object call. Approximate by design.
 */
export const ipFirstLine = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env.IP_LIMITER;
  if (limiter) {
    const { success } = await limiter.limit({ key: clientIp(c.req.raw) });
    if (!success) {
      const { ipLimit, ipLimitPeriodS } = c.get('config');
      throw new EdgeError(429, 'rate_limited', 'too many requests from this address', {
        headers: {
          'retry-after': String(ipLimitPeriodS),
          ...rateLimitHeaders({ limit: ipLimit, remaining: 0, resetS: ipLimitPeriodS }),
        },
      });
    }
  }
  await next();
});

/**
 * The exact limit: the caller's own Durable Object takes one token from the
 * plan's submission or read bucket. Every answer carries the RateLimit-*
 * headers of the bucket it cost from; a refusal is a 429 with Retry-After.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get('principal');
  const { plan, name } = principal;
  const submit = isSubmission(c.req.method, c.req.path);
  const spec: BucketSpec = submit
    ? { capacity: plan.burst, ratePerMinute: plan.ratePerMinute }
    : { capacity: plan.readBurst ?? plan.burst * 10, ratePerMinute: plan.readRatePerMinute ?? plan.ratePerMinute * 10 };
  const decision = await callerState(c.env, principal).take(submit ? 'submit' : 'read', spec);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new EdgeError(
      429,
      'rate_limited',
      `rate limit of ${name} reached: ${spec.capacity} ${submit ? 'submissions' : 'requests'} at once, ` +
        `${spec.ratePerMinute} per minute`,
      { headers: { ...headers, 'retry-after': String(decision.retryAfterS) } },
    );
  }
  await next();
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
});
