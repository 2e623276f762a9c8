import { constants } from 'node:os';
import { type CompileResult, encodeOutputs, type LanguagePack } from '@judge/contract';
import { type CompileCache, type CompileMeta, compileKey, type ProgramSource } from '../cache/compile-cache.js';
import { type RunUsage, type Sandbox, SandboxError } from '../sandbox/index.js';
import { COMPILE_IDLE_MS, COMPILE_OUTPUT_BYTES, compileSpec, MAX_PROGRAM_BYTES } from './spec.js';

const SIGXFSZ = constants.signals.SIGXFSZ;

const utf8 = new TextEncoder();
const MiB = 1024 * 1024;

/** Why a compilation that did not exit by itself was stopped. */
function stoppedReason(u: RunUsage): string | undefined {
  if (u.idleTimedOut) {
    return `compilation made no progress for ${COMPILE_IDLE_MS / 1000} s (waiting on something that never comes?)`;
  }
  if (u.cpuTimedOut || u.wallTimedOut) return 'compilation exceeded its time limit';
  if (u.oomKilled) return 'compilation exceeded its memory limit';
  return undefined;
}

const TOO_LARGE = `executable too large: a compiled program may be at most ${MAX_PROGRAM_BYTES / MiB} MiB`;

/** The compiler's own words, cut to size, with the judge's reason after them; bytes kept exact. */
export function formatOutput(text: Uint8Array, reason: string | undefined): { output: string; encoding?: 'base64' } {
  let bytes = Buffer.from(text);
  if (bytes.length > COMPILE_OUTPUT_BYTES) {
    bytes = Buffer.concat([bytes.subarray(0, COMPILE_OUTPUT_BYTES), Buffer.from('\n… (truncated)')]);
  }
  if (reason) {
    const sep = bytes.length === 0 || bytes[bytes.length - 1] === 10 ? '' : '\n';
    bytes = Buffer.concat([bytes, Buffer.from(`${sep}${reason}\n`)]);
  }
  const { text: t, encoding } = encodeOutputs({ output: bytes });
  return encoding ? { output: t.output, encoding } : { output: t.output };
}

function result(meta: CompileMeta, cached: boolean): CompileResult {
  const r: CompileResult = { exitCode: meta.exitCode, output: meta.output, timeMs: meta.timeMs, cached };
  if (meta.encoding) r.encoding = meta.encoding;
  return r;
}

/** The files a program's compilation lists at `{sources}`: the main source, then the files with the pack's extensions. */
export function compiledSources(pack: LanguagePack, program: ProgramSource): string[] {
  const own = (name: string) => pack.extensions.some((ext) => name.endsWith(ext));
  return [pack.source, ...(program.files ?? []).map((f) => f.name).filter(own)];
}

/** Writes the program's files, then its main source, into the work directory. */
/**
 * Sends every file of the program to the sandbox. The runner answers in order, so the puts are pipelined: each
 * call sends at once, and a command sent after them (a seal, a compile) sees the files.
 */
function putProgram(sandbox: Sandbox, pack: LanguagePack, program: ProgramSource): Promise<void>[] {
  const main = typeof program.main === 'string' ? utf8.encode(program.main) : program.main;
  return [
    ...(program.files ?? []).map((f) => sandbox.put('work', f.name, f.content)),
    sandbox.put('work', pack.source, main),
  ];
}

/**
 * Puts the source (and the program's other files) into the sandbox and compiles it (or restores an earlier
 * compilation of the same source from the cache), then seals the work
 * directory. A compiled program over {@link MAX_PROGRAM_BYTES} is CE.
 * Interpreted languages get their source and no CompileResult. `beforeCompile`
 * runs only when a compiler is about to (e.g. to size the container). Resolves
 * with the bytes the sealed program holds (they live in the container's memory).
 */
export async function prepareProgram(
  sandbox: Sandbox,
  pack: LanguagePack,
  imageTag: string,
  source: string | Uint8Array | ProgramSource,
  cache: CompileCache | undefined,
  beforeCompile?: () => Promise<void>,
): Promise<{ ok: boolean; compile?: CompileResult; programBytes: number }> {
  const program: ProgramSource = typeof source === 'string' || source instanceof Uint8Array ? { main: source } : source;
  if (!pack.compile) {
    const [, sealed] = await Promise.all([Promise.all(putProgram(sandbox, pack, program)), sandbox.seal()]);
    return { ok: true, programBytes: sealed.bytes };
  }
  const key = compileKey(pack, imageTag, program);
  const hit = await cache?.get(key);
  if (hit) {
    let programBytes = 0;
    if (hit.exitCode === 0) {
      const [, sealed] = await Promise.all([sandbox.importWork(hit.archive(), hit.size), sandbox.seal()]);
      programBytes = sealed.bytes;
    }
    return { ok: hit.exitCode === 0, compile: result(hit, true), programBytes };
  }
  await beforeCompile?.();
  await Promise.all(putProgram(sandbox, pack, program));
  const spec = compileSpec(pack, { sources: compiledSources(pack, program), options: program.compilerOptions });
  const usage = await sandbox.run(spec);
  if (usage.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${usage.execErrno})`);
  if (usage.wallTimedOut && !usage.cpuTimedOut && !usage.idleTimedOut) {
    // Out of wall time with CPU time to spare, and never idle: the compiler was starved, not the source at
    // fault. Not a CE: the engine judges the submission again.
    throw new SandboxError(
      `compilation got ${usage.cpuMs} ms of CPU in ${usage.wallMs} ms: the machine is overloaded, judging again`,
    );
  }
  let ok = usage.exitCode === 0 && !usage.cpuTimedOut && !usage.wallTimedOut;
  const said = Buffer.concat([usage.stdout, usage.stderr]);
  // The linker (or the compiler itself, killed by SIGXFSZ) ran into RLIMIT_FSIZE: say why in plain words.
  const hitFileLimit =
    !ok && (usage.signal === SIGXFSZ || /File size limit exceeded|File too large/.test(said.toString('latin1')));
  let meta: CompileMeta = {
    exitCode: usage.exitCode,
    ...formatOutput(said, stoppedReason(usage) ?? (hitFileLimit ? TOO_LARGE : undefined)),
    timeMs: usage.cpuMs,
  };
  if (!ok) {
    await cache?.set(key, meta);
    return { ok, compile: result(meta, false), programBytes: 0 };
  }
  const sealed = await sandbox.seal();
  if (sealed.bytes > MAX_PROGRAM_BYTES) {
    ok = false;
    const size = `the compiled program is ${(sealed.bytes / MiB).toFixed(1)} MiB`;
    meta = { ...meta, exitCode: usage.exitCode, ...formatOutput(said, `${TOO_LARGE} (${size})`) };
    await cache?.set(key, meta);
    return { ok, compile: result(meta, false), programBytes: 0 };
  }
  if (cache) {
    try {
      await cache.set(key, meta, (sink) => sandbox.exportWork(sink, cache.maxEntryBytes));
    } catch (e) {
      // A program the cache cannot take is still judged; a sandbox that died is not.
      if (!sandbox.alive) throw e instanceof SandboxError ? e : new SandboxError((e as Error).message);
    }
  }
  return { ok, compile: result(meta, false), programBytes: sealed.bytes };
}
