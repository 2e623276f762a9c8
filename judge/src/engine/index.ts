export type {
  JudgeEvents,
  JudgeOutcome,
  JudgeRequest,
  PreparedTest,
  ProgramFile,
  ResolvedProblem,
} from '../model/index.js';
export { Engine, type EngineOptions } from './engine.js';
export { programIssues, type ResolveContext, resolveLimits, resolveRequest } from './resolve.js';
