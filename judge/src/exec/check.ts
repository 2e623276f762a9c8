import type { CompileResult, LanguagePack } from '@judge/contract';
import type { Sandbox } from '../sandbox/index.js';
import { formatOutput } from './compile.js';
import { checkSpec } from './spec.js';

/**
 * Runs the pack's check step on the sealed source (a syntax check: `python3
 * -m py_compile`, `node --check`): a CompileResult when the source does not
 * pass, undefined when it does or the pack has none. A check that runs out
 * of time proves nothing, and leaves the verdict to the run.
 */
export async function checkSource(sandbox: Sandbox, pack: LanguagePack): Promise<CompileResult | undefined> {
  if (!pack.check) return undefined;
  const spec = checkSpec(pack);
  const u = await sandbox.run(spec);
  if (u.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${u.execErrno})`);
  if (u.exitCode === 0 || u.cpuTimedOut || u.wallTimedOut || u.oomKilled) return undefined;
  const said = Buffer.concat([u.stdout, u.stderr]);
  return { exitCode: u.exitCode, ...formatOutput(said, undefined), timeMs: u.cpuMs, cached: false };
}

/** The check step at most once per submission, and only once a program failed with RE. */
export function lazySourceCheck(
  sandbox: Sandbox,
  pack: LanguagePack,
): (() => Promise<CompileResult | undefined>) | undefined {
  if (!pack.check) return undefined;
  let once: Promise<CompileResult | undefined> | undefined;
  return () => {
    once ??= checkSource(sandbox, pack);
    return once;
  };
}
