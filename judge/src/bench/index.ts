// `npm run bench`: the sandbox against no sandbox, measured in the same run.
// Prints ratios (the machine is shared and noisy: absolute figures drift).

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEngine } from './engine.js';
import { ms, ratio } from './stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PARTS = ['engine', 'node', 'edge', 'packs'];
// Words after `node` may name its parts: path, sustained, burst.
const args = process.argv.slice(2);
const only = args.filter((a) => PARTS.includes(a));
// `packs` builds the baseline's images (minutes when they are missing), so it runs only when named; the words after
// it that are not parts name packs.
const want = (name: string) => (name === 'packs' ? only.includes(name) : only.length === 0 || only.includes(name));
const report: Record<string, unknown> = { date: new Date().toISOString() };

if (want('engine')) {
  // What a runner change costs is measured against the runner of a git ref, in the same run.
  const baselineRunnerRef = process.env.BENCH_RUNNER_BASELINE;
  const r = await benchEngine({ languagesDir: join(repo, 'languages'), baselineRunnerRef });
  report.engine = r;
  console.log('\n## Sandbox overhead per test run (C program, stdin → stdout)');
  console.log(`bare (spawn on the host)   p50 ${ms(r.perRun.bare.p50)}  p95 ${ms(r.perRun.bare.p95)}`);
  console.log(`sandbox (warm, judge-runner) p50 ${ms(r.perRun.sandbox.p50)}  p95 ${ms(r.perRun.sandbox.p95)}`);
  console.log(
    `added at the median: ${ms(r.perRun.overheadMedianMs)} (target ≤ 10 ms); ratio ${ratio(r.perRun.ratioMedian)}`,
  );
  const prev = r.perRun.previous;
  if (prev) {
    console.log(
      `runner at ${baselineRunnerRef} p50 ${ms(prev.sandbox.p50)}  p95 ${ms(prev.sandbox.p95)}; ` +
        `today's runner adds ${ms(prev.addedMedianMs)} at the median over it (target ≤ 1 ms)`,
    );
  }
  console.log('\n## Whole submission on a warm engine vs the same runs and checks on the host');
  for (const s of r.submissions) {
    console.log(
      `${s.name.padEnd(34)} bare p50 ${ms(s.bare.p50)}  sandbox p50 ${ms(s.sandbox.p50)}  ratio ${ratio(s.ratioMedian)} (target ≤ 1.15)`,
    );
  }
}

if (want('node')) {
  const { benchNode } = await import('./node.js');
  const NODE_PARTS = ['path', 'sustained', 'burst'] as const;
  const nodeParts = args.filter((a): a is (typeof NODE_PARTS)[number] => (NODE_PARTS as readonly string[]).includes(a));
  const workersArg = process.env.JUDGE_BENCH_WORKERS;
  const workers = workersArg === undefined || workersArg === 'auto' ? 'auto' : Number(workersArg);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers > 0))
    throw new Error(`JUDGE_BENCH_WORKERS: expected a positive integer or auto, got "${workersArg}"`);
  const r = await benchNode({
    languagesDir: join(repo, 'languages'),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge',
    workers,
    parts: nodeParts.length > 0 ? nodeParts : undefined,
    log: (line) => console.error(`  ${line}`),
  });
  report.node = r;
  const m = r.machine;
  console.log(
    `\n## A judge node (API + PostgreSQL + BullMQ + sandboxes), ${r.workers} worker slots, on ${m.before.cores} cores (${m.before.model}); ` +
      `load average ${m.before.loadavg.join(' ')} before, ${m.after.loadavg.join(' ')} after`,
  );
  const c = r.calibration.concurrency;
  if (c) {
    console.log(
      `worker slots: ${r.workers}, chosen by the calibration's sweep (submissions/s by slots: ${c.sweep.map((x) => `${x.slots}: ${x.perSecond.toFixed(2)}`).join(', ')}): ` +
        `the optimal concurrency per worker process is ${c.slots} (${c.slotsPerCore} per core); speed factor ${r.calibration.factor}`,
    );
  }
  if (r.path) {
    const p = r.path;
    console.log(
      `\n### One submission at a time (${p.rounds} rounds): the node's own path (latency less the engine's judging), and latency less the tests' own wall time`,
    );
    for (const x of p.programs) {
      console.log(
        `${x.name.padEnd(30)} latency p50 ${ms(x.latencyMs.p50)}  node path p50 ${ms(x.nodePathMs.p50)} p95 ${ms(x.nodePathMs.p95)}  ` +
          `own wall p50 ${ms(x.ownWallMs.p50)}  over own wall p50 ${ms(x.addedMs.p50)} p95 ${ms(x.addedMs.p95)}`,
      );
    }
    console.log(
      `all: node path p50 ${ms(p.nodePathMs.p50)} p95 ${ms(p.nodePathMs.p95)}; over the tests' own wall time p50 ${ms(p.addedMs.p50)} p95 ${ms(p.addedMs.p95)}`,
    );
    console.log(`node CPU per submission: ${ms(p.cpuMsPerSubmission)}`);
    console.log(
      `stages, p50: ${Object.entries(p.stagesMs)
        .map(([s, st]) => `${s} ${st.p50.toFixed(2)}`)
        .join(', ')} (ms)`,
    );
  }
  if (r.sustained.length > 0) {
    console.log(
      `\n### Sustained mix, ${r.testsPerSubmission} tests each, interleaved rounds: submissions/s of the node against bare (each submission compiled and run with the packs' toolchains by chroot: no sandbox, no queue, no compile cache); the ratio is the rounds' median`,
    );
    for (const p of r.sustained) {
      const l = p.node.latencyMs;
      console.log(
        `${p.name.padEnd(34)} node ${p.node.perSecond.toFixed(2)}/s  bare ${p.bare.perSecond.toFixed(2)}/s  ` +
          `ratio ${ratio(p.ratio)} (rounds ${p.rounds.map((x) => x.toFixed(3)).join(', ')})  ` +
          `node/engine ${ratio(p.serviceRatio)}  node CPU ${ms(p.cpuMsPerSubmission)}/submission  latency p50 ${ms(l.p50)} p95 ${ms(l.p95)}`,
      );
      const once = p.againstCompiledOnce;
      if (once) {
        console.log(
          `${''.padEnd(34)} against bare keeping each language's first compilation: bare ${once.perSecond.toFixed(2)}/s, ` +
            `ratio ${ratio(once.ratio)} (rounds ${once.rounds.map((x) => x.toFixed(3)).join(', ')})`,
        );
      }
      console.log(
        `${''.padEnd(34)} mean latency by language, node / engine / bare: ${Object.entries(p.byLanguage)
          .map(([lang, x]) => `${lang} ${x.nodeMs.toFixed(0)} / ${x.engineMs.toFixed(0)} / ${x.bareMs.toFixed(0)} ms`)
          .join(', ')}`,
      );
    }
  }
  if (r.burst) {
    const b = r.burst;
    console.log(
      `\n### Burst mix: capacity ${b.capacityPerSecond.toFixed(2)}/s; ${b.submissions} arrivals at ${b.ratePerSecond.toFixed(2)}/s (${b.load} of it): ` +
        `latency p50 ${ms(b.latencyMs.p50)} p95 ${ms(b.latencyMs.p95)} p99 ${ms(b.latencyMs.p99)}`,
    );
  }
  console.log('\n### Goals');
  for (const g of r.goals) {
    console.log(
      `${g.met ? 'met    ' : 'NOT MET'} ${g.name}: ${g.value.toFixed(3)} ${g.op} ${g.target}  (against ${g.baseline})`,
    );
  }
}

if (want('edge')) {
  console.log('\n## The edge hop on loopback (Miniflare): added latency against calling the node directly');
  const r = spawnSync('npm', ['run', '--silent', 'bench', '-w', 'edge'], { cwd: repo, stdio: 'inherit' });
  report.edge = { exitCode: r.status };
}

if (want('packs')) {
  const { benchPacks } = await import('./packs.js');
  const rounds = process.env.JUDGE_BENCH_ROUNDS ? Number(process.env.JUDGE_BENCH_ROUNDS) : undefined;
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0))
    throw new Error(`JUDGE_BENCH_ROUNDS: expected a positive integer, got "${process.env.JUDGE_BENCH_ROUNDS}"`);
  const r = await benchPacks({
    repoDir: repo,
    languagesDir: join(repo, 'languages'),
    baselineRef: process.env.JUDGE_BENCH_PACKS_BASELINE || undefined,
    only: args.filter((a) => !PARTS.includes(a)),
    rounds,
    log: (line) => console.error(`  ${line}`),
  });
  report.packs = r;
  console.log(
    `\n## Language packs against ${r.baselineRef.slice(0, 12)}: a compile and a run of each program in the sandbox, ` +
      `${r.rounds} interleaved rounds × ${r.runsPerRound} runs; medians, ratio current / baseline (< 1: faster)`,
  );
  console.log(
    '| pack | program | baseline → current | compile CPU | compile wall | run (judge → answer) | run CPU | peak RSS |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const pair = (p: { baseline: { p50: number }; current: { p50: number }; ratio: number } | undefined) =>
    p ? `${p.baseline.p50.toFixed(0)} → ${p.current.p50.toFixed(0)} ms (${p.ratio.toFixed(2)})` : '';
  for (const row of r.rows) {
    const versions = row.sameImage
      ? `${row.current.version} (same image)`
      : `${row.baseline.version} → ${row.current.version}`;
    const rounds = row.startWall.roundRatios.map((x) => x.toFixed(2)).join(', ');
    console.log(
      `| ${row.pack} | ${row.program} | ${versions} | ${pair(row.compileCpu)} | ${pair(row.compileWall)} | ` +
        `${pair(row.startWall)} [${rounds}] | ${pair(row.startCpu)} | ${row.rssMb.baseline.toFixed(1)} → ${row.rssMb.current.toFixed(1)} MiB |`,
    );
  }
}

const out = join(repo, '.bench', `bench-${Date.now()}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(`\nfull figures: ${out}`);
