// End to end: a plain HTTP client, curl and `judge submit` → wrangler dev (this edge) → a real
// judge node (JUDGE_NODE_URL, with JUDGE_NODE_SECRET when it checks signatures) → verdict.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey, verifyCallback } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_DIR, startWranglerDev, type WranglerDev } from './support/wrangler-dev.js';

const run = promisify(execFile);
const NODE_URL = process.env.JUDGE_NODE_URL;
// A node without a secret takes unsigned loopback requests; the edge signs with a placeholder then.
const NODE_SECRET = process.env.JUDGE_NODE_SECRET || 'e2e-unused-secret-0123456789';
// The node's callback secret, with its callbackAllowPrivate on (scripts/e2e-edge.sh sets both).
const CALLBACK_SECRET = process.env.JUDGE_NODE_CALLBACK_SECRET;
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

  it("judges Judge0's documented submission through the edge: token with the region, wait, fields, batch", async () => {
    const HELLO_C =
      '#include <stdio.h>\n\nint main(void) {\n  char name[10];\n  scanf("%s", name);\n  printf("hello, %s\\n", name);\n  return 0;\n}';
    const post = (path: string, body: unknown) =>
      fetch(`${edge.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const waited = await post('/submissions?wait=true', {
      source_code: HELLO_C,
      language_id: 50,
      stdin: 'Judge0',
      expected_output: 'hello, Judge0',
    });
    expect(waited.status).toBe(201);
    const done = (await waited.json()) as { token: string; stdout: string; status: { id: number } };
    expect(done).toMatchObject({ stdout: 'hello, Judge0\n', status: { id: 3, description: 'Accepted' } });
    expect(done.token).toMatch(/^e2e\./);
    const again = await fetch(
      `${edge.url}/submissions/${done.token}?base64_encoded=true&fields=token,stdout,status_id`,
    );
    const shown = (await again.json()) as { token: string; stdout: string; status_id: number };
    expect(shown).toMatchObject({ token: done.token, status_id: 3 });
    expect(Buffer.from(shown.stdout, 'base64').toString()).toBe('hello, Judge0\n');
    const unknown = await post('/submissions', { source_code: HELLO_C, language_id: 150000 });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toEqual({ language_id: ["language with id 150000 doesn't exist"] });

    const batch = await post('/submissions/batch', {
      submissions: [
        { language_id: 46, source_code: 'echo hello from Bash' },
        { language_id: 71, source_code: 'print("hello from Python")' },
      ],
    });
    expect(batch.status).toBe(201);
    const tokens = ((await batch.json()) as { token: string }[]).map((t) => t.token);
    const read = async () =>
      (await (
        await fetch(`${edge.url}/submissions/batch?tokens=${tokens.join(',')}&fields=token,stdout,status_id`)
      ).json()) as {
        submissions: { token: string; stdout: string; status_id: number }[];
      };
    let got = await read();
    for (let i = 0; i < 120 && !got.submissions.every((s) => s.status_id === 3); i++) {
      await new Promise((r) => setTimeout(r, 500));
      got = await read();
    }
    expect(got.submissions).toEqual([
      { token: tokens[0], stdout: 'hello from Bash\n', status_id: 3 },
      { token: tokens[1], stdout: 'hello from Python\n', status_id: 3 },
    ]);
  });

  it('judges a program of several files with arguments, stopping at the first failure, through the edge', async () => {
    const res = await fetch(`${edge.url}/v1/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        language: 'python',
        source: 'import sys, ops\na, b = map(int, open(0).read().split())\nprint(ops.apply(sys.argv[1], a, b))\n',
        files: [{ name: 'ops.py', content: 'def apply(op, a, b):\n    return a - b if op == "minus" else a + b\n' }],
        args: ['minus'],
        tests: [...TESTS, { input: '5 5\n', output: '10\n' }],
        stopOnFailure: true,
      }),
    });
    const result = (await res.json()) as { verdict: string; tests: { verdict: string }[] };
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result.verdict).toBe('WA');
    expect(result.tests.map((t) => t.verdict)).toEqual(['WA', 'SKIP', 'SKIP']);
    const piston = await fetch(`${edge.url}/api/v2/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        language: 'python',
        version: '*',
        files: [
          { content: 'import sys, ops\nprint(ops.apply(sys.argv[1], 2, 3))\n' },
          { name: 'ops.py', content: 'def apply(op, a, b):\n    return a * b\n' },
        ],
        args: ['times'],
      }),
    });
    expect(((await piston.json()) as { run: { stdout: string } }).run.stdout).toBe('6\n');
  });

  it('judges several files with `judge submit --args --stop-on-failure` through the edge', async () => {
    const cli = join(EDGE_DIR, '..', 'cli', 'bin', 'run.js');
    const dir = mkdtempSync(join(tmpdir(), 'judge-e2e-multi-'));
    const main = join(dir, 'main.py');
    const mod = join(dir, 'ops.py');
    writeFileSync(
      main,
      'import sys, ops\na, b = map(int, open(0).read().split())\nprint(ops.apply(sys.argv[1], a, b))\n',
    );
    writeFileSync(mod, 'def apply(op, a, b):\n    return a + b if op == "plus" else a - b\n');
    const tests = join(EDGE_DIR, '..', 'testcases', 'aplusb');
    const { JUDGE_ENDPOINT: _endpoint, JUDGE_API_KEY: _key, ...cliEnv } = process.env;
    const args = (op: string) => [
      cli,
      'submit',
      main,
      mod,
      '--endpoint',
      edge.url,
      '--tests',
      tests,
      '--args',
      op,
      '--stop-on-failure',
      '--json',
    ];
    const env = { ...cliEnv, XDG_CONFIG_HOME: join(dir, 'config') };
    const { stdout } = await run(process.execPath, args('plus'), { env, timeout: 90_000 });
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'AC', score: 100 });
    const failed = await run(process.execPath, args('minus'), { env, timeout: 90_000 }).catch(
      (e: { stdout: string }) => e,
    );
    const wrong = JSON.parse(failed.stdout) as { verdict: string; tests: { verdict: string }[] };
    rmSync(dir, { recursive: true, force: true });
    expect(wrong.verdict).toBe('WA');
    expect(wrong.tests.at(-1)?.verdict).toBe('SKIP');
  });

  it('sends signed callbacks of submissions made through the edge, in both APIs', async () => {
    if (!CALLBACK_SECRET)
      throw new Error('JUDGE_NODE_CALLBACK_SECRET is not set: start the node as scripts/e2e-edge.sh does');
    const got: { method: string; url: string; headers: Headers; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: new Headers(req.headers as Record<string, string>),
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const native = await fetch(`${edge.url}/v1/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: LANGUAGE, source: SOLUTION, tests: TESTS, callbackUrl: `${origin}/native` }),
      });
      expect(native.status).toBe(202);
      const judge0 = await fetch(`${edge.url}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          language_id: 71,
          source_code: 'print("called back")',
          callback_url: `${origin}/judge0`,
        }),
      });
      expect(judge0.status).toBe(201);
      for (let i = 0; i < 240 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 250));
      const byPath = Object.fromEntries(got.map((g) => [g.url, g]));
      expect(byPath['/native']?.method).toBe('POST');
      expect(JSON.parse(byPath['/native']!.body)).toMatchObject({ status: 'done', verdict: 'AC' });
      expect(byPath['/judge0']?.method).toBe('PUT');
      expect(Buffer.from(JSON.parse(byPath['/judge0']!.body).stdout, 'base64').toString()).toBe('called back\n');
      for (const g of got) expect(await verifyCallback(CALLBACK_SECRET, g.headers, g.body)).toEqual({ ok: true });
    } finally {
      receiver.close();
    }
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
