import type { LanguagePack, ResolvedLimits, TestResult, Verdict } from '@judge/contract';
import type { PreparedTest } from '../engine/types.js';
import type { RunUsage, Sandbox } from '../sandbox/index.js';
import { classifyRun } from './classify.js';
import { runSpec } from './spec.js';

/** Output shown in results is cut at this many bytes. */
export const SHOWN_OUTPUT_BYTES = 64 * 1024;
const INPUT_FILE = 'input';

export type OutputCheck = (test: PreparedTest, stdout: Uint8Array) => Promise<{ ok: boolean; message?: string }>;

function shown(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.subarray(0, SHOWN_OUTPUT_BYTES)).toString('utf8');
  return bytes.length > SHOWN_OUTPUT_BYTES ? `${text}\n… (truncated)` : text;
}

/** Runs one test in a prepared sandbox and judges it. */
export async function runTest(
  sandbox: Sandbox,
  pack: LanguagePack,
  limits: ResolvedLimits,
  test: PreparedTest,
  index: number,
  check: OutputCheck | undefined,
): Promise<{ result: TestResult; usage: RunUsage }> {
  const spec = runSpec(pack, limits, INPUT_FILE);
  // Pipelined: the runner answers in order, so the input need not be
  // acknowledged before the run is asked for.
  const [, usage] = await Promise.all([sandbox.put('in', INPUT_FILE, test.input), sandbox.run(spec)]);
  if (usage.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${usage.execErrno})`);
  let verdict: Verdict = classifyRun(usage, pack, limits) ?? 'AC';
  let message: string | undefined;
  if (verdict === 'AC' && check) {
    const outcome = await check(test, usage.stdout);
    verdict = outcome.ok ? 'AC' : 'WA';
    message = outcome.message;
  }
  const result: TestResult = {
    index,
    verdict,
    timeMs: usage.cpuMs,
    wallMs: usage.wallMs,
    memoryKb: usage.rssKb,
    exitCode: usage.exitCode,
    signal: usage.signal,
  };
  if (test.sample) {
    result.stdout = shown(usage.stdout);
    result.stderr = shown(usage.stderr);
  }
  if (message) result.message = message;
  return { result, usage };
}
