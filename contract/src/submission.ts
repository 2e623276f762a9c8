import { z } from 'zod';
import { ResultCalibrationSchema } from './calibration.js';
import { LanguageNameSchema, ProblemIdSchema } from './ids.js';
import { LimitsSchema, ResolvedLimitsSchema } from './limits.js';
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

/** How a test's output is compared with its answer (docs/problems.md). */
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
    input: z.string().describe("The program's stdin."),
    output: z.string().optional().describe('The expected stdout, compared by the checker.'),
  })
  .strict();
export type TestCase = z.infer<typeof TestCaseSchema>;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const SubmissionRequestSchema = z
  .object({
    language: LanguageNameSchema.describe('A language id or alias (`GET /v1/languages`).'),
    source: z
      .string()
      .min(1, 'source is empty')
      .refine((s) => utf8Bytes(s) <= MAX_SOURCE_BYTES, `source is over ${MAX_SOURCE_BYTES} bytes`)
      .describe(`The program, at most ${MAX_SOURCE_BYTES} bytes of UTF-8.`),
    stdin: z.string().optional().describe('Input of a plain run: no tests, no problem; the verdict is from the exit.'),
    tests: z.array(TestCaseSchema).min(1).max(200).optional().describe('Tests given inline, judged in order.'),
    problem: ProblemIdSchema.optional().describe('A problem stored on the node (`GET /v1/problems`): its tests.'),
    limits: LimitsSchema.optional().describe(
      "Per test; over the problem's and the node's defaults, capped by the node.",
    ),
    checker: CheckerSchema.optional().describe("How output is compared; default: the problem's, else `tokens`."),
  })
  .strict()
  .refine((r) => !(r.tests && r.problem), { message: 'give either tests or problem, not both', path: ['tests'] })
  .refine((r) => !(r.stdin !== undefined && (r.tests || r.problem)), {
    message: 'stdin is for a plain run: it cannot go with tests or problem',
    path: ['stdin'],
  });
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

export const TestResultSchema = z.object({
  index: z.number().int().min(1).describe('1-based, in judging order.'),
  verdict: VerdictSchema,
  timeMs: z.number().describe('CPU time, ms.'),
  wallMs: z.number().describe('Wall time, ms.'),
  memoryKb: z.number().describe('Peak memory, KiB.'),
  exitCode: z.number().int().nullable().describe('null when a signal ended the program.'),
  signal: z.number().int().nullable(),
  stdout: z.string().optional().describe('Shown for samples, inline tests and plain runs only.'),
  stderr: z.string().optional(),
  message: z.string().optional().describe("A checker's message (float differences, custom checker output)."),
  encoding: OutputEncodingSchema.optional().describe(
    '`base64` when stdout, stderr and message are base64 of bytes that are not plain UTF-8 text.',
  ),
  subtask: z.string().optional(),
});
export type TestResult = z.infer<typeof TestResultSchema>;

export const CompileResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  output: z.string().describe("The compiler's stdout and stderr."),
  encoding: OutputEncodingSchema.optional().describe(
    '`base64` when output is base64 of bytes that are not plain UTF-8 text.',
  ),
  timeMs: z.number(),
  cached: z.boolean().describe('The compiled program came from the compile cache.'),
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
  verdict: VerdictSchema.optional().describe('Once done: the first verdict that is not AC, in test order.'),
  score: z.number().min(0).max(100).optional().describe('Passed tests, or the subtasks passed whole, out of 100.'),
  language: z.string().describe('The pack id (aliases resolved).'),
  problem: z.string().optional(),
  compile: CompileResultSchema.optional(),
  tests: z.array(TestResultSchema).describe('Finished tests so far.'),
  subtasks: z.array(SubtaskResultSchema).optional(),
  timeMs: z.number().optional().describe('The largest CPU time of a test, ms.'),
  memoryKb: z.number().optional().describe('The largest peak memory of a test, KiB.'),
  limits: ResolvedLimitsSchema.optional().describe(
    'The limits each test ran under (the request over the problem over the node, capped by the node), once judged.',
  ),
  calibration: ResultCalibrationSchema.optional().describe(
    "The judging node's speed against the reference machine, when it is calibrated (docs/calibration.md).",
  ),
  error: z.string().optional().describe('Why the judge failed, with verdict IE.'),
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
