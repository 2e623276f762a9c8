// Problems on disk (docs/problems.md): loading, validation, reading test data, and the upload body.
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
export { uploadFromLoaded } from './upload.js';
