import {
  type Calibration,
  type Checker,
  compilerOptionAllowed,
  DEFAULT_LIMITS,
  type LanguagePack,
  type ResolvedLimits,
  requestBytes,
  type SubmissionRequest,
  scaledTimeMs,
} from '@judge/contract';
import type { PackRegistry } from '../languages/index.js';
import type { JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';

/**
 * What a request asks of its language that the language cannot give, as
 * validation issues: a file named like the main source, compiler options the
 * pack does not allow (or any, for a language without a compiler).
 */
export function programIssues(pack: LanguagePack, body: SubmissionRequest): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const [i, f] of (body.files ?? []).entries()) {
    if (f.name === pack.source) {
      issues.push({
        path: `files.${i}.name`,
        message: `${f.name} is the main source of ${pack.id}: give it as source`,
      });
    }
  }
  for (const [i, option] of (body.compilerOptions ?? []).entries()) {
    if (!pack.compile) {
      issues.push({ path: `compilerOptions.${i}`, message: `${pack.id} has no compiler to give options to` });
    } else if (!compilerOptionAllowed(pack, option)) {
      const allowed = pack.compile.options?.length ? `allowed: ${pack.compile.options.join(' ')}` : 'it takes none';
      issues.push({
        path: `compilerOptions.${i}`,
        message: `${option} is not an allowed option of ${pack.id} (${allowed})`,
      });
    }
  }
  return issues;
}

/** What judging on one's own machine grants at most (the CLI's local judging, `judge problem test`). */
export const LOCAL_CAPS: ResolvedLimits = { timeMs: 60_000, memoryMb: 4096, outputKb: 256 * 1024 };

export interface ResolveContext {
  registry: PackRegistry;
  /** The largest limits this judge grants. */
  caps: ResolvedLimits;
  /** Limits where neither the request nor the problem sets them. @defaultValue DEFAULT_LIMITS */
  defaults?: ResolvedLimits;
  problem?: ResolvedProblem;
  /** This machine's speed: needed to judge a problem whose time limit is for the reference machine. */
  speed?: Pick<Calibration, 'factor' | 'languages'>;
}

/** A problem's time limit is for the reference machine, and this machine has no calibration to scale it by. */
export class UncalibratedError extends Error {
  override name = 'UncalibratedError';
  constructor(readonly problem: string) {
    super(
      `problem "${problem}" states its time limit for the reference machine, and this machine is not calibrated (judge calibrate)`,
    );
  }
}

/** A language's speed factor on this machine: its own when measured, else the machine's. */
export function factorFor(speed: Pick<Calibration, 'factor' | 'languages'>, language: string): number {
  return speed.languages[language] ?? speed.factor;
}

/** Limits in force: request over problem over defaults, each capped. */
export function resolveLimits(
  requested: Partial<ResolvedLimits> | undefined,
  problem: Partial<ResolvedLimits> | undefined,
  defaults: ResolvedLimits,
  caps: ResolvedLimits,
): ResolvedLimits {
  const pick = (k: keyof ResolvedLimits) => Math.min(requested?.[k] ?? problem?.[k] ?? defaults[k], caps[k]);
  return { timeMs: pick('timeMs'), memoryMb: pick('memoryMb'), outputKb: pick('outputKb') };
}

/** Turns a validated API request into what the engine judges. Throws UnknownLanguageError. */
export function resolveRequest(body: SubmissionRequest, ctx: ResolveContext): JudgeRequest {
  const pack = ctx.registry.get(body.language).pack;
  const problem = ctx.problem?.problem;
  const factor = ctx.speed ? factorFor(ctx.speed, pack.id) : undefined;
  // A problem's time limit for the reference machine, unless the request sets its own (which is this machine's).
  const referenceTimeMs =
    problem?.timeBasis === 'reference' && body.limits?.timeMs === undefined ? problem.limits?.timeMs : undefined;
  let problemLimits = problem?.limits;
  if (referenceTimeMs !== undefined) {
    if (factor === undefined) throw new UncalibratedError(problem?.id ?? '');
    problemLimits = { ...problemLimits, timeMs: scaledTimeMs(referenceTimeMs, factor) };
  }
  const limits = resolveLimits(body.limits, problemLimits, ctx.defaults ?? DEFAULT_LIMITS, ctx.caps);
  const checker: Checker = body.checker ?? ctx.problem?.checker ?? { type: 'tokens' };
  if (checker.type === 'custom') ctx.registry.get(checker.language);
  const issues = programIssues(pack, body);
  if (issues.length > 0) throw new Error(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const bytes = (text: string) => requestBytes(text, body.encoding);
  const base: Omit<JudgeRequest, 'tests' | 'plainRun'> = {
    language: pack.id,
    source: body.encoding === 'base64' ? bytes(body.source) : body.source,
    limits,
    checker,
  };
  if (factor !== undefined) base.calibration = referenceTimeMs === undefined ? { factor } : { factor, referenceTimeMs };
  if (body.files?.length) base.files = body.files.map((f) => ({ name: f.name, content: bytes(f.content) }));
  if (body.args?.length) base.args = body.args;
  if (body.compilerOptions?.length) base.compilerOptions = body.compilerOptions;
  const stopOnFailure = body.stopOnFailure ?? ctx.problem?.problem.stopOnFailure;
  if (stopOnFailure) base.stopOnFailure = true;
  if (body.tests) {
    const tests = body.tests.map(
      (t, i): PreparedTest => ({
        name: String(i + 1),
        input: bytes(t.input),
        output: bytes(t.output ?? ''),
        sample: true,
      }),
    );
    return { ...base, tests, plainRun: false };
  }
  if (ctx.problem) {
    const req: JudgeRequest = {
      ...base,
      tests: ctx.problem.tests,
      subtasks: ctx.problem.problem.subtasks,
      plainRun: false,
    };
    if (ctx.problem.interactor) req.interactor = ctx.problem.interactor;
    return req;
  }
  return { ...base, tests: [{ name: '1', input: bytes(body.stdin ?? ''), sample: true }], plainRun: true };
}
