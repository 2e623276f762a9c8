import { z } from 'zod';
import { ResultCalibrationSchema } from './calibration.js';
import { LanguageNameSchema, ProblemIdSchema } from './ids.js';
import { LimitsSchema, ResolvedLimitsSchema } from './limits.js';
import { fromBase64, OutputEncodingSchema } from './output.js';

/** Verdicts, in the order a submission reports them. */
export const VERDICTS = ['AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE', 'IE'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

/**
 * What a test may say: a verdict, or `SKIP` for a test that was not run
 * because judging stopped at an earlier failure (`stopOnFailure`). A skipped
 * test counts as not passed; it is never a submission's or a subtask's
 * verdict (the failure before it is).
 */
export const TEST_VERDICTS = [...VERDICTS, 'SKIP'] as const;
export const TestVerdictSchema = z.enum(TEST_VERDICTS);
export type TestVerdict = z.infer<typeof TestVerdictSchema>;

export const STATUSES = ['queued', 'compiling', 'running', 'done'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/** Largest accepted source, in bytes of UTF-8. */
export const MAX_SOURCE_BYTES = 64 * 1024;
/** Most files besides the main source (modules, headers). */
export const MAX_FILES = 32;
/** Largest program: the main source and every other file together, in bytes. */
export const MAX_PROGRAM_SOURCE_BYTES = 256 * 1024;
/** The longest file name. */
export const FILE_NAME_MAX = 64;
/**
 * The name of a file beside the main source: letters, digits, `_`, `.` and
 * `-`, not starting with a dot; no directories. Shell-safe, so a pack's
 * compile command may list files inside `sh -c`.
 */
export const FILE_NAME = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,${FILE_NAME_MAX - 1}}$`);
export const FILE_NAME_MESSAGE = `file names are 1 to ${FILE_NAME_MAX} letters, digits, "_", "." and "-", not starting with "." (no directories)`;
/** Most program arguments. */
export const MAX_ARGS = 64;
/** Longest program argument, in bytes of UTF-8. */
export const MAX_ARG_BYTES = 4096;
/** Most compiler options. */
export const MAX_COMPILER_OPTIONS = 32;
/** Longest callback URL. */
export const CALLBACK_URL_MAX = 2048;

/** How a request's program and data are written: UTF-8 text, or base64 of any bytes. */
export const InputEncodingSchema = z.enum(['utf8', 'base64']);
export type InputEncoding = z.infer<typeof InputEncodingSchema>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether text is standard base64 (padded, no line breaks). */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

/** The bytes a field of a request stands for, under the request's encoding. */
export function requestBytes(text: string, encoding: InputEncoding | undefined): Uint8Array {
  return encoding === 'base64' ? fromBase64(text) : new TextEncoder().encode(text);
}

/** A URL the result is sent to when judging ends (docs/api.md, Callbacks): http or https. */
export const CallbackUrlSchema = z
  .string()
  .max(CALLBACK_URL_MAX)
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'an http:// or https:// URL without credentials');

/** A file beside the main source: a module, a header, a second compilation unit, data. */
export const SourceFileSchema = z
  .object({
    name: z.string().regex(FILE_NAME, FILE_NAME_MESSAGE),
    content: z.string(),
  })
  .strict();
export type SourceFile = z.infer<typeof SourceFileSchema>;

/** A program argument: any text but NUL, at most {@link MAX_ARG_BYTES} bytes. */
export const ArgSchema = z
  .string()
  .refine((a) => !a.includes('\0'), 'arguments cannot hold NUL')
  .refine((a) => new TextEncoder().encode(a).length <= MAX_ARG_BYTES, `arguments are at most ${MAX_ARG_BYTES} bytes`);

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

/** Bytes of a field under an encoding, without decoding it. */
function encodedBytes(text: string, encoding: InputEncoding | undefined): number {
  if (encoding !== 'base64') return utf8Bytes(text);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

export const SubmissionRequestSchema = z
  .object({
    language: LanguageNameSchema.describe('A language id or alias (`GET /v1/languages`).'),
    source: z
      .string()
      .min(1, 'source is empty')
      .describe(
        `The program (its main file), at most ${MAX_SOURCE_BYTES} bytes. It is written to the pack's source file name (\`main.cpp\`, \`Main.java\`).`,
      ),
    files: z
      .array(SourceFileSchema)
      .max(MAX_FILES)
      .optional()
      .describe(
        `Other files of the program beside the main source (modules, headers, more compilation units), at most ${MAX_FILES}; the source and the files together at most ${MAX_PROGRAM_SOURCE_BYTES} bytes. Files with one of the language's extensions are compiled with the main source where the language needs it (C, C++, Go, C#).`,
      ),
    encoding: InputEncodingSchema.optional().describe(
      "`base64`: `source`, `files[].content`, `stdin` and the tests' `input` and `output` are base64 of bytes (any bytes, not only UTF-8 text). Default `utf8`.",
    ),
    args: z
      .array(ArgSchema)
      .max(MAX_ARGS)
      .optional()
      .describe(`Arguments of the program on every run (argv, never through a shell), at most ${MAX_ARGS}.`),
    compilerOptions: z
      .array(z.string().min(1).max(128))
      .max(MAX_COMPILER_OPTIONS)
      .optional()
      .describe("Compiler options, each allowed by the language's list (`GET /v1/languages`: `compilerOptions`)."),
    stdin: z.string().optional().describe('Input of a plain run: no tests, no problem; the verdict is from the exit.'),
    tests: z.array(TestCaseSchema).min(1).max(200).optional().describe('Tests given inline, judged in order.'),
    problem: ProblemIdSchema.optional().describe('A problem stored on the node (`GET /v1/problems`): its tests.'),
    limits: LimitsSchema.optional().describe(
      "Per test; over the problem's and the node's defaults, capped by the node.",
    ),
    checker: CheckerSchema.optional().describe("How output is compared; default: the problem's, else `tokens`."),
    stopOnFailure: z
      .boolean()
      .optional()
      .describe(
        "Stop at the first test that fails (ICPC style): the tests after it are `SKIP`, not run; with subtasks, the rest of the failing subtask. Default: the problem's `stopOnFailure`, else false.",
      ),
    callbackUrl: CallbackUrlSchema.optional().describe(
      'Where the node POSTs the result, signed, once judging ends (docs/api.md, Callbacks).',
    ),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (r.encoding === 'base64') {
      const fields: [(string | number)[], string | undefined][] = [
        [['source'], r.source],
        [['stdin'], r.stdin],
        ...(r.files ?? []).map((f, i): [(string | number)[], string] => [['files', i, 'content'], f.content]),
        ...(r.tests ?? []).flatMap((t, i): [(string | number)[], string | undefined][] => [
          [['tests', i, 'input'], t.input],
          [['tests', i, 'output'], t.output],
        ]),
      ];
      for (const [path, text] of fields) {
        if (text !== undefined && !isBase64(text)) issue(path, 'not base64 (encoding is base64)');
      }
    }
    const sourceBytes = isBase64(r.source) || r.encoding !== 'base64' ? encodedBytes(r.source, r.encoding) : 0;
    if (sourceBytes > MAX_SOURCE_BYTES) issue(['source'], `source is over ${MAX_SOURCE_BYTES} bytes`);
    let total = sourceBytes;
    const names = new Set<string>();
    for (const [i, f] of (r.files ?? []).entries()) {
      if (names.has(f.name)) issue(['files', i, 'name'], `file "${f.name}" is given twice`);
      names.add(f.name);
      if (r.encoding !== 'base64' || isBase64(f.content)) total += encodedBytes(f.content, r.encoding);
    }
    if (total > MAX_PROGRAM_SOURCE_BYTES) {
      issue(['files'], `the source and the files together are over ${MAX_PROGRAM_SOURCE_BYTES} bytes`);
    }
    if (r.tests && r.problem) issue(['tests'], 'give either tests or problem, not both');
    if (r.stdin !== undefined && (r.tests || r.problem)) {
      issue(['stdin'], 'stdin is for a plain run: it cannot go with tests or problem');
    }
  });
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

export const TestResultSchema = z.object({
  index: z.number().int().min(1).describe('1-based, in judging order.'),
  verdict: TestVerdictSchema.describe('`SKIP`: not run, judging stopped at an earlier failure.'),
  timeMs: z.number().describe('CPU time, ms.'),
  wallMs: z.number().describe('Wall time, ms.'),
  memoryKb: z.number().describe('Peak memory, KiB.'),
  exitCode: z.number().int().nullable().describe('null when a signal ended the program.'),
  signal: z.number().int().nullable(),
  stdout: z.string().optional().describe('Shown for samples, inline tests and plain runs only.'),
  stderr: z.string().optional(),
  message: z
    .string()
    .optional()
    .describe("A checker's message (float differences, custom checker output), or an interactor's."),
  expected: z
    .string()
    .optional()
    .describe('The expected output, for a wrong answer on a sample or inline test only (never a hidden one).'),
  encoding: OutputEncodingSchema.optional().describe(
    '`base64` when stdout, stderr, message and expected are base64 of bytes that are not plain UTF-8 text.',
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
