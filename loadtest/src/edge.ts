#!/usr/bin/env node
// npm run load:edge -- --node URL [--port P] [--api-key K]: the edge Worker in front of a judge
// node, for load tests through the edge. The Worker is bundled as `wrangler deploy` would
// bundle it and run by Miniflare, workerd's local runtime: wrangler dev runs the same Worker
// behind a proxy that tops out at a few hundred requests a second.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '@judge/contract';
import { wranglerOfflineEnv } from '@judge/edge/offline-env.mjs';
import { Miniflare } from 'miniflare';

const require = createRequire(import.meta.url);
export const EDGE_DIR = dirname(require.resolve('@judge/edge/package.json'));

/** The plan of the keys a load test uses, as wrangler.jsonc defines it. */
export const LOAD_PLAN = 'loadtest';

/** wrangler.jsonc without its comments (strings, URLs among them, left alone). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) break;
    } else out += c;
  }
  return out;
}

interface WranglerConfig {
  compatibility_date: string;
  vars: { PLANS: Record<string, unknown> };
  ratelimits?: { name: string; simple: { limit: number; period: number } }[];
}

function wranglerConfig(): WranglerConfig {
  return JSON.parse(stripJsonComments(readFileSync(join(EDGE_DIR, 'wrangler.jsonc'), 'utf8'))) as WranglerConfig;
}

export interface EdgeOptions {
  /** The judge node behind the edge. */
  node: string;
  port?: number;
  /** The key load tests send; a random one when absent. */
  apiKey?: string;
  /** The node's HMAC secret (it checks the edge's signatures only when it has one). */
  secret?: string;
}

export interface RunningEdge {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/** Bundles the Worker and serves it on 127.0.0.1, with one region (the node) and a key on the loadtest plan. */
export async function startEdge(o: EdgeOptions): Promise<RunningEdge> {
  const out = mkdtempSync(join(tmpdir(), 'judge-load-edge-'));
  const wrangler = createRequire(join(EDGE_DIR, 'package.json')).resolve('wrangler/bin/wrangler.js');
  execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', out], {
    cwd: EDGE_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...wranglerOfflineEnv(join(out, 'config')) },
  });
  const cfg = wranglerConfig();
  if (!cfg.vars.PLANS[LOAD_PLAN]) throw new Error(`edge/wrangler.jsonc has no ${LOAD_PLAN} plan`);
  const ip = cfg.ratelimits?.find((r) => r.name === 'IP_LIMITER')?.simple ?? { limit: 1200, period: 10 };
  const apiKey = o.apiKey ?? `jk_load_${randomBytes(12).toString('hex')}`;
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: join(out, 'index.js') }],
    modulesRoot: out,
    compatibilityDate: cfg.compatibility_date,
    host: '127.0.0.1',
    port: o.port ?? 0,
    cf: { latitude: '0', longitude: '0', colo: 'LOCAL' },
    durableObjects: { RATE_LIMITER: { className: 'RateLimiter', useSQLite: true } },
    ratelimits: { IP_LIMITER: { simple: ip } },
    kvNamespaces: ['API_KEYS_KV'],
    bindings: {
      REGIONS: JSON.stringify([{ id: 'local', url: o.node.replace(/\/+$/, ''), lat: 0, lon: 0 }]),
      NODE_SECRET_LOCAL: o.secret ?? 'load-test-edge-secret-unused-by-an-unsigned-node',
      PLANS: JSON.stringify(cfg.vars.PLANS),
      API_KEYS: JSON.stringify([{ name: 'load-test', sha256: await sha256Hex(apiKey), plan: LOAD_PLAN }]),
      ANON_PLAN: 'anonymous',
      IP_LIMIT: String(ip.limit),
      IP_LIMIT_PERIOD_S: String(ip.period),
    },
  });
  const url = (await mf.ready).toString().replace(/\/+$/, '');
  return {
    url,
    apiKey,
    async close() {
      await mf.dispose();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

function parse(argv: string[]): EdgeOptions {
  const o: Partial<EdgeOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const v = argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--node') o.node = v;
    else if (flag === '--port') {
      o.port = Number(v);
      if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65_535)
        throw new Error(`--port must be a port number (got '${v}')`);
    } else if (flag === '--api-key') o.apiKey = v;
    else throw new Error(`unknown option '${flag}' (--node URL [--port P] [--api-key K])`);
  }
  if (!o.node) throw new Error('--node URL of the judge node is required');
  return { ...(process.env.JUDGE_HMAC_SECRET ? { secret: process.env.JUDGE_HMAC_SECRET } : {}), ...o } as EdgeOptions;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let opts: EdgeOptions;
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`load:edge: ${(e as Error).message}`);
    process.exit(2);
  }
  startEdge(opts).then(
    (edge) => {
      console.log(`edge ${edge.url} in front of ${opts.node} (Miniflare), API key on the ${LOAD_PLAN} plan:`);
      console.log(`API_KEY=${edge.apiKey}`);
      console.log(`npm run load -- burst --target ${edge.url} --node ${opts.node} --api-key ${edge.apiKey}`);
      const stop = () => void edge.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: Error) => {
      console.error(`load:edge: ${e.message.split('\n')[0]}`);
      process.exit(1);
    },
  );
}
