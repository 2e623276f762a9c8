export { Engine, type EngineOptions } from './engine.js';
export { type ResolveContext, type ResolvedProblem, resolveLimits, resolveRequest } from './resolve.js';
export type { JudgeEvents, JudgeOutcome, JudgeRequest, PreparedTest } from './types.js';
