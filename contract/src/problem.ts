import { z } from 'zod';
import { CheckerSchema, LimitsSchema } from './submission.js';

export const PROBLEM_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TEST_NAME = /^[A-Za-z0-9_.-]+$/;

export const SubtaskSchema = z
  .object({
    name: z.string().min(1),
    score: z.number().min(0).max(100),
    tests: z.array(z.string().regex(TEST_NAME)).min(1),
  })
  .strict();
export type Subtask = z.infer<typeof SubtaskSchema>;

/** `testcases/<id>/problem.yaml` (SPEC §4). Every key but `id` is optional. */
export const ProblemSchema = z
  .object({
    id: z.string().regex(PROBLEM_ID, 'problem ids are lowercase letters, digits, - and _'),
    title: z.string().min(1).optional(),
    limits: LimitsSchema.optional(),
    checker: CheckerSchema.optional(),
    /** Tests whose input, output and the program's output may be shown. */
    samples: z.array(z.string().regex(TEST_NAME)).default([]),
    subtasks: z.array(SubtaskSchema).min(1).optional(),
  })
  .strict()
  .refine((p) => !p.subtasks || Math.abs(p.subtasks.reduce((s, t) => s + t.score, 0) - 100) < 1e-9, {
    message: 'subtask scores must add up to 100',
    path: ['subtasks'],
  });
export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemInput = z.input<typeof ProblemSchema>;

/** Problem metadata as the API shows it (never test data). */
export const ProblemInfoSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  limits: LimitsSchema.optional(),
  checker: z.object({ type: z.string() }).optional(),
  tests: z.number().int(),
  samples: z.array(z.string()),
  subtasks: z.array(z.object({ name: z.string(), score: z.number(), tests: z.array(z.string()) })).optional(),
});
export type ProblemInfo = z.infer<typeof ProblemInfoSchema>;
