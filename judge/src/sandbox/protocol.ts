// The line protocol spoken with judge-runner (languages/base/runner.c).

/** Limits and command line of one run inside a sandbox. */
export interface RunSpec {
  argv: string[];
  env: Record<string, string>;
  /** Name of a file in the sandbox's input directory to use as stdin. */
  stdin?: string;
  cpuMs: number;
  wallMs: number;
  stdoutBytes: number;
  stderrBytes: number;
  fileSizeBytes: number;
  /** Memory of the whole run (every process, tmpfs files, shared memory) at which the runner stops it, KiB; 0 for none. */
  memoryKb?: number;
  /** RLIMIT_NOFILE of each process; the runner's default (256) when absent. */
  openFiles?: number;
  /** Stop the run when no process of it has used CPU for this long (blocked for good); 0 for never. */
  idleMs?: number;
  /** RLIMIT_AS in bytes; 0 for none. */
  addressSpaceBytes?: number;
  stackBytes?: number;
}

/** What judge-runner measured. */
export interface RunUsage {
  exitCode: number | null;
  signal: number | null;
  cpuMs: number;
  wallMs: number;
  /** Peak memory of the whole run (every process, tmpfs files, shared memory), KiB. */
  rssKb: number;
  /** The kernel OOM killer struck in this run. */
  oomKilled: boolean;
  wallTimedOut: boolean;
  /** Stopped for using no CPU for `idleMs` (wallTimedOut is set too); for INTERACT, both sides waiting on each other. */
  idleTimedOut: boolean;
  cpuTimedOut: boolean;
  outputLimitExceeded: boolean;
  /** The runner stopped the program for passing `memoryKb`. */
  memoryLimitExceeded: boolean;
  /** errno of a failed exec (0 when the program started). */
  execErrno: number;
  /** False when the scratch space could not be brought back to its baseline: the sandbox must not be reused. */
  clean: boolean;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

const enc = (s: string) => encodeURIComponent(s);

export function encodeRun(spec: RunSpec): string {
  const parts = ['RUN'];
  for (const a of spec.argv) parts.push(`arg=${enc(a)}`);
  for (const [k, v] of Object.entries(spec.env)) parts.push(`env=${enc(`${k}=${v}`)}`);
  if (spec.stdin) parts.push(`stdin=${enc(spec.stdin)}`);
  parts.push(
    `cpu=${Math.ceil(spec.cpuMs)}`,
    `wall=${Math.ceil(spec.wallMs)}`,
    `out=${spec.stdoutBytes}`,
    `err=${spec.stderrBytes}`,
    `fsize=${spec.fileSizeBytes}`,
  );
  if (spec.memoryKb) parts.push(`mem=${spec.memoryKb}`);
  if (spec.addressSpaceBytes) parts.push(`as=${spec.addressSpaceBytes}`);
  if (spec.stackBytes) parts.push(`stack=${spec.stackBytes}`);
  if (spec.openFiles) parts.push(`nofile=${spec.openFiles}`);
  if (spec.idleMs) parts.push(`idle=${Math.ceil(spec.idleMs)}`);
  return `${parts.join(' ')}\n`;
}

/** The interactor's side of an interactive run: its command line and limits. */
export interface InteractorSpec {
  argv: string[];
  env: Record<string, string>;
  cpuMs: number;
  stderrBytes: number;
}

/** What judge-runner measured of an interactive run: the program's usage, and the interactor's. */
export interface InteractUsage extends RunUsage {
  interactor: {
    exitCode: number | null;
    signal: number | null;
    cpuMs: number;
    rssKb: number;
    cpuTimedOut: boolean;
    execErrno: number;
    stderr: Uint8Array;
  };
}

export function encodeInteract(spec: RunSpec, interactor: InteractorSpec, idleMs: number): string {
  const parts = [encodeRun(spec).slice('RUN '.length).trimEnd()];
  for (const a of interactor.argv) parts.push(`i.arg=${enc(a)}`);
  for (const [k, v] of Object.entries(interactor.env)) parts.push(`i.env=${enc(`${k}=${v}`)}`);
  parts.push(`i.cpu=${Math.ceil(interactor.cpuMs)}`, `i.err=${interactor.stderrBytes}`);
  if (!spec.idleMs) parts.push(`idle=${Math.ceil(idleMs)}`);
  return `INTERACT ${parts.join(' ')}\n`;
}

export function interactUsageFromFields(
  f: Record<string, string>,
  stderr: Uint8Array,
  istderr: Uint8Array,
): InteractUsage {
  const n = (k: string) => Number(f[k] ?? 0);
  return {
    ...usageFromFields(f, new Uint8Array(), stderr),
    interactor: {
      exitCode: n('iexit') < 0 ? null : n('iexit'),
      signal: n('isignal') > 0 ? n('isignal') : null,
      cpuMs: n('icpu'),
      rssKb: n('irss'),
      cpuTimedOut: f.icputimeout === '1',
      execErrno: n('iexecerr'),
      stderr: istderr,
    },
  };
}

export function encodePut(dir: 'in' | 'work' | 'judge', name: string, size: number): string {
  return `PUT ${dir} ${enc(name)} ${size}\n`;
}

/** Parses an answer line: `OK k=v ...` or `ERR message`. */
export function parseReply(
  line: string,
): { ok: true; fields: Record<string, string> } | { ok: false; message: string } {
  if (line.startsWith('ERR ')) return { ok: false, message: decodeURIComponent(line.slice(4)) };
  if (line !== 'OK' && !line.startsWith('OK '))
    return { ok: false, message: `unexpected answer: ${line.slice(0, 200)}` };
  const fields: Record<string, string> = {};
  for (const tok of line.slice(3).split(' ')) {
    const eq = tok.indexOf('=');
    if (eq > 0) fields[tok.slice(0, eq)] = tok.slice(eq + 1);
  }
  return { ok: true, fields };
}

export function usageFromFields(f: Record<string, string>, stdout: Uint8Array, stderr: Uint8Array): RunUsage {
  const n = (k: string) => Number(f[k] ?? 0);
  const exit = n('exit');
  const signal = n('signal');
  return {
    exitCode: exit < 0 ? null : exit,
    signal: signal > 0 ? signal : null,
    cpuMs: n('cpu'),
    wallMs: n('wall'),
    rssKb: n('rss'),
    oomKilled: f.oom === '1',
    wallTimedOut: f.walltimeout === '1',
    idleTimedOut: f.idle === '1',
    cpuTimedOut: f.cputimeout === '1',
    outputLimitExceeded: f.olimit === '1',
    memoryLimitExceeded: f.memlimit === '1',
    execErrno: n('execerr'),
    clean: f.clean !== '0',
    stdout,
    stderr,
  };
}
