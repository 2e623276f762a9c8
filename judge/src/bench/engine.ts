// Engine benchmarks: what the sandbox adds to one test run and to a whole
// submission, against the same work done on the host with no sandbox, in the
// same run.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../checkers/index.js';
import { Engine } from '../engine/index.js';
import { prepareProgram } from '../exec/compile.js';
import { compileMemoryMb, runMemoryMb, runSpec, sandboxPids } from '../exec/spec.js';
import { buildImage, imageExists } from '../languages/index.js';
import type { JudgeRequest } from '../model/index.js';
import { Sandbox } from '../sandbox/index.js';
import { type Stats, stats } from './stats.js';

const utf8 = new TextEncoder();
const LIMITS = { timeMs: 2000, memoryMb: 256, outputKb: 1024 };

const C_ECHO = `#include <stdio.h>
int main(void) { long n; if (scanf("%ld", &n) != 1) return 1; printf("%ld\\n", n * 2); return 0; }
`;
const PY_SUM = 'import sys\nprint(sum(map(int, sys.stdin.buffer.read().split())))\n';
const CPP_SUM = `#include <bits/stdc++.h>
int main() { std::ios::sync_with_stdio(false); long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }
`;

export interface EngineBenchResult {
  perRun: {
    bare: Stats;
    sandbox: Stats;
    overheadMedianMs: number;
    ratioMedian: number;
    /** The same runs on an earlier runner, interleaved: what this runner adds over it. */
    previous?: { sandbox: Stats; overheadMedianMs: number; addedMedianMs: number };
  };
  submissions: {
    name: string;
    tests: number;
    bare: Stats;
    sandbox: Stats;
    ratioMedian: number;
  }[];
}

/** Runs a host command with stdin, resolving with its stdout and the wall time. */
function runHost(argv: string[], input: Uint8Array): Promise<{ ms: number; stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, stdout: Buffer.concat(out) }));
    child.stdin.end(input);
  });
}

function tests(count: number, numbers: number): { input: Uint8Array; output: Uint8Array }[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % 1000000;
  };
  return Array.from({ length: count }, () => {
    const xs = Array.from({ length: numbers }, next);
    return { input: utf8.encode(`${xs.join(' ')}\n`), output: utf8.encode(`${xs.reduce((a, b) => a + b, 0)}\n`) };
  });
}

/**
 * The C image on an earlier runner (languages/base/runner.c at a git ref),
 * built once under its own tag: the baseline for what a runner change costs.
 */
async function previousRunnerImage(engine: Engine, languagesDir: string, ref: string): Promise<string> {
  const repo = join(languagesDir, '..');
  const rev = spawnSync('git', ['rev-parse', '--short=12', `${ref}^{commit}`], { cwd: repo, encoding: 'utf8' });
  if (rev.status !== 0) throw new Error(`the baseline runner's git ref ${ref} is unknown: ${rev.stderr.trim()}`);
  const commit = rev.stdout.trim();
  const baseTag = `judge/bench-base:${commit}`;
  const cTag = `judge/bench-c:${commit}`;
  if (await imageExists(engine.docker, cTag)) return cTag;
  const ctx = mkdtempSync(join(tmpdir(), 'judge-bench-base-'));
  const src = spawnSync('git', ['show', `${commit}:languages/base/runner.c`], { cwd: repo, maxBuffer: 1 << 24 });
  if (src.status !== 0) throw new Error(`no runner at ${ref}`);
  writeFileSync(join(ctx, 'runner.c'), src.stdout);
  copyFileSync(join(languagesDir, 'base', 'Dockerfile'), join(ctx, 'Dockerfile'));
  await buildImage(engine.docker, ctx, baseTag, {});
  await buildImage(engine.docker, join(languagesDir, 'c'), cTag, { BASE: baseTag });
  return cTag;
}

async function perRun(
  engine: Engine,
  iterations: number,
  work: string,
  previousImage: string | undefined,
): Promise<EngineBenchResult['perRun']> {
  const binary = join(work, 'echo');
  writeFileSync(join(work, 'echo.c'), C_ECHO);
  const cc = spawnSync('gcc', ['-O2', '-o', binary, join(work, 'echo.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`host gcc failed: ${cc.stderr}`);

  const pack = engine.registry.get('c').pack;
  const spec = runSpec(pack, LIMITS, 'input');
  const input = utf8.encode('21\n');
  const ready = async (image: string, allowUnaccounted: boolean) => {
    const sandbox = await Sandbox.create(engine.docker, {
      image,
      memoryMb: compileMemoryMb(pack),
      pids: sandboxPids(pack),
      allowUnaccounted,
    });
    const prepared = await prepareProgram(sandbox, pack, image, C_ECHO, undefined);
    if (!prepared.ok) throw new Error(`sandbox compile failed: ${prepared.compile?.output}`);
    await sandbox.setResources(runMemoryMb(pack, LIMITS, prepared.programBytes));
    return sandbox;
  };
  const timed = async (sandbox: Sandbox): Promise<number> => {
    const start = process.hrtime.bigint();
    await sandbox.put('in', 'input', input);
    const u = await sandbox.run(spec);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (Buffer.from(u.stdout).toString() !== '42\n') throw new Error('sandbox run gave a wrong answer');
    return ms;
  };
  const sandbox = await ready(await engine.imageFor('c'), false);
  const previous = previousImage ? await ready(previousImage, true) : undefined;
  try {
    const bare: number[] = [];
    const boxed: number[] = [];
    const before: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // Interleaved, so drift in the machine's load hits all alike.
      const h = await runHost([binary], input);
      if (h.stdout.toString() !== '42\n') throw new Error('host run gave a wrong answer');
      bare.push(h.ms);
      boxed.push(await timed(sandbox));
      if (previous) before.push(await timed(previous));
    }
    const b = stats(bare);
    const s = stats(boxed);
    const out: EngineBenchResult['perRun'] = {
      bare: b,
      sandbox: s,
      overheadMedianMs: s.p50 - b.p50,
      ratioMedian: s.p50 / b.p50,
    };
    if (previous) {
      const p = stats(before);
      out.previous = { sandbox: p, overheadMedianMs: p.p50 - b.p50, addedMedianMs: s.p50 - p.p50 };
    }
    return out;
  } finally {
    await sandbox.destroy();
    await previous?.destroy();
  }
}

async function submission(
  engine: Engine,
  name: string,
  language: string,
  source: string,
  hostArgv: string[],
  data: { input: Uint8Array; output: Uint8Array }[],
  rounds: number,
): Promise<EngineBenchResult['submissions'][number]> {
  const req: JudgeRequest = {
    language,
    source,
    tests: data.map((t, i) => ({ name: String(i + 1), input: t.input, output: t.output, sample: false })),
    limits: LIMITS,
    checker: { type: 'tokens' },
    plainRun: false,
  };
  const warm = await engine.judge(req);
  if (warm.verdict !== 'AC') throw new Error(`${name}: sandbox verdict ${warm.verdict} ${warm.error ?? ''}`);
  const bare: number[] = [];
  const boxed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let start = process.hrtime.bigint();
    for (const t of data) {
      const h = await runHost(hostArgv, t.input);
      if (!check({ type: 'tokens' }, t.output, h.stdout).ok) throw new Error(`${name}: host answer wrong`);
    }
    bare.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    const o = await engine.judge(req);
    boxed.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (o.verdict !== 'AC') throw new Error(`${name}: sandbox verdict ${o.verdict} ${o.error ?? ''}`);
  }
  const b = stats(bare);
  const s = stats(boxed);
  return { name, tests: data.length, bare: b, sandbox: s, ratioMedian: s.p50 / b.p50 };
}

export async function benchEngine(opts: {
  languagesDir: string;
  iterations?: number;
  rounds?: number;
  /** A git ref whose runner is measured beside today's (e.g. the last release). */
  baselineRunnerRef?: string;
}): Promise<EngineBenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'judge-bench-'));
  const engine = await Engine.create({ languagesDir: opts.languagesDir, cacheDir: join(work, 'cache'), slots: 1 });
  try {
    await engine.imageFor('c');
    await engine.imageFor('cpp');
    await engine.imageFor('python');
    const previous = opts.baselineRunnerRef
      ? await previousRunnerImage(engine, opts.languagesDir, opts.baselineRunnerRef)
      : undefined;
    const per = await perRun(engine, opts.iterations ?? 300, work, previous);
    const data = tests(10, 1000);
    writeFileSync(join(work, 'sum.cpp'), CPP_SUM);
    const cc = spawnSync('g++', ['-O2', '-o', join(work, 'sum'), join(work, 'sum.cpp')], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`host g++ failed: ${cc.stderr}`);
    const rounds = opts.rounds ?? 15;
    const subs = [
      await submission(engine, 'python, 10 tests', 'python', PY_SUM, ['/usr/bin/python3', '-c', PY_SUM], data, rounds),
      await submission(engine, 'cpp (compile cached), 10 tests', 'cpp', CPP_SUM, [join(work, 'sum')], data, rounds),
    ];
    return { perRun: per, submissions: subs };
  } finally {
    await engine.close();
  }
}
