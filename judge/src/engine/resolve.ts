import {
  type Calibration,
  type Checker,
  DEFAULT_LIMITS,
  type ResolvedLimits,
  type ResultCalibration,
  type SubmissionRequest,
  scaledTimeMs,
} from '@judge/contract';
import type { PackRegistry } from '../languages/index.js';
import type { JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';

const utf8 = new TextEncoder();

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
  let calibration: ResultCalibration | undefined;
  if (factor !== undefined) calibration = referenceTimeMs === undefined ? { factor } : { factor, referenceTimeMs };
  const base = { language: pack.id, source: body.source, limits, checker, ...(calibration ? { calibration } : {}) };
  if (body.tests) {
    const tests = body.tests.map(
      (t, i): PreparedTest => ({
        name: String(i + 1),
        input: utf8.encode(t.input),
        output: utf8.encode(t.output ?? ''),
        sample: true,
      }),
    );
    return { ...base, tests, plainRun: false };
  }
  if (ctx.problem) {
    return { ...base, tests: ctx.problem.tests, subtasks: ctx.problem.problem.subtasks, plainRun: false };
  }
  return { ...base, tests: [{ name: '1', input: utf8.encode(body.stdin ?? ''), sample: true }], plainRun: true };
}
