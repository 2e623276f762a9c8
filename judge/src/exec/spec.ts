import type { LanguagePack, ResolvedLimits } from '@judge/contract';
import type { RunSpec } from '../sandbox/index.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** Headroom of the container over what the program may use: runner, tmpfs files, page tables. */
export const SANDBOX_SLACK_MB = 64;
/** Largest file a program may write (in /tmp). */
export const FILE_SIZE_BYTES = 64 * MiB;
/** stderr kept per run. */
export const STDERR_BYTES = 64 * KiB;
/** Compiler output kept. */
export const COMPILE_OUTPUT_BYTES = 64 * KiB;

export function expand(command: string[], vars: Record<string, string | number>): string[] {
  return command.map((arg) => arg.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)));
}

/** Wall time allowed for a run: enough for a busy machine, short enough to catch sleepers. */
export function wallLimitMs(timeMs: number): number {
  return timeMs * 2 + 1000;
}

/** The memory a run may peak at before it is MLE: the limit plus the runtime's own baseline. */
export function memoryThresholdKb(pack: LanguagePack, limits: ResolvedLimits): number {
  return (limits.memoryMb + pack.memory.overheadMb) * KiB;
}

/** The container ceiling a submission needs: its runs, its compilation, and slack. */
export function sandboxMemoryMb(pack: LanguagePack, limits: ResolvedLimits, largestInputBytes = 0): number {
  const run = limits.memoryMb + pack.memory.overheadMb;
  const compile = pack.compile?.limits.memoryMb ?? 0;
  return Math.max(run, compile) + SANDBOX_SLACK_MB + Math.ceil(largestInputBytes / MiB);
}

export function sandboxPids(pack: LanguagePack): number {
  return Math.max(pack.run.processes, pack.compile?.limits.processes ?? 0) + 4;
}

export function runSpec(pack: LanguagePack, limits: ResolvedLimits, stdin: string | undefined): RunSpec {
  return {
    argv: expand(pack.run.command, { memoryMb: limits.memoryMb, source: pack.source }),
    env: pack.env,
    stdin,
    cpuMs: limits.timeMs,
    wallMs: wallLimitMs(limits.timeMs),
    stdoutBytes: limits.outputKb * KiB,
    stderrBytes: STDERR_BYTES,
    fileSizeBytes: FILE_SIZE_BYTES,
    memoryKb: memoryThresholdKb(pack, limits),
    addressSpaceBytes: pack.memory.addressSpaceLimit ? (limits.memoryMb + pack.memory.overheadMb) * MiB : 0,
  };
}

export function compileSpec(pack: LanguagePack): RunSpec {
  const c = pack.compile;
  if (!c) throw new Error(`language ${pack.id} has no compile step`);
  return {
    argv: expand(c.command, { memoryMb: c.limits.memoryMb, source: pack.source }),
    env: pack.env,
    cpuMs: c.limits.timeMs,
    wallMs: c.limits.wallMs,
    stdoutBytes: COMPILE_OUTPUT_BYTES,
    stderrBytes: COMPILE_OUTPUT_BYTES,
    fileSizeBytes: 256 * MiB,
  };
}
