import { interactivePipeline } from './interactive.js';
import { standardPipeline } from './standard.js';
import type { Pipeline } from './types.js';

/** Every pipeline by name; a problem's type picks one (an interactor: `interactive`). */
export const pipelines: Record<string, Pipeline> = {
  standard: standardPipeline,
  interactive: interactivePipeline,
};

export { overallVerdict, score } from './score.js';
export { FailureStop, skippedResult, subtaskOf } from './skip.js';
export type { Pipeline, PipelineContext, PipelineResult } from './types.js';
