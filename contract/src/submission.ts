import { z } from 'zod';
import { LanguageNameSchema, ProblemIdSchema } from './ids.js';
import { LimitsSchema } from './limits.js';
import { OutputEncodingSchema } from './output.js';

/** Verdicts, in the order a submission reports them. */
export const VERDICTS = ['AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE', 'IE'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const STATUSES = ['queued', 'compiling', 'running', 'done'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/** Largest accepted source, in bytes of UTF-8. */
export const MAX_SOURCE_BYTES = 64 * 1024;

export const CheckerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exact') }).strict(),
  z.object({ type: z.literal('lines') }).strict(),
  z.object({ type: z.literal('tokens') }).strict(),
  z
    .object({
      type: z.literal('float'),
      /** Allowed absolute or relative difference. @defaultValue 1e-6 */
      epsilon: z.number().positive().max(1).optional(),
      /** `absolute-or-relative` (default) accepts when either is within epsilon. */
      mode: z.enum(['absolute', 'relative', 'absolute-or-relative']).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('custom'),
      /** Checker source; it gets `input output answer` paths as argv, testlib-style. */
      source: z.string().min(1),
      language: LanguageNameSchema,
    })
    .strict(),
]);
export type Checker = z.infer<typeof CheckerSchema>;

export const TestCaseSchema = z
  .object({
    input: z.string(),
    output: z.string().optional(),
  })
  .strict();
export type TestCase = z.infer<typeof TestCaseSchema>;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const SubmissionRequestSchema = z
  .object({
    language: LanguageNameSchema,
    source: z
      .string()
      .min(1, 'source is empty')
      .refine((s) => utf8Bytes(s) <= MAX_SOURCE_BYTES, `source is over ${MAX_SOURCE_BYTES} bytes`),
    stdin: z.string().optional(),
    tests: z.array(TestCaseSchema).min(1).max(200).optional(),
    problem: ProblemIdSchema.optional(),
    limits: LimitsSchema.optional(),
    checker: CheckerSchema.optional(),
  })
  .strict()
  .refine((r) => !(r.tests && r.problem), { message: 'give either tests or problem, not both', path: ['tests'] })
  .refine((r) => !(r.stdin !== undefined && (r.tests || r.problem)), {
    message: 'stdin is for a plain run: it cannot go with tests or problem',
    path: ['stdin'],
  });
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

export const TestResultSchema = z.object({
  index: z.number().int().min(1),
  verdict: VerdictSchema,
  timeMs: z.number(),
  wallMs: z.number(),
  memoryKb: z.number(),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  /** A checker's message (float differences, custom checker output). */
  message: z.string().optional(),
  /** `base64` when stdout, stderr and message are base64 of bytes that are not plain UTF-8 text. */
  encoding: OutputEncodingSchema.optional(),
  subtask: z.string().optional(),
});
export type TestResult = z.infer<typeof TestResultSchema>;

export const CompileResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  output: z.string(),
  /** `base64` when output is base64 of bytes that are not plain UTF-8 text. */
  encoding: OutputEncodingSchema.optional(),
  timeMs: z.number(),
  cached: z.boolean(),
});
export type CompileResult = z.infer<typeof CompileResultSchema>;

export const SubtaskResultSchema = z.object({
  name: z.string(),
  score: z.number(),
  maxScore: z.number(),
  verdict: VerdictSchema,
});
export type SubtaskResult = z.infer<typeof SubtaskResultSchema>;

export const SubmissionResultSchema = z.object({
  id: z.string(),
  status: StatusSchema,
  verdict: VerdictSchema.optional(),
  score: z.number().min(0).max(100).optional(),
  language: z.string(),
  problem: z.string().optional(),
  compile: CompileResultSchema.optional(),
  tests: z.array(TestResultSchema),
  subtasks: z.array(SubtaskResultSchema).optional(),
  timeMs: z.number().optional(),
  memoryKb: z.number().optional(),
  /** Why the judge failed, with verdict IE. */
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

/** The error envelope every non-2xx JSON answer carries. */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Flattens zod issues into `{path, message}` pairs for the error envelope. */
export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
