import { runInteractiveTest } from '../exec/interact-run.js';
import type { JudgeEvents, JudgeRequest } from '../model/index.js';
import { eachTest } from './standard.js';
import type { PipelineContext, PipelineResult } from './types.js';

/**
 * Interactive judging: for each test the program talks with the problem's
 * interactor through pipes (both in the program's sandbox, as two users);
 * the interactor, given the test's input, decides.
 */
export async function interactivePipeline(
  ctx: PipelineContext,
  req: JudgeRequest,
  events: JudgeEvents,
): Promise<PipelineResult> {
  const interactor = ctx.interactor;
  if (!interactor) throw new Error('an interactive problem without its interactor');
  return eachTest(ctx, req, events, (test, index) =>
    runInteractiveTest(ctx.sandbox, ctx.pack, req.limits, interactor, test, index).then((r) => r.result),
  );
}
