// `npm run bench`: the sandbox against no sandbox, measured in the same run.
// Prints ratios (the machine is shared and noisy: absolute figures drift).

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEngine } from './engine.js';
import { ms, ratio } from './stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
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
  const r = await benchNode({
    languagesDir: join(repo, 'languages'),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge',
    log: (line) => console.error(`  ${line}`),
  });
  report.node = r;
  console.log(
    `\n## Submissions/s through the node (API + queue + PostgreSQL + sandbox) vs the same programs with the same toolchains, no sandbox, no queue`,
  );
  console.log(
    `mix ${JSON.stringify(r.mix)}, ${r.submissions} submissions × ${r.testsPerSubmission} tests, ${r.workers} workers`,
  );
  for (const p of r.phases) {
    const l = p.node.latencyMs;
    console.log(
      `${p.name.padEnd(28)} node ${p.node.perSecond.toFixed(1)}/s  bare ${p.bare.perSecond.toFixed(1)}/s  ratio ${ratio(p.ratio)} (goal ≥ 0.85)  ` +
        `node/engine ${ratio(p.serviceRatio)}  latency p50 ${ms(l.p50)} p95 ${ms(l.p95)} p99 ${ms(l.p99)}`,
    );
  }
}

if (want('edge')) {
  console.log('\n## The edge hop on loopback (Miniflare): added latency against calling the node directly');
  const r = spawnSync('npm', ['run', '--silent', 'bench', '-w', 'edge'], { cwd: repo, stdio: 'inherit' });
  report.edge = { exitCode: r.status };
}

const out = join(repo, '.bench', `bench-${Date.now()}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(`\nfull figures: ${out}`);
