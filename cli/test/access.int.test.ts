import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubmissionResult } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `judge` against a node used directly, as a user would: a real `judge serve` with an HMAC secret and API keys
// of its own (real Redis, PostgreSQL, Docker), reached with a key from each place the CLI takes one, by
// signing with the secret, and by curl.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'cli', 'bin', 'run.js');
const KEY = 'sk-cli-user-key';
const ADMIN_KEY = 'sk-cli-admin-key';
const SECRET = 'cli-access-test-secret';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tag = `cliaccess${process.pid}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const port = await freePort();
const URL_ = `http://127.0.0.1:${port}`;
const base: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'judge-cli-access-')) };
for (const name of ['JUDGE_ENDPOINT', 'JUDGE_API_KEY', 'JUDGE_HMAC_SECRET', 'JUDGE_ADMIN_TOKEN']) delete base[name];
let server: ChildProcess;
let serverLog = '';

function judge(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const submit = (...extra: string[]) => [
  'submit',
  'testcases/aplusb/solutions/ac.py',
  '--tests',
  'testcases/aplusb',
  ...extra,
];

beforeAll(async () => {
  const keys = [
    { name: 'user', sha256: sha256(KEY), plan: 'standard' },
    { name: 'ops', sha256: sha256(ADMIN_KEY), plan: 'standard', admin: true },
  ];
  server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--workers', '1'], {
    cwd: REPO,
    env: {
      ...base,
      JUDGE_HMAC_SECRET: SECRET,
      JUDGE_API_KEYS: JSON.stringify(keys),
      JUDGE_QUEUE: `${tag}-jobs`,
      JUDGE_DATABASE_SCHEMA: tag,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge',
      JUDGE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'judge-cli-access-cache-')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => (serverLog += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverLog += b.toString()));
  for (let i = 0; i < 480; i++) {
    const ok = await fetch(`${URL_}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`judge serve did not become healthy:\n${serverLog}`);
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  spawnSync('su', ['postgres', '-c', `psql -qd judge -c 'drop schema if exists ${tag} cascade'`]);
  spawnSync('sh', ['-c', `redis-cli --scan --pattern 'bull:${tag}-jobs:*' | xargs -r redis-cli del`]);
});

describe('judge against a node with an HMAC secret and API keys', () => {
  it('says how to authenticate when it has nothing to send', () => {
    const r = judge(submit('-e', URL_));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('answered 401');
    expect(r.stderr).toContain('--api-key, JUDGE_API_KEY or `judge config set apiKey`');
  });

  it('sends the API key from --api-key, JUDGE_API_KEY or the config file', () => {
    const ways: [string[], NodeJS.ProcessEnv][] = [
      [submit('-e', URL_, '--api-key', KEY, '--json'), {}],
      [submit('-e', URL_, '--json'), { JUDGE_API_KEY: KEY }],
    ];
    for (const [args, env] of ways) {
      const r = judge(args, env);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as SubmissionResult).verdict).toBe('AC');
    }
    expect(judge(['config', 'set', 'apiKey', KEY]).code).toBe(0);
    expect(judge(['config', 'set', 'endpoint', URL_]).code).toBe(0);
    try {
      expect(judge(['config', 'get']).stdout).toContain('apiKey = (set)');
      const r = judge(submit('--json'));
      expect(r.code, r.stderr).toBe(0);
      const { id } = JSON.parse(r.stdout) as SubmissionResult;
      const status = judge(['status', id, '--json']);
      expect(status.code, status.stderr).toBe(0);
      // A wrong key from the command line wins over the file's, and is refused.
      const wrong = judge(['status', id, '--api-key', 'sk-nobody']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('unknown API key');
    } finally {
      judge(['config', 'set', 'apiKey', '--unset']);
      judge(['config', 'set', 'endpoint', '--unset']);
    }
  });

  it('signs with the HMAC secret, as the edge does', () => {
    const r = judge(submit('-e', URL_, '--json'), { JUDGE_HMAC_SECRET: SECRET });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as SubmissionResult).verdict).toBe('AC');
    const wrong = judge(submit('-e', URL_), { JUDGE_HMAC_SECRET: 'not-the-secret-0123' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('signature is wrong');
  });

  it('pushes a problem with an admin key, not with another', () => {
    const plain = judge(['problem', 'push', 'testcases/aplusb', '-e', URL_, '--api-key', KEY]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('API key user may not upload problems');
    const admin = judge(['problem', 'push', 'testcases/aplusb', '-e', URL_, '--api-key', ADMIN_KEY]);
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toMatch(/^(created|replaced) aplusb/);
    const none = judge(['problem', 'push', 'testcases/aplusb', '-e', URL_]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no admin credentials');
  });

  it('answers curl with a key, and refuses it without one', () => {
    const run = (args: string[]) => spawnSync('curl', ['-s', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' });
    const ok = run(['-H', `Authorization: Bearer ${KEY}`, `${URL_}/v1/languages`]);
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('200');
    const refused = run([`${URL_}/v1/languages`]);
    expect(refused.stdout.trim().split('\n').at(-1)).toBe('401');
  });

  it('names the variable or the flag that holds a bad value', () => {
    const env = judge(['status', 'x'], { JUDGE_ENDPOINT: 'not a url' });
    expect(env.code).toBe(2);
    expect(env.stderr.trim()).toBe('judge: JUDGE_ENDPOINT: an http:// or https:// URL');
    const flag = judge(['status', 'x', '--endpoint', 'ftp://x']);
    expect(flag.stderr.trim()).toBe('judge: --endpoint: an http:// or https:// URL');
  });
});
