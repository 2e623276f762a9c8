import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../src/analyze.js';
import { loadPlan, offeredCount, type ScenarioName, segments } from '../src/plan.js';
import { type ArrivalRecord, readRecords } from '../src/records.js';
import { freePort, type LoadRun, load, REPO, startEdge, startNode, type TestNode } from './support.js';

// Short real runs of the harness against a real judge node (`judge serve`, 2 worker slots,
// Redis, PostgreSQL, Docker sandboxes), through the CLI as a user types it. Rates and durations
// are scaled down to seconds; what is checked is what the harness did, not how fast this
// machine judges: exit code and summary agree, every arrival is accounted for.

const { plan } = loadPlan();
let node: TestNode;

beforeAll(async () => {
  node = await startNode(2);
});

afterAll(async () => {
  await node?.stop();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'judge-load-run-'));
const expected = (s: ScenarioName, rs: number, ds: number) =>
  offeredCount(segments(plan.scenarios[s].arrivals, rs, ds));

function summaryOf(dir: string, run: LoadRun): Summary {
  let s: Summary;
  try {
    s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    throw new Error(`no summary.json: exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  }
  // Exit 0 exactly when every criterion passed, 1 when one failed.
  expect(run.code, run.stderr).toBe(s.pass ? 0 : 1);
  expect(s.pass).toBe(s.criteria.every((c) => c.pass));
  return s;
}

function expectAccounted(s: Summary, records: ArrivalRecord[], n: number) {
  expect(s.offered).toBe(n);
  expect(records.map((r) => r.k)).toEqual(Array.from({ length: n }, (_, k) => k));
  expect(s.offered).toBe(s.accepted + s.otherVerdicts + s.httpErrors + s.connectionErrors + s.timedOut + s.dropped);
}

describe('npm run load refuses what it cannot run', () => {
  it('bad usage: exit 2, one line', async () => {
    const r = await load(['burst', '--rate-scale', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("load: --rate-scale must be a number > 0 or auto (got 'lots')\n");
  });

  it('the pre-test checklist: a node without worker slots, a node that does not answer', async () => {
    const idle = await startNode(0);
    try {
      const r = await load(['burst', '--target', idle.url, '--out', tmp()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/FAIL {2}workers: no worker slots are alive on the queue/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^load: the pre-test checklist failed: .*workers: no worker slots/);
    } finally {
      await idle.stop();
    }
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const r = await load(['sustained', '--target', nobody, '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^load: the pre-test checklist failed: node health: .* does not answer/);
  });
});

describe('short real runs against a node', () => {
  it('burst: every arrival offered on schedule and judged; summary, Locust CSVs, report and PNG charts', async () => {
    const dir = tmp();
    const run = await load([
      'burst',
      '--target',
      node.url,
      '--rate-scale',
      '0.03',
      '--duration-scale',
      '0.25',
      '--out',
      dir,
    ]);
    const s = summaryOf(dir, run);
    const n = expected('burst', 0.03, 0.25);
    expect(n).toBe(8);
    expectAccounted(s, readRecords(join(dir, 'records.jsonl')), n);
    // The programs are right and the node is healthy: every one is AC, whatever the speed.
    expect(s.accepted).toBe(n);
    expect(s.criteria.map((c) => [c.id, typeof c.value])).toEqual([
      ['success_rate', 'number'],
      ['p95', 'number'],
      ['p99', 'number'],
      ['error_rate', 'number'],
      ['generator_on_schedule', 'number'],
    ]);
    expect(s.sources.missing).not.toContain('code_execution_queue_depth');
    expect(s.node.workerSlots).toBe(2);
    // Locust's statistics: one SUBMIT entry per submission, polls not counted.
    const csv = readFileSync(join(dir, 'locust_stats.csv'), 'utf8').trim().split('\n');
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['SUBMIT', '']));
    expect(rows.find((r) => r[1] === 'Aggregated')![2]).toBe(String(n));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Burst: 1000 submissions in one minute');
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual(
      ['errors', 'languages', 'latency', 'node', 'queue', 'rate', 'reads', 'resources', 'workers'].map(
        (c) => `burst-${c}.png`,
      ),
    );
    expect(run.stdout).toMatch(/PASS|FAIL/);
  });

  it('compilation: sources vary per submission, so none is answered from the compile cache', async () => {
    const dir = tmp();
    const run = await load([
      'compilation',
      '--target',
      node.url,
      '--rate-scale',
      '0.003',
      '--duration-scale',
      '0.05',
      '--out',
      dir,
    ]);
    const s = summaryOf(dir, run);
    expectAccounted(s, readRecords(join(dir, 'records.jsonl')), expected('compilation', 0.003, 0.05));
    expect(s.compileCacheHitRate).toBe(0);
    expect(Object.keys(s.byLanguage).every((l) => ['cpp', 'c', 'java', 'rust', 'go'].includes(l))).toBe(true);
    expect(s.criteria.map((c) => c.id)).toEqual([
      'success_rate',
      'p95_simple',
      'p95_medium',
      'p95_complex',
      'compile_errors',
      'generator_on_schedule',
    ]);
    expect(readdirSync(join(dir, 'charts'))).toContain('compilation-complexity.png');
  });

  it('soak: memory, handles, containers and queue depth are measured from the node', async () => {
    const dir = tmp();
    const run = await load([
      'soak',
      '--target',
      node.url,
      '--rate-scale',
      '0.02',
      '--duration-scale',
      '0.01',
      '--out',
      dir,
    ]);
    const s = summaryOf(dir, run);
    expectAccounted(s, readRecords(join(dir, 'records.jsonl')), expected('soak', 0.02, 0.01));
    for (const id of ['memory_flat', 'handles_flat', 'containers_flat', 'queue_flat', 'p95_drift']) {
      const c = s.criteria.find((x) => x.id === id)!;
      expect(c.value, `${id}: ${c.note}`).not.toBeNull();
    }
    expect(s.sources.containers).toMatch(/owned by the node's process/);
  });

  it('a Locust master and two workers share the arrivals; --rate-scale auto takes 0.8 of the rate cached for the target', async () => {
    const cache = tmp();
    mkdirSync(join(cache, 'judge'), { recursive: true });
    const calibration = {
      target: node.url,
      node: node.url,
      workerSlots: 2,
      locustWorkers: 2,
      stepS: 15,
      groups: { burst: { scenario: 'burst', maxRps: 0.625, reachedPlanRate: false, steps: [], measuredAt: '' } },
    };
    writeFileSync(join(cache, 'judge', 'load-calibration.json'), JSON.stringify({ [node.url]: calibration }));
    const dir = tmp();
    const args = ['--rate-scale', 'auto', '--duration-scale', '0.25', '--workers', '2', '--out', dir];
    const run = await load(['burst', '--target', node.url, ...args], { XDG_CACHE_HOME: cache });
    const s = summaryOf(dir, run);
    expect(s.rateScale).toBeCloseTo((0.8 * 0.625) / (1000 / 60));
    expect(run.stdout).toMatch(/--rate-scale auto = 0\.0300/);
    expect(s.locustWorkers).toBe(2);
    const n = expected('burst', s.rateScale, 0.25);
    expectAccounted(s, readRecords(join(dir, 'records.jsonl')), n);
    expect(readFileSync(join(dir, 'locust.log'), 'utf8')).toMatch(/2 workers share the arrivals/);
    // The workers' statistics reached the master's CSV.
    const csv = readFileSync(join(dir, 'locust_stats.csv'), 'utf8');
    expect(csv).toContain(`,Aggregated,${n},`);
  });

  it('through the edge (Miniflare, a loadtest key): the same run, and what the edge adds', async () => {
    const edge = await startEdge(node.url);
    try {
      const noNode = await load(['burst', '--target', edge.url, '--api-key', edge.apiKey]);
      expect(noNode.code).toBe(2);
      expect(noNode.stderr).toMatch(/is an edge: give --node URL/);
      const badKey = await load([
        'burst',
        '--target',
        edge.url,
        '--node',
        node.url,
        '--api-key',
        'jk_wrong',
        '--out',
        tmp(),
      ]);
      expect(badKey.code).toBe(2);
      expect(badKey.stderr).toMatch(/languages: .* refused the API key/);

      const dir = tmp();
      const run = await load([
        'burst',
        '--target',
        edge.url,
        '--node',
        node.url,
        '--api-key',
        edge.apiKey,
        '--rate-scale',
        '0.03',
        '--duration-scale',
        '0.25',
        '--out',
        dir,
      ]);
      const s = summaryOf(dir, run);
      expect(s.throughEdge).toBe(true);
      expectAccounted(s, readRecords(join(dir, 'records.jsonl')), expected('burst', 0.03, 0.25));
      expect(s.accepted).toBe(s.offered);
      expect(s.node.edgeAddedMs.count).toBeGreaterThan(3);
      expect(s.outsideNodeMs.count).toBe(s.offered);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('edge added to a read (paired probes)');
    } finally {
      await edge.stop();
    }
  });
});

describe("the plan's own Locust command", () => {
  it('runs as written (scaled down by the environment) and ends when its arrivals are judged', async () => {
    const dir = tmp();
    const r = await new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn(
        'locust',
        [
          '-f',
          'loadtest/locust/locustfile.py',
          `--host=${node.url}`,
          '--headless',
          '-u',
          '50',
          '-r',
          '50',
          '--run-time',
          '1m',
          '-T',
          'burst',
          '--csv',
          join(dir, 'results'),
        ],
        { cwd: REPO, env: { ...process.env, JUDGE_RATE_SCALE: '0.03', JUDGE_DURATION_SCALE: '0.1' } },
      );
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.stdout.resume();
      child.on('exit', (code) => done({ code, err }));
    });
    expect(r.code, r.err).toBe(0);
    const n = expected('burst', 0.03, 0.1);
    expect(r.err).toContain(`judge: offered ${n}, sent ${n}, AC ${n}`);
    expect(r.err).toContain('schedule offered and drained: stopping');
    expect(readFileSync(join(dir, 'results_stats.csv'), 'utf8')).toContain('SUBMIT,');
  });
});
