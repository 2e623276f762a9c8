import { encodeOutputs, type LanguagePack, type ResolvedLimits, type TestResult, type Verdict } from '@judge/contract';
import type { PreparedTest } from '../model/index.js';
import type { InteractUsage, Sandbox } from '../sandbox/index.js';
import { classifyRun } from './classify.js';
import { INTERACTOR_STDERR_BYTES, idleLimitMs, memoryThresholdKb, runSpec, wallLimitMs } from './spec.js';
import { shown } from './test-run.js';

/** The interactor's file of the test's input, and the file it may write its report to (testlib's `<output>`). */
export const INTERACTOR_INPUT = 'input';
const INTERACTOR_REPORT = 'tout';
/** Bytes of the interactor's message shown on a sample. */
const MESSAGE_BYTES = 500;

/** How to start an interactor that sits in the sandbox's judge directory. */
export interface InteractorCommand {
  /** Its command line before testlib's two arguments. */
  argv: string[];
  env: Record<string, string>;
}

/** An interactor that failed (exit 3, a crash, no start): the problem is broken, the judge's fault, never the program's. */
export class InteractorFailure extends Error {
  override name = 'InteractorFailure';
}

const said = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8').trim();

/** The bytes without surrounding ASCII whitespace. */
function trimmed(bytes: Uint8Array): Uint8Array {
  const space = (b: number) => b === 32 || (b >= 9 && b <= 13);
  let start = 0;
  let end = bytes.length;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}

/**
 * The verdict of one interactive test, in this order: the program's own
 * limits (MLE, TLE, the two sides idle, OLE), for which it was stopped
 * whatever the interactor made of it; then the interactor's word (1 WA, 2 PE
 * judged WA; a program killed by SIGPIPE because the interactor quit is the
 * interactor's WA, not RE); then the program's RE; else AC.
 * @throws InteractorFailure when the interactor exits otherwise or crashes
 */
export function classifyInteraction(
  u: InteractUsage,
  pack: LanguagePack,
  limits: ResolvedLimits,
): { verdict: Verdict; reason?: string } {
  const own = classifyRun(u, pack, limits);
  if (own === 'MLE' || own === 'TLE' || own === 'OLE') return { verdict: own };
  if (u.idleTimedOut) {
    return {
      verdict: 'TLE',
      reason: `idleness limit: the program and the interactor both waited ${idleLimitMs(limits.timeMs)} ms for each other (output not flushed?)`,
    };
  }
  const i = u.interactor;
  const detail = (text: string) => new InteractorFailure(`the interactor ${text}`);
  if (i.execErrno) throw detail(`cannot start (errno ${i.execErrno})`);
  if (i.cpuTimedOut) throw detail('exceeded its CPU time');
  if (i.signal !== null) throw detail(`was killed by signal ${i.signal}`);
  if (i.exitCode === 1) return { verdict: 'WA', reason: 'wrong answer' };
  if (i.exitCode === 2) return { verdict: 'WA', reason: 'presentation error' };
  if (i.exitCode !== 0) throw detail(`exited with ${i.exitCode}${i.exitCode === 3 ? ' (it failed)' : ''}`);
  return { verdict: own ?? 'AC' };
}

/**
 * Runs one test of an interactive problem: the test's input goes to the
 * interactor only, and the program's stdin and stdout are pipes to it. A
 * sample's result shows the program's stderr and the interactor's message
 * (its stderr); a hidden one's only the verdict's reason, never a quote.
 */
export async function runInteractiveTest(
  sandbox: Sandbox,
  pack: LanguagePack,
  limits: ResolvedLimits,
  interactor: InteractorCommand,
  test: PreparedTest,
  index: number,
): Promise<{ result: TestResult; usage: InteractUsage }> {
  const spec = runSpec(pack, limits, undefined);
  const [, usage] = await Promise.all([
    sandbox.put('judge', INTERACTOR_INPUT, test.input),
    sandbox.interact(
      spec,
      {
        argv: [...interactor.argv, INTERACTOR_INPUT, INTERACTOR_REPORT],
        env: interactor.env,
        cpuMs: wallLimitMs(limits.timeMs),
        stderrBytes: INTERACTOR_STDERR_BYTES,
      },
      idleLimitMs(limits.timeMs),
    ),
  ]);
  if (usage.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${usage.execErrno})`);
  let outcome: { verdict: Verdict; reason?: string };
  try {
    outcome = classifyInteraction(usage, pack, limits);
  } catch (e) {
    if (!(e instanceof InteractorFailure)) throw e;
    const words = test.sample ? said(usage.interactor.stderr).slice(0, MESSAGE_BYTES) : '';
    throw new InteractorFailure(`${e.message} on test ${index}${words ? `: ${words}` : ''}`);
  }
  const result: TestResult = {
    index,
    verdict: outcome.verdict,
    timeMs: usage.cpuMs,
    wallMs: usage.wallMs,
    memoryKb: usage.oomKilled ? Math.max(usage.rssKb, memoryThresholdKb(pack, limits)) : usage.rssKb,
    exitCode: usage.exitCode,
    signal: usage.signal,
  };
  const fields: Record<string, Uint8Array> = {};
  if (test.sample) {
    fields.stderr = shown(usage.stderr);
    const words = trimmed(usage.interactor.stderr.subarray(0, MESSAGE_BYTES));
    const message = words.length > 0 ? words : outcome.reason ? Buffer.from(outcome.reason) : undefined;
    if (message) fields.message = message;
  } else if (outcome.reason) {
    fields.message = Buffer.from(outcome.reason);
  }
  const { text, encoding } = encodeOutputs(fields);
  Object.assign(result, text);
  if (encoding) result.encoding = encoding;
  return { result, usage };
}
