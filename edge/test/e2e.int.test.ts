// End to end: a plain HTTP client, curl and `judge submit` → wrangler dev (this edge) → a real
// judge node (JUDGE_NODE_URL, with JUDGE_NODE_SECRET when it checks signatures) → verdict.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_DIR, startWranglerDev, type WranglerDev } from './support/wrangler-dev.js';

const run = promisify(execFile);
const NODE_URL = process.env.JUDGE_NODE_URL;
// A node without a secret takes unsigned loopback requests; the edge signs with a placeholder then.
const NODE_SECRET = process.env.JUDGE_NODE_SECRET || 'e2e-unused-secret-0123456789';
// The node's admin token: the edge passes an admin key's problem uploads on with it.
const NODE_ADMIN_TOKEN = process.env.JUDGE_NODE_ADMIN_TOKEN;
/** An admin API key of this edge (the edge keeps its SHA-256), for `judge problem push`. */
const ADMIN_KEY = `e2e-admin-key-${Math.random().toString(36).slice(2)}`;
const LANGUAGE = process.env.JUDGE_E2E_LANGUAGE || 'python';
const SOLUTION = 'a, b = map(int, open(0).read().split())\nprint(a + b)\n';
const WRONG = 'a, b = map(int, open(0).read().split())\nprint(a - b)\n';
const TESTS = [
  { input: '1 2\n', output: '3\n' },
  { input: '40 2\n', output: '42\n' },
];

if (!NODE_URL && process.env.CI) {
  describe('edge end to end', () => {
    it('has a judge node to run against', () => {
      throw new Error('JUDGE_NODE_URL is not set: CI must run the end-to-end test against a judge node');
    });
  });
} else if (!NODE_URL) {
  console.warn(
    'edge e2e: JUDGE_NODE_URL is not set, skipping (start a node, then JUDGE_NODE_URL=http://127.0.0.1:3000)',
  );
}

describe.skipIf(!NODE_URL)('edge end to end', () => {
  let edge: WranglerDev;

  beforeAll(async () => {
    const regions = [{ id: 'e2e', url: NODE_URL, lat: 50, lon: 8, adminToken: NODE_ADMIN_TOKEN }];
    const keys = [{ name: 'e2e-admin', sha256: await hashApiKey(ADMIN_KEY), plan: 'standard', admin: true }];
    edge = await startWranglerDev({
      REGIONS: JSON.stringify(regions),
      NODE_SECRET_E2E: NODE_SECRET,
      API_KEYS: JSON.stringify(keys),
    });
  });

  afterAll(async () => {
    await edge?.stop();
  });

  it('shows the node as a healthy region', async () => {
    const res = await fetch(`${edge.url}/health`);
    const body = (await res.json()) as { regions: { id: string; healthy: boolean }[] };
    expect(body.regions, edge.output()).toEqual([expect.objectContaining({ id: 'e2e', healthy: true })]);
    expect(res.status).toBe(200);
  });

  it('judges a submission with ?wait=true and serves the result under the region id', async () => {
    const res = await fetch(`${edge.url}/v1/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: LANGUAGE, source: SOLUTION, tests: TESTS }),
    });
    const result = (await res.json()) as { id: string; status: string; verdict: string; score: number };
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ status: 'done', verdict: 'AC', score: 100 });
    expect(result.id).toMatch(/^e2e\./);
    expect(res.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    const again = await fetch(`${edge.url}/v1/submissions/${result.id}`);
    expect(await again.json()).toMatchObject({ id: result.id, verdict: 'AC' });
  });

  it('streams the events of a submission to its end', async () => {
    const res = await fetch(`${edge.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: LANGUAGE, source: SOLUTION, tests: TESTS }),
    });
    const { id } = (await res.json()) as { id: string };
    expect(res.status).toBe(202);
    const events = await fetch(`${edge.url}/v1/submissions/${id}/events`, { signal: AbortSignal.timeout(60_000) });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const text = await events.text();
    expect(text).toContain('done');
    expect(text).toContain(`"id":"${id}"`);
  });

  it('judges with plain curl: a wrong answer is WA', async () => {
    const body = JSON.stringify({ language: LANGUAGE, source: WRONG, tests: TESTS });
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '--data-binary',
      body,
      '-w',
      '\n%{http_code}',
      `${edge.url}/v1/submissions?wait=true`,
    ]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('200');
    expect(JSON.parse(lines.slice(0, -1).join('\n'))).toMatchObject({ status: 'done', verdict: 'WA' });
  });

  it('rejects a bad request at the edge with the issues listed', async () => {
    const res = await fetch(`${edge.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: LANGUAGE }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues.length).toBeGreaterThan(0);
  });

  it('judges with `judge submit` through the edge', async () => {
    const cli = join(EDGE_DIR, '..', 'cli', 'bin', 'run.js');
    expect(existsSync(join(EDGE_DIR, '..', 'cli', 'dist')), 'build the CLI first: npm run build').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'judge-e2e-'));
    const file = join(dir, 'main.py');
    writeFileSync(file, SOLUTION);
    const tests = join(EDGE_DIR, '..', 'testcases', 'aplusb');
    const { JUDGE_ENDPOINT: _endpoint, JUDGE_API_KEY: _key, ...cliEnv } = process.env;
    const { stdout } = await run(
      process.execPath,
      [cli, 'submit', file, '--endpoint', edge.url, '--tests', tests, '--language', LANGUAGE, '--json'],
      { env: { ...cliEnv, XDG_CONFIG_HOME: join(dir, 'config') }, timeout: 90_000 },
    );
    rmSync(dir, { recursive: true, force: true });
    const result = JSON.parse(stdout) as { id: string; verdict: string };
    expect(result.verdict).toBe('AC');
    expect(result.id).toMatch(/^e2e\./);
  });

  it('pushes an interactive problem through the edge and judges it with `judge submit --problem`', async () => {
    expect(
      NODE_ADMIN_TOKEN,
      'JUDGE_NODE_ADMIN_TOKEN: the node needs an admin token (scripts/e2e-edge.sh sets one)',
    ).toBeTruthy();
    const repo = join(EDGE_DIR, '..');
    const dir = mkdtempSync(join(tmpdir(), 'judge-e2e-'));
    const { JUDGE_ENDPOINT: _endpoint, JUDGE_API_KEY: _key, JUDGE_ADMIN_TOKEN: _token, ...cliEnv } = process.env;
    const env = { ...cliEnv, XDG_CONFIG_HOME: join(dir, 'config') };
    const judge = (args: string[]) =>
      run(process.execPath, [join(repo, 'cli', 'bin', 'run.js'), ...args, '--endpoint', edge.url, '--json'], {
        env,
        timeout: 120_000,
      }).catch((e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? '', code: e.code }));
    try {
      const pushed = await judge(['problem', 'push', join(repo, 'testcases', 'guess'), '--api-key', ADMIN_KEY]);
      expect(JSON.parse(pushed.stdout), pushed.stdout).toMatchObject({ id: 'guess', tests: 5 });
      const info = (await (await fetch(`${edge.url}/v1/problems/guess`)).json()) as { interactive?: boolean };
      expect(info.interactive).toBe(true);
      const solutions = join(repo, 'testcases', 'guess', 'solutions');
      const ac = await judge(['submit', join(solutions, 'ac.py'), '--problem', 'guess']);
      expect(JSON.parse(ac.stdout), ac.stdout).toMatchObject({ verdict: 'AC', score: 100, problem: 'guess' });
      const wa = await judge(['submit', join(solutions, 'wa.py'), '--problem', 'guess']);
      expect(JSON.parse(wa.stdout), wa.stdout).toMatchObject({ verdict: 'WA', problem: 'guess' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
