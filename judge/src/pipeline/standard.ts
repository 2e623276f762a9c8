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
  return eachTest(ctx, req, events, (test, index) =>
    runTest(ctx.sandbox, ctx.pack, req.limits, test, index, check, req.args).then((r) => r.result),
  );
}

/**
 * Judges the tests in order with `judgeOne`: each result gets its subtask and
 * is reported as it comes; after a failure with stopOnFailure the rest are
 * SKIP, not run. A test ending in RE asks the pack's check step
 * first: a source that fails it (a syntax error) makes the submission CE, and
 * the RE is never reported.
 */
export async function eachTest(
  ctx: PipelineContext,
  req: JudgeRequest,
  events: JudgeEvents,
  judgeOne: (test: JudgeRequest['tests'][number], index: number) => Promise<TestResult>,
): Promise<PipelineResult> {
  const tests: TestResult[] = [];
  const stop = new FailureStop(req);
  for (const [i, test] of req.tests.entries()) {
    if (ctx.signal?.aborted) throw new Error('judging was cancelled');
    let result: TestResult;
    if (stop.skips(test)) {
      result = skippedResult(i + 1);
    } else {
      result = await judgeOne(test, i + 1);
      if (result.verdict === 'RE' && ctx.sourceCheck) {
        const compileError = await ctx.sourceCheck();
        if (compileError) return { tests, compileError };
      }
      stop.record(test, result);
    }
    const subtask = subtaskOf(req, test);
    if (subtask !== undefined) result.subtask = subtask;
    tests.push(result);
    events.onTest?.(result);
  }
  return { tests };
}
