import { z } from 'zod';

// Rate plans and their token buckets, the same at the edge (one Durable
// Object per caller) and at a node (per node process, for callers with an
// API key of its own).

/** A token bucket: `capacity` tokens at most, refilled continuously at `ratePerMinute`. */
export interface BucketSpec {
  capacity: number;
  ratePerMinute: number;
}

export interface BucketState {
  tokens: number;
  /** ms since epoch of the last update. */
  at: number;
}

export interface Decision {
  allowed: boolean;
  /** The bucket's size: RateLimit-Limit. */
  limit: number;
  /** Whole tokens left after this request: RateLimit-Remaining. */
  remaining: number;
  /** Seconds until the bucket is full again: RateLimit-Reset. */
  resetS: number;
  /** Seconds until this request would be allowed; 0 when allowed: Retry-After. */
  retryAfterS: number;
}

/** The tokens in a bucket at `now`, refilled since `state.at` and capped at the capacity. */
export function level(state: BucketState | undefined, spec: BucketSpec, now: number): number {
  if (!state) return spec.capacity;
  // elapsed * rate is an integer product for integer rates, so refills land on exact token counts.
  const refill = (Math.max(0, now - state.at) * spec.ratePerMinute) / 60_000;
  return Math.min(spec.capacity, state.tokens + refill);
}

/** Takes `cost` tokens if there are enough; the bucket is unchanged otherwise. */
export function take(
  state: BucketState | undefined,
  spec: BucketSpec,
  now: number,
  cost = 1,
): { state: BucketState; decision: Decision } {
  const before = level(state, spec, now);
  const allowed = before >= cost;
  const tokens = allowed ? before - cost : before;
  const msPerToken = 60_000 / spec.ratePerMinute;
  return {
    state: { tokens, at: now },
    decision: {
      allowed,
      limit: spec.capacity,
      remaining: Math.floor(tokens),
      resetS: Math.ceil(((spec.capacity - tokens) * msPerToken) / 1000),
      retryAfterS: allowed ? 0 : Math.max(1, Math.ceil(((cost - tokens) * msPerToken) / 1000)),
    },
  };
}

/** A rate plan: a token bucket for submissions and one for reads. */
export const PlanSchema = z
  .object({
    /** Submissions refilled per minute. */
    ratePerMinute: z.number().positive(),
    /** Submissions that may be sent at once (the bucket's size). */
    burst: z.number().int().min(1),
    /** Reads (results, events, languages, problems) per minute. @defaultValue 10 × ratePerMinute */
    readRatePerMinute: z.number().positive().optional(),
    /** @defaultValue 10 × burst */
    readBurst: z.number().int().min(1).optional(),
  })
  .strict();
export type Plan = z.infer<typeof PlanSchema>;

/** Plans by name. */
export const PlansSchema = z.record(z.string().min(1), PlanSchema);
export type Plans = z.infer<typeof PlansSchema>;

/** The plans in force when none are configured. */
export const DEFAULT_PLANS: Plans = {
  anonymous: { ratePerMinute: 60, burst: 20 },
  standard: { ratePerMinute: 600, burst: 120 },
};

/** The two buckets of a plan: reads default to ten times the submission figures. */
export function planBuckets(plan: Plan): { submit: BucketSpec; read: BucketSpec } {
  return {
    submit: { capacity: plan.burst, ratePerMinute: plan.ratePerMinute },
    read: {
      capacity: plan.readBurst ?? plan.burst * 10,
      ratePerMinute: plan.readRatePerMinute ?? plan.ratePerMinute * 10,
    },
  };
}

/** Requests that cost from the submission bucket; every other one costs from the read bucket. */
export function isSubmission(method: string, path: string): boolean {
  const m = method.toUpperCase();
  return (
    (m === 'POST' &&
      (path === '/v1/submissions' ||
        path === '/api/v2/execute' ||
        path === '/submissions' ||
        path === '/submissions/batch')) ||
    (m === 'PUT' && path.startsWith('/v1/problems/'))
  );
}

/** The RateLimit-* headers of a decision (the bucket it cost from). */
export function rateLimitHeaders(d: Pick<Decision, 'limit' | 'remaining' | 'resetS'>): Record<string, string> {
  return {
    'ratelimit-limit': String(d.limit),
    'ratelimit-remaining': String(d.remaining),
    'ratelimit-reset': String(d.resetS),
  };
}

/** The message of a 429 for a caller over its plan. */
export function rateLimitMessage(caller: string, submit: boolean, spec: BucketSpec): string {
  return (
    `rate limit of ${caller} reached: ${spec.capacity} ${submit ? 'submissions' : 'requests'} at once, ` +
    `${spec.ratePerMinute} per minute`
  );
}
