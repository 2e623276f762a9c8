// Packs benchmark: each language pack's compile and start-up time against the same pack at an earlier commit (the
// baseline), both through the real sandbox in the same run, interleaved. Both sides use the current base image (the
// runner), so only the packs differ.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguagePack } from '@judge/contract';
import { compileMemoryMb, compileSpec, runMemoryMb, runSpec, sandboxPids } from '../exec/spec.js';
import { BASE_DIR, ImageBuilder } from '../languages/images.js';
import { type LoadedPack, loadPacks } from '../languages/packs.js';
import { connectDocker, Sandbox } from '../sandbox/index.js';
import { type Stats, stats } from './stats.js';

const utf8 = new TextEncoder();
const LIMITS = { timeMs: 5000, memoryMb: 256, outputKb: 1024 };

/**
 * The packs before they moved to the official Node.js build, TypeScript 7, the C++ precompiled header, Java's
 * class-data-sharing archives and Go 1.23 with its library prebuilt.
 */
export const DEFAULT_BASELINE = '365f4167e7ec8f792406d9ee00811bf93719b0ff';

/** Programs measured besides each pack's self-test, where a pack change targets them. */
const EXTRA_PROGRAMS: { pack: string; name: string; source: string; stdin: string; expected: string }[] = [
  {
    pack: 'cpp',
    name: 'bits/stdc++.h',
    source:
      '#include <bits/stdc++.h>\nusing namespace std;\nint main() { string s; getline(cin, s); vector<int> v{3, 1, 2}; sort(v.begin(), v.end()); cout << "Hello, " << s << "!" << v[0] << "\\n"; }\n',
    stdin: 'World\n',
    expected: 'Hello, World!1\n',
  },
  {
    pack: 'java',
    name: 'Scanner, collections, streams',
    source:
      'import java.util.*;\nimport java.util.stream.*;\npublic class Main { public static void main(String[] a) {\n  Scanner in = new Scanner(System.in); String s = in.next(); List<Integer> l = new ArrayList<>(List.of(3, 1, 2));\n  Collections.sort(l); Map<Integer, Long> m = l.stream().collect(Collectors.groupingBy(x -> x % 2, TreeMap::new, Collectors.counting()));\n  System.out.println("Hello, " + s + "!" + l.get(0) + m.get(1)); } }\n',
    stdin: 'World\n',
    expected: 'Hello, World!12\n',
  },
];

interface Side {
  label: 'baseline' | 'current';
  loaded: LoadedPack;
  image: string;
  sandbox?: Sandbox;
}

export interface PackBenchRow {
  pack: string;
  program: string;
  baseline: { version: string; revision: number; image: string };
  current: { version: string; revision: number; image: string };
  sameImage: boolean;
  /** The compiler's CPU time (ms), as the runner measured it; absent for interpreted packs. */
  compileCpu?: { baseline: Stats; current: Stats; ratio: number };
  /** The compile's wall time (ms) inside the sandbox. */
  compileWall?: { baseline: Stats; current: Stats; ratio: number };
  /** One run of the program, from the judge sending it to the answer (ms): what a test costs. */
  startWall: { baseline: Stats; current: Stats; ratio: number; roundRatios: number[] };
  /** The run's CPU time (ms), as the runner measured it. */
  startCpu: { baseline: Stats; current: Stats; ratio: number };
  /** Peak resident memory of a run (MiB, the highest). */
  rssMb: { baseline: number; current: number };
}

export interface PacksBenchResult {
  baselineRef: string;
  rounds: number;
  runsPerRound: number;
  rows: PackBenchRow[];
}

const median = (xs: number[]) => stats(xs).p50;

/** The `languages/` directory of `ref`, with the current base image directory (the runner) in it. */
function baselineLanguages(repo: string, ref: string, languagesDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'judge-bench-packs-'));
  const archive = spawnSync('git', ['-C', repo, 'archive', '--format=tar', ref, 'languages'], {
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`unpacking ${ref}'s languages/ failed: ${untar.stderr.toString().trim()}`);
  rmSync(join(dir, 'languages', BASE_DIR), { recursive: true, force: true });
  cpSync(join(languagesDir, BASE_DIR), join(dir, 'languages', BASE_DIR), { recursive: true });
  return join(dir, 'languages');
}

async function sandboxFor(docker: Awaited<ReturnType<typeof connectDocker>>, side: Side): Promise<Sandbox> {
  const pack = side.loaded.pack;
  side.sandbox ??= await Sandbox.create(docker, {
    image: side.image,
    memoryMb: Math.max(runMemoryMb(pack, LIMITS), pack.compile ? compileMemoryMb(pack) : 0),
    pids: sandboxPids(pack),
  });
  return side.sandbox;
}

/** Puts the program into a clean sandbox and compiles it; returns the compile's usage (undefined: interpreted). */
async function prepare(sandbox: Sandbox, pack: LanguagePack, source: string, stdin: string) {
  await sandbox.reset();
  await sandbox.put('work', pack.source, utf8.encode(source));
  await sandbox.put('in', 'input', utf8.encode(stdin));
  if (!pack.compile) {
    await sandbox.seal();
    return undefined;
  }
  const usage = await sandbox.run(compileSpec(pack));
  if (usage.exitCode !== 0) {
    const out = Buffer.concat([usage.stdout, usage.stderr]).toString().slice(0, 2000);
    const why = JSON.stringify({ ...usage, stdout: undefined, stderr: undefined });
    throw new Error(`${pack.id} (${sandbox.image}): the compile failed: ${why} ${out}`);
  }
  await sandbox.seal();
  return usage;
}

async function runOnce(sandbox: Sandbox, pack: LanguagePack, expected: string) {
  const start = process.hrtime.bigint();
  const usage = await sandbox.run(runSpec(pack, LIMITS, 'input'));
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const out = Buffer.from(usage.stdout).toString();
  if (usage.exitCode !== 0 || out !== expected) {
    throw new Error(
      `${pack.id} (${sandbox.image}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(out)} (exit ${usage.exitCode}) ${Buffer.from(usage.stderr).toString().slice(0, 500)}`,
    );
  }
  return { wall, cpu: usage.cpuMs, rssKb: usage.rssKb };
}

export async function benchPacks(opts: {
  repoDir: string;
  languagesDir: string;
  /** A commit (or branch) whose packs are the baseline. @defaultValue {@link DEFAULT_BASELINE} */
  baselineRef?: string;
  /** Only these packs (ids); all packs present on both sides when empty. */
  only?: string[];
  /** @defaultValue 5 */
  rounds?: number;
  /** Runs of each side per round. @defaultValue 5 */
  runsPerRound?: number;
  log?: (line: string) => void;
}): Promise<PacksBenchResult> {
  const log = opts.log ?? (() => {});
  const baselineRef = opts.baselineRef ?? DEFAULT_BASELINE;
  const rounds = opts.rounds ?? 5;
  const runsPerRound = opts.runsPerRound ?? 5;
  const docker = await connectDocker();
  const oldDir = baselineLanguages(opts.repoDir, baselineRef, opts.languagesDir);
  try {
    const [olds, news] = [await loadPacks(oldDir), await loadPacks(opts.languagesDir)];
    for (const e of [...olds.errors, ...news.errors]) throw e;
    const oldBuilder = new ImageBuilder(docker, oldDir);
    const newBuilder = new ImageBuilder(docker, opts.languagesDir);
    const unknown = (opts.only ?? []).filter((id) => !news.packs.some((p) => p.pack.id === id));
    if (unknown.length) throw new Error(`bench packs: unknown pack ${unknown.join(', ')}`);
    const rows: PackBenchRow[] = [];
    for (const current of news.packs) {
      const id = current.pack.id;
      if (opts.only?.length && !opts.only.includes(id)) continue;
      const baseline = olds.packs.find((p) => p.pack.id === id);
      if (!baseline) {
        log(`${id}: not in ${baselineRef}, skipped`);
        continue;
      }
      const progress = (line: string) => {
        if (line.startsWith('building')) log(line);
      };
      const sides: Side[] = [
        { label: 'baseline', loaded: baseline, image: (await oldBuilder.ensure(baseline, progress)).tag },
        { label: 'current', loaded: current, image: (await newBuilder.ensure(current, progress)).tag },
      ];
      try {
        const programs = [
          { name: 'self-test', perSide: sides.map((s) => s.loaded.pack.selfTest) },
          ...EXTRA_PROGRAMS.filter((p) => p.pack === id).map((p) => ({
            name: p.name,
            perSide: sides.map(() => ({ source: p.source, stdin: p.stdin, expected: p.expected })),
          })),
        ];
        for (const program of programs) {
          log(`${id} ${program.name}: ${sides[0]!.image} vs ${sides[1]!.image}`);
          const compileCpu: number[][] = [[], []];
          const compileWall: number[][] = [[], []];
          const wall: number[][] = [[], []];
          const cpu: number[][] = [[], []];
          const rss = [0, 0];
          const roundRatios: number[] = [];
          for (let r = 0; r < rounds; r++) {
            // Alternate which side goes first, so that drift in the machine's load hits both alike.
            const order = r % 2 === 0 ? [0, 1] : [1, 0];
            for (const i of order) {
              const side = sides[i]!;
              const t = program.perSide[i]!;
              const usage = await prepare(await sandboxFor(docker, side), side.loaded.pack, t.source, t.stdin ?? '');
              if (usage) {
                compileCpu[i]!.push(usage.cpuMs);
                compileWall[i]!.push(usage.wallMs);
              }
            }
            const roundWall: number[][] = [[], []];
            for (let k = 0; k < runsPerRound; k++) {
              for (const i of k % 2 === 0 ? order : [...order].reverse()) {
                const side = sides[i]!;
                const one = await runOnce(side.sandbox!, side.loaded.pack, program.perSide[i]!.expected);
                roundWall[i]!.push(one.wall);
                wall[i]!.push(one.wall);
                cpu[i]!.push(one.cpu);
                rss[i] = Math.max(rss[i]!, one.rssKb);
              }
            }
            roundRatios.push(median(roundWall[1]!) / median(roundWall[0]!));
          }
          const pair = (xs: number[][]) => {
            const [b, c] = [stats(xs[0]!), stats(xs[1]!)];
            return { baseline: b, current: c, ratio: c.p50 / b.p50 };
          };
          const describe = (s: Side) => ({
            version: s.loaded.pack.version,
            revision: s.loaded.pack.revision,
            image: s.image,
          });
          rows.push({
            pack: id,
            program: program.name,
            baseline: describe(sides[0]!),
            current: describe(sides[1]!),
            sameImage: sides[0]!.image === sides[1]!.image,
            ...(compileCpu[0]!.length && compileCpu[1]!.length
              ? { compileCpu: pair(compileCpu), compileWall: pair(compileWall) }
              : {}),
            startWall: { ...pair(wall), roundRatios },
            startCpu: pair(cpu),
            rssMb: { baseline: rss[0]! / 1024, current: rss[1]! / 1024 },
          });
        }
      } finally {
        for (const s of sides) await s.sandbox?.destroy();
      }
    }
    return { baselineRef, rounds, runsPerRound, rows };
  } finally {
    rmSync(join(oldDir, '..'), { recursive: true, force: true });
  }
}
