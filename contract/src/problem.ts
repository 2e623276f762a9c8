import { z } from 'zod';
import { TimeBasisSchema } from './calibration.js';
import { PROBLEM_ID_MAX, ProblemIdSchema, TestNameSchema } from './ids.js';
import { LimitsSchema } from './limits.js';
import { CheckerSchema } from './submission.js';

export const SubtaskSchema = z
  .object({
    name: z.string().min(1),
    score: z.number().min(0).max(100),
    tests: z.array(TestNameSchema).min(1),
  })
  .strict();
export type Subtask = z.infer<typeof SubtaskSchema>;

/**
 * The languages an interactor may be written in: it runs inside the
 * contestant's sandbox, whatever that sandbox's language, so it is compiled
 * statically, which C and C++ are.
 */
export const INTERACTOR_LANGUAGES = ['c', 'cpp'] as const;

/**
 * An interactive problem's interactor (testlib's conventions): run as
 * `interactor <input> <output>`, it reads the program's output on its stdin,
 * answers on its stdout, and exits 0 (AC), 1 (WA), 2 (PE, judged WA) or
 * 3 (it failed: IE).
 */
export const InteractorSchema = z
  .object({
    /** A file of the problem directory; once loaded (and in an upload), the source text itself. */
    source: z.string().min(1),
    language: z.enum(INTERACTOR_LANGUAGES, {
      error: `an interactor is written in ${INTERACTOR_LANGUAGES.join(' or ')} (it runs, statically linked, beside the program in any language)`,
    }),
  })
  .strict();
export type Interactor = z.infer<typeof InteractorSchema>;

/** A problem's `problem.yaml` (docs/problems.md). Every key but `id` is optional. */
export const ProblemSchema = z
  .object({
    id: ProblemIdSchema,
    title: z.string().min(1).optional(),
    limits: LimitsSchema.optional(),
    /** What `limits.timeMs` is measured on: this machine, or the reference machine (docs/calibration.md). */
    timeBasis: TimeBasisSchema.optional(),
    checker: CheckerSchema.optional(),
    /** Makes the problem interactive: the interactor, not a checker, judges each test; tests need no `.out`. */
    interactor: InteractorSchema.optional(),
    /** Tests whose input, output and the program's output may be shown. */
    samples: z.array(TestNameSchema).default([]),
    subtasks: z.array(SubtaskSchema).min(1).optional(),
    /**
     * Stop at the first test that fails (ICPC style): later tests are `SKIP`, not run; with subtasks, the
     * rest of the failing subtask. A submission's own `stopOnFailure` wins. @defaultValue false
     */
    stopOnFailure: z.boolean().optional(),
  })
  .strict()
  .refine((p) => !p.subtasks || Math.abs(p.subtasks.reduce((s, t) => s + t.score, 0) - 100) < 1e-9, {
    message: 'subtask scores must add up to 100',
    path: ['subtasks'],
  })
  .refine((p) => !(p.interactor && p.checker), {
    message: 'an interactive problem has no checker: its interactor judges',
    path: ['checker'],
  });
export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemInput = z.input<typeof ProblemSchema>;

/** Problem metadata as the API shows it (never test data). */
export const ProblemInfoSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  limits: LimitsSchema.optional(),
  timeBasis: TimeBasisSchema.optional(),
  checker: z.object({ type: z.string() }).optional(),
  interactive: z
    .boolean()
    .optional()
    .describe('True for an interactive problem: the program talks with an interactor (its source is never shown).'),
  tests: z.number().int(),
  samples: z.array(z.string()),
  subtasks: z.array(z.object({ name: z.string(), score: z.number(), tests: z.array(z.string()) })).optional(),
  stopOnFailure: z.boolean().optional(),
});
export type ProblemInfo = z.infer<typeof ProblemInfoSchema>;

/** A place where a problem's samples or subtasks disagree with its tests. */
export type ReferenceIssue =
  | { kind: 'missing'; path: (string | number)[]; test: string }
  | { kind: 'twice'; path: (string | number)[]; test: string; subtask: string }
  | { kind: 'loose'; path: (string | number)[]; test: string };

/**
 * Every sample and subtask test that names no test, every test in two
 * subtasks, and (with subtasks) every test in none, in that order. Callers
 * word the issues their own way.
 */
export function referenceIssues(problem: Pick<Problem, 'samples' | 'subtasks'>, names: string[]): ReferenceIssue[] {
  const known = new Set(names);
  const issues: ReferenceIssue[] = [];
  for (const [i, test] of problem.samples.entries()) {
    if (!known.has(test)) issues.push({ kind: 'missing', path: ['samples', i], test });
  }
  if (!problem.subtasks) return issues;
  const owner = new Map<string, string>();
  for (const [i, subtask] of problem.subtasks.entries()) {
    for (const [j, test] of subtask.tests.entries()) {
      const path = ['subtasks', i, 'tests', j];
      if (!known.has(test)) issues.push({ kind: 'missing', path, test });
      const prev = owner.get(test);
      if (prev !== undefined) issues.push({ kind: 'twice', path, test, subtask: prev });
      owner.set(test, subtask.name);
    }
  }
  for (const test of names) {
    if (!owner.has(test)) issues.push({ kind: 'loose', path: ['subtasks'], test });
  }
  return issues;
}

/** The most tests one problem upload may carry. */
export const MAX_PROBLEM_TESTS = 10_000;

/**
 * The body of `PUT /v1/problems/:id`: the fields of `problem.yaml` (a custom
 * checker or an interactor with its source text) and every test's data,
 * judged in the order given. `encoding: base64` carries data that is not
 * UTF-8. An interactive problem's tests need no `output`.
 */
export const ProblemUploadSchema = z
  .object({
    problem: ProblemSchema,
    tests: z
      .array(
        z
          .object({
            name: TestNameSchema,
            input: z.string(),
            output: z.string().optional(),
            encoding: z.enum(['utf8', 'base64']).default('utf8'),
          })
          .strict(),
      )
      .min(1, 'a problem needs at least one test')
      .max(MAX_PROBLEM_TESTS),
  })
  .strict()
  .superRefine((u, ctx) => {
    const names = new Set<string>();
    for (const [i, t] of u.tests.entries()) {
      if (names.has(t.name))
        ctx.addIssue({ code: 'custom', path: ['tests', i, 'name'], message: `duplicate test "${t.name}"` });
      names.add(t.name);
      if (t.output === undefined && !u.problem.interactor) {
        ctx.addIssue({ code: 'custom', path: ['tests', i, 'output'], message: 'a test needs its output' });
      }
    }
    for (const issue of referenceIssues(u.problem, [...names])) {
      const path = ['problem', ...issue.path];
      const message =
        issue.kind === 'missing'
          ? `no test "${issue.test}"`
          : issue.kind === 'twice'
            ? `test "${issue.test}" is in subtask "${issue.subtask}" already`
            : `test "${issue.test}" belongs to no subtask`;
      ctx.addIssue({ code: 'custom', path, message });
    }
  });
export type ProblemUpload = z.infer<typeof ProblemUploadSchema>;
export type ProblemUploadInput = z.input<typeof ProblemUploadSchema>;

/** The id a directory gets when it has no problem.yaml: its name, lowercased, other characters as `-`. */
export function problemIdFromName(name: string): string | undefined {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, PROBLEM_ID_MAX);
  return ProblemIdSchema.safeParse(id).success ? id : undefined;
}
