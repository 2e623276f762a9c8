import { randomInt } from 'node:crypto';
import type { Duplex, Writable } from 'node:stream';
import type Docker from 'dockerode';
import { HostCgroup } from './cgroup.js';
import { RunnerConnection } from './connection.js';
import { OWNER_ID, OWNER_LABEL, SANDBOX_LABEL, UID_LABEL } from './docker.js';
import { SandboxError } from './errors.js';
import {
  encodeInteract,
  encodePut,
  encodeRun,
  type InteractorSpec,
  type InteractUsage,
  interactUsageFromFields,
  type RunSpec,
  type RunUsage,
  usageFromFields,
} from './protocol.js';

const MiB = 1024 * 1024;
/** Answers other than RUN come back at once; this only catches a wedged sandbox. */
const CONTROL_TIMEOUT_MS = 30_000;
/** Files (inodes) each scratch filesystem may hold: plenty for a program, few enough to clean fast. */
export const SCRATCH_INODES = 16_384;
/** Host user ids handed to sandboxes: far above any real account. */
const UID_BASE = 1_000_000;
const UID_SPAN = 1 << 24;

export interface SandboxOptions {
  image: string;
  /** Memory ceiling of the container (every process and tmpfs in it) when it starts. */
  memoryMb: number;
  /** Processes and threads, all together. */
  pids: number;
  /** Size of each of /box and /tmp. @defaultValue 256 */
  diskMb?: number;
  /** CPUs the container may use. @defaultValue 1 */
  cpus?: number;
  /**
   * What the sandbox runs: contestants' programs and checkers never share a
   * container, so neither can leave anything for the other. @defaultValue program
   */
  role?: 'program' | 'checker';
  /**
   * Accept a runner that cannot account a whole run (no cgroup of its own).
   * Only for benchmarks that compare against an earlier runner. @defaultValue false
   */
  allowUnaccounted?: boolean;
}

/** What the work directory holds after sealing. */
export interface SealedWork {
  files: number;
  bytes: number;
}

/**
 * A pair of host uids no live sandbox of this Docker engine uses, so per-user
 * kernel limits are not shared: an even one for programs, the next for an
 * interactor.
 */
async function freshUid(docker: Docker): Promise<number> {
  const used = new Set(
    (await docker.listContainers({ all: true, filters: { label: [UID_LABEL] } })).map((c) =>
      Number(c.Labels[UID_LABEL]),
    ),
  );
  for (;;) {
    const uid = UID_BASE + 2 * randomInt(UID_SPAN / 2);
    if (!used.has(uid)) return uid;
  }
}

/**
 * One warm container running judge-runner: the unit of isolation. It runs
 * one command at a time; `reset()` returns it to the state it started in.
 */
export class Sandbox {
  uses = 0;
  /** Set when a run left the scratch space dirty: the sandbox is destroyed, never reused. */
  private dirty = false;

  private constructor(
    private readonly container: Docker.Container,
    private readonly conn: RunnerConnection,
    readonly image: string,
    readonly role: 'program' | 'checker',
    readonly uid: number,
    public memoryMb: number,
    public cpus: number,
    /** The container's cgroup written directly, when this process can (else Docker's API resizes it). */
    private readonly cgroup: HostCgroup | undefined,
  ) {}

  static async create(docker: Docker, opts: SandboxOptions): Promise<Sandbox> {
    const disk = `size=${opts.diskMb ?? 256}m,nr_inodes=${SCRATCH_INODES}`;
    const role = opts.role ?? 'program';
    let container: Docker.Container;
    let uid: number;
    try {
      uid = await freshUid(docker);
      container = await docker.createContainer({
        Image: opts.image,
        Cmd: ['--uid', String(uid), '--judge-uid', String(uid + 1)],
        OpenStdin: true,
        StdinOnce: false,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        NetworkDisabled: true,
        Env: [],
        Labels: { [SANDBOX_LABEL]: role, [OWNER_LABEL]: OWNER_ID, [UID_LABEL]: String(uid) },
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
          Tmpfs: {
            '/box': `rw,exec,nosuid,nodev,${disk}`,
            '/tmp': `rw,exec,nosuid,nodev,${disk}`,
            '/dev/shm': `rw,nosuid,nodev,noexec,size=64m,nr_inodes=1024`,
          },
          IpcMode: 'private',
          LogConfig: { Type: 'none', Config: {} },
          Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
        },
      });
    } catch (e) {
      throw new SandboxError(`cannot create a sandbox from ${opts.image}: ${(e as Error).message}`);
    }
    try {
      const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
      const conn = new RunnerConnection(stream as unknown as Duplex, (text) =>
        process.stderr.write(`[sandbox ${opts.image}] ${text}`),
      );
      await container.start();
      const { State } = await container.inspect();
      const cgroup = HostCgroup.of(container.id, State.Pid);
      const sandbox = new Sandbox(container, conn, opts.image, role, uid, opts.memoryMb, opts.cpus ?? 1, cgroup);
      const hello = await sandbox.command('PING\n');
      if (hello.cgroup !== 'v1' && hello.cgroup !== 'v2' && !opts.allowUnaccounted) {
        throw new SandboxError(
          `the sandbox sees no cgroup of its own (${hello.cgroup ?? 'no answer'}): a run could not be accounted whole`,
        );
      }
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

  /** Usable for another command. */
  get alive(): boolean {
    return this.conn.alive;
  }

  /** Usable for another submission: alive and clean. */
  get reusable(): boolean {
    return this.conn.alive && !this.dirty;
  }

  /**
   * Writes a file into the input directory (read-only to programs), the work
   * directory, or the judge's directory (an interactor's, which programs cannot read).
   */
  async put(dir: 'in' | 'work' | 'judge', name: string, data: Uint8Array): Promise<void> {
    await this.conn.request(encodePut(dir, name, data.length), { payload: data, timeoutMs: CONTROL_TIMEOUT_MS });
  }

  async run(spec: RunSpec): Promise<RunUsage> {
    this.uses++;
    const { fields, payload } = await this.conn.request(encodeRun(spec), {
      answerSize: (f) => Number(f.stdout ?? 0) + Number(f.stderr ?? 0),
      timeoutMs: spec.wallMs + CONTROL_TIMEOUT_MS,
    });
    const outLen = Number(fields.stdout ?? 0);
    const usage = usageFromFields(fields, payload.subarray(0, outLen), payload.subarray(outLen));
    if (!usage.clean) this.dirty = true;
    return usage;
  }

  /**
   * Runs the program with its stdin and stdout connected to an interactor
   * (in the judge's directory, as the judge's user); both measured apart.
   */
  async interact(spec: RunSpec, interactor: InteractorSpec, idleMs: number): Promise<InteractUsage> {
    this.uses++;
    const { fields, payload } = await this.conn.request(encodeInteract(spec, interactor, idleMs), {
      answerSize: (f) => Number(f.stderr ?? 0) + Number(f.istderr ?? 0),
      timeoutMs: spec.wallMs + CONTROL_TIMEOUT_MS,
    });
    const errLen = Number(fields.stderr ?? 0);
    const usage = interactUsageFromFields(fields, payload.subarray(0, errLen), payload.subarray(errLen));
    if (!usage.clean) this.dirty = true;
    return usage;
  }

  /** Makes the work directory read-only to programs (after compiling); says what it holds. */
  async seal(): Promise<SealedWork> {
    const f = await this.command('SEAL\n');
    return { files: Number(f.files ?? 0), bytes: Number(f.bytes ?? 0) };
  }

  /** Kills every process and empties every writable directory; fails when they are not back to their baseline. */
  async reset(): Promise<void> {
    await this.command('RESET\n');
  }

  /**
   * Streams an archive of the work directory into `sink` (never held in
   * memory); refused by the runner past `capBytes`. Resolves with its size.
   */
  async exportWork(sink: Writable, capBytes: number): Promise<number> {
    const { fields } = await this.conn.request(`EXPORT ${capBytes}\n`, {
      answerSize: (f) => Number(f.size ?? 0),
      sink,
      timeoutMs: CONTROL_TIMEOUT_MS,
    });
    return Number(fields.size ?? 0);
  }

  /**
   * Restores an archive of a work directory, from memory or streamed, into
   * this sandbox's work directory or (an interactor) the judge's.
   */
  async importWork(
    archive: Uint8Array | AsyncIterable<Uint8Array>,
    size: number,
    into: 'work' | 'judge' = 'work',
  ): Promise<void> {
    await this.conn.request(`IMPORT ${size} ${into}\n`, { payload: archive, timeoutMs: CONTROL_TIMEOUT_MS });
  }

  /**
   * Sets what the container may use in the phase that comes: its memory
   * ceiling (every process and tmpfs in it) and its CPUs. A compiler gets
   * the machine's cores (rustc, go and javac work in parallel, and a quota
   * of one CPU throttles them); programs get one. Written straight into
   * the container's cgroup where this process can (microseconds; Docker's
   * API took about 20 ms per update, twice per compiled submission), else
   * one update through Docker's API; skipped when nothing changes. Docker's
   * own record (`docker inspect`) then keeps the values the container
   * started with: `HostCgroup.read()` reads what holds.
   */
  async setResources(memoryMb: number, cpus = 1): Promise<void> {
    if (memoryMb === this.memoryMb && cpus === this.cpus) return;
    try {
      if (this.cgroup) this.cgroup.set(memoryMb * MiB, cpus);
      else {
        await this.container.update({
          Memory: memoryMb * MiB,
          MemorySwap: memoryMb * MiB,
          NanoCpus: Math.round(cpus * 1e9),
        });
      }
    } catch (e) {
      this.dirty = true;
      throw new SandboxError(
        `cannot set the sandbox's memory to ${memoryMb} MiB and CPUs to ${cpus}: ${(e as Error).message}`,
      );
    }
    this.memoryMb = memoryMb;
    this.cpus = cpus;
  }

  /** The runner's view of its cgroup, for diagnostics and tests. */
  stats(): Promise<Record<string, string>> {
    return this.command('STATS\n');
  }

  /**
   * Removes the container and everything in it; tries again while Docker is
   * briefly away (restarting), so that no sandbox is left behind.
   */
  async destroy(): Promise<void> {
    this.conn.fail(new SandboxError('sandbox destroyed'));
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.container.remove({ force: true });
        return;
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  }

  private async command(command: string): Promise<Record<string, string>> {
    return (await this.conn.request(command, { timeoutMs: CONTROL_TIMEOUT_MS })).fields;
  }
}
