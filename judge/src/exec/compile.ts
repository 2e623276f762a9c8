import type { CompileResult, LanguagePack } from '@judge/contract';
import { type CompileCache, compileKey } from '../cache/compile-cache.js';
import type { Sandbox } from '../sandbox/index.js';
import { COMPILE_OUTPUT_BYTES, compileSpec } from './spec.js';

const utf8 = new TextEncoder();

/** Why a compilation that did not exit by itself was stopped. */
function stoppedReason(u: { cpuTimedOut: boolean; wallTimedOut: boolean; oomKilled: boolean }): string | undefined {
  if (u.cpuTimedOut || u.wallTimedOut) return 'compilation exceeded its time limit';
  if (u.oomKilled) return 'compilation exceeded its memory limit';
  return undefined;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (truncated)`;
}

/**
 * Puts the source into the sandbox and compiles it (or restores an earlier
 * compilation of the same source from the cache), then seals the work
 * directory. Interpreted languages get their source and no CompileResult.
 */
export async function prepareProgram(
  sandbox: Sandbox,
  pack: LanguagePack,
  imageTag: string,
  source: string,
  cache: CompileCache | undefined,
): Promise<{ ok: boolean; compile?: CompileResult }> {
  if (!pack.compile) {
    await sandbox.put('work', pack.source, utf8.encode(source));
    await sandbox.seal();
    return { ok: true };
  }
  const key = compileKey(pack, imageTag, source);
  const hit = await cache?.get(key);
  if (hit) {
    if (hit.exitCode === 0) {
      await sandbox.importWork(hit.archive);
      await sandbox.seal();
    }
    return {
      ok: hit.exitCode === 0,
      compile: { exitCode: hit.exitCode, output: hit.output, timeMs: hit.timeMs, cached: true },
    };
  }
  await sandbox.put('work', pack.source, utf8.encode(source));
  const spec = compileSpec(pack);
  const usage = await sandbox.run(spec);
  if (usage.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${usage.execErrno})`);
  const ok = usage.exitCode === 0 && !usage.cpuTimedOut && !usage.wallTimedOut;
  const text = Buffer.concat([usage.stdout, usage.stderr]).toString('utf8');
  const reason = stoppedReason(usage);
  const output = truncate(
    [text, reason].filter(Boolean).join(text.endsWith('\n') || !text ? '' : '\n'),
    COMPILE_OUTPUT_BYTES,
  );
  const compile: CompileResult = { exitCode: usage.exitCode, output, timeMs: usage.cpuMs, cached: false };
  if (!ok) {
    await cache?.set(key, { ...compile, archive: new Uint8Array() });
    return { ok, compile };
  }
  const archive = await sandbox.exportWork();
  await cache?.set(key, { ...compile, archive });
  await sandbox.seal();
  return { ok, compile };
}
