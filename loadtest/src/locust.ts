import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { LOADTEST_DIR } from './plan.js';

export const LOCUSTFILE = join(LOADTEST_DIR, 'locust', 'locustfile.py');

/** Every Locust process this harness started, so that an interrupted run leaves none behind. */
const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.pid) c.kill('SIGTERM');
}

/** Locust's command, or why it cannot run. */
export function locustVersion(): string {
  const r = spawnSync('locust', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`locust is not installed (apt-get install python3-locust): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`locust --version failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  return (r.stdout || r.stderr).trim() || 'locust (version not recorded by its package)';
}

export interface LocustOptions {
  tag: string;
  target: string;
  apiKey?: string;
  rateScale: number;
  durationScale: number;
  /** A constant rate (per second) for this many seconds instead of the scenario's curve. */
  constant?: { rate: number; durationS: number };
  /** Seconds the arrivals last: the run is stopped after this plus the submission time-out, whatever happens. */
  scheduleS: number;
  timeoutS: number;
  records: string;
  csvPrefix: string;
  logFile: string;
  /** 0: one process; N: a master and N worker processes. */
  workers: number;
  runId: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function start(args: string[], env: NodeJS.ProcessEnv, log: number): ChildProcess {
  const child = spawn('locust', args, { env, stdio: ['ignore', log, log] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Runs one scenario (or one constant-rate step) with Locust; its records land in `records`. */
export async function runLocust(o: LocustOptions): Promise<number> {
  const common = ['-f', LOCUSTFILE, '-T', o.tag, '--judge-records', o.records, '--judge-run-id', o.runId];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUDGE_RATE_SCALE: String(o.rateScale),
    JUDGE_DURATION_SCALE: String(o.durationScale),
    PYTHONUNBUFFERED: '1',
  };
  // Only what this run sets: the harness's own environment must not leak a rate or a key into it.
  for (const k of ['JUDGE_CONSTANT_RATE', 'JUDGE_CONSTANT_DURATION', 'API_KEY', 'JUDGE_RECORDS', 'JUDGE_RUN_ID'])
    delete env[k];
  if (o.apiKey) env.API_KEY = o.apiKey;
  if (o.constant) {
    env.JUDGE_CONSTANT_RATE = String(o.constant.rate);
    env.JUDGE_CONSTANT_DURATION = String(o.constant.durationS);
  }
  const runTime = Math.ceil(o.scheduleS + o.timeoutS + 60);
  const head = [
    '--headless',
    '--host',
    o.target,
    '-u',
    String(Math.max(1, o.workers)),
    '-r',
    String(Math.max(1, o.workers)),
    '--run-time',
    `${runTime}s`,
    '--stop-timeout',
    String(o.timeoutS + 15),
    '--csv',
    o.csvPrefix,
    '--only-summary',
  ];
  const log = openSync(o.logFile, 'a');
  try {
    if (o.workers <= 0) return await exited(start([...common, ...head], env, log), (runTime + 120) * 1000);
    const port = await freePort();
    const master = start(
      [
        ...common,
        ...head,
        '--master',
        '--master-bind-host',
        '127.0.0.1',
        '--master-bind-port',
        String(port),
        '--expect-workers',
        String(o.workers),
      ],
      env,
      log,
    );
    const workers = Array.from({ length: o.workers }, () =>
      start([...common, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)], env, log),
    );
    const code = await exited(master, (runTime + 180) * 1000);
    await Promise.all(workers.map((w) => exited(w, 30_000)));
    return code;
  } finally {
    closeSync(log);
  }
}
