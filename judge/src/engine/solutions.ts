import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type ResolvedLimits, type TestResult, type Verdict } from '@judge/contract';
import type { JudgeOutcome, ResolvedProblem } from '../model/index.js';
import { type LoadedProblem, naturalCompare, prepareTests } from '../problems/index.js';
import type { Engine } from './engine.js';
import { LOCAL_CAPS, resolveRequest } from './resolve.js';

/** Where a problem keeps its reference solutions. */
export const SOLUTIONS_DIR = 'solutions';

/** What a solution's name promises: `ac`, `wa`, `tle`, `mle`, `re`, or `partial` (some points, not all). */
export const SOLUTION_KINDS = ['ac', 'wa', 'tle', 'mle', 're', 'partial'] as const;
export type SolutionKind = (typeof SOLUTION_KINDS)[number];

const KIND = new RegExp(`^(${SOLUTION_KINDS.join('|')})(?=[-_.0-9]|$)`);

/** The verdict a solution's file name promises (`wa-int32.cpp`: wa), or undefined when it promises none. */
export function solutionKind(file: string): SolutionKind | undefined {
  return KIND.exec(file)?.[1] as SolutionKind | undefined;
}

const VERDICT: Record<Exclude<SolutionKind, 'partial'>, Verdict> = {
  ac: 'AC',
  wa: 'WA',
  tle: 'TLE',
  mle: 'MLE',
  re: 'RE',
};

/** Whether an outcome keeps a name's promise; the reason when it does not. */
export function keepsPromise(kind: SolutionKind, outcome: Pick<JudgeOutcome, 'verdict' | 'score'>): string | undefined {
  if (kind === 'partial') {
    return outcome.verdict !== 'AC' && outcome.score > 0 && outcome.score < 100
      ? undefined
      : `partial promises a score between 0 and 100, not ${outcome.verdict} with ${outcome.score}`;
  }
  const want = VERDICT[kind];
  if (outcome.verdict !== want) return `${kind} promises ${want}, not ${outcome.verdict}`;
  if (kind === 'ac' && outcome.score !== 100) return `ac promises a score of 100, not ${outcome.score}`;
  return undefined;
}

/** One reference solution, judged. */
export interface SolutionResult {
  /** File name in `solutions/`. */
  file: string;
  /** What its name promises; undefined when it promises nothing known. */
  kind: SolutionKind | undefined;
  /** The pack that judged it; undefined when its extension names none. */
  language: string | undefined;
  verdict: Verdict | undefined;
  score: number;
  /** The largest CPU time of a test, ms. */
  timeMs: number;
  tests: TestResult[];
  /** Kept its name's promise. */
  ok: boolean;
  /** Why not, when not. */
  mismatch?: string;
  /** Set when the judge failed (IE). */
  error?: string;
}

export interface SolutionTestOptions {
  /** Over the problem's limits. */
  limits?: Partial<ResolvedLimits>;
  /** The largest limits granted (and what `headroom`'s baseline runs with). @defaultValue 60 s, 4 GiB, 256 MiB */
  caps?: ResolvedLimits;
  /**
   * Derive the time limit from this machine: the `ac` solutions run first
   * with the largest time limit, and every solution is then judged with
   * `headroom` times their slowest test (a limit chosen on another machine
   * says nothing about this one).
   */
  headroom?: number;
  /** Called as each solution's result is known. */
  onResult?: (r: SolutionResult) => void;
  /** Called before a solution is judged (for progress). */
  onStart?: (file: string) => void;
}

export interface SolutionTestReport {
  problem: string;
  /** The limits the solutions were judged under. */
  limits: ResolvedLimits;
  /** Set with `headroom`: the slowest test of the `ac` solutions in the baseline, ms. */
  baselineMs?: number;
  solutions: SolutionResult[];
  /** Every solution kept its promise. */
  ok: boolean;
}

/** The pack that claims a solution's extension, or undefined. */
export function languageOfFile(engine: Engine, file: string): string | undefined {
  try {
    return engine.registry.forFile(file).pack.id;
  } catch {
    return undefined;
  }
}

/**
 * Judges every file of a problem's `solutions/` and checks each gets the
 * verdict its name promises (`ac*`, `wa*`, `tle*`, `mle*`, `re*`,
 * `partial*`), for problem setters and the test suite.
 */
export async function testSolutions(
  engine: Engine,
  loaded: LoadedProblem,
  opts: SolutionTestOptions = {},
): Promise<SolutionTestReport> {
  const caps = opts.caps ?? LOCAL_CAPS;
  const dir = join(loaded.dir, SOLUTIONS_DIR);
  const files = (await readdir(dir, { withFileTypes: true }).catch(() => undefined))
    ?.filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(naturalCompare);
  if (!files || files.length === 0) throw new Error(`${dir}: no solutions to judge`);
  const problem: ResolvedProblem = {
    problem: loaded.problem,
    checker: loaded.checker,
    tests: await prepareTests(loaded),
  };
  if (loaded.interactor) problem.interactor = loaded.interactor;

  const judgeFile = async (file: string, limits: Partial<ResolvedLimits> | undefined) => {
    const language = languageOfFile(engine, file);
    if (!language) return { language, outcome: undefined };
    const source = await readFile(join(dir, file), 'utf8');
    const req = resolveRequest({ language, source, limits }, { registry: engine.registry, caps, problem });
    return { language, outcome: await engine.judge(req), limits: req.limits };
  };

  let limits: Partial<ResolvedLimits> | undefined = opts.limits;
  let baselineMs: number | undefined;
  if (opts.headroom !== undefined) {
    let slowest = 0;
    for (const file of files.filter((f) => solutionKind(f) === 'ac')) {
      opts.onStart?.(`${file} (baseline)`);
      const { outcome } = await judgeFile(file, { ...opts.limits, timeMs: caps.timeMs });
      if (outcome?.verdict !== 'AC') {
        throw new Error(
          `${file} is not AC even with ${caps.timeMs} ms: ${outcome?.error ?? outcome?.verdict ?? 'no language'}`,
        );
      }
      slowest = Math.max(slowest, ...outcome.tests.map((t) => t.timeMs));
    }
    baselineMs = slowest;
    limits = { ...opts.limits, timeMs: Math.max(1, Math.ceil(opts.headroom * slowest)) };
  }

  const solutions: SolutionResult[] = [];
  let applied: ResolvedLimits | undefined;
  for (const file of files) {
    opts.onStart?.(file);
    const kind = solutionKind(file);
    const { language, outcome, limits: used } = await judgeFile(file, limits);
    applied ??= used;
    const r: SolutionResult = {
      file,
      kind,
      language,
      verdict: outcome?.verdict,
      score: outcome?.score ?? 0,
      timeMs: outcome?.timeMs ?? 0,
      tests: outcome?.tests ?? [],
      ok: false,
    };
    if (outcome?.error) r.error = outcome.error;
    if (!kind) r.mismatch = `the name promises no verdict: start it with ${SOLUTION_KINDS.join(', ')}`;
    else if (!outcome) r.mismatch = 'no language pack claims its extension';
    else r.mismatch = keepsPromise(kind, outcome);
    r.ok = r.mismatch === undefined;
    if (r.ok) delete r.mismatch;
    solutions.push(r);
    opts.onResult?.(r);
  }
  const report: SolutionTestReport = {
    problem: loaded.problem.id,
    limits: applied ?? { ...DEFAULT_LIMITS, ...loaded.problem.limits, ...limits },
    solutions,
    ok: solutions.every((s) => s.ok),
  };
  if (baselineMs !== undefined) report.baselineMs = baselineMs;
  return report;
}
