// A real judge node (`judge serve` in its own process, Redis and PostgreSQL of this machine,
// a queue and schema of its own) and the harness's CLI, for the integration tests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const JUDGE = join(REPO, 'cli', 'bin', 'run.js');
const LOAD = join(REPO, 'loadtest', 'dist', 'cli.js');
const EDGE = join(REPO, 'loadtest', 'dist', 'edge.js');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface TestNode {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

async function healthy(url: string, child: ChildProcess, log: () => string, path = '/health'): Promise<void> {
  for (let i = 0; i < 480; i++) {
    const ok = await fetch(`${url}${path}`).then(
      // A node without worker slots answers 503: it is up all the same.
      () => true,
      () => false,
    );
    if (ok) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up:\n${log()}`);
}

/** `judge serve` on a free port with its own queue, schema and caches. */
export async function startNode(workers: number): Promise<TestNode> {
  const tag = `lt${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const port = await freePort();
  const dirs = [mkdtempSync(join(tmpdir(), 'judge-load-node-')), mkdtempSync(join(tmpdir(), 'judge-load-cache-'))];
  const child = spawn(
    process.execPath,
    [JUDGE, 'serve', '--port', String(port), '--host', '127.0.0.1', '--workers', String(workers)],
    {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge',
        JUDGE_QUEUE: `${tag}-jobs`,
        JUDGE_DATABASE_SCHEMA: tag,
        JUDGE_DATA_DIR: dirs[0],
        JUDGE_CACHE_DIR: dirs[1],
        JUDGE_HMAC_SECRET: '',
        JUDGE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  await healthy(url, child, () => out);
  return {
    url,
    log: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      spawnSync('su', ['postgres', '-c', `psql -qd judge -c 'drop schema if exists ${tag} cascade'`]);
      spawnSync('sh', ['-c', `redis-cli --scan --pattern 'bull:${tag}-jobs:*' | xargs -r redis-cli del >/dev/null`]);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface TestEdge {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** `npm run load:edge`: the edge under Miniflare in front of the node. */
export async function startEdge(node: string): Promise<TestEdge> {
  const port = await freePort();
  const child = spawn(process.execPath, [EDGE, '--node', node, '--port', String(port)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  await healthy(url, child, () => out);
  for (let i = 0; i < 100 && !/API_KEY=(\S+)/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const apiKey = /API_KEY=(\S+)/.exec(out)?.[1];
  if (!apiKey) throw new Error(`load:edge printed no key:\n${out}`);
  return {
    url,
    apiKey,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

export interface LoadRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run load -- …` as a user runs it. */
export function load(args: string[], env: NodeJS.ProcessEnv = {}): Promise<LoadRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [LOAD, ...args], {
      cwd: REPO,
      env: { ...process.env, API_KEY: '', JUDGE_HMAC_SECRET: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}
