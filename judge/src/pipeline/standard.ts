import type { TestResult } from '@judge/contract';
import { type OutputCheck, runTest } from '../exec/test-run.js';
import type { JudgeEvents, JudgeRequest } from '../model/index.js';
import type { PipelineContext, PipelineResult } from './types.js';

/** Batch judging: each test's input on stdin, its stdout checked against the answer. */
export async function standardPipeline(
  ctx: PipelineContext,
  req: JudgeRequest,
  events: JudgeEvents,
): Promise<PipelineResult> {
  const check: OutputCheck | undefined = req.plainRun ? undefined : ctx.check;
  return eachTest(ctx, req, events, (test, index) =>
    runTest(ctx.sandbox, ctx.pack, req.limits, test, index, check).then((r) => r.result),
  );
}

/**
 * Judges the tests in order with `judgeOne`: each result gets its subtask and
 * is reported as it comes. A test ending in RE asks the pack's check step
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
  for (const [i, test] of req.tests.entries()) {
    if (ctx.signal?.aborted) throw new Error('judging was cancelled');
    const result = await judgeOne(test, i + 1);
    if (result.verdict === 'RE' && ctx.sourceCheck) {
      const compileError = await ctx.sourceCheck();
      if (compileError) return { tests, compileError };
    }
    if (req.subtasks) {
      result.subtask = req.subtasks.find((s) => s.tests.includes(test.name))?.name;
    }
    tests.push(result);
    events.onTest?.(result);
    if (req.stopOnFailure && !req.subtasks && result.verdict !== 'AC') break;
  }
  return { tests };
}
