import { join } from 'node:path';
import { DEFAULT_LIMITS, type Limits, type SubmissionRequest, type SubmissionResult } from '@judge/contract';
import type { Engine, JudgeRequest } from '@judge/judge';
import { type Config, languagesDir, problemsDir } from './config.js';
import type { Progress } from './progress.js';

export async function openEngine(config: Config, slots = 1): Promise<Engine> {
  const { Engine } = await import('@judge/judge');
  return Engine.create({ languagesDir: languagesDir(config), cacheDir: config.cacheDir, slots });
}

/** Builds the language's image if it is missing, reporting progress on stderr. */
export async function ensureImage(engine: Engine, language: string, quiet: boolean): Promise<void> {
  const { ImageMissingError } = await import('@judge/judge');
  try {
    await engine.imageFor(language);
  } catch (e) {
    if (!(e instanceof ImageMissingError)) throw e;
    if (!quiet) process.stderr.write(`The ${language} image is not built yet: building ${e.image} (once)…\n`);
    await engine.ensureImage(language, (line) => {
      if (!quiet && /^(Step \d+\/\d+|building )/.test(line)) process.stderr.write(`  ${line}\n`);
    });
  }
}

export interface LocalInput {
  request: SubmissionRequest;
  /** A problem directory (from --tests or --problem). */
  problemDir?: string;
}

/** Where `--problem ID` lives locally. */
export function localProblemDir(config: Config, id: string): string {
  return join(problemsDir(config), id);
}

/** Judges on this machine with the embedded engine; the result has the shape of the API's (docs/api.md). */
export async function judgeLocally(
  engine: Engine,
  input: LocalInput,
  progress: Progress,
  quiet: boolean,
): Promise<SubmissionResult> {
  const judge = await import('@judge/judge');
  const createdAt = new Date().toISOString();
  const language = engine.registry.get(input.request.language).pack.id;
  await ensureImage(engine, language, quiet);
  let problem: Parameters<typeof judge.resolveRequest>[1]['problem'];
  if (input.problemDir) {
    const loaded = await judge.loadProblem(input.problemDir);
    problem = { problem: loaded.problem, checker: loaded.checker, tests: await judge.prepareTests(loaded) };
    if (loaded.interactor) {
      problem.interactor = loaded.interactor;
      await ensureImage(engine, loaded.interactor.language, quiet);
    } else if (loaded.checker.type === 'custom') await ensureImage(engine, loaded.checker.language, quiet);
  }
  const req: JudgeRequest = judge.resolveRequest(input.request, {
    registry: engine.registry,
    caps: judge.LOCAL_CAPS,
    defaults: DEFAULT_LIMITS,
    problem,
    // A time limit for the reference machine is scaled by this machine's calibration (judge calibrate).
    speed:
      problem?.problem.timeBasis === 'reference'
        ? await judge.currentCalibration(judge.defaultCalibrationFile(), engine)
        : undefined,
  });
  progress.total = req.tests.length;
  const outcome = await engine.judge(req, {
    onStatus: (s) => progress.status(s === 'compiling' ? 'compiling…' : `running test 1/${req.tests.length}…`),
    onCompiled: (c) => progress.compiled(c),
    onTest: (t) => progress.test(t),
  });
  progress.done();
  const result: SubmissionResult = {
    id: `local-${Date.now().toString(36)}`,
    status: 'done',
    language,
    ...outcome,
    createdAt,
    finishedAt: new Date().toISOString(),
  };
  if (problem) result.problem = problem.problem.id;
  return result;
}

export function limitsFromFlags(flags: { 'time-limit'?: number; 'memory-limit'?: number }): Limits | undefined {
  const limits: Limits = {};
  if (flags['time-limit'] !== undefined) limits.timeMs = flags['time-limit'];
  if (flags['memory-limit'] !== undefined) limits.memoryMb = flags['memory-limit'];
  return Object.keys(limits).length ? limits : undefined;
}
