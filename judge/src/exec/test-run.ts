import { encodeOutputs, type LanguagePack, type ResolvedLimits, type TestResult, type Verdict } from '@judge/contract';
import type { PreparedTest } from '../model/index.js';
import type { RunUsage, Sandbox } from '../sandbox/index.js';
import { classifyRun } from './classify.js';
import { memoryThresholdKb, runSpec } from './spec.js';

/** Output shown in results is cut at this many bytes. */
export const SHOWN_OUTPUT_BYTES = 64 * 1024;
const INPUT_FILE = 'input';
const TRUNCATED = Buffer.from('\n… (truncated)');

/** A checker's answer about one test. */
export interface OutputCheckOutcome {
  ok: boolean;
  /** What the checker said; may quote the input or the expected output. Bytes when a program said it. */
  message?: string | Uint8Array;
  /** Where the output differs, quoting nothing: all a hidden test may show. */
  where?: string;
}

export type OutputCheck = (test: PreparedTest, stdout: Uint8Array) => Promise<OutputCheckOutcome>;

/** Program output as a result may carry it: cut at {@link SHOWN_OUTPUT_BYTES}. */
export function shown(bytes: Uint8Array): Uint8Array {
  return bytes.length > SHOWN_OUTPUT_BYTES ? Buffer.concat([bytes.subarray(0, SHOWN_OUTPUT_BYTES), TRUNCATED]) : bytes;
}

/**
 * What a result may say of a test: for samples the program's output, the
 * checker's whole message and (on a wrong answer) the expected output; for
 * hidden tests only where the answer differs, never a quote of their input or
 * expected output.
 */
function visibleFields(test: PreparedTest, usage: RunUsage, outcome: OutputCheckOutcome | undefined) {
  const fields: Record<string, Uint8Array> = {};
  if (test.sample) {
    fields.stdout = shown(usage.stdout);
    fields.stderr = shown(usage.stderr);
    const m = outcome?.message;
    if (m !== undefined && m.length > 0) fields.message = typeof m === 'string' ? Buffer.from(m) : m;
    // What it should have printed, beside what it did: for a wrong answer on a test whose data may be shown.
    if (outcome && !outcome.ok && test.output) fields.expected = shown(test.output);
  } else if (outcome && !outcome.ok && outcome.where) {
    fields.message = Buffer.from(`${outcome.where}: differs from the expected output`);
  }
  return fields;
}

/** Runs one test in a prepared sandbox and judges it. */
export async function runTest(
  sandbox: Sandbox,
  pack: LanguagePack,
  limits: ResolvedLimits,
  test: PreparedTest,
  index: number,
  check: OutputCheck | undefined,
  args?: readonly string[],
): Promise<{ result: TestResult; usage: RunUsage }> {
  const spec = runSpec(pack, limits, INPUT_FILE, args);
  // Pipelined: the runner answers in order, so the input need not be
  // acknowledged before the run is asked for.
  const [, usage] = await Promise.all([sandbox.put('in', INPUT_FILE, test.input), sandbox.run(spec)]);
  if (usage.execErrno) throw new Error(`language ${pack.id}: cannot start ${spec.argv[0]} (errno ${usage.execErrno})`);
  let verdict: Verdict = classifyRun(usage, pack, limits) ?? 'AC';
  let outcome: OutputCheckOutcome | undefined;
  if (verdict === 'AC' && check) {
    outcome = await check(test, usage.stdout);
    verdict = outcome.ok ? 'AC' : 'WA';
  }
  const result: TestResult = {
    index,
    verdict,
    timeMs: usage.cpuMs,
    wallMs: usage.wallMs,
    // Killed by the kernel for memory: it used at least the limit, whatever the last sample saw.
    memoryKb: usage.oomKilled ? Math.max(usage.rssKb, memoryThresholdKb(pack, limits)) : usage.rssKb,
    exitCode: usage.exitCode,
    signal: usage.signal,
  };
  const { text, encoding } = encodeOutputs(visibleFields(test, usage, outcome));
  Object.assign(result, text);
  if (encoding) result.encoding = encoding;
  return { result, usage };
}
