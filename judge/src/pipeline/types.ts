import type { LanguagePack, TestResult } from '@judge/contract';
import type { OutputCheck } from '../exec/test-run.js';
import type { JudgeEvents, JudgeRequest } from '../model/index.js';
import type { Sandbox } from '../sandbox/index.js';

/** What a pipeline gets: the program compiled and sealed in its sandbox, and the checker. */
export interface PipelineContext {
  sandbox: Sandbox;
  pack: LanguagePack;
  check: OutputCheck;
  signal?: AbortSignal;
}

export interface PipelineResult {
  tests: TestResult[];
}

/** One way of judging (batch today; interactive and others register beside it). */
export type Pipeline = (ctx: PipelineContext, req: JudgeRequest, events: JudgeEvents) => Promise<PipelineResult>;
