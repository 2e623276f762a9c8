import type { Plan } from '@judge/contract';
import type { Config } from './config.js';
import type { Env } from './env.js';

/** Who is calling: an API key, or an anonymous client by IP. */
export interface Principal {
  /** Names the caller's rate limiter: `key:<sha256>` or `ip:<address>`. */
  id: string;
  name: string;
  planName: string;
  plan: Plan;
  admin: boolean;
  anonymous: boolean;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config; principal: Principal };
}

/** The client's address as Cloudflare reports it. */
export function clientIp(request: Request): string {
  return request.headers.get('cf-connecting-ip') ?? 'unknown';
}
