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
