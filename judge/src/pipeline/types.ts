import type { CompileResult, LanguagePack, TestResult } from '@judge/contract';
import type { InteractorCommand } from '../exec/interact-run.js';
import type { OutputCheck } from '../exec/test-run.js';
import type { JudgeEvents, JudgeRequest } from '../model/index.js';
import type { Sandbox } from '../sandbox/index.js';

/** What a pipeline gets: the program compiled and sealed in its sandbox, and the checker. */
export interface PipelineContext {
  sandbox: Sandbox;
  pack: LanguagePack;
  check: OutputCheck;
  /** An interactive problem's interactor, in the sandbox's judge directory. */
  interactor?: InteractorCommand;
  /**
   * The pack's check step (a syntax check), asked once a test ended in RE: a
   * CompileResult when the source does not pass, and the submission is CE.
   */
  sourceCheck?: () => Promise<CompileResult | undefined>;
  signal?: AbortSignal;
}

export interface PipelineResult {
  tests: TestResult[];
  /** Set when the check step failed: the submission is CE, with this as its compilation. */
  compileError?: CompileResult;
}

/** One way of judging (batch and interactive; others register beside them). */
export type Pipeline = (ctx: PipelineContext, req: JudgeRequest, events: JudgeEvents) => Promise<PipelineResult>;
