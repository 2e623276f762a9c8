#!/usr/bin/env node
// npm run load -- <burst|sustained|compilation|soak|all|calibrate> [options]: the load test plan, run for real.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScenarioResult, Summary } from './analyze.js';
import {
  autoScale,
  type Calibration,
  cacheFile,
  calibrateGroup,
  calibrationFor,
  groupOf,
  storeCalibration,
} from './calibrate.js';
import { capacityMarkdown } from './capacity.js';
import { type CheckItem, isEdge, runChecklist } from './checklist.js';
import type { CriterionResult } from './criteria.js';
import { killChildren } from './locust.js';
import { summaryMarkdown } from './markdown.js';
import { durationOf, loadPlan, type Plan, SCENARIO_NAMES, type ScenarioName, segments } from './plan.js';
import { type ReportMeta, writeReport } from './report.js';
import { executeScenario, waitForIdle, warmUp } from './run.js';
import { isLocal } from './sampler.js';

const COMMANDS = [...SCENARIO_NAMES, 'all', 'calibrate'] as const;
type Command = (typeof COMMANDS)[number];

export const USAGE = `usage: npm run load -- <${COMMANDS.join('|')}> [--target URL] [--node URL] [--api-key K] [--rate-scale F|auto] [--duration-scale F] [--out DIR] [--workers N]`;

/** The charts summary.md links, as docs/load-testing/<scenario>-<chart>.png. */
const DOC_CHARTS = ['latency', 'rate', 'queue', 'workers'];

/** Bad usage: exit 2 with one line. */
export class UsageError extends Error {}

export interface CliOptions {
  command: Command;
  target: string;
  node?: string;
  apiKey?: string;
  rateScale: number | 'auto';
  durationScale: number;
  out: string;
  workers: number;
}

function url(flag: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL (got '${v}')`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`${flag} must be an http(s) URL (got '${v}')`);
  return v.replace(/\/+$/, '');
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} must be a number > 0 (got '${v}')`);
  return n;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): CliOptions {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new UsageError(USAGE);
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command '${command}': one of ${COMMANDS.join(', ')}`);
  const o: CliOptions = {
    command: command as Command,
    target: 'http://127.0.0.1:3000',
    ...(env.API_KEY ? { apiKey: env.API_KEY } : {}),
    rateScale: 1,
    durationScale: 1,
    out: '',
    workers: 0,
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--target':
        o.target = url(name, value());
        break;
      case '--node':
        o.node = url(name, value());
        break;
      case '--api-key': {
        const k = value();
        if (!k) throw new UsageError('--api-key is empty');
        o.apiKey = k;
        break;
      }
      case '--rate-scale': {
        const v = value();
        if (v === 'auto') o.rateScale = 'auto';
        else {
          try {
            o.rateScale = positive(name, v);
          } catch {
            throw new UsageError(`--rate-scale must be a number > 0 or auto (got '${v}')`);
          }
        }
        break;
      }
      case '--duration-scale':
        o.durationScale = positive(name, value());
        break;
      case '--out':
        o.out = resolve(value());
        break;
      case '--workers': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 64)
          throw new UsageError(`--workers must be an integer from 0 to 64 (got '${v}')`);
        o.workers = n;
        break;
      }
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (o.command === 'calibrate' && o.rateScale !== 1)
    throw new UsageError('calibrate takes no --rate-scale: it measures the rate');
  if (!o.out) {
    const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
    o.out = resolve('.bench', 'load', `${stamp}-${o.command}`);
  }
  return o;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function show(c: CriterionResult): string {
  const f = (v: number | null) => {
    if (v === null) return 'n/a';
    if (c.unit === 'ratio') return pct(v);
    if (c.unit === 'ms') return `${Math.round(v)} ms`;
    if (c.unit === 'bytes') return `${(v / 2 ** 20).toFixed(1)} MiB`;
    if (c.unit === 'per s') return `${v.toFixed(2)}/s`;
    return `${Math.round(v * 100) / 100} ${c.unit}`;
  };
  return `  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(52)} ${f(c.value).padStart(12)}  (${c.op} ${f(c.target)})${c.note && !c.pass ? `  ${c.note}` : ''}`;
}

function printSummary(s: Summary, log: (l: string) => void): void {
  log(
    `${s.scenario}: offered ${s.offered}, sent ${s.sent}, verdicts ${s.completed} (AC ${s.accepted}), HTTP errors ${s.httpErrors}, ` +
      `connection errors ${s.connectionErrors}, timed out ${s.timedOut}, dropped ${s.dropped}`,
  );
  log(
    `  target ${s.targetRps.toFixed(2)}/s (peak ${s.peakTargetRps.toFixed(2)}), offered ${s.offeredRps.toFixed(2)}/s, achieved ${s.achievedRps.toFixed(2)}/s; ` +
      `latency P50 ${Math.round(s.latency.p50 ?? 0)} ms, P95 ${Math.round(s.latency.p95 ?? 0)} ms, P99 ${Math.round(s.latency.p99 ?? 0)} ms`,
  );
  log(`  bottleneck: ${s.bottleneck.verdict}`);
  for (const c of s.criteria) log(show(c));
}

function refuse(items: CheckItem[]): never {
  const bad = items.filter((i) => !i.ok);
  throw new UsageError(`the pre-test checklist failed: ${bad.map((b) => `${b.name}: ${b.detail}`).join('; ')}`);
}

function languagesOf(plan: Plan, names: readonly ScenarioName[]): string[] {
  return [...new Set(names.flatMap((n) => Object.keys(plan.mixes[plan.scenarios[n].mix]!)))];
}

export async function main(argv: string[], log: (l: string) => void = console.log): Promise<number> {
  const o = parseArgs(argv);
  const { plan, programs } = loadPlan();
  const scenarios: ScenarioName[] =
    o.command === 'all' || o.command === 'calibrate' ? [...SCENARIO_NAMES] : [o.command as ScenarioName];

  const edge = await isEdge(o.target);
  if (edge && !o.node)
    throw new UsageError(
      `${o.target} is an edge: give --node URL of the judge node behind it (for the checklist and /metrics)`,
    );
  const node = o.node ?? o.target;
  const throughEdge = edge && node !== o.target;
  const nodeSecret = process.env.JUDGE_HMAC_SECRET || undefined;

  log(`pre-test checklist (${throughEdge ? `edge ${o.target} in front of node ${node}` : `node ${node}`}):`);
  const checks = await runChecklist({
    target: o.target,
    node,
    throughEdge,
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    languages: languagesOf(plan, scenarios),
    waitEmptyMs: 15_000,
    tools: true,
  });
  for (const c of checks) log(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  if (checks.some((c) => !c.ok)) refuse(checks);
  const languages = languagesOf(plan, scenarios);
  const warm = await warmUp(o.target, o.apiKey, languages, programs);
  log(`  warm-up (not counted): ${warm.map((w) => `${w.language} ${w.verdict} ${Math.round(w.ms)} ms`).join(', ')}`);
  const broken = warm.filter((w) => w.verdict !== 'AC');
  if (broken.length) {
    const items = [
      ...checks,
      { name: 'warm-up', ok: false, detail: broken.map((w) => `${w.language} judged ${w.verdict}`).join(', ') },
    ];
    refuse(items);
  }
  checks.push({
    name: 'warm-up',
    ok: true,
    detail: `one submission per language judged AC first, not counted (${warm.map((w) => `${w.language} ${Math.round(w.ms)} ms`).join(', ')})`,
  });
  if (!(await waitForIdle(node, 30_000)))
    refuse([{ name: 'queue empty', ok: false, detail: 'the queue did not empty after the warm-up' }]);
  const health = (await (await fetch(`${node}/health`)).json()) as { workers?: { slots?: number } };
  const workerSlots = health.workers?.slots ?? 0;
  mkdirSync(o.out, { recursive: true });

  const common = {
    plan,
    target: o.target,
    node,
    throughEdge,
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    durationScale: o.durationScale,
    workers: o.workers,
    ...(nodeSecret ? { nodeSecret } : {}),
  };
  const found = o.command === 'calibrate' ? undefined : calibrationFor(o.target, node, workerSlots);
  if (found?.borrowed && o.rateScale === 'auto')
    log(
      `--rate-scale auto through the edge uses the node's calibration (${node}): the node's workers are the capacity, the edge adds latency; \`calibrate --target ${o.target}\` measures through the edge`,
    );
  const calibration: Calibration = found?.calibration ?? {
    target: o.target,
    node,
    workerSlots,
    locustWorkers: o.workers,
    stepS: Math.max(plan.calibration.minStepS, plan.calibration.stepS * o.durationScale),
    groups: {},
  };
  const calibrate = async (group: string) => {
    log(`calibrating the ${group} mix against ${o.target} (${workerSlots} worker slots):`);
    const g = await calibrateGroup({ ...common, group, dir: join(o.out, 'calibration'), log });
    calibration.groups[group] = g;
    if (!found?.borrowed) storeCalibration(calibration);
    log(
      `  ${group}: ${g.maxRps === null ? 'no rate met the criteria' : `${g.maxRps.toFixed(3)}/s${g.reachedPlanRate ? " (the plan's own rate: not searched higher)" : ''}`}`,
    );
    return g;
  };

  if (o.command === 'calibrate') {
    calibration.groups = {};
    for (const group of Object.keys(plan.calibration.groups)) await calibrate(group);
    writeFileSync(join(o.out, 'calibration.json'), `${JSON.stringify(calibration, null, 2)}\n`);
    const table = capacityMarkdown(plan, calibration, isLocal(node) ? cpus().length : undefined);
    writeFileSync(join(o.out, 'capacity.md'), table);
    log(table);
    log(
      `calibration: ${join(o.out, 'calibration.json')} (cached in ${cacheFile()}), capacity: ${join(o.out, 'capacity.md')}`,
    );
    return Object.values(calibration.groups).every((g) => g.maxRps !== null) ? 0 : 1;
  }

  const results: ScenarioResult[] = [];
  const started = new Date();
  const load = loadavg()[0]!;
  for (const [i, name] of scenarios.entries()) {
    let rateScale: number;
    if (o.rateScale === 'auto') {
      const group = groupOf(plan, name);
      const g = calibration.groups[group] ?? (await calibrate(group));
      rateScale = autoScale(plan, name, g);
      log(
        g.maxRps === null
          ? `${name}: --rate-scale auto = ${rateScale.toFixed(4)}: no calibrated rate met the criteria, so ${plan.calibration.headroom} × the lowest tried (${plan.calibration.minRate}/s)`
          : `${name}: --rate-scale auto = ${rateScale.toFixed(4)} (${plan.calibration.headroom} × ${g.maxRps.toFixed(3)}/s calibrated)`,
      );
    } else rateScale = o.rateScale;
    if (i > 0) {
      const prev = plan.scenarios[scenarios[i - 1]!];
      const gap = (plan.scenarios[name].startS - prev.startS - durationOf(segments(prev.arrivals))) * o.durationScale;
      log(`pause of ${Math.max(0, gap).toFixed(0)} s between scenarios, then the queue must be empty`);
      await new Promise((r) => setTimeout(r, Math.max(0, gap) * 1000));
      if (!(await waitForIdle(node, plan.submission.timeoutS * 4000)))
        throw new Error(`the queue did not empty after ${scenarios[i - 1]}: not starting ${name}`);
    }
    const dir = scenarios.length > 1 ? join(o.out, name) : o.out;
    log(
      `${name}: ${plan.scenarios[name].title}, rate scale ${rateScale.toFixed(4)}, duration scale ${o.durationScale} → ${dir}`,
    );
    const r = await executeScenario({ ...common, scenario: name, rateScale, dir });
    printSummary(r.summary, log);
    results.push(r);
  }
  const pass = results.every((r) => r.summary.pass);
  if (results.length > 1) {
    writeFileSync(
      join(o.out, 'summary.json'),
      `${JSON.stringify({ pass, scenarios: results.map((r) => r.summary) }, null, 2)}\n`,
    );
  }
  const cpu = cpus();
  const meta: ReportMeta = {
    title: `judge load test: ${o.command}`,
    generatedAt: new Date().toISOString(),
    command: `npm run load -- ${argv.join(' ')}`,
    conditions: [
      `started ${started.toISOString()} on a machine of ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), load average ${load.toFixed(2)} at the start`,
      `node ${node} with ${workerSlots} worker slots${throughEdge ? `, behind the edge ${o.target}` : ''}`,
      `Locust ${o.workers ? `master and ${o.workers} worker processes` : 'in one process'}${isLocal(o.target) ? ', on the same machine as the target (sharing its cores)' : ''}`,
      `rate scale ${o.rateScale === 'auto' ? 'auto (0.8 of the calibrated rate)' : o.rateScale}, duration scale ${o.durationScale}`,
    ],
    checklist: checks,
    ...(o.rateScale === 'auto'
      ? {
          calibration: calibration as unknown as Record<string, unknown>,
          capacity: capacityMarkdown(plan, calibration, isLocal(node) ? cpus().length : undefined),
        }
      : {}),
  };
  const report = await writeReport(o.out, results, meta);
  // For docs/load-testing.md: the run in Markdown, with links to a few of its charts.
  writeFileSync(
    join(o.out, 'summary.md'),
    summaryMarkdown(results, meta, () => DOC_CHARTS),
  );
  log(`report: ${report.html} (${report.pngs.length} charts as PNG in ${join(o.out, 'charts')})`);
  log(`summary: ${join(o.out, 'summary.json')}, ${join(o.out, 'summary.md')}`);
  log(pass ? 'PASS: every criterion met' : 'FAIL: a criterion was not met');
  return pass ? 0 : 1;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const stop = () => {
    killChildren();
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      killChildren();
      const usage = e instanceof UsageError;
      console.error(`load: ${(e as Error).message.split('\n')[0]}`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}
