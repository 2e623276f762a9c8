import type { TestResult } from '@judge/contract';
import { type OutputCheck, runTest } from '../exec/test-run.js';
import type { JudgeEvents, JudgeRequest } from '../model/index.js';
import { FailureStop, skippedResult, subtaskOf } from './skip.js';
import type { PipelineContext, PipelineResult } from './types.js';

/** Batch judging: each test's input on stdin, its stdout checked against the answer. */
export async function standardPipeline(
  ctx: PipelineContext,
  req: JudgeRequest,
  events: JudgeEvents,
): Promise<PipelineResult> {
  const check: OutputCheck | undefined = req.plainRun ? undefined : ctx.check;
  const tests: TestResult[] = [];
  const stop = new FailureStop(req);
  for (const [i, test] of req.tests.entries()) {
    if (ctx.signal?.aborted) throw new Error('judging was cancelled');
    let result: TestResult;
    if (stop.skips(test)) {
      result = skippedResult(i + 1);
    } else {
      ({ result } = await runTest(ctx.sandbox, ctx.pack, req.limits, test, i + 1, check, req.args));
      stop.record(test, result);
    }
    const subtask = subtaskOf(req, test);
    if (subtask !== undefined) result.subtask = subtask;
    tests.push(result);
    events.onTest?.(result);
  }
  return { tests };
}
