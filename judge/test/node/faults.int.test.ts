import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubmissionResult } from '@judge/contract';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, OWNER_ID, OWNER_LABEL, SANDBOX_LABEL } from '../../src/index.js';
import {
  dropTestState,
  eventually,
  freePort,
  json,
  memoryLog,
  REPO_DIR,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// Faults under a running submission, with real parts: a sandbox container killed from outside, the
// Docker engine restarted, PostgreSQL crashed and started again. Each time the accepted submission is
// judged to its true verdict, recorded once, never IE, and the node recovers by itself.

/** A CPU-bound Python program that runs about `seconds` and prints "ok". */
const slow = (seconds: number, tag: string) =>
  `import time\nt = time.process_time()\nwhile time.process_time() - t < ${seconds}:\n    pass\nprint("ok")\n# ${tag}\n`;
const request = (seconds: number, tag: string) => ({
  language: 'python',
  source: slow(seconds, tag),
  tests: [{ input: '', output: 'ok' }],
  limits: { timeMs: 20_000 },
});

let docker: Docker;

beforeAll(async () => {
  await requireServices();
  docker = await connectDocker();
});

async function submit(node: TestNode, body: unknown): Promise<string> {
  const res = await node.api('/v1/submissions', { method: 'POST', json: body });
  expect(res.status).toBe(202);
  return (await json<{ id: string }>(res)).id;
}

async function doneResult(node: TestNode, id: string, timeoutMs: number): Promise<SubmissionResult> {
  return eventually(
    async () => {
      const r = await node.submissions.get(id);
      return r?.status === 'done' ? r : undefined;
    },
    timeoutMs,
    `submission ${id} to be judged`,
  );
}

/** The sandbox of this process that is running a program now (the runner has a child). */
async function busySandbox(): Promise<string | undefined> {
  const boxes = await docker.listContainers({ filters: { label: [SANDBOX_LABEL, `${OWNER_LABEL}=${OWNER_ID}`] } });
  for (const b of boxes) {
    const top = await docker
      .getContainer(b.Id)
      .top()
      .catch(() => undefined);
    if (top && top.Processes.length > 1) return b.Id;
  }
  return undefined;
}

describe('a sandbox container killed from outside mid-run', () => {
  const config = testConfig({ workers: 1 });
  let node: TestNode;
  const { log, lines } = memoryLog();
  beforeAll(async () => {
    node = await startTestNode(config, { log });
  });
  afterAll(async () => {
    await node?.close();
    await dropTestState(config);
  });

  it('is judged again in a fresh sandbox: true verdict, recorded once, never IE', async () => {
    const id = await submit(node, request(1.5, 'killed'));
    const victim = await eventually(busySandbox, 60_000, 'the submission to run in a sandbox');
    await docker.getContainer(victim).kill();
    const done = await doneResult(node, id, 60_000);
    expect(done.verdict).toBe('AC');
    expect(done.tests).toHaveLength(1);
    expect(lines.some((l) => l.msg === 'a sandbox failed under a submission: judging it again')).toBe(true);
    const finished = lines.filter((l) => l.id === id && l.status === 'done');
    expect(finished).toHaveLength(1);
  });
});

describe('the Docker engine restarted mid-run', () => {
  const config = testConfig({ workers: 1 });
  let node: TestNode;
  const { log, lines } = memoryLog();
  beforeAll(async () => {
    node = await startTestNode(config, { log });
  });
  afterAll(async () => {
    await node?.close();
    await dropTestState(config);
  });

  it('waits for it, judges the submission again, and keeps serving', async () => {
    const id = await submit(node, request(2, 'dockerd'));
    await eventually(busySandbox, 60_000, 'the submission to run in a sandbox');
    // A restart as an operator (or a crash and its supervisor) does it; scripts/bootstrap.sh starts dockerd.
    const pid = Number(execFileSync('pgrep', ['-o', '-x', 'dockerd'], { encoding: 'utf8' }).trim());
    process.kill(pid, 'SIGTERM');
    await eventually(async () => !isAlive(pid), 120_000, 'dockerd to stop');
    const boot = spawnSync('bash', [join(REPO_DIR, 'scripts', 'bootstrap.sh')], { encoding: 'utf8', timeout: 120_000 });
    expect(boot.status, boot.stderr).toBe(0);
    const done = await doneResult(node, id, 120_000);
    expect(done.verdict).toBe('AC');
    expect(lines.filter((l) => l.id === id && l.status === 'done')).toHaveLength(1);
    const after = await submit(node, request(0.1, 'after'));
    expect((await doneResult(node, after, 60_000)).verdict).toBe('AC');
  });
});

/** A PostgreSQL server of the test's own, in a temporary directory, that the test may crash and start again. */
class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'judge-pg-'));
  private readonly bin: string;
  constructor(readonly port: number) {
    const versions = spawnSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n');
    const latest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
    if (!latest)
      throw new Error('PostgreSQL server binaries are needed under /usr/lib/postgresql (scripts/bootstrap.sh)');
    this.bin = `/usr/lib/postgresql/${latest}/bin`;
    chownSync(this.dir, uidOf('postgres'), uidOf('postgres'));
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private pg(tool: string, args: string[]): void {
    const cmd = [`${this.bin}/${tool}`, ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}${r.stdout}`);
  }

  init(): void {
    this.pg('initdb', ['-D', `${this.dir}/data`, '-A', 'trust', '-U', 'postgres']);
  }

  start(): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.pg('pg_ctl', ['-D', `${this.dir}/data`, '-o', opts, '-l', `${this.dir}/log`, '-w', 'start']);
  }

  /** A crash: no shutdown checkpoint, every connection cut. */
  crash(): void {
    this.pg('pg_ctl', ['-D', `${this.dir}/data`, '-m', 'immediate', 'stop']);
  }

  remove(): void {
    try {
      this.crash();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

describe('PostgreSQL crashed and started again mid-run', () => {
  let pg: OwnPostgres;
  let node: TestNode;
  let config: ReturnType<typeof testConfig>;
  const { log, lines } = memoryLog();
  beforeAll(async () => {
    pg = new OwnPostgres(await freePort());
    pg.init();
    pg.start();
    config = testConfig({ workers: 1, databaseUrl: pg.url });
    node = await startTestNode(config, { log });
  });
  afterAll(async () => {
    await node?.close();
    await dropTestState({ ...config, databaseUrl: undefined });
    pg?.remove();
  });

  it('the submission waits for the database and is recorded once with its true verdict', async () => {
    const id = await submit(node, request(1.5, 'postgres'));
    await eventually(async () => (await node.submissions.get(id))?.status === 'running', 60_000, 'the job to run');
    await eventually(busySandbox, 60_000, 'the program to run');
    pg.crash();
    // While it is down nothing new is accepted (503), and the running job cannot record its result.
    const refused = await node.api('/v1/submissions', { method: 'POST', json: request(0.1, 'refused') });
    expect(refused.status).toBe(503);
    // Down until the program has finished, so that its result meets the outage.
    await eventually(async () => !(await busySandbox()), 60_000, 'the program to finish');
    await new Promise((r) => setTimeout(r, 1000));
    pg.start();
    const done = await doneResult(node, id, 120_000);
    expect(done.verdict).toBe('AC');
    expect(done.tests).toHaveLength(1);
    expect(lines.filter((l) => l.id === id && l.status === 'done')).toHaveLength(1);
    expect(
      lines.some((l) => l.msg === 'a dependency is down: the job waits and is taken up again'),
      JSON.stringify(lines.filter((l) => l.level !== 'debug')),
    ).toBe(true);
  });
});
