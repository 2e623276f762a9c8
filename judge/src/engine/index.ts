export type { JudgeEvents, JudgeOutcome, JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';
export { Engine, type EngineOptions } from './engine.js';
export { type ResolveContext, resolveLimits, resolveRequest } from './resolve.js';
