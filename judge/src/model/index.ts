// The engine's model: what every layer of judge/ speaks (problems, exec,
// pipeline, engine, node). It sits at the bottom: it imports the contract only.
import type {
  Checker,
  CompileResult,
  Interactor,
  Problem,
  ResolvedLimits,
  ResultCalibration,
  Subtask,
  SubtaskResult,
  TestResult,
  Verdict,
} from '@judge/contract';

/** One test, ready to judge: its data in memory. */
export interface PreparedTest {
  /** Name from the problem (`01`) or the 1-based index for inline tests. */
  name: string;
  input: Uint8Array;
  /** Expected output; absent for a plain run and an interactive problem. */
  output?: Uint8Array;
  /** Whether stdout and stderr may be returned for this test. */
  sample: boolean;
}

/** A file of the program beside its main source (a module, a header, another compilation unit). */
export interface ProgramFile {
  /** A plain file name (the contract's FILE_NAME). */
  name: string;
  content: Uint8Array;
}

/** A submission resolved against packs and problems: everything the engine needs. */
export interface JudgeRequest {
  /** Pack id (aliases already resolved). */
  language: string;
  /** The main source: text, or its exact bytes. */
  source: string | Uint8Array;
  /** Files beside the main source, in the work directory. */
  files?: ProgramFile[];
  /** Arguments of the program on every run. */
  args?: string[];
  /** Compiler options, each allowed by the pack (at `{options}`). */
  compilerOptions?: string[];
  tests: PreparedTest[];
  limits: ResolvedLimits;
  checker: Checker;
  subtasks?: Subtask[];
  /** A plain run (no tests, no problem): verdict from the exit alone. */
  plainRun: boolean;
  /**
   * Stop at the first test that fails: the later tests are SKIP, not run (with subtasks, the later tests of the
   * failing subtask). @defaultValue false
   */
  stopOnFailure?: boolean;
  /** An interactive problem's interactor, with its source text: it judges each test, not the checker. */
  interactor?: Interactor;
  /** The judging machine's speed, when it is calibrated; carried to the outcome. */
  calibration?: ResultCalibration;
}

/** Progress callbacks, called in order while a submission is judged. */
export interface JudgeEvents {
  onStatus?(status: 'compiling' | 'running'): void;
  onCompiled?(compile: CompileResult): void;
  onTest?(test: TestResult): void;
  /** Where the time went, once judging ends (for metrics). */
  onTimings?(timings: EngineTimings): void;
}

/**
 * The engine's steps of one submission: taking a sandbox, putting the program
 * in (compiling it, or restoring it from the cache), setting the sandbox's
 * memory ceiling (a Docker call), running the tests less checking their
 * output, and checking it. (The sandbox is reset for the next submission
 * after the verdict is out.)
 */
export type EngineStage = 'acquire' | 'compile' | 'memory' | 'run' | 'check';

/** Milliseconds spent in each of the engine's steps. */
export type EngineTimings = Partial<Record<EngineStage, number>>;

/** What judging produces; the caller adds id, status and timestamps. */
export interface JudgeOutcome {
  verdict: Verdict;
  score: number;
  compile?: CompileResult;
  tests: TestResult[];
  subtasks?: SubtaskResult[];
  timeMs: number;
  memoryKb: number;
  /** The limits the tests ran under; absent when judging failed before they were known. */
  limits?: ResolvedLimits;
  /** Set with verdict IE: what failed inside the judge. */
  error?: string;
  /** The judging machine's speed, when it is calibrated; with the problem's reference time limit when it had one. */
  calibration?: ResultCalibration;
}

/** A problem with its tests in memory, wherever it was stored (a directory, the node's database). */
export interface ResolvedProblem {
  problem: Problem;
  /** The checker, a custom one with its source text. */
  checker: Checker;
  /** `problem.interactor` with its source text, for an interactive problem. */
  interactor?: Interactor;
  tests: PreparedTest[];
}
