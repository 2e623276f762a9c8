// The cost of the edge hop on loopback: p50/p99 latency of requests through the edge
// (the Worker under Miniflare's API, as in production: auth, Durable Object rate limit,
// signing, forwarding) against the same requests signed and sent to the node directly.
//
//   JUDGE_NODE_URL=http://127.0.0.1:3000 JUDGE_NODE_SECRET=… npm run bench -w edge
//
// Without JUDGE_NODE_URL a minimal stub node on loopback stands in (the edge's own cost only).
// BENCH_N requests per path and kind (default 500); BENCH_SUBMISSIONS POSTs (default 50) queue real jobs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '@judge/contract';
import { Miniflare } from 'miniflare';
import { wranglerOfflineEnv } from '../offline-env.mjs';

const EDGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 500);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 50);
const WARMUP = 50;

/** A stand-in node: answers results and submissions at once. */
async function stubNode() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST') {
        res.statusCode = 202;
        return res.end(JSON.stringify({ id: `s${Math.random().toString(36).slice(2, 10)}`, status: 'queued' }));
      }
      const id = decodeURIComponent(req.url.split('/')[3] ?? 'x');
      res.end(JSON.stringify({ id, status: 'done', verdict: 'AC', language: 'python', tests: [], createdAt: '' }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  const stub = process.env.JUDGE_NODE_URL ? null : await stubNode();
  const nodeUrl = (process.env.JUDGE_NODE_URL ?? stub.url).replace(/\/+$/, '');
  const secret = process.env.JUDGE_NODE_SECRET || 'bench-unused-secret-0123456789';
  const language = process.env.JUDGE_E2E_LANGUAGE || 'python';

  const out = mkdtempSync(join(tmpdir(), 'judge-edge-bench-'));
  const wrangler = createRequire(join(EDGE_DIR, 'package.json')).resolve('wrangler/bin/wrangler.js');
  execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', out], {
    cwd: EDGE_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...wranglerOfflineEnv(join(out, 'config')) },
  });
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: join(out, 'index.js') }],
    modulesRoot: out,
    compatibilityDate: '2026-04-26',
    cf: { latitude: '50', longitude: '8', colo: 'LOCAL' },
    durableObjects: { RATE_LIMITER: { className: 'RateLimiter', useSQLite: true } },
    ratelimits: { IP_LIMITER: { simple: { limit: 1_000_000, period: 60 } } },
    kvNamespaces: ['API_KEYS_KV'],
    bindings: {
      REGIONS: JSON.stringify([{ id: 'bench', url: nodeUrl, lat: 50, lon: 8 }]),
      NODE_SECRET_BENCH: secret,
      PLANS: JSON.stringify({ anonymous: { ratePerMinute: 1_000_000, burst: 1_000_000 } }),
      ANON_PLAN: 'anonymous',
    },
  });
  const edgeUrl = (await mf.ready).toString().replace(/\/+$/, '');

  let last = 0;
  const signedFetch = async (path, init = {}) => {
    // Strictly increasing, as the edge does: nodes refuse a signature they have seen.
    last = Math.max(Date.now(), last + 1);
    const timestamp = String(last);
    const body = init.body ?? '';
    const headers = {
      ...init.headers,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: await sign(secret, init.method ?? 'GET', path, timestamp, body),
    };
    return fetch(nodeUrl + path, { ...init, headers });
  };

  const submission = JSON.stringify({ language, source: 'print(1)\n' });
  const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: submission };
  const created = await fetch(`${edgeUrl}/v1/submissions?wait=true`, post);
  const { id } = await created.json();
  if (!id) throw new Error(`could not create a submission through the edge: HTTP ${created.status}`);
  const nodeId = id.slice(id.indexOf('.') + 1);

  const kinds = [
    {
      name: `GET /v1/submissions/:id`,
      n: N,
      direct: () => signedFetch(`/v1/submissions/${nodeId}`),
      edge: () => fetch(`${edgeUrl}/v1/submissions/${id}`),
    },
    ...(SUBMISSIONS > 0
      ? [
          {
            name: 'POST /v1/submissions',
            n: SUBMISSIONS,
            direct: () => signedFetch('/v1/submissions', post),
            edge: () => fetch(`${edgeUrl}/v1/submissions`, post),
          },
        ]
      : []),
  ];

  console.log(
    `edge hop on loopback: node ${stub ? `stub at ${nodeUrl}` : nodeUrl}, edge under Miniflare at ${edgeUrl}`,
  );
  for (const kind of kinds) {
    const check = async (fn) => {
      const res = await fn();
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${kind.name}: HTTP ${res.status}`);
    };
    for (let i = 0; i < Math.min(WARMUP, kind.n); i++) {
      await check(kind.direct);
      await check(kind.edge);
    }
    const direct = [];
    const edge = [];
    // Interleaved, so that drift on the machine hits both sides alike.
    for (let i = 0; i < kind.n; i++) {
      direct.push(await timed(() => check(kind.direct)));
      edge.push(await timed(() => check(kind.edge)));
    }
    direct.sort((a, b) => a - b);
    edge.sort((a, b) => a - b);
    const row = (q) => {
      const d = quantile(direct, q);
      const e = quantile(edge, q);
      return `direct ${d.toFixed(2)} ms, edge ${e.toFixed(2)} ms, added ${(e - d).toFixed(2)} ms, ratio ${(e / d).toFixed(2)}x`;
    };
    console.log(`${kind.name} (n=${kind.n})`);
    console.log(`  p50: ${row(0.5)}`);
    console.log(`  p99: ${row(0.99)}`);
  }
  // The floor: a request into the Worker that forwards nothing (health probes are reused for 5 s).
  const floor = [];
  for (let i = 0; i < N; i++) {
    floor.push(
      await timed(async () => {
        await (await fetch(`${edgeUrl}/health`)).arrayBuffer();
      }),
    );
  }
  floor.sort((a, b) => a - b);
  console.log(
    `edge floor, GET /health without forwarding (n=${N}): p50 ${quantile(floor, 0.5).toFixed(2)} ms, ` +
      `p99 ${quantile(floor, 0.99).toFixed(2)} ms`,
  );
  await mf.dispose();
  stub?.close();
  rmSync(out, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
