export type {
  JudgeEvents,
  JudgeOutcome,
  JudgeRequest,
  PreparedTest,
  ProgramFile,
  ResolvedProblem,
} from '../model/index.js';
export { Engine, type EngineOptions, staticPack } from './engine.js';
export {
  factorFor,
  LOCAL_CAPS,
  programIssues,
  type ResolveContext,
  resolveLimits,
  resolveRequest,
  UncalibratedError,
} from './resolve.js';
export {
  keepsPromise,
  languageOfFile,
  SOLUTION_KINDS,
  SOLUTIONS_DIR,
  type SolutionKind,
  type SolutionResult,
  type SolutionTestOptions,
  type SolutionTestReport,
  solutionKind,
  testSolutions,
} from './solutions.js';
