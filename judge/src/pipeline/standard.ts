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
  const tests: TestResult[] = [];
  for (const [i, test] of req.tests.entries()) {
    if (ctx.signal?.aborted) throw new Error('judging was cancelled');
    const { result } = await runTest(ctx.sandbox, ctx.pack, req.limits, test, i + 1, check);
    if (req.subtasks) {
      result.subtask = req.subtasks.find((s) => s.tests.includes(test.name))?.name;
    }
    tests.push(result);
    events.onTest?.(result);
    if (req.stopOnFailure && !req.subtasks && result.verdict !== 'AC') break;
  }
  return { tests };
}
