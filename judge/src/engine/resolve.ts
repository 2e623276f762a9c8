import { type Checker, DEFAULT_LIMITS, type ResolvedLimits, type SubmissionRequest } from '@judge/contract';
import type { PackRegistry } from '../languages/index.js';
import type { JudgeRequest, PreparedTest, ResolvedProblem } from '../model/index.js';

const utf8 = new TextEncoder();

/** What judging on one's own machine grants at most (the CLI's local judging, `judge problem test`). */
export const LOCAL_CAPS: ResolvedLimits = { timeMs: 60_000, memoryMb: 4096, outputKb: 256 * 1024 };

export interface ResolveContext {
  registry: PackRegistry;
  /** The largest limits this judge grants. */
  caps: ResolvedLimits;
  /** Limits where neither the request nor the problem sets them. @defaultValue DEFAULT_LIMITS */
  defaults?: ResolvedLimits;
  problem?: ResolvedProblem;
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
  const limits = resolveLimits(body.limits, ctx.problem?.problem.limits, ctx.defaults ?? DEFAULT_LIMITS, ctx.caps);
  const checker: Checker = body.checker ?? ctx.problem?.checker ?? { type: 'tokens' };
  if (checker.type === 'custom') ctx.registry.get(checker.language);
  const base = { language: pack.id, source: body.source, limits, checker };
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
    const req: JudgeRequest = {
      ...base,
      tests: ctx.problem.tests,
      subtasks: ctx.problem.problem.subtasks,
      plainRun: false,
    };
    if (ctx.problem.interactor) req.interactor = ctx.problem.interactor;
    return req;
  }
  return { ...base, tests: [{ name: '1', input: utf8.encode(body.stdin ?? ''), sample: true }], plainRun: true };
}
