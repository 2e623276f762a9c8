import { isSubmission, planBuckets, rateLimitHeaders, rateLimitMessage } from '@judge/contract';
import { createMiddleware } from 'hono/factory';
import type { Env } from '../../env.js';
import { EdgeError } from '../../errors.js';
import { type AppEnv, clientIp, type Principal } from '../../types.js';

/** The Durable Object of a caller: its buckets and its idempotency pins. */
export function callerState(env: Env, principal: Principal) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(principal.id));
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
  const spec = planBuckets(plan)[submit ? 'submit' : 'read'];
  const decision = await callerState(c.env, principal).take(submit ? 'submit' : 'read', spec);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new EdgeError(429, 'rate_limited', rateLimitMessage(name, submit, spec), {
      headers: { ...headers, 'retry-after': String(decision.retryAfterS) },
    });
  }
  await next();
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
});
