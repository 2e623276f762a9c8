import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubmissionResult } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI against a real judge node (`judge serve` in its own process):
// pushing a problem, remote judging with live progress, status.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'cli', 'bin', 'run.js');
const PORT = 3000 + (process.pid % 1000) + 2000;
const URL_ = `http://127.0.0.1:${PORT}`;
const ADMIN = 'cli-remote-admin-token';
const tag = `cli${process.pid}`;
const env = {
  ...process.env,
  XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'judge-cli-remote-')),
  JUDGE_ADMIN_TOKEN: ADMIN,
  JUDGE_QUEUE: `${tag}-jobs`,
  JUDGE_DATABASE_SCHEMA: tag,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge',
  JUDGE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'judge-cli-remote-cache-')),
};
let server: ChildProcess;
let serverLog = '';

function judge(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  server = spawn(process.execPath, [BIN, 'serve', '--port', String(PORT), '--host', '127.0.0.1', '--workers', '2'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => (serverLog += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverLog += b.toString()));
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${URL_}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`judge serve did not become healthy:\n${serverLog}`);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  spawnSync('su', ['postgres', '-c', `psql -qd judge -c 'drop schema if exists ${tag} cascade'`]);
  spawnSync('sh', ['-c', `redis-cli --scan --pattern 'bull:${tag}-jobs:*' | xargs -r redis-cli del`]);
});

describe('judge against a node', () => {
  it('pushes a problem (admin token), then judges against it remotely with live progress', () => {
    const noToken = spawnSync(
      process.execPath,
      [BIN, 'problem', 'push', 'testcases/aplusb', '-e', URL_, '--token', 'wrong'],
      {
        cwd: REPO,
        env,
        encoding: 'utf8',
      },
    );
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain('answered 401');

    const push = judge(['problem', 'push', 'testcases/aplusb', '--endpoint', URL_]);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/^(created|replaced) aplusb/);

    const sub = judge(['submit', 'testcases/aplusb/solutions/wa-int32.cpp', '--problem', 'aplusb', '--endpoint', URL_]);
    expect(sub.code, sub.stderr).toBe(1);
    expect(sub.stderr).toContain('test 1/');
    expect(sub.stdout).toMatch(/^WA\s+score/m);

    const json = judge(['submit', 'testcases/aplusb/solutions/ac.py', '--problem', 'aplusb', '-e', URL_, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as SubmissionResult;
    expect(result).toMatchObject({ status: 'done', verdict: 'AC', score: 100, problem: 'aplusb' });
    // Hidden tests' output never comes back; the sample's does.
    expect(result.tests[0]!.stdout).toBe('3\n');
    expect(result.tests.slice(1).every((t) => t.stdout === undefined)).toBe(true);

    const status = judge(['status', result.id, '--endpoint', URL_, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: result.id, verdict: 'AC' });
  });

  it('sends --tests inline to a remote node and follows the configured endpoint', () => {
    expect(judge(['config', 'set', 'endpoint', URL_]).code).toBe(0);
    const r = judge(['submit', 'testcases/circle/solutions/ac.py', '--tests', 'testcases/circle']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^AC\s+score 100/m);
    const local = judge([
      'submit',
      'testcases/circle/solutions/wa-rounded.py',
      '--tests',
      'testcases/circle',
      '--local',
    ]);
    expect(local.code).toBe(1);
  });
});
