import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, OWNER_LABEL, reapOrphans, SANDBOX_LABEL } from '../../src/sandbox/index.js';

// The reaper against the real Docker engine: containers labelled as sandboxes of owners that are gone.

const IMAGE = 'debian:bookworm-slim';
let docker: Docker;
const made: Docker.Container[] = [];

async function sandboxLike(owner: string, cmd: string[]): Promise<Docker.Container> {
  const c = await docker.createContainer({
    Image: IMAGE,
    Cmd: cmd,
    Labels: { [SANDBOX_LABEL]: 'program', [OWNER_LABEL]: owner },
    HostConfig: { NetworkMode: 'none' },
  });
  made.push(c);
  await c.start();
  return c;
}

async function exists(c: Docker.Container): Promise<boolean> {
  try {
    await c.inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

beforeAll(async () => {
  docker = await connectDocker();
});

afterAll(async () => {
  for (const c of made) await c.remove({ force: true }).catch(() => {});
});

describe('the sandbox reaper', () => {
  it('removes a stopped sandbox of a host that is gone, and leaves a running one of another host alone', async () => {
    const stopped = await sandboxLike('a-host-gone-for-good:1:', ['true']);
    await stopped.wait();
    expect((await stopped.inspect()).State.Status).toBe('exited');
    // Running, owned by a process on another host (sharing this Docker engine): not this node's to judge.
    const running = await sandboxLike('another-live-host:1:', ['sleep', '120']);
    await reapOrphans(docker);
    expect(await exists(stopped)).toBe(false);
    expect(await exists(running)).toBe(true);
    expect((await running.inspect()).State.Running).toBe(true);
  });
});
