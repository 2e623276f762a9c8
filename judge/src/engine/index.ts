export type { JudgeEvents, JudgeOutcome, JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';
export { Engine, type EngineOptions, staticPack } from './engine.js';
export { type ResolveContext, resolveLimits, resolveRequest } from './resolve.js';
export {
  keepsPromise,
  SOLUTION_KINDS,
  SOLUTIONS_DIR,
  type SolutionKind,
  type SolutionResult,
  type SolutionTestOptions,
  type SolutionTestReport,
  solutionKind,
  testSolutions,
} from './solutions.js';
