import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every command in the README's ```sh blocks, run as written, in order, in a real environment (Docker,
// Redis, PostgreSQL, wrangler dev). Commands that keep running (`serve`, `worker`, `npm run dev -w edge`) are
// started, probed until they answer, left running for the commands after them, and stopped at the end.
//
// What the test changes, and only that, so that it runs beside other services on a shared machine: the
// environment (a config home, caches and a data dir of its own, its own queue and database schema, a private
// npm prefix for `npm link`, free ports through JUDGE_PORT and JUDGE_EDGE_PORT), and the two well-known
// ports in the text (3000 and 8787) for those free ports. The Quick start (`bash scripts/setup.sh`,
// `npm test`) is what CI runs on a clean machine (.ci/run): running `npm test` from inside `npm test` would
// never end, so for those two the test checks that .ci/run runs exactly them, in the README's order.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const CI_ONLY = new Set(['bash scripts/setup.sh', 'npm test']);
const LONG_RUNNING = /\bcli\/bin\/run\.js (serve|worker)\b|\bnpm run dev -w edge\b/;

/** The commands of the README's sh blocks: continuation lines joined, comment lines dropped. */
function readmeCommands(text: string): string[] {
  const commands: string[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    let pending = '';
    for (const line of (block[1] ?? '').split('\n')) {
      if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1)} `;
        continue;
      }
      commands.push(`${pending}${line}`.replace(/\s+/g, ' ').trim());
      pending = '';
    }
  }
  return commands;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const nodePort = await freePort();
const edgePort = await freePort();
const tag = `readme${process.pid}`;
const home = mkdtempSync(join(tmpdir(), 'judge-readme-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_DATA_HOME: join(home, 'data'),
  JUDGE_CACHE_DIR: join(home, 'cache'),
  JUDGE_QUEUE: `${tag}-jobs`,
  JUDGE_DATABASE_SCHEMA: tag,
  JUDGE_PORT: String(nodePort),
  JUDGE_EDGE_PORT: String(edgePort),
  JUDGE_NODE_URL: `http://127.0.0.1:${nodePort}`,
  npm_config_prefix: join(home, 'npm'),
};
// As a user's shell would be: no settings of the test's own run (npm's, when it runs under `npm test`), none of judge's.
for (const name of Object.keys(env)) {
  if (/^npm_(config|package|lifecycle)_/.test(name) && name !== 'npm_config_prefix') delete env[name];
}
for (const name of ['JUDGE_ENDPOINT', 'JUDGE_API_KEY', 'JUDGE_HMAC_SECRET', 'JUDGE_ADMIN_TOKEN', 'DATABASE_URL']) {
  delete env[name];
}

/** The command with the README's ports moved to this test's. */
function localized(command: string): string {
  return command
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${nodePort}`)
    .replaceAll('127.0.0.1:8787', `127.0.0.1:${edgePort}`);
}

interface Background {
  command: string;
  proc: ChildProcess;
  output: () => string;
}
const running: Background[] = [];

function start(command: string): Background {
  // Its own process group, so that stopping it stops everything it started (npm, wrangler, workerd).
  const proc = spawn('bash', ['-c', command], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const bg = { command, proc, output: () => output };
  running.push(bg);
  return bg;
}

async function until(bg: Background, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (bg.proc.exitCode !== null) throw new Error(`"${bg.command}" exited with ${bg.proc.exitCode}:\n${bg.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${bg.command}" did not become ready within ${timeoutMs} ms:\n${bg.output().slice(-4000)}`);
}

const answers = (url: string, ok: (status: number) => boolean) => async () =>
  ok((await fetch(url, { signal: AbortSignal.timeout(5000) })).status);

async function stop(bg: Background): Promise<void> {
  const pid = bg.proc.pid;
  if (pid === undefined || bg.proc.exitCode !== null) return;
  const exited = new Promise((r) => bg.proc.once('exit', r));
  process.kill(-pid, 'SIGTERM');
  const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
  if (!killed) process.kill(-pid, 'SIGKILL');
}

afterAll(async () => {
  for (const bg of running.reverse()) await stop(bg);
  spawnSync('su', ['postgres', '-c', `psql -qd judge -c 'drop schema if exists ${tag} cascade'`]);
  spawnSync('sh', ['-c', `redis-cli --scan --pattern 'bull:${tag}-jobs:*' | xargs -r redis-cli del`]);
}, 120_000);

const commands = readmeCommands(README);

describe('README.md', () => {
  it('has commands, and the Quick start is what CI runs', () => {
    expect(commands.length).toBeGreaterThan(8);
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => CI_ONLY.has(l));
    expect(ci).toEqual(commands.filter((c) => CI_ONLY.has(c)));
  });

  for (const command of commands.filter((c) => !CI_ONLY.has(c))) {
    it(command, { timeout: 600_000 }, async () => {
      const text = localized(command);
      if (LONG_RUNNING.test(text)) {
        const bg = start(text);
        if (/ serve\b/.test(text)) {
          await until(
            bg,
            answers(`http://127.0.0.1:${nodePort}/health`, (s) => s === 200),
            300_000,
          );
        } else if (/ worker\b/.test(text)) {
          await until(bg, async () => bg.output().includes('"msg":"started"'), 300_000);
        } else {
          await until(
            bg,
            answers(`http://127.0.0.1:${edgePort}/health`, (s) => s === 200),
            120_000,
          );
        }
        return;
      }
      const r = spawnSync('bash', ['-c', text], { cwd: REPO, env, encoding: 'utf8', timeout: 540_000 });
      const said = `${r.stdout}\n${r.stderr}`.slice(-4000);
      expect(r.status, said).toBe(0);
      // curl answers 0 whatever the status: what it printed must be an answer, not an error.
      if (text.startsWith('curl ')) expect(JSON.parse(r.stdout), said).not.toHaveProperty('error');
      if (text.includes('npm link')) {
        const judge = spawnSync(join(home, 'npm', 'bin', 'judge'), ['--version'], { env, encoding: 'utf8' });
        expect(judge.stdout).toMatch(/^@judge\/cli\//);
      }
    });
  }
});
