import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { RunnerConnection } from './connection.js';
import { OWNER_ID, OWNER_LABEL, SANDBOX_LABEL } from './docker.js';
import { SandboxError } from './errors.js';
import { encodePut, encodeRun, type RunSpec, type RunUsage, usageFromFields } from './protocol.js';

const MiB = 1024 * 1024;
/** Answers other than RUN come back at once; this only catches a wedged sandbox. */
const CONTROL_TIMEOUT_MS = 30_000;

export interface SandboxOptions {
  image: string;
  /** Memory ceiling of the container (every process and tmpfs in it). */
  memoryMb: number;
  /** Processes and threads, all together. */
  pids: number;
  /** Size of each of /box and /tmp. @defaultValue 256 */
  diskMb?: number;
  /** CPUs the container may use. @defaultValue 1 */
  cpus?: number;
}

/**
 * One warm container running judge-runner: the unit of isolation. It runs
 * one command at a time; `reset()` returns it to the state it started in.
 */
export class Sandbox {
  uses = 0;

  private constructor(
    private readonly container: Docker.Container,
    private readonly conn: RunnerConnection,
    readonly image: string,
    public memoryMb: number,
  ) {}

  static async create(docker: Docker, opts: SandboxOptions): Promise<Sandbox> {
    const disk = `${opts.diskMb ?? 256}m`;
    const container = await docker.createContainer({
      Image: opts.image,
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      NetworkDisabled: true,
      Env: [],
      Labels: { [SANDBOX_LABEL]: '1', [OWNER_LABEL]: OWNER_ID },
      HostConfig: {
        NetworkMode: 'none',
        ReadonlyRootfs: true,
        // The runner keeps what it needs to drop to an unprivileged user,
        // kill strays and empty the scratch directories; programs get none.
        CapDrop: ['ALL'],
        CapAdd: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID', 'KILL'],
        SecurityOpt: ['no-new-privileges'],
        PidsLimit: opts.pids,
        Memory: opts.memoryMb * MiB,
        MemorySwap: opts.memoryMb * MiB,
        NanoCpus: Math.round((opts.cpus ?? 1) * 1e9),
        Tmpfs: { '/box': `rw,exec,nosuid,nodev,size=${disk}`, '/tmp': `rw,exec,nosuid,nodev,size=${disk}` },
        ShmSize: 16 * MiB,
        IpcMode: 'private',
        LogConfig: { Type: 'none', Config: {} },
        Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
      },
    });
    try {
      const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
      const conn = new RunnerConnection(stream as unknown as Duplex, (text) =>
        process.stderr.write(`[sandbox ${opts.image}] ${text}`),
      );
      await container.start();
      const sandbox = new Sandbox(container, conn, opts.image, opts.memoryMb);
      await sandbox.control('PING\n');
      return sandbox;
    } catch (e) {
      await container.remove({ force: true }).catch(() => {});
      throw e instanceof SandboxError
        ? e
        : new SandboxError(`cannot start a sandbox from ${opts.image}: ${(e as Error).message}`);
    }
  }

  get id(): string {
    return this.container.id;
  }

  get alive(): boolean {
    return this.conn.alive;
  }

  /** Writes a file into the input directory (read-only to programs) or the work directory. */
  async put(dir: 'in' | 'work', name: string, data: Uint8Array): Promise<void> {
    await this.conn.request(encodePut(dir, name, data.length), data, () => 0, CONTROL_TIMEOUT_MS);
  }

  async run(spec: RunSpec): Promise<RunUsage> {
    this.uses++;
    const { fields, payload } = await this.conn.request(
      encodeRun(spec),
      undefined,
      (f) => Number(f.stdout ?? 0) + Number(f.stderr ?? 0),
      spec.wallMs + CONTROL_TIMEOUT_MS,
    );
    const outLen = Number(fields.stdout ?? 0);
    return usageFromFields(fields, payload.subarray(0, outLen), payload.subarray(outLen));
  }

  /** Makes the work directory read-only to programs (after compiling). */
  seal(): Promise<void> {
    return this.control('SEAL\n');
  }

  /** Kills every process and empties every writable directory. */
  reset(): Promise<void> {
    return this.control('RESET\n');
  }

  async exportWork(): Promise<Buffer> {
    const { payload } = await this.conn.request('EXPORT\n', undefined, (f) => Number(f.size ?? 0), CONTROL_TIMEOUT_MS);
    return payload;
  }

  async importWork(archive: Uint8Array): Promise<void> {
    await this.conn.request(`IMPORT ${archive.length}\n`, archive, () => 0, CONTROL_TIMEOUT_MS);
  }

  /** Raises the memory ceiling of the running container. */
  async resize(memoryMb: number): Promise<void> {
    await this.container.update({ Memory: memoryMb * MiB, MemorySwap: memoryMb * MiB });
    this.memoryMb = memoryMb;
  }

  /** Removes the container and everything in it. */
  async destroy(): Promise<void> {
    this.conn.fail(new SandboxError('sandbox destroyed'));
    await this.container.remove({ force: true }).catch(() => {});
  }

  private async control(command: string): Promise<void> {
    await this.conn.request(command, undefined, () => 0, CONTROL_TIMEOUT_MS);
  }
}
