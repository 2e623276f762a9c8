import { standardPipeline } from './standard.js';
import type { Pipeline } from './types.js';

/** Every pipeline by name; a problem's type picks one. */
export const pipelines: Record<string, Pipeline> = {
  standard: standardPipeline,
};

export { overallVerdict, score } from './score.js';
export { FailureStop, skippedResult, subtaskOf } from './skip.js';
export type { Pipeline, PipelineContext, PipelineResult } from './types.js';
