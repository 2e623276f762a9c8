import type { LanguagePack, ResolvedLimits } from '@judge/contract';
import type { RunSpec } from '../sandbox/index.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** Headroom of the container over what the program may use: the runner, page tables, page cache. */
export const SANDBOX_SLACK_MB = 64;
/** Largest compiled program (the work directory after compiling, and each file in it): past it, CE. */
export const MAX_PROGRAM_BYTES = 64 * MiB;
/** Descriptors each process of a run may hold. */
export const RUN_OPEN_FILES = 256;
/** Descriptors each process of a compilation may hold (compilers open many headers and archives). */
export const COMPILE_OPEN_FILES = 1024;
/** A compilation using no CPU at all for this long is blocked for good (`#include "/dev/ptmx"`). */
export const COMPILE_IDLE_MS = 10_000;
/** Largest file a program may write (in /tmp). */
export const FILE_SIZE_BYTES = 64 * MiB;
/** stderr kept per run. */
export const STDERR_BYTES = 64 * KiB;
/** Compiler output kept. */
export const COMPILE_OUTPUT_BYTES = 64 * KiB;

/**
 * A pack's command with its placeholders filled in: `{name}` from `vars`; a
 * list (`{sources}`, `{options}`) becomes one argument per item where it is a
 * whole argument, its items joined by spaces inside a longer one.
 */
export function expand(
  command: string[],
  vars: Record<string, string | number>,
  lists: Record<string, string[]> = {},
): string[] {
  return command.flatMap((arg) => {
    const whole = /^\{(\w+)\}$/.exec(arg)?.[1];
    if (whole !== undefined && Object.hasOwn(lists, whole)) return lists[whole]!;
    return [
      arg.replace(/\{(\w+)\}/g, (m, k: string) =>
        Object.hasOwn(vars, k) ? String(vars[k]) : Object.hasOwn(lists, k) ? lists[k]!.join(' ') : m,
      ),
    ];
  });
}

/** What a compilation is given besides the pack: the source files to compile and the compiler options. */
export interface CompileInputs {
  /** The main source and the files with one of the pack's extensions. @defaultValue [pack.source] */
  sources?: string[];
  options?: string[];
}

/** Wall time allowed for a run: enough for a busy machine, short enough to catch sleepers. */
export function wallLimitMs(timeMs: number): number {
  return timeMs * 2 + 1000;
}

/** The memory a whole run may peak at before it is MLE: the limit plus the runtime's own baseline. */
export function memoryThresholdKb(pack: LanguagePack, limits: ResolvedLimits): number {
  return (limits.memoryMb + pack.memory.overheadMb) * KiB;
}

/**
 * The container's ceiling while tests run: what a run may use, plus what
 * the container holds already (the program and the test input live in
 * tmpfs, which is memory) and slack; not the compiler's ceiling.
 */
export function runMemoryMb(pack: LanguagePack, limits: ResolvedLimits, heldBytes = 0): number {
  return limits.memoryMb + pack.memory.overheadMb + SANDBOX_SLACK_MB + Math.ceil(heldBytes / MiB);
}

/** The container's ceiling while compiling: the compiler's limit, its output, and slack. */
export function compileMemoryMb(pack: LanguagePack): number {
  const c = pack.compile;
  if (!c) throw new Error(`language ${pack.id} has no compile step`);
  return c.limits.memoryMb + SANDBOX_SLACK_MB + MAX_PROGRAM_BYTES / MiB;
}

export function sandboxPids(pack: LanguagePack): number {
  return Math.max(pack.run.processes, pack.compile?.limits.processes ?? 0) + 4;
}

/** A run of the program: the pack's command, then the submission's arguments (argv, no shell). */
export function runSpec(
  pack: LanguagePack,
  limits: ResolvedLimits,
  stdin: string | undefined,
  args: readonly string[] = [],
): RunSpec {
  return {
    argv: [...expand(pack.run.command, { memoryMb: limits.memoryMb, source: pack.source }), ...args],
    env: pack.env,
    stdin,
    cpuMs: limits.timeMs,
    wallMs: wallLimitMs(limits.timeMs),
    stdoutBytes: limits.outputKb * KiB,
    stderrBytes: STDERR_BYTES,
    fileSizeBytes: FILE_SIZE_BYTES,
    memoryKb: memoryThresholdKb(pack, limits),
    openFiles: RUN_OPEN_FILES,
    addressSpaceBytes: pack.memory.addressSpaceLimit ? (limits.memoryMb + pack.memory.overheadMb) * MiB : 0,
  };
}

/** An interactor's own CPU time and stderr; it runs no longer than the program's wall clock allows. */
export const INTERACTOR_STDERR_BYTES = 4 * KiB;
/** Memory the container holds for an interactor besides the program's (the interactor is the problem's: trusted). */
export const INTERACTOR_MEMORY_MB = 256;

/**
 * How long a program and an interactor may both wait on each other (neither
 * using CPU) before the test is TLE: a program that forgot to flush its output
 * learns it sooner than from the wall clock.
 */
export function idleLimitMs(timeMs: number): number {
  return Math.max(1000, timeMs);
}

export function compileSpec(pack: LanguagePack, inputs: CompileInputs = {}): RunSpec {
  const c = pack.compile;
  if (!c) throw new Error(`language ${pack.id} has no compile step`);
  return stepSpec(pack, c, inputs);
}

/** The pack's check step (a syntax check of an interpreted language's source). */
export function checkSpec(pack: LanguagePack): RunSpec {
  const c = pack.check;
  if (!c) throw new Error(`language ${pack.id} has no check step`);
  return stepSpec(pack, c);
}

function stepSpec(pack: LanguagePack, c: NonNullable<LanguagePack['compile']>, inputs: CompileInputs = {}): RunSpec {
  return {
    argv: expand(
      c.command,
      { memoryMb: c.limits.memoryMb, source: pack.source },
      { sources: inputs.sources ?? [pack.source], options: inputs.options ?? [] },
    ),
    env: pack.env,
    cpuMs: c.limits.timeMs,
    wallMs: c.limits.wallMs,
    stdoutBytes: COMPILE_OUTPUT_BYTES,
    stderrBytes: COMPILE_OUTPUT_BYTES,
    fileSizeBytes: MAX_PROGRAM_BYTES,
    openFiles: COMPILE_OPEN_FILES,
    idleMs: COMPILE_IDLE_MS,
  };
}
