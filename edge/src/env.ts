import type { RateLimiter } from './middleware/rate-limit/durable.js';

/**
 * The Worker's bindings. Vars may arrive as JSON strings (secrets, `--var`) or as
 * already-parsed values (wrangler.jsonc `vars`); config.ts accepts both.
 */
export interface Env {
  /** One Durable Object per API key (or per anonymous IP): the exact token buckets. */
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  /** The Rate Limiting binding of the per-IP first line; absent: no first line. */
  IP_LIMITER?: RateLimit;
  /** Extra API keys, looked up by `sha256:<hex>` when API_KEYS does not hold the key. */
  API_KEYS_KV?: KVNamespace;
  /** `[{id, url, lat, lon, secret?, adminToken?}]`, see config.ts. */
  REGIONS?: unknown;
  /** `{name: {ratePerMinute, burst, readRatePerMinute?, readBurst?}}`. */
  PLANS?: unknown;
  /** `[{name, sha256, plan, admin?}]`. */
  API_KEYS?: unknown;
  /** The plan of requests without a key, or `off` to require a key. */
  ANON_PLAN?: string;
  /** `*` or a comma-separated list of allowed origins. */
  CORS_ORIGINS?: string;
  IP_LIMIT?: string | number;
  IP_LIMIT_PERIOD_S?: string | number;
  FORWARD_TIMEOUT_MS?: string | number;
  WAIT_TIMEOUT_MS?: string | number;
  MAX_BODY_BYTES?: string | number;
  MAX_PROBLEM_BYTES?: string | number;
  LANGUAGES_TTL_S?: string | number;
  HEALTH_COOLDOWN_MS?: string | number;
  HEALTH_PROBE_TIMEOUT_MS?: string | number;
  /** A region's HMAC secret when REGIONS does not carry it: `NODE_SECRET_<ID>` (upper case, `-` as `_`). */
  [secret: `NODE_SECRET_${string}`]: string | undefined;
}
