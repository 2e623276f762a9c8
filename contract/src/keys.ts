import { z } from 'zod';
import type { Plans } from './ratelimit.js';
import { sha256Hex } from './signature.js';

// API keys, as the edge and the nodes store and check them: never the key
// itself, only its SHA-256, with a name, a plan and whether it may upload
// problems. One list (the same JSON) configures both.

/** An API key, stored as the SHA-256 of the key (lowercase hex). */
export const ApiKeySchema = z
  .object({
    name: z.string().min(1).max(64),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the key, in lowercase hex'),
    plan: z.string().min(1),
    /** May upload problems. @defaultValue false */
    admin: z.boolean().default(false),
  })
  .strict();
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type ApiKeyInput = z.input<typeof ApiKeySchema>;

/** The longest key accepted in an Authorization header. */
export const API_KEY_MAX = 512;

/** What an API key is stored as: the SHA-256 of its text, hex. (`printf %s "$KEY" | sha256sum` gives the same.) */
export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/**
 * The token of an `Authorization: Bearer <token>` header: undefined without
 * the header, null when it is not of that form.
 */
export function bearerToken(header: string | null | undefined): string | null | undefined {
  if (header === undefined || header === null) return undefined;
  const match = new RegExp(`^Bearer[ ]+([\\x21-\\x7e]{1,${API_KEY_MAX}})[ ]*$`, 'i').exec(header);
  return match?.[1] ?? null;
}

/** Keys that name a plan that does not exist, as issues at `apiKeys.<i>.plan`; and keys listed twice. */
export function apiKeyIssues(keys: ApiKey[], plans: Plans): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  for (const [i, k] of keys.entries()) {
    if (!plans[k.plan]) issues.push({ path: ['apiKeys', i, 'plan'], message: `no plan ${k.plan}` });
    if (seen.has(k.sha256)) issues.push({ path: ['apiKeys', i, 'sha256'], message: `key ${k.name} is listed twice` });
    seen.add(k.sha256);
  }
  return issues;
}
