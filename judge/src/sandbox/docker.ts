import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { DockerUnavailableError } from './errors.js';

/** Label on every sandbox container, so leftovers can be found and reaped. */
export const SANDBOX_LABEL = 'judge.sandbox';
export const OWNER_LABEL = 'judge.owner';
/** The host uid a sandbox's programs run as (one per live sandbox). */
export const UID_LABEL = 'judge.uid';
/**
 * When a process started (clock ticks after boot), from /proc: with the pid,
 * it names one process even where pids are reused (a container's PID 1 after
 * a restart). Empty where /proc cannot say.
 */
function startTicks(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** The owner label of the sandboxes of a process on this host: host, pid and start time. */
export function ownerOf(pid: number): string {
  return `${hostname()}:${pid}:${startTicks(pid)}`;
}

/** This process, as written in the owner label. */
export const OWNER_ID = ownerOf(process.pid);

/** Connects to the Docker engine and checks that it answers. */
export async function connectDocker(socketPath = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock'): Promise<Docker> {
  const { default: DockerCtor } = await import('dockerode');
  const docker = new DockerCtor({ socketPath });
  try {
    await docker.ping();
  } catch (e) {
    throw new DockerUnavailableError(
      `no Docker engine answers at ${socketPath} (${(e as Error).message}): start it (sudo scripts/bootstrap.sh) or set DOCKER_SOCKET`,
    );
  }
  return docker;
}

/**
 * Removes sandbox containers whose owner process is gone (a worker that died
 * without cleaning up), and sandbox containers that stopped, whoever made
 * them: a stopped sandbox is dead to its owner (which removes it when it
 * notices), and one made on a host that is gone for good (a machine or
 * container renamed, a CI run killed) would otherwise stay forever. Returns
 * how many were removed.
 */
export async function reapOrphans(docker: Docker): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  const host = hostname();
  let removed = 0;
  for (const c of list) {
    const owner = c.Labels[OWNER_LABEL] ?? '';
    const [ownerHost, pidText] = owner.split(':');
    const stopped = c.State === 'exited' || c.State === 'dead';
    if (!stopped && (ownerHost !== host || owner === OWNER_ID)) continue;
    // Alive only if that pid is still the very process that made it (not a later one with its pid).
    if (!stopped && isAlive(Number(pidText)) && ownerOf(Number(pidText)) === owner) continue;
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .then(() => removed++)
      .catch(() => {});
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
