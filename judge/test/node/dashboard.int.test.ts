import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { SubmissionResult } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same code `npm run monitor` runs: Debian's prometheus with deploy/prometheus/rules.yml.
import { prometheusConfig, type RunningPrometheus, startPrometheus } from '../../../deploy/monitor.mjs';
import {
  dropTestState,
  eventually,
  freePort,
  json,
  REPO_DIR,
  requireServices,
  spawnCli,
  startTestNode,
  type TestNode,
  testConfig,
  writeConfigFile,
} from './helpers.js';

// The Grafana dashboard against real data: a real Prometheus (Debian's package, loopback) scrapes a
// real API node and a `judge worker` process on its metrics port while they judge a few
// submissions with the real engine; then every query of every panel of
// deploy/grafana/dashboards/judge.json runs against it, as Grafana would, and must return data.

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string; legendFormat: string }[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; current?: { value?: string } }[] };
}

const dashboard = JSON.parse(
  readFileSync(join(REPO_DIR, 'deploy', 'grafana', 'dashboards', 'judge.json'), 'utf8'),
) as Dashboard;
const SCRAPE_S = 1;
// Grafana's $__rate_interval: four scrape intervals at least.
const RATE_INTERVAL = `${Math.max(4 * SCRAPE_S, 10)}s`;

/** A panel query with the dashboard's variables replaced by their current values, as Grafana sends it. */
function expand(expr: string): string {
  let out = expr.replaceAll('$__rate_interval', RATE_INTERVAL);
  for (const v of dashboard.templating.list) {
    if (v.type === 'textbox') out = out.replaceAll(`$${v.name}`, v.current?.value ?? '');
  }
  expect(out, 'every variable has a value').not.toMatch(/\$\w/);
  return out;
}

const config = testConfig({ workers: 0, logLevel: 'silent' });
let api: TestNode;
let worker: ReturnType<typeof spawnCli>;
let prom: RunningPrometheus;
let started: number;

const PY_SUM = 'a, b = map(int, input().split())\nprint(a + b)\n';
const SUBMISSIONS = [
  { language: 'python', source: PY_SUM, tests: [{ input: '1 2', output: '3' }] },
  { language: 'python', source: PY_SUM, tests: [{ input: '1 2', output: '4' }] },
  {
    language: 'cpp',
    source: '#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a+b;}\n',
    tests: [{ input: '2 2', output: '4' }],
  },
  { language: 'cpp', source: 'int main( {', tests: [{ input: '', output: '' }] },
  { language: 'javascript', source: 'console.log(7)', tests: [{ input: '', output: '7' }] },
];

beforeAll(async () => {
  await requireServices();
  started = Date.now() / 1000;
  api = await startTestNode(config);
  const metricsPort = await freePort();
  const file = writeConfigFile({ ...config, port: undefined, host: '127.0.0.1', workers: 2 } as never);
  // A node without a secret or keys serves this machine only, but the operator's --metrics-host opens the
  // worker's metrics port to a Prometheus elsewhere: it is scraped here on an address that is not loopback.
  worker = spawnCli([
    'worker',
    '--config',
    file,
    '--metrics-port',
    String(metricsPort),
    '--metrics-host',
    '0.0.0.0',
    '--log-level',
    'info',
  ]);
  await eventually(
    async () => worker.lines.some((l) => l.msg === 'started'),
    120_000,
    `the worker: ${worker.output()}`,
  );
  prom = await startPrometheus({
    config: prometheusConfig({
      api: [api.url!],
      workers: [`http://${notLoopback()}:${metricsPort}`],
      scrapeIntervalS: SCRAPE_S,
    }),
    port: await freePort(),
  });
  // Both targets up before the load, so that rates have a sample before and after it.
  await eventually(
    async () => {
      const r = await query('/api/v1/targets', {});
      const targets = (r.data as { activeTargets: { health: string }[] }).activeTargets;
      return targets.length === 2 && targets.every((t) => t.health === 'up');
    },
    30_000,
    'both targets up',
  );
  // Two rounds a few scrapes apart: every series then rises between two scrapes (a rate sees it)
  // whatever the timing of one round.
  for (const round of [1, 2]) {
    for (const body of SUBMISSIONS) {
      const res = await api.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { ...body, source: `${body.source}\n${body.language === 'python' ? '#' : '//'} ${round}` },
      });
      expect(res.status).toBe(200);
      expect((await json<SubmissionResult>(res)).status).toBe('done');
    }
    await new Promise((r) => setTimeout(r, 4 * SCRAPE_S * 1000));
  }
}, 300_000);

afterAll(async () => {
  await prom?.stop();
  if (worker && worker.proc.exitCode === null) {
    const exited = new Promise((r) => worker.proc.once('exit', r));
    worker.proc.kill('SIGTERM');
    await exited;
  }
  await api?.close();
  await dropTestState(config);
});

async function query(path: string, params: Record<string, string>): Promise<{ status: string; data: unknown }> {
  const res = await fetch(`${prom.url}${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as { status: string; data: unknown; error?: string };
  if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${body.error}`);
  return body;
}

async function range(expr: string): Promise<{ metric: Record<string, string>; values: [number, string][] }[]> {
  const r = await query('/api/v1/query_range', {
    query: expr,
    start: String(started),
    end: String(Date.now() / 1000),
    step: String(SCRAPE_S),
  });
  return (r.data as { result: { metric: Record<string, string>; values: [number, string][] }[] }).result;
}

const queries = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, legend: t.legendFormat, expr: t.expr })),
);

describe('the dashboard against a real Prometheus scraping a real node', () => {
  it('holds the six panels of the load plan plus CPU and memory', () => {
    const titles = dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.title);
    for (const title of [
      'Request rate vs target rate',
      'Response time percentiles (to the verdict)',
      'Error rate',
      'Queue depth',
      'Worker utilization',
      'Language distribution',
      'CPU',
      'Memory',
    ]) {
      expect(titles).toContain(title);
    }
    expect(queries.length).toBeGreaterThanOrEqual(20);
  });

  // What the submissions must have moved: not only data, a rise above zero.
  const MOVED = /submissions\/s|judged\/s|^P\d\d$|language|verdict|sandboxes/;

  it.each(queries)('$panel: $legend returns data', async ({ expr, legend }) => {
    const series = await range(expand(expr));
    const points = series.flatMap((s) => s.values.map(([, v]) => Number(v))).filter((v) => Number.isFinite(v));
    expect(points.length, `${expand(expr)} has finite points`).toBeGreaterThan(0);
    if (MOVED.test(legend)) expect(Math.max(...points), `${expand(expr)} rises above 0`).toBeGreaterThan(0);
  });

  it('shows what was judged: the languages and verdicts submitted, both processes, both slots', async () => {
    const moved = (series: { values: [number, string][] }[]) =>
      series.filter((s) => s.values.some(([, v]) => Number(v) > 0));
    const languages = await range(expand(queries.find((q) => q.panel === 'Language distribution')!.expr));
    // Every installed language has a series (at 0 until its first submission); three moved.
    expect(languages.length).toBeGreaterThanOrEqual(12);
    expect(
      moved(languages)
        .map((s) => s.metric.language)
        .sort(),
    ).toEqual(['cpp', 'javascript', 'python']);
    const verdicts = await range(expand(queries.find((q) => q.panel === 'Verdicts')!.expr));
    expect(verdicts.map((s) => s.metric.verdict).sort()).toEqual(['AC', 'CE', 'WA']);
    const utilization = await range(expand(queries.find((q) => q.legend === '{{instance}}')!.expr));
    // The worker's instance, scraped on the address that is not loopback.
    expect(utilization.map((s) => s.metric.instance)).toEqual([
      expect.stringMatching(new RegExp(`^${notLoopback().replaceAll('.', '\\.')}:\\d+$`)),
    ]);
    const memory = await range(expand(queries.find((q) => q.panel === 'Memory')!.expr));
    expect(memory).toHaveLength(2);
  });

  it('evaluates every rule of rules.yml without error, and no alert fires on this healthy node', async () => {
    const r = await query('/api/v1/rules', {});
    const rules = (r.data as { groups: { rules: { name: string; health: string; lastError?: string }[] }[] }).groups
      .flatMap((g) => g.rules)
      .map((x) => ({ name: x.name, health: x.health, error: x.lastError ?? '' }));
    expect(rules.length).toBeGreaterThanOrEqual(19);
    await eventually(
      async () => {
        const again = await query('/api/v1/rules', {});
        const all = (again.data as { groups: { rules: { health: string }[] }[] }).groups.flatMap((g) => g.rules);
        return all.every((x) => x.health === 'ok');
      },
      10_000,
      `every rule evaluated: ${JSON.stringify(rules.filter((x) => x.health !== 'ok'))}`,
    );
    const firing = await query('/api/v1/query', { query: 'ALERTS{alertstate="firing"}' });
    expect((firing.data as { result: unknown[] }).result).toEqual([]);
  });
});

/** An IPv4 address of this machine that is not loopback (Docker's bridge at least). */
function notLoopback(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('no network interface but loopback: the worker metrics test needs one');
  return found.address;
}
