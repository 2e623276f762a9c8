import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEPLOY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(DEPLOY_DIR, '..');
export const PROMETHEUS_DIR = join(DEPLOY_DIR, 'prometheus');

/**
 * Runs a tool these tests need (promtool, docker-compose, docker, kustomize);
 * a missing one fails the test with the way to install it, never skips it.
 */
export function tool(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): SpawnSyncReturns<string> & { output: string } {
  const r = spawnSync(command, args, {
    cwd: opts.cwd,
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${command} is needed for this test: scripts/bootstrap.sh installs it`);
  }
  if (r.error) throw r.error;
  return Object.assign(r, { output: `${r.stdout}${r.stderr}` });
}
