// Node benchmark: submissions per second through the judge node's API (HTTP → PostgreSQL → BullMQ →
// workers → Docker sandboxes → verdict) on the load plan's sustained mix, against the same programs
// compiled, run and checked with no sandbox and no queue, in the same run: with each pack's own
// toolchain (its image unpacked and entered with chroot: the same binaries, no isolation, no limits).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguagePack, SubmissionResult } from '@judge/contract';
import { check } from '../checkers/index.js';
import { resolveRequest } from '../engine/index.js';
import { compileSpec, runSpec } from '../exec/spec.js';
import { loadPacks } from '../languages/index.js';
import { NodeConfigSchema } from '../node/config.js';
import { startNode } from '../node/node.js';
import { type Stats, stats } from './stats.js';

const utf8 = new TextEncoder();

/** The sustained mix of the load test plan; "others" are C here. */
export const SUSTAINED_MIX: Record<string, number> = { python: 35, javascript: 30, cpp: 15, java: 15, c: 5 };

/** Sum of the integers on stdin, in each language of the mix, with a line comment marker for variants. */
const PROGRAMS: Record<string, { source: string; comment: string }> = {
  python: { source: 'import sys\nprint(sum(map(int, sys.stdin.buffer.read().split())))\n', comment: '#' },
  javascript: {
    source:
      "const s = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).reduce((a, x) => a + Number(x), 0);\nconsole.log(s);\n",
    comment: '//',
  },
  cpp: {
    source:
      '#include <bits/stdc++.h>\nint main() { std::ios::sync_with_stdio(false); long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }\n',
    comment: '//',
  },
  java: {
    source:
      'import java.io.*;\nimport java.util.*;\npublic class Main { public static void main(String[] a) throws IOException {\n  BufferedReader r = new BufferedReader(new InputStreamReader(System.in)); long s = 0; String l;\n  while ((l = r.readLine()) != null) { StringTokenizer t = new StringTokenizer(l); while (t.hasMoreTokens()) s += Long.parseLong(t.nextToken()); }\n  System.out.println(s); } }\n',
    comment: '//',
  },
  c: {
    source:
      '#include <stdio.h>\nint main(void) { long long s = 0, x; while (scanf("%lld", &x) == 1) s += x; printf("%lld\\n", s); return 0; }\n',
    comment: '//',
  },
};

const LIMITS = { timeMs: 2000, memoryMb: 256, outputKb: 1024 };

export interface NodeBenchOptions {
  languagesDir: string;
  /** @defaultValue env REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
  /** PostgreSQL; absent: env DATABASE_URL, else the embedded PGlite. */
  databaseUrl?: string;
  /** Submissions per phase. @defaultValue 150 */
  submissions?: number;
  /** Worker slots of the node, and parallel runs of the baseline. @defaultValue 2 */
  workers?: number;
  /** Submissions in flight against the API. @defaultValue 2 × workers */
  concurrency?: number;
  /** Tests per submission. @defaultValue 3 */
  tests?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface PhaseResult {
  name: 'compile cache' | 'distinct sources (no cache)';
  node: { perSecond: number; latencyMs: Stats; verdicts: Record<string, number> };
  bare: { perSecond: number; latencyMs: Stats };
  /** The engine called directly (sandbox, no API or queue): splits the node's cost into sandbox and service. */
  engine: { perSecond: number; latencyMs: Stats };
  /** Node submissions per second over bare ones: the figure (goal ≥ 0.85). */
  ratio: number;
  /** Node over engine alone: what the API, PostgreSQL and the queue cost. */
  serviceRatio: number;
  /** Per language: mean latency through the node and on the host, ms. */
  byLanguage: Record<string, { nodeMs: number; engineMs: number; bareMs: number }>;
}

export interface NodeBenchResult {
  mix: Record<string, number>;
  database: 'postgres' | 'pglite';
  workers: number;
  concurrency: number;
  submissions: number;
  testsPerSubmission: number;
  phases: PhaseResult[];
}
export type BenchResult = NodeBenchResult;

interface Item {
  language: string;
  source: string;
  tests: { input: string; output: string }[];
}

function plan(count: number, testsPer: number, distinct: boolean, seed: number): Item[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const langs = Object.entries(SUSTAINED_MIX);
  const total = langs.reduce((a, [, w]) => a + w, 0);
  // Exactly the mix's shares, in a shuffled order.
  const order: string[] = [];
  for (const [lang, w] of langs) for (let i = 0; i < Math.round((w / total) * count); i++) order.push(lang);
  while (order.length < count) order.push('python');
  order.length = count;
  for (let i = order.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((language, n) => {
    const p = PROGRAMS[language]!;
    const source = distinct ? `${p.source}${p.comment} variant ${seed}-${n}\n` : p.source;
    const tests = Array.from({ length: testsPer }, () => {
      const xs = Array.from({ length: 200 }, () => next() % 1_000_000);
      return { input: `${xs.join(' ')}\n`, output: `${xs.reduce((a, b) => a + b, 0)}\n` };
    });
    return { language, source, tests };
  });
}

/** Runs `count` tasks with at most `parallel` at once; returns each task's latency and the total time. */
async function closedLoop(
  items: Item[],
  parallel: number,
  run: (item: Item) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number; byLanguage: Map<string, number[]> }> {
  const latencies: number[] = [];
  const byLanguage = new Map<string, number[]>();
  let nextIndex = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (nextIndex < items.length) {
        const item = items[nextIndex++]!;
        const t = performance.now();
        await run(item);
        const ms = performance.now() - t;
        latencies.push(ms);
        byLanguage.set(item.language, [...(byLanguage.get(item.language) ?? []), ms]);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, byLanguage };
}

/** Where unpacked images are kept between runs of the benchmark. */
const ROOTFS_CACHE = '/var/tmp/judge-bench-rootfs';

/** A pack's image unpacked into a directory, with /proc and /dev mounted: its toolchain, runnable by chroot. */
function unpackImage(image: string): string {
  const dir = join(ROOTFS_CACHE, image.replace(/[^A-Za-z0-9_.-]/g, '_'));
  if (!existsSync(join(dir, '.unpacked'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const sh = (cmd: string) => {
      const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`unpacking ${image}: ${cmd}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const id = sh(`docker create ${image}`);
    try {
      sh(`docker export ${id} | tar -x -C ${dir}`);
    } finally {
      sh(`docker rm ${id}`);
    }
    writeFileSync(join(dir, '.unpacked'), image);
  }
  for (const [what, args] of [
    ['proc', ['-t', 'proc', 'proc', join(dir, 'proc')]],
    ['dev', ['--bind', '/dev', join(dir, 'dev')]],
  ] as const) {
    if (spawnSync('mountpoint', ['-q', join(dir, what)]).status !== 0) spawnSync('mount', [...args]);
  }
  return dir;
}

function unmountImage(dir: string): void {
  for (const what of ['proc', 'dev']) spawnSync('umount', ['-l', join(dir, what)]);
}

/** Runs a command inside an unpacked image (chroot, cwd there) with the pack's environment, nothing else. */
function inImage(
  root: string,
  argv: string[],
  cwd: string,
  input: Uint8Array,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/sbin/chroot', [root, '/usr/bin/env', '-C', cwd, ...argv], {
      env: { PATH: '/usr/bin:/bin', HOME: '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out) }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The same submission with no sandbox and no queue: the pack's own commands and toolchain, entered by chroot. */
class Bare {
  private compiled = new Map<string, string>();
  private dirs: string[] = [];

  constructor(
    private readonly packs: Map<string, LanguagePack>,
    private readonly roots: Map<string, string>,
  ) {}

  async judge(item: Item, reuseCompiled: boolean): Promise<void> {
    const pack = this.packs.get(item.language)!;
    const root = this.roots.get(item.language)!;
    let dir = reuseCompiled ? this.compiled.get(item.language) : undefined;
    if (!dir) {
      const full = mkdtempSync(join(root, 'tmp', 'judge-bench-bare-'));
      dir = full.slice(root.length);
      this.dirs.push(full);
      writeFileSync(join(full, pack.source), item.source);
      if (pack.compile) {
        const c = await inImage(root, compileSpec(pack).argv, dir, new Uint8Array(), pack.env);
        if (c.code !== 0) throw new Error(`bare ${item.language}: the compiler failed`);
      }
      if (reuseCompiled) this.compiled.set(item.language, dir);
    }
    for (const t of item.tests) {
      const r = await inImage(root, runSpec(pack, LIMITS, undefined).argv, dir, utf8.encode(t.input), pack.env);
      if (!check({ type: 'tokens' }, utf8.encode(t.output), r.stdout).ok) {
        throw new Error(`bare ${item.language}: wrong answer`);
      }
    }
  }

  close(): void {
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
    for (const root of new Set(this.roots.values())) unmountImage(root);
  }
}

export async function benchNode(opts: NodeBenchOptions): Promise<NodeBenchResult> {
  const say = opts.log ?? (() => {});
  const workers = opts.workers ?? 2;
  const concurrency = opts.concurrency ?? workers * 2;
  const count = opts.submissions ?? 150;
  const testsPer = opts.tests ?? 3;
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const tag = `${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'judge-bench-node-'));
  const config = NodeConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    redisUrl: opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    databaseUrl,
    databaseSchema: databaseUrl ? `bench_${tag}` : 'public',
    queueName: `bench-${tag}`,
    dataDir,
    cacheDir: join(dataDir, 'compile-cache'),
    languagesDir: opts.languagesDir,
    workers,
    maxQueueDepth: 100_000,
    maxWaitMs: 120_000,
    logLevel: 'warn',
  });
  const { packs } = await loadPacks(opts.languagesDir);
  const byId = new Map(packs.map((p) => [p.pack.id, p.pack]));
  for (const lang of Object.keys(SUSTAINED_MIX)) {
    if (!byId.has(lang)) throw new Error(`the benchmark needs the ${lang} pack`);
  }
  const node = await startNode(config, { role: 'serve' });
  const roots = new Map<string, string>();
  for (const lang of Object.keys(SUSTAINED_MIX)) {
    const { tag } = await node.engine!.ensureImage(lang);
    say(`unpacking ${tag} for the baseline`);
    roots.set(lang, unpackImage(tag));
  }
  const bare = new Bare(byId, roots);
  try {
    const submit = async (item: Item, verdicts: Record<string, number>) => {
      const res = await fetch(`${node.url}/v1/submissions?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: item.language, source: item.source, tests: item.tests, limits: LIMITS }),
      });
      if (res.status !== 200) throw new Error(`the node answered ${res.status}: ${await res.text()}`);
      const r = (await res.json()) as SubmissionResult;
      verdicts[r.verdict ?? 'none'] = (verdicts[r.verdict ?? 'none'] ?? 0) + 1;
      if (r.verdict !== 'AC') throw new Error(`${item.language}: verdict ${r.verdict} ${r.error ?? ''}`);
    };

    say(`warming up (one submission per language, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${workers} workers)`);
    const warm = plan(Object.keys(SUSTAINED_MIX).length * 4, testsPer, false, 7);
    await closedLoop(warm, concurrency, (i) => submit(i, {}));
    await closedLoop(warm, workers, (i) => bare.judge(i, true));

    const phases: PhaseResult[] = [];
    for (const distinct of [false, true]) {
      const name = distinct ? 'distinct sources (no cache)' : 'compile cache';
      // Distinct sources: each runner gets its own variants, so that none finds another's compilation cached.
      const items = plan(count, testsPer, distinct, distinct ? 1001 : 11);
      const engineItems = distinct ? plan(count, testsPer, true, 2002) : items;
      const nodeItems = distinct ? plan(count, testsPer, true, 3003) : items;
      // Interleave: baseline and node back to back, so that both see the same machine state.
      const b = await closedLoop(items, workers, (i) => bare.judge(i, !distinct));
      const e = await closedLoop(engineItems, workers, async (i) => {
        const engine = node.engine!;
        const req = resolveRequest(
          { language: i.language, source: i.source, tests: i.tests, limits: LIMITS },
          { registry: engine.registry, caps: config.caps },
        );
        const out = await engine.judge(req);
        if (out.verdict !== 'AC') throw new Error(`engine ${i.language}: verdict ${out.verdict} ${out.error ?? ''}`);
      });
      const verdicts: Record<string, number> = {};
      const n = await closedLoop(nodeItems, concurrency, (i) => submit(i, verdicts));
      const phase: PhaseResult = {
        name,
        node: { perSecond: count / n.seconds, latencyMs: stats(n.latencies), verdicts },
        bare: { perSecond: count / b.seconds, latencyMs: stats(b.latencies) },
        engine: { perSecond: count / e.seconds, latencyMs: stats(e.latencies) },
        ratio: count / n.seconds / (count / b.seconds),
        serviceRatio: count / n.seconds / (count / e.seconds),
        byLanguage: {},
      };
      const mean = (xs: number[] | undefined) => (xs && xs.length > 0 ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);
      for (const lang of Object.keys(SUSTAINED_MIX)) {
        phase.byLanguage[lang] = {
          nodeMs: mean(n.byLanguage.get(lang)),
          engineMs: mean(e.byLanguage.get(lang)),
          bareMs: mean(b.byLanguage.get(lang)),
        };
      }
      say(
        `${name}: node ${phase.node.perSecond.toFixed(1)}/s, bare ${phase.bare.perSecond.toFixed(1)}/s, ratio ${phase.ratio.toFixed(3)}`,
      );
      phases.push(phase);
    }
    return {
      mix: SUSTAINED_MIX,
      database: databaseUrl ? 'postgres' : 'pglite',
      workers,
      concurrency,
      submissions: count,
      testsPerSubmission: testsPer,
      phases,
    };
  } finally {
    bare.close();
    const keysBase = node.queue.keyBase;
    await node.queue.queue.obliterate({ force: true }).catch(() => {});
    const redis = node.redis;
    const keys = await redis.keys(`${keysBase}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => 0);
    if (databaseUrl) await node.db.query(`drop schema if exists "bench_${tag}" cascade`).catch(() => {});
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
