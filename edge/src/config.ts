import { type ApiKey, ApiKeySchema, apiKeyIssues, DEFAULT_PLANS, PlansSchema } from '@judge/contract';
import { z } from 'zod';
import type { Env } from './env.js';
import { EdgeError } from './errors.js';

/** Vars arrive as JSON strings (secrets, `--var`) or as values (wrangler.jsonc `vars`). */
function json<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }, schema);
}

/** A judge node the edge forwards to. */
export const RegionSchema = z
  .object({
    /** Short id, the prefix of the submission ids this region hands out (`<id>.<node id>`). */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'region ids are lowercase letters, digits and -'),
    /** Base URL of the node, e.g. `https://fra.judge.example` (a path prefix is kept). */
    url: z.url({ protocol: /^https?$/ }),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    /** The node's HMAC secret; absent: the `NODE_SECRET_<ID>` secret. */
    secret: z.string().min(16).optional(),
    /** Sent as `Authorization: Bearer` on problem uploads by an admin key. */
    adminToken: z.string().min(8).optional(),
  })
  .strict();

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

export const ConfigSchema = z
  .object({
    regions: json(z.array(RegionSchema).min(1, 'at least one region')),
    plans: json(PlansSchema).default(DEFAULT_PLANS),
    apiKeys: json(z.array(ApiKeySchema)).default([]),
    /** @defaultValue anonymous */
    anonPlan: z.string().min(1).default('anonymous'),
    /** @defaultValue * */
    corsOrigins: z.string().min(1).default('*'),
    /** What the IP_LIMITER binding allows per period (for the RateLimit-* headers of its 429). @defaultValue 1200 */
    ipLimit: int(1, 1200),
    /** @defaultValue 10 */
    ipLimitPeriodS: int(1, 10),
    /** Time for a node to answer a forwarded request. @defaultValue 10000 */
    forwardTimeoutMs: int(1, 10_000),
    /** The same for `?wait=true` (above the node's 30 s maximum wait). @defaultValue 45000 */
    waitTimeoutMs: int(1, 45_000),
    /** Largest request body but problem uploads. @defaultValue 8 MiB, the node's own limit */
    maxBodyBytes: int(1024, 8 * 1024 * 1024),
    /** @defaultValue 64 MiB */
    maxProblemBytes: int(1024, 64 * 1024 * 1024),
    /** @defaultValue 300 */
    languagesTtlS: int(0, 300),
    /** How long a region that failed is passed over. @defaultValue 10000 */
    healthCooldownMs: int(0, 10_000),
    /** @defaultValue 2000 */
    healthProbeTimeoutMs: int(1, 2000),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.regions.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['regions', i, 'id'], message: `duplicate region ${r.id}` });
      seen.add(r.id);
    });
    for (const issue of apiKeyIssues(c.apiKeys, c.plans)) ctx.addIssue({ code: 'custom', ...issue });
    if (c.anonPlan !== 'off' && !c.plans[c.anonPlan]) {
      ctx.addIssue({ code: 'custom', path: ['anonPlan'], message: `no plan ${c.anonPlan} (or "off")` });
    }
  });

export interface Region extends z.infer<typeof RegionSchema> {
  secret: string;
}

export interface Config extends Omit<z.infer<typeof ConfigSchema>, 'regions'> {
  regions: Region[];
  /** API keys by hash. */
  keysByHash: Map<string, ApiKey>;
  /** Allowed origins, or `*`. */
  origins: '*' | Set<string>;
}

/** The env var that carries a region's secret. */
export function secretVar(regionId: string): `NODE_SECRET_${string}` {
  return `NODE_SECRET_${regionId.toUpperCase().replaceAll('-', '_')}`;
}

/** Parses and checks the whole configuration; throws an Error listing every problem. */
export function parseConfig(env: Env): Config {
  const raw = {
    regions: env.REGIONS,
    plans: env.PLANS,
    apiKeys: env.API_KEYS,
    anonPlan: env.ANON_PLAN,
    corsOrigins: env.CORS_ORIGINS,
    ipLimit: env.IP_LIMIT,
    ipLimitPeriodS: env.IP_LIMIT_PERIOD_S,
    forwardTimeoutMs: env.FORWARD_TIMEOUT_MS,
    waitTimeoutMs: env.WAIT_TIMEOUT_MS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxProblemBytes: env.MAX_PROBLEM_BYTES,
    languagesTtlS: env.LANGUAGES_TTL_S,
    healthCooldownMs: env.HEALTH_COOLDOWN_MS,
    healthProbeTimeoutMs: env.HEALTH_PROBE_TIMEOUT_MS,
  };
  const parsed = ConfigSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  if (!parsed.success) throw new Error(`invalid edge configuration: ${problems.join('; ')}`);
  const regions: Region[] = [];
  for (const r of parsed.data.regions) {
    const secret = r.secret ?? env[secretVar(r.id)];
    if (!secret || secret.length < 16) {
      problems.push(`regions.${r.id}: no secret of at least 16 characters (set it inline or as ${secretVar(r.id)})`);
    } else {
      regions.push({ ...r, url: r.url.replace(/\/+$/, ''), secret });
    }
  }
  if (problems.length > 0) throw new Error(`invalid edge configuration: ${problems.join('; ')}`);
  const { corsOrigins } = parsed.data;
  return {
    ...parsed.data,
    regions,
    keysByHash: new Map(parsed.data.apiKeys.map((k) => [k.sha256, k])),
    origins:
      corsOrigins.trim() === '*'
        ? '*'
        : new Set(
            corsOrigins
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean),
          ),
  };
}

const cache = new WeakMap<Env, Config>();

/** The parsed configuration, once per env object (the same object for every request of an isolate). */
export function configOf(env: Env): Config {
  let config = cache.get(env);
  if (!config) {
    try {
      config = parseConfig(env);
    } catch (e) {
      console.error((e as Error).message);
      throw new EdgeError(500, 'config_invalid', 'the edge is misconfigured');
    }
    cache.set(env, config);
  }
  return config;
}
