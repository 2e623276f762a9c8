export type { JudgeEvents, JudgeOutcome, JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';
export { Engine, type EngineOptions } from './engine.js';
export { factorFor, type ResolveContext, resolveLimits, resolveRequest, UncalibratedError } from './resolve.js';
