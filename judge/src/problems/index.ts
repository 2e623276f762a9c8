// Problems on disk (SPEC §4): loading, validation and reading test data.
export { ProblemError } from './errors.js';
export {
  GENERATOR_FILE,
  idFromDirectory,
  type LoadedProblem,
  listProblems,
  loadProblem,
  PROBLEM_FILE,
  type ProblemTest,
  prepareTests,
  TESTS_DIR,
} from './load.js';
export { naturalCompare } from './natural.js';
export { type ReferenceIssue, referenceIssues } from './references.js';
