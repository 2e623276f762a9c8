// Starts `wrangler dev` for tests and benchmarks that run in Node, with no outside calls.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wranglerOfflineEnv } from '../../offline-env.mjs';

export const EDGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface WranglerDev {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `wrangler dev` on a free loopback port with the given vars; resolves once `/health` answers. */
export async function startWranglerDev(vars: Record<string, string>, readyTimeoutMs = 60_000): Promise<WranglerDev> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'judge-edge-'));
  const bin = createRequire(join(EDGE_DIR, 'package.json')).resolve('wrangler/bin/wrangler.js');
  const args = [bin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: EDGE_DIR,
    env: { ...process.env, ...wranglerOfflineEnv(join(state, 'config')), CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start within ${readyTimeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => log, stop };
}
