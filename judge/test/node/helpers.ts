import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type NodeConfig, type NodeConfigInput, NodeConfigSchema } from '../../src/node/config.js';
import { createLogger, type Logger } from '../../src/node/log.js';
import { type RunningNode, type StartOptions, startNode } from '../../src/node/node.js';
import { LANGUAGES_DIR, REPO_DIR } from '../support.js';

export { LANGUAGES_DIR, REPO_DIR };

/** The shared services of this machine (scripts/bootstrap.sh starts them). */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://judge:judge@127.0.0.1:5432/judge';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CLI = join(REPO_DIR, 'cli', 'bin', 'run.js');

/** Fails (never skips) when a service the test needs does not answer. */
export async function requireServices(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Redis is needed at ${REDIS_URL} (scripts/bootstrap.sh starts it): ${(e as Error).message}`);
  } finally {
    redis.disconnect();
  }
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    throw new Error(`PostgreSQL is needed at ${PG_URL} (scripts/bootstrap.sh starts it): ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A config with a queue, schema and data dir of its own. */
export function testConfig(overrides: NodeConfigInput = {}): NodeConfig {
  const tag = randomUUID().replace(/-/g, '').slice(0, 12);
  return NodeConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    redisUrl: REDIS_URL,
    databaseUrl: PG_URL,
    databaseSchema: `test_${tag}`,
    queueName: `test-${tag}`,
    dataDir: mkdtempSync(join(tmpdir(), 'judge-node-')),
    cacheDir: mkdtempSync(join(tmpdir(), 'judge-node-cache-')),
    languagesDir: LANGUAGES_DIR,
    workers: 2,
    // Tests that need a calibration measure one of their own (calibrate.int.test.ts).
    calibrate: 'off',
    logLevel: 'silent',
    ...overrides,
  });
}

/** Log lines kept in memory, for tests that read them. */
export function memoryLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', {}, (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { log, lines };
}

export interface TestNode extends RunningNode {
  /** fetch against the node's API. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export async function startTestNode(config: NodeConfig, opts: Partial<StartOptions> = {}): Promise<TestNode> {
  const node = await startNode(config, { role: 'serve', ...opts });
  return Object.assign(node, {
    api(path: string, init: RequestInit & { json?: unknown } = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${node.url}${path}`, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
  });
}

/** Removes what a test left: the queue's keys in Redis and its database schema. */
export async function dropTestState(config: NodeConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${config.redisPrefix}:${config.queueName}:*`,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  if (config.databaseUrl && config.databaseSchema !== 'public') {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists "${config.databaseSchema}" cascade`);
    await client.end();
  }
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Polls until the check passes; for waiting on outside processes, not for timing. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A redis-server of the test's own on a spare port, without persistence, that the test may stop and start. */
export class OwnRedis {
  private proc: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      proc.once('error', (e) => reject(new Error(`redis-server is needed for this test: ${e.message}`)));
      proc.once('spawn', () => resolve());
    });
    await eventually(
      async () => {
        const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      },
      10_000,
      'redis-server to start',
    );
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    this.proc = undefined;
  }
}

/** A TCP proxy to a service that the test can cut and restore: the service goes away as far as the node can tell. */
export class CuttableProxy {
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise((r) => this.server?.close(r));
    this.server = undefined;
  }
}

/** Writes a node config file (YAML is JSON's superset) and returns its path. */
export function writeConfigFile(config: Partial<NodeConfig>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'judge-node-config-')), 'node.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** A `judge` CLI process; its JSON log lines are collected. */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { proc: ChildProcess; lines: Record<string, unknown>[]; output: () => string } {
  const proc = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let out = '';
  let partial = '';
  proc.stdout!.on('data', (b: Buffer) => {
    partial += b.toString();
    out += b.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      try {
        lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  proc.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  return { proc, lines, output: () => out };
}
