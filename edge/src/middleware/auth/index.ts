import { type ApiKey, ApiKeySchema, bearerToken, hashApiKey, isJudge0Path, JUDGE0_AUTH_HEADER } from '@judge/contract';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../../config.js';
import type { Env } from '../../env.js';
import { EdgeError } from '../../errors.js';
import { type AppEnv, clientIp, type Principal } from '../../types.js';

const StoredKeySchema = ApiKeySchema.omit({ sha256: true });
const KV_TTL_MS = 60_000;
// Lookups of keys in KV, found or not, per isolate: a flood of made-up keys costs no KV reads.
const kvCache = new Map<string, { key: ApiKey | null; until: number }>();

async function lookup(config: Config, env: Env, hash: string): Promise<ApiKey | null> {
  const configured = config.keysByHash.get(hash);
  if (configured) return configured;
  if (!env.API_KEYS_KV) return null;
  const cached = kvCache.get(hash);
  const now = Date.now();
  if (cached && cached.until > now) return cached.key;
  const raw = await env.API_KEYS_KV.get(`sha256:${hash}`, { type: 'json', cacheTtl: 60 });
  const parsed = raw === null ? null : StoredKeySchema.safeParse(raw);
  if (parsed && !parsed.success) console.error(`API key record sha256:${hash.slice(0, 12)}… is invalid`);
  const key = parsed?.success ? { ...parsed.data, sha256: hash } : null;
  if (kvCache.size > 10_000) kvCache.clear();
  kvCache.set(hash, { key, until: now + KV_TTL_MS });
  return key;
}

const unauthorized = (message: string) =>
  new EdgeError(401, 'unauthorized', message, { headers: { 'www-authenticate': 'Bearer realm="judge"' } });

/**
 * `Authorization: Bearer <key>`: the key's SHA-256 is looked up in the
 * configured keys, then in KV. Without the header the caller is anonymous,
 * limited per IP, unless the anonymous tier is off.
 */
export const auth = createMiddleware<AppEnv>(async (c, next) => {
  const config = c.get('config');
  // Judge0's clients send their key as X-Auth-Token: taken as the Bearer token on Judge0's routes.
  const judge0Token = isJudge0Path(c.req.path) ? c.req.header(JUDGE0_AUTH_HEADER) : undefined;
  const header = c.req.header('authorization') ?? (judge0Token ? `Bearer ${judge0Token}` : undefined);
  let principal: Principal;
  if (header === undefined) {
    const plan = config.plans[config.anonPlan];
    if (config.anonPlan === 'off' || !plan) throw unauthorized('an API key is required: Authorization: Bearer <key>');
    const ip = clientIp(c.req.raw);
    principal = { id: `ip:${ip}`, name: 'anonymous', planName: config.anonPlan, plan, admin: false, anonymous: true };
  } else {
    const token = bearerToken(header);
    if (!token) throw unauthorized('the Authorization header must be "Bearer <key>"');
    const hash = await hashApiKey(token);
    const key = await lookup(config, c.env, hash);
    if (!key) throw unauthorized('unknown API key');
    const plan = config.plans[key.plan];
    if (!plan) throw new EdgeError(500, 'config_invalid', `the plan ${key.plan} of API key ${key.name} does not exist`);
    principal = { id: `key:${hash}`, name: key.name, planName: key.plan, plan, admin: key.admin, anonymous: false };
  }
  c.set('principal', principal);
  await next();
});
