export { ProblemError } from './errors.js';
export {
  type LoadedProblem,
  listProblems,
  loadProblem,
  naturalCompare,
  PROBLEM_FILE,
  type ProblemTest,
  prepareTests,
} from './load.js';
