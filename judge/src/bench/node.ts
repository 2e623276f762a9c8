// Node benchmark: a judge node (HTTP → PostgreSQL → BullMQ → workers → Docker sandboxes → verdict) measured against
// "bare", the same programs compiled, run and checked with each pack's own toolchain (its image unpacked and entered
// with chroot: the same binaries, no sandbox, no queue), in the same run, interleaved. Four parts:
//   path       one submission at a time: where the time goes (Server-Timing), what the node adds over the run's own
//              wall time, and the node's CPU per submission;
//   sustained  the load plan's sustained mix, sources repeated (the compile cache) and every source distinct:
//              submissions per second of the node over bare's;
//   burst      the burst mix: the node's capacity (a closed loop), then arrivals at 0.8 of it (an open loop) and the
//              latency clients see.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LanguagePack } from '@judge/contract';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Concurrency } from '../calibrate/index.js';
import { Engine, resolveRequest } from '../engine/index.js';
import type { EngineStage } from '../model/index.js';
import { DEFAULT_CAPS, type NodeConfigInput } from '../node/config.js';
import { parseServerTiming, STAGES, type Stage, type StageTimes } from '../node/metrics/stages.js';
import { Bare, unpackImage } from './bare.js';
import { closedLoop, openLoop } from './loops.js';
import { type Stats, stats } from './stats.js';
import { BURST_MIX, type Item, lcg, PROGRAMS, plan, SUSTAINED_MIX, sumTests } from './workload.js';

export const LIMITS = { timeMs: 2000, memoryMb: 256, outputKb: 1024 };

/** The verdict of a submission through the node, with what its answer said of where the time went. */
export interface Judged {
  latencyMs: number;
  /** The sum of the tests' wall times as the runner measured them. */
  ownWallMs: number;
  /** The engine's own judging (acquire, memory, compile, run, check: the answer's Server-Timing). */
  engineMs: number;
  stages: StageTimes;
}

/** A judge node in a child process (`serve.ts`), its CPU and stage histograms read from its /metrics. */
export class NodeProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly workers: number,
    /** The machine's calibration as the node found it: its speed, and the sweep that chose `auto` slots. */
    readonly calibration: { factor?: number; concurrency?: Concurrency },
  ) {}

  static async start(config: NodeConfigInput, log: (line: string) => void): Promise<NodeProcess> {
    const serve = join(dirname(fileURLToPath(import.meta.url)), 'serve.js');
    const child = spawn(
      process.execPath,
      [...(process.env.JUDGE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), serve, JSON.stringify(config)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    child.stderr?.on('data', (b: Buffer) => {
      stderr.push(b.toString());
      if (stderr.length > 50) stderr.shift();
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the benchmark's node exited (${code}): ${stderr.join('')}`)));
    });
    const { url, workers, factor, concurrency } = JSON.parse(first) as {
      url: string;
      workers: number;
      factor?: number;
      concurrency?: Concurrency;
    };
    // Later lines (the node's log, at warn) go to the progress output.
    lines.on('line', (l) => log(`node: ${l}`));
    return new NodeProcess(child, url, workers, { factor, concurrency });
  }

  /** The node's CPU seconds so far (user + system), from `process_cpu_seconds_total`. */
  async cpuSeconds(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const m = /^process_cpu_seconds_total (\S+)$/m.exec(text);
    if (!m) throw new Error("the node's /metrics has no process_cpu_seconds_total");
    return Number(m[1]);
  }

  async submit(item: Item, verdicts?: Record<string, number>): Promise<Judged> {
    const started = performance.now();
    const res = await fetch(`${this.url}/v1/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: item.language, source: item.source, tests: item.tests, limits: LIMITS }),
    });
    const body = (await res.json()) as {
      verdict?: string;
      error?: string;
      tests?: { wallMs: number }[];
    };
    const latencyMs = performance.now() - started;
    if (res.status !== 200) throw new Error(`the node answered ${res.status}: ${JSON.stringify(body)}`);
    if (verdicts) verdicts[body.verdict ?? 'none'] = (verdicts[body.verdict ?? 'none'] ?? 0) + 1;
    if (body.verdict !== 'AC') throw new Error(`${item.language}: verdict ${body.verdict} ${body.error ?? ''}`);
    const stages = parseServerTiming(res.headers.get('server-timing'));
    return {
      latencyMs,
      ownWallMs: (body.tests ?? []).reduce((a, t) => a + t.wallMs, 0),
      engineMs: engineMsOf(stages),
      stages,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The stages that are the engine's judging in the sandbox; every other stage is the node's own path. */
export const ENGINE_STAGES = ['acquire', 'memory', 'compile', 'run', 'check'] as const satisfies readonly EngineStage[];
/** Every engine stage is in the list (a compile error here when the model gains one). */
const _allEngineStages: Exclude<EngineStage, (typeof ENGINE_STAGES)[number]> extends never ? true : never = true;
void _allEngineStages;

/** The engine's share of a submission's stages: what is left of its latency is the node's own path. */
export function engineMsOf(stages: StageTimes): number {
  return ENGINE_STAGES.reduce((a, s) => a + (stages[s] ?? 0), 0);
}

/** One submission at a time through the node: what its path adds to the run's own time. */
export interface PathResult {
  rounds: number;
  programs: { name: string; latencyMs: Stats; ownWallMs: Stats; addedMs: Stats; nodePathMs: Stats }[];
  /** Latency less the tests' own wall time, every program together: the node's path and the sandbox's. */
  addedMs: Stats;
  /**
   * Latency less the engine's judging (the sandbox run: acquire, compile, run, check), every program together: the
   * node's own path (HTTP, PostgreSQL, BullMQ, events).
   */
  nodePathMs: Stats;
  /** Each stage's time per submission (Server-Timing of the answers). */
  stagesMs: Partial<Record<Stage, Stats>>;
  /** The node process's CPU (user + system) per submission, ms. */
  cpuMsPerSubmission: number;
}

/** The programs of the path measurement: an interpreted one, a compiled one (compile cached), one of three tests. */
export function pathPrograms(): { name: string; item: Item }[] {
  const next = lcg(77);
  return [
    {
      name: 'python echo, 1 test',
      item: { language: 'python', source: 'print(input())\n', tests: [{ input: 'hello\n', output: 'hello\n' }] },
    },
    {
      name: 'c (compile cached), 1 test',
      item: { language: 'c', source: PROGRAMS.c!.source, tests: sumTests(next, 1) },
    },
    {
      name: 'python sum, 3 tests',
      item: { language: 'python', source: PROGRAMS.python!.source, tests: sumTests(next, 3) },
    },
  ];
}

export async function measurePath(node: NodeProcess, rounds: number): Promise<PathResult> {
  const programs = pathPrograms();
  // Warm: each program once (the compile cache, the sandboxes).
  for (const p of programs) await node.submit(p.item);
  const samples = new Map<string, Judged[]>(programs.map((p) => [p.name, []]));
  const cpuBefore = await node.cpuSeconds();
  for (let r = 0; r < rounds; r++) {
    for (const p of programs) samples.get(p.name)!.push(await node.submit(p.item));
  }
  const cpuAfter = await node.cpuSeconds();
  const all = [...samples.values()].flat();
  const stagesMs: Partial<Record<Stage, Stats>> = {};
  for (const stage of STAGES) {
    const xs = all.flatMap((j) => (j.stages[stage] === undefined ? [] : [j.stages[stage]!]));
    if (xs.length > 0) stagesMs[stage] = stats(xs);
  }
  return {
    rounds,
    programs: programs.map((p) => {
      const js = samples.get(p.name)!;
      return {
        name: p.name,
        latencyMs: stats(js.map((j) => j.latencyMs)),
        ownWallMs: stats(js.map((j) => j.ownWallMs)),
        addedMs: stats(js.map((j) => j.latencyMs - j.ownWallMs)),
        nodePathMs: stats(js.map((j) => j.latencyMs - j.engineMs)),
      };
    }),
    addedMs: stats(all.map((j) => j.latencyMs - j.ownWallMs)),
    nodePathMs: stats(all.map((j) => j.latencyMs - j.engineMs)),
    stagesMs,
    cpuMsPerSubmission: ((cpuAfter - cpuBefore) * 1000) / all.length,
  };
}

/** The machine as the run found it: cores, model, and the load average (other users of a shared machine). */
export function machine(): { cores: number; model: string; loadavg: number[] } {
  const c = cpus();
  return { cores: c.length, model: c[0]?.model ?? 'unknown', loadavg: loadavg().map((x) => Math.round(x * 100) / 100) };
}

/** A fresh data directory, queue and schema for a node of the benchmark. */
export function benchNodeConfig(opts: {
  languagesDir: string;
  redisUrl: string;
  databaseUrl: string | undefined;
  workers: number | 'auto';
}): { config: NodeConfigInput; cleanupDir: () => void; tag: string } {
  const tag = `${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'judge-bench-node-'));
  return {
    tag,
    config: {
      port: 0,
      host: '127.0.0.1',
      redisUrl: opts.redisUrl,
      databaseUrl: opts.databaseUrl,
      databaseSchema: opts.databaseUrl ? `bench_${tag}` : 'public',
      queueName: `bench-${tag}`,
      dataDir,
      cacheDir: join(dataDir, 'compile-cache'),
      languagesDir: opts.languagesDir,
      workers: opts.workers,
      maxQueueDepth: 100_000,
      maxWaitMs: 300_000,
      logLevel: 'warn',
    },
    cleanupDir: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** One mix through the node and bare (and the engine alone), interleaved: submissions per second. */
export interface ThroughputResult {
  name: 'sources repeated (compile cache)' | 'every source distinct';
  /** Each round's ratio (bare, the engine and the node back to back in each); `ratio` is their median. */
  rounds: number[];
  node: { perSecond: number; latencyMs: Stats; verdicts: Record<string, number> };
  /** The goal's baseline: bare compiling every submission, as a judge without a compile cache does. */
  bare: { perSecond: number; latencyMs: Stats };
  /** The engine called directly (sandbox, no API or queue): splits the node's cost into sandbox and service. */
  engine: { perSecond: number; latencyMs: Stats };
  /** Node submissions per second over bare ones, the median of the rounds: the figure of the goal. */
  ratio: number;
  /**
   * Repeated sources only: the node against a bare that keeps each language's first compilation (a compile cache
   * of its own, with nothing to look up): submissions per second, the rounds and their median. Not the goal's
   * baseline; it shows what the node costs over the same work with no sandbox and no service.
   */
  againstCompiledOnce?: { perSecond: number; rounds: number[]; ratio: number };
  /** Node over engine alone: what the API, PostgreSQL and the queue cost. */
  serviceRatio: number;
  /** Per language: mean latency through the node, the engine and bare, ms. */
  byLanguage: Record<string, { nodeMs: number; engineMs: number; bareMs: number }>;
  /** The node process's CPU per submission, ms. */
  cpuMsPerSubmission: number;
}

/** The burst mix: the node's capacity, then arrivals at a share of it. */
export interface BurstResult {
  /** Submissions per second the node sustained with its queue never empty (a closed loop). */
  capacityPerSecond: number;
  /** The share of the capacity the arrivals came at. */
  load: number;
  ratePerSecond: number;
  submissions: number;
  latencyMs: Stats;
  /** How late the generator itself was at the worst (a busy machine): counted against the node. */
  generatorLateMs: number;
  verdicts: Record<string, number>;
}

/** The node against bare keeping each language's first compilation: the repeated-source rounds' extra baseline. */
function compiledOnce(
  runs: { node: { seconds: number }; bareCompiledOnce?: { seconds: number } }[],
  total: number,
): { perSecond: number; rounds: number[]; ratio: number } {
  const rounds = runs.map((r) => (r.bareCompiledOnce?.seconds ?? Number.NaN) / r.node.seconds);
  const seconds = runs.reduce((a, r) => a + (r.bareCompiledOnce?.seconds ?? Number.NaN), 0);
  return { perSecond: total / seconds, rounds, ratio: stats(rounds).p50 };
}

/** What `npm run bench node` measures, and the goals it checks. */
export interface NodeBenchOptions {
  languagesDir: string;
  /** @defaultValue env REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
  /** PostgreSQL; absent: the embedded PGlite. */
  databaseUrl?: string;
  /** Worker slots of the node; bare and the engine run as many at once. @defaultValue auto (the node's choice) */
  workers?: number | 'auto';
  /** Rounds of the path measurement (each submits every path program once). @defaultValue 30 */
  pathRounds?: number;
  /** Submissions per round of each sustained phase. @defaultValue 100 */
  submissions?: number;
  /** Interleaved rounds of each sustained phase (bare, the engine, the node); the ratio is their median. @defaultValue 5 */
  rounds?: number;
  /** Tests per submission of the mixes. @defaultValue 3 */
  tests?: number;
  /** Submissions of the burst's capacity measurement. @defaultValue 100 */
  burstCapacitySubmissions?: number;
  /** Seconds of arrivals at 0.8 of the capacity. @defaultValue 30 */
  burstSeconds?: number;
  /** Only these parts. @defaultValue all */
  parts?: ('path' | 'sustained' | 'burst')[];
  log?: (line: string) => void;
}

export interface Goal {
  name: string;
  /** What was measured, in the goal's unit (a ratio, or ms). */
  value: number;
  op: '>=' | '<=' | '<';
  target: number;
  /** What it was measured against, in the same run. */
  baseline: string;
  met: boolean;
}

export interface NodeBenchResult {
  machine: { before: ReturnType<typeof machine>; after: ReturnType<typeof machine> };
  database: 'postgres' | 'pglite';
  workers: number;
  /** How the node chose its slots (`auto`: the calibration's sweep), and its speed factor. */
  calibration: { factor?: number; concurrency?: Concurrency };
  concurrency: number;
  testsPerSubmission: number;
  path?: PathResult;
  sustained: ThroughputResult[];
  burst?: BurstResult;
  goals: Goal[];
}

function goal(name: string, value: number, op: Goal['op'], target: number, baseline: string): Goal {
  const met = op === '>=' ? value >= target : op === '<=' ? value <= target : value < target;
  return { name, value, op, target, baseline, met };
}

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);

export async function benchNode(opts: NodeBenchOptions): Promise<NodeBenchResult> {
  const say = opts.log ?? (() => {});
  const parts = new Set(opts.parts ?? ['path', 'sustained', 'burst']);
  const testsPer = opts.tests ?? 3;
  const count = opts.submissions ?? 100;
  const rounds = opts.rounds ?? 5;
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const before = machine();
  const { config, cleanupDir, tag } = benchNodeConfig({
    languagesDir: opts.languagesDir,
    redisUrl,
    databaseUrl: opts.databaseUrl,
    workers: opts.workers ?? 'auto',
  });
  say(`starting a node (${opts.databaseUrl ? 'PostgreSQL' : 'PGlite'}, workers ${opts.workers ?? 'auto'})`);
  const node = await NodeProcess.start(config, say);
  const workers = node.workers;
  const concurrency = workers * 2;
  const engine = await Engine.create({
    languagesDir: opts.languagesDir,
    slots: workers,
    cacheDir: join(config.dataDir as string, 'engine-cache'),
  });
  const langs = [...new Set([...Object.keys(SUSTAINED_MIX), ...Object.keys(BURST_MIX)])];
  const packs = new Map<string, LanguagePack>();
  const roots = new Map<string, string>();
  let bare: Bare | undefined;
  try {
    for (const lang of langs) {
      packs.set(lang, engine.registry.get(lang).pack);
      if (!parts.has('sustained')) continue;
      const { tag: image } = await engine.ensureImage(lang);
      say(`unpacking ${image} for the baseline`);
      roots.set(lang, unpackImage(image));
    }
    bare = new Bare(packs, roots, LIMITS);
    const result: NodeBenchResult = {
      machine: { before, after: before },
      database: opts.databaseUrl ? 'postgres' : 'pglite',
      workers,
      calibration: node.calibration,
      concurrency,
      testsPerSubmission: testsPer,
      sustained: [],
      goals: [],
    };
    say(`warming up (${workers} workers)`);
    const warm = plan(SUSTAINED_MIX, Object.keys(SUSTAINED_MIX).length * 4, testsPer, false, 7);
    await closedLoop(warm, concurrency, (i) => node.submit(i));

    if (parts.has('path')) {
      say(`path: ${opts.pathRounds ?? 30} rounds, one submission at a time`);
      const path = await measurePath(node, opts.pathRounds ?? 30);
      result.path = path;
      result.goals.push(
        goal(
          "the node's own path at P50, one at a time (ms): HTTP, PostgreSQL, BullMQ, events",
          path.nodePathMs.p50,
          '<=',
          10,
          "the run's own time: the engine's judging of the same submission in its sandbox (acquire, compile, run, check), from the answer's Server-Timing",
        ),
      );
      say(
        `path: the node's own path p50 ${path.nodePathMs.p50.toFixed(1)} ms (over the tests' wall time ${path.addedMs.p50.toFixed(1)} ms), node CPU ${path.cpuMsPerSubmission.toFixed(1)} ms`,
      );
    }

    if (parts.has('sustained')) {
      const b = bare;
      const engineJudge = async (i: Item) => {
        const req = resolveRequest(
          { language: i.language, source: i.source, tests: i.tests, limits: LIMITS },
          { registry: engine.registry, caps: DEFAULT_CAPS },
        );
        const out = await engine.judge(req);
        if (out.verdict !== 'AC') throw new Error(`engine ${i.language}: verdict ${out.verdict} ${out.error ?? ''}`);
      };
      // Bare and the engine warm up like the node did: each language's repeated source compiled, its files cached.
      await closedLoop(warm, workers, (i) => b.judge(i, true));
      await closedLoop(warm, workers, engineJudge);
      for (const distinct of [false, true]) {
        const name = distinct ? 'every source distinct' : 'sources repeated (compile cache)';
        type Run = Awaited<ReturnType<typeof closedLoop<Item, unknown>>>;
        const runs: { bare: Run; engine: Run; node: Run; cpuMs: number; bareCompiledOnce?: Run }[] = [];
        const verdicts: Record<string, number> = {};
        for (let round = 0; round < rounds; round++) {
          // Distinct sources: each side and round gets its own variants, so that none finds another's compilation
          // cached. Repeated: the same plan for all, the one source per language of the warm-up.
          const seed = (side: number) => (distinct ? 1000 * side + round : 11 + round);
          const items = plan(SUSTAINED_MIX, count, testsPer, distinct, seed(1));
          const engineItems = plan(SUSTAINED_MIX, count, testsPer, distinct, seed(2));
          const nodeItems = plan(SUSTAINED_MIX, count, testsPer, distinct, seed(3));
          // Interleaved: bare, the engine and the node back to back, so that all see the same machine. Bare compiles
          // every submission, as a judge without a compile cache does.
          const bareRun = await closedLoop(items, workers, (i) => b.judge(i, false));
          // Repeated sources: also bare keeping each language's first compilation (the warm-up's).
          const bareCompiledOnce = distinct ? undefined : await closedLoop(items, workers, (i) => b.judge(i, true));
          const engineRun = await closedLoop(engineItems, workers, engineJudge);
          const cpuBefore = await node.cpuSeconds();
          const nodeRun = await closedLoop(nodeItems, concurrency, (i) => node.submit(i, verdicts));
          const cpuAfter = await node.cpuSeconds();
          runs.push({
            bare: bareRun,
            engine: engineRun,
            node: nodeRun,
            cpuMs: (cpuAfter - cpuBefore) * 1000,
            bareCompiledOnce,
          });
          const once = bareCompiledOnce
            ? `; bare compiling each language once ${(count / bareCompiledOnce.seconds).toFixed(2)}/s, ratio ${(bareCompiledOnce.seconds / nodeRun.seconds).toFixed(3)}`
            : '';
          say(
            `${name}, round ${round + 1}/${rounds}: node ${(count / nodeRun.seconds).toFixed(2)}/s, ` +
              `bare ${(count / bareRun.seconds).toFixed(2)}/s, ratio ${(bareRun.seconds / nodeRun.seconds).toFixed(3)}${once}`,
          );
        }
        const total = count * rounds;
        const seconds = (side: 'bare' | 'engine' | 'node') => runs.reduce((a, r) => a + r[side].seconds, 0);
        const latencies = (side: 'bare' | 'engine' | 'node') => runs.flatMap((r) => r[side].results.map((x) => x.ms));
        const byLang = (side: 'bare' | 'engine' | 'node', lang: string) =>
          mean(runs.flatMap((r) => r[side].results.filter((x) => x.item.language === lang).map((x) => x.ms)));
        const roundRatios = runs.map((r) => r.bare.seconds / r.node.seconds);
        const phase: ThroughputResult = {
          name,
          rounds: roundRatios,
          node: { perSecond: total / seconds('node'), latencyMs: stats(latencies('node')), verdicts },
          bare: { perSecond: total / seconds('bare'), latencyMs: stats(latencies('bare')) },
          engine: { perSecond: total / seconds('engine'), latencyMs: stats(latencies('engine')) },
          ratio: stats(roundRatios).p50,
          serviceRatio: stats(runs.map((r) => r.engine.seconds / r.node.seconds)).p50,
          ...(distinct ? {} : { againstCompiledOnce: compiledOnce(runs, total) }),
          byLanguage: Object.fromEntries(
            Object.keys(SUSTAINED_MIX).map((l) => [
              l,
              { nodeMs: byLang('node', l), engineMs: byLang('engine', l), bareMs: byLang('bare', l) },
            ]),
          ),
          cpuMsPerSubmission: runs.reduce((a, r) => a + r.cpuMs, 0) / total,
        };
        result.sustained.push(phase);
        result.goals.push(
          goal(
            `sustained mix, ${name}: node / bare (submissions per second, the median of ${rounds} rounds)`,
            phase.ratio,
            '>=',
            distinct ? 0.95 : 1.0,
            `bare: the same mix, ${count} submissions a round compiled and run with the packs' toolchains by chroot, ${workers} at once`,
          ),
        );
        say(
          `${name}: node ${phase.node.perSecond.toFixed(2)}/s, bare ${phase.bare.perSecond.toFixed(2)}/s, median ratio ${phase.ratio.toFixed(3)}`,
        );
      }
    }

    if (parts.has('burst')) {
      const capItems = plan(BURST_MIX, opts.burstCapacitySubmissions ?? 100, testsPer, false, 4004);
      say(`burst: capacity, ${capItems.length} submissions with ${concurrency * 2} in flight`);
      const cap = await closedLoop(capItems, concurrency * 2, (i) => node.submit(i));
      const capacity = capItems.length / cap.seconds;
      const load = 0.8;
      const rate = capacity * load;
      const arrivals = plan(
        BURST_MIX,
        Math.max(20, Math.round(rate * (opts.burstSeconds ?? 30))),
        testsPer,
        false,
        5005,
      );
      say(`burst: ${arrivals.length} arrivals at ${rate.toFixed(2)}/s (${load} of ${capacity.toFixed(2)}/s)`);
      const verdicts: Record<string, number> = {};
      const run = await openLoop(arrivals, rate, (i) => node.submit(i, verdicts));
      const burst: BurstResult = {
        capacityPerSecond: capacity,
        load,
        ratePerSecond: rate,
        submissions: arrivals.length,
        latencyMs: stats(run.results.map((r) => r.ms)),
        generatorLateMs: run.lateMs,
        verdicts,
      };
      result.burst = burst;
      result.goals.push(
        goal(
          `burst mix at ${load} of capacity: P95 latency (ms)`,
          burst.latencyMs.p95,
          '<',
          1000,
          `capacity ${capacity.toFixed(2)}/s: the same node's closed-loop throughput on the burst mix`,
        ),
      );
      say(`burst: p50 ${burst.latencyMs.p50.toFixed(0)} ms, p95 ${burst.latencyMs.p95.toFixed(0)} ms`);
    }
    result.machine.after = machine();
    return result;
  } finally {
    bare?.close();
    await engine.close().catch(() => {});
    await node.stop().catch(() => {});
    await dropBenchState(redisUrl, opts.databaseUrl, `bench-${tag}`, `bench_${tag}`);
    cleanupDir();
  }
}

/** Removes the benchmark's queue from Redis and its schema from PostgreSQL. */
async function dropBenchState(redisUrl: string, databaseUrl: string | undefined, queue: string, schema: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${queue}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Left for the next run's own names: nothing reuses them.
  } finally {
    redis.disconnect();
  }
  if (!databaseUrl) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch {
    // As above.
  } finally {
    await client.end().catch(() => {});
  }
}
