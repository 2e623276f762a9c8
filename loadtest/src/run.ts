import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type ScenarioResult } from './analyze.js';
import { runLocust } from './locust.js';
import { durationOf, type Plan, type Programs, type ScenarioName, type Segment, segments } from './plan.js';
import { readRecords } from './records.js';
import { Sampler } from './sampler.js';

export interface ExecuteOptions {
  plan: Plan;
  scenario: ScenarioName;
  target: string;
  node: string;
  throughEdge: boolean;
  apiKey?: string;
  rateScale: number;
  durationScale: number;
  /** A calibration step: this constant rate with the scenario's mix, judged on its constant-rate criteria. */
  constant?: { rate: number; durationS: number };
  workers: number;
  dir: string;
  nodeSecret?: string;
  sampleIntervalMs?: number;
}

/** The arrival curve a run follows. */
export function curveOf(
  o: Pick<ExecuteOptions, 'plan' | 'scenario' | 'rateScale' | 'durationScale' | 'constant'>,
): Segment[] {
  if (o.constant) return [{ r0: o.constant.rate, r1: o.constant.rate, d: o.constant.durationS }];
  return segments(o.plan.scenarios[o.scenario].arrivals, o.rateScale, o.durationScale);
}

/**
 * Runs one scenario against the target while sampling the node, then judges it.
 * Leaves in `dir`: records.jsonl (one line per arrival), samples.json (the node over time),
 * locust_*.csv and locust.log, summary.json and timeseries.json.
 */
export async function executeScenario(o: ExecuteOptions): Promise<ScenarioResult> {
  mkdirSync(o.dir, { recursive: true });
  const records = join(o.dir, 'records.jsonl');
  if (existsSync(records)) writeFileSync(records, '');
  const segs = curveOf(o);
  const sampler = new Sampler({
    nodeUrl: o.node,
    ...(o.throughEdge ? { edgeUrl: o.target } : {}),
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    ...(o.nodeSecret ? { nodeSecret: o.nodeSecret } : {}),
    intervalMs: o.sampleIntervalMs ?? 1000,
  });
  await sampler.prepare();
  sampler.start();
  const s = o.plan.scenarios[o.scenario];
  let code: number;
  try {
    code = await runLocust({
      tag: s.locustTag,
      target: o.target,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      rateScale: o.rateScale,
      durationScale: o.durationScale,
      ...(o.constant ? { constant: o.constant } : {}),
      scheduleS: durationOf(segs),
      timeoutS: o.plan.submission.timeoutS,
      records,
      csvPrefix: join(o.dir, 'locust'),
      logFile: join(o.dir, 'locust.log'),
      workers: o.workers,
      runId: randomUUID().replace(/-/g, '').slice(0, 12),
    });
  } finally {
    await sampler.stop();
  }
  const recs = readRecords(records);
  if (recs.length === 0) {
    const log = existsSync(join(o.dir, 'locust.log')) ? readFileSync(join(o.dir, 'locust.log'), 'utf8') : '';
    const last = log.trim().split('\n').filter(Boolean).pop() ?? '';
    throw new Error(`Locust offered nothing (exit ${code}): ${last.slice(0, 300)} (see ${join(o.dir, 'locust.log')})`);
  }
  writeFileSync(join(o.dir, 'samples.json'), JSON.stringify(sampler.samples));
  const result = analyze(recs, sampler.samples, {
    scenario: o.scenario,
    plan: o.plan,
    segs,
    rateScale: o.rateScale,
    durationScale: o.durationScale,
    target: o.target,
    node: o.node,
    throughEdge: o.throughEdge,
    locustWorkers: o.workers,
    sources: sampler.sources,
    calibrationStep: Boolean(o.constant),
  });
  writeFileSync(join(o.dir, 'summary.json'), `${JSON.stringify(result.summary, null, 2)}\n`);
  writeFileSync(join(o.dir, 'timeseries.json'), JSON.stringify(result.series));
  return result;
}

export interface WarmUp {
  language: string;
  verdict: string;
  ms: number;
}

/**
 * One submission per language before measuring, not counted: the node starts
 * each language's sandboxes on first use, and a run should measure a node in
 * service, not one that has just started. Each must be judged AC, else the
 * language is broken on the target.
 */
export async function warmUp(
  target: string,
  apiKey: string | undefined,
  languages: string[],
  programs: Programs,
): Promise<WarmUp[]> {
  const [input, output] = programs.inputs.simple;
  const one = async (language: string): Promise<WarmUp> => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${target}/v1/submissions?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ language, source: programs.programs[language]!.simple, tests: [{ input, output }] }),
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await res.json()) as { status?: string; verdict?: string };
      const verdict = res.status === 200 && body.status === 'done' ? (body.verdict ?? '?') : `HTTP ${res.status}`;
      return { language, verdict, ms: performance.now() - t0 };
    } catch (e) {
      return { language, verdict: (e as Error).message, ms: performance.now() - t0 };
    }
  };
  const out: WarmUp[] = [];
  // two at a time: as many as a small node judges at once
  for (let i = 0; i < languages.length; i += 2) out.push(...(await Promise.all(languages.slice(i, i + 2).map(one))));
  return out;
}

/** Waits until the node's queue is empty and nothing is being judged (a previous run's leftovers). */
export async function waitForIdle(node: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${node}/health`, { signal: AbortSignal.timeout(5000) });
      const q = ((await res.json()) as { queue?: { depth?: number; active?: number } }).queue;
      if (q && (q.depth ?? 0) === 0 && (q.active ?? 0) === 0) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}
