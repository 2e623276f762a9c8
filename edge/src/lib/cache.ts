import { sha256Hex } from '@judge/contract';
import type { Config } from '../config.js';

interface Entry {
  body: string;
  contentType: string;
  until: number;
}

// First level: this isolate's memory. Second: the location's Cache API (shared by isolates).
const memory = new Map<string, Entry>();

/** A cache key that changes with the set of regions, so a new config never serves old answers. */
async function keyOf(config: Config, path: string): Promise<string> {
  const regions = await sha256Hex(config.regions.map((r) => `${r.id} ${r.url}`).join('\n'));
  return `https://judge-edge.cache${path}?regions=${regions.slice(0, 16)}`;
}

/**
 * Serves a read-only, region-independent GET from the edge cache, or fills it
 * with `load()` when the answer is a 200. `x-edge-cache` says which.
 */
export async function cached(config: Config, path: string, load: () => Promise<Response>): Promise<Response> {
  const ttl = config.languagesTtlS;
  if (ttl === 0) return load();
  const key = await keyOf(config, path);
  const now = Date.now();
  const hit = memory.get(key);
  const serve = (e: Entry, state: string) =>
    new Response(e.body, {
      headers: { 'content-type': e.contentType, 'cache-control': `public, max-age=${ttl}`, 'x-edge-cache': state },
    });
  if (hit && hit.until > now) return serve(hit, 'hit');
  const shared = await caches.default.match(key);
  if (shared) {
    const entry = {
      body: await shared.text(),
      contentType: shared.headers.get('content-type') ?? 'application/json',
      until: now + ttl * 1000,
    };
    memory.set(key, entry);
    return serve(entry, 'hit');
  }
  const response = await load();
  if (response.status !== 200) return response;
  const entry = {
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? 'application/json',
    until: now + ttl * 1000,
  };
  memory.set(key, entry);
  await caches.default.put(
    key,
    new Response(entry.body, {
      headers: { 'content-type': entry.contentType, 'cache-control': `public, max-age=${ttl}` },
    }),
  );
  return serve(entry, 'miss');
}
