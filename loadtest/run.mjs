#!/usr/bin/env node
// The load test harness: runs a scenario of the plan with Locust (k6 is not
// installable here) against a node or edge, then checks the plan's criteria.
//   node loadtest/run.mjs burst --host http://127.0.0.1:3000 [--scale 0.25]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Scenarios of the load test plan: Locust settings and success criteria. */
export const SCENARIOS = {
  burst: { tag: 'burst', users: 50, spawnRate: 50, seconds: 60, rate: 0.34, minSuccess: 0.95, p95: 3000, p99: 5000 },
  mixed: {
    tag: 'mixed',
    users: 50,
    spawnRate: 10,
    seconds: 600,
    rate: 2,
    minSuccess: 0.95,
    p95: 5000,
    p99: 10000,
    minRps: 95,
  },
  compilation: { tag: 'compilation', users: 100, spawnRate: 10, seconds: 480, rate: 1, minSuccess: 0.9, p95: 15000 },
};

function parseArgs(argv) {
  const [scenario, ...rest] = argv;
  const opts = { scenario, host: process.env.BASE_URL ?? 'http://127.0.0.1:3000', scale: 1 };
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]?.replace(/^--/, '');
    if (key === 'host') opts.host = rest[i + 1];
    else if (key === 'scale') opts.scale = Number(rest[i + 1]);
    else throw new Error(`unknown option ${rest[i]}`);
  }
  if (!SCENARIOS[opts.scenario])
    throw new Error(`usage: run.mjs <${Object.keys(SCENARIOS).join('|')}> [--host URL] [--scale F]`);
  if (!(opts.scale > 0 && opts.scale <= 1)) throw new Error('--scale is a fraction in (0, 1]');
  return opts;
}

/** Reads Locust's aggregated VERDICT row (submission → verdict). */
export function readVerdictStats(csvText, seconds) {
  const [header, ...rows] = csvText
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const col = (name) => header.indexOf(name);
  const verdict = rows.filter((r) => r[col('Type')] === 'VERDICT');
  const total = verdict.reduce((s, r) => s + Number(r[col('Request Count')]), 0);
  const failed = verdict.reduce((s, r) => s + Number(r[col('Failure Count')]), 0);
  // Per-name percentiles cannot be merged exactly: take the worst name's.
  const worst = (c) => Math.max(0, ...verdict.map((r) => Number(r[col(c)]) || 0));
  return {
    requests: total,
    successRate: total ? 1 - failed / total : 0,
    p95: worst('95%'),
    p99: worst('99%'),
    rps: total / seconds,
  };
}

export function evaluate(s, stats) {
  const checks = [
    ['success rate', stats.successRate, `> ${s.minSuccess}`, stats.successRate > s.minSuccess],
    ['p95 latency (ms)', stats.p95, `< ${s.p95}`, stats.p95 < s.p95],
  ];
  if (s.p99) checks.push(['p99 latency (ms)', stats.p99, `< ${s.p99}`, stats.p99 < s.p99]);
  if (s.minRps) checks.push(['submissions/s', stats.rps, `>= ${s.minRps}`, stats.rps >= s.minRps]);
  return checks;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const s = SCENARIOS[opts.scenario];
  const seconds = Math.max(10, Math.round(s.seconds * opts.scale));
  const prefix = join(mkdtempSync(join(tmpdir(), 'judge-load-')), 'run');
  console.log(`${opts.scenario}: ${s.users} users for ${seconds} s against ${opts.host}`);
  const r = spawnSync(
    'locust',
    [
      '-f',
      join(here, 'locust', 'locustfile.py'),
      '--host',
      opts.host,
      '--headless',
      '-u',
      String(s.users),
      '-r',
      String(s.spawnRate),
      '--run-time',
      `${seconds}s`,
      '-T',
      s.tag,
      '--csv',
      prefix,
      '--only-summary',
      '--stop-timeout',
      '30',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, JUDGE_USER_RATE: String(s.rate) } },
  );
  if (r.error) throw new Error(`cannot run locust (apt-get install python3-locust): ${r.error.message}`);
  const stats = readVerdictStats(readFileSync(`${prefix}_stats.csv`, 'utf8'), seconds);
  let ok = true;
  console.log(`\n${stats.requests} submissions`);
  for (const [name, value, want, pass] of evaluate(s, stats)) {
    ok &&= pass;
    console.log(`${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(18)} ${Number(value).toFixed(3).padStart(10)}  (${want})`);
  }
  process.exitCode = ok ? 0 : 1;
}
