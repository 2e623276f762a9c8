import { z } from 'zod';
import { decodeOutput, isPlainText, toBase64 } from './output.js';
import {
  CallbackUrlSchema,
  formatIssues,
  type SubmissionRequest,
  SubmissionRequestSchema,
  type SubmissionResult,
  type TestResult,
} from './submission.js';

// Judge0's API (the CE edition's documented behaviour) on top of the native
// one: a Judge0 submission is a plain run (or one test with
// `expected_output`), its token is the submission id, and its status is
// derived from the verdict. Nodes serve it and the edge checks it with these.

/** Judge0's statuses, by id. */
export const JUDGE0_STATUSES = [
  { id: 1, description: 'In Queue' },
  { id: 2, description: 'Processing' },
  { id: 3, description: 'Accepted' },
  { id: 4, description: 'Wrong Answer' },
  { id: 5, description: 'Time Limit Exceeded' },
  { id: 6, description: 'Compilation Error' },
  { id: 7, description: 'Runtime Error (SIGSEGV)' },
  { id: 8, description: 'Runtime Error (SIGXFSZ)' },
  { id: 9, description: 'Runtime Error (SIGFPE)' },
  { id: 10, description: 'Runtime Error (SIGABRT)' },
  { id: 11, description: 'Runtime Error (NZEC)' },
  { id: 12, description: 'Runtime Error (Other)' },
  { id: 13, description: 'Internal Error' },
  { id: 14, description: 'Exec Format Error' },
] as const;
export type Judge0Status = { id: number; description: string };

/**
 * Judge0 CE's language ids for the languages of our packs: `id` is the one
 * `GET /languages` lists; `also` are other ids Judge0 gives the same language
 * (older or newer toolchains), accepted and judged by the same pack.
 */
export const JUDGE0_LANGUAGES: readonly { id: number; pack: string; also?: readonly number[] }[] = [
  { id: 46, pack: 'bash' },
  { id: 50, pack: 'c', also: [48, 49] },
  { id: 51, pack: 'csharp' },
  { id: 54, pack: 'cpp', also: [52, 53] },
  { id: 60, pack: 'go', also: [95] },
  { id: 62, pack: 'java', also: [91] },
  { id: 63, pack: 'javascript', also: [93] },
  { id: 68, pack: 'php' },
  { id: 71, pack: 'python', also: [92] },
  { id: 72, pack: 'ruby' },
  { id: 73, pack: 'rust' },
  { id: 74, pack: 'typescript', also: [94] },
];

/** The pack of a Judge0 language id. */
export function judge0Pack(id: number): string | undefined {
  return JUDGE0_LANGUAGES.find((l) => l.id === id || l.also?.includes(id))?.pack;
}

/** The Judge0 language id of a pack. */
export function judge0LanguageId(pack: string): number | undefined {
  return JUDGE0_LANGUAGES.find((l) => l.pack === pack)?.id;
}

/** The most submissions one batch may hold (Judge0's default). */
export const JUDGE0_MAX_BATCH = 20;
/** The header self-hosted Judge0 takes its auth token from: read as an API key here. */
export const JUDGE0_AUTH_HEADER = 'x-auth-token';

/** Whether a path is one of the Judge0 routes (they answer errors as Judge0 does: `{error}`). */
export function isJudge0Path(path: string): boolean {
  return (
    path === '/submissions' ||
    path.startsWith('/submissions/') ||
    path === '/languages' ||
    path.startsWith('/languages/') ||
    path === '/statuses'
  );
}

/** Every attribute of a Judge0 submission, in Judge0's order. */
export const JUDGE0_FIELDS = [
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'stdout',
  'status_id',
  'created_at',
  'finished_at',
  'time',
  'memory',
  'stderr',
  'token',
  'number_of_runs',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'compile_output',
  'exit_code',
  'exit_signal',
  'message',
  'wall_time',
  'compiler_options',
  'command_line_arguments',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
  'status',
  'language',
] as const;
export type Judge0Field = (typeof JUDGE0_FIELDS)[number];

/** What `GET /submissions/{token}` answers without `fields`. */
export const JUDGE0_DEFAULT_FIELDS: readonly Judge0Field[] = [
  'token',
  'time',
  'memory',
  'stdout',
  'stderr',
  'compile_output',
  'message',
  'status',
];

/** The fields a `fields` parameter asks for (`*`: all), or the ones it names that do not exist. */
export function parseJudge0Fields(
  param: string | undefined,
): { fields: readonly Judge0Field[] } | { invalid: string[] } {
  if (param === undefined || param.trim() === '') return { fields: JUDGE0_DEFAULT_FIELDS };
  const names = param
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.includes('*')) return { fields: JUDGE0_FIELDS };
  const invalid = names.filter((n) => !(JUDGE0_FIELDS as readonly string[]).includes(n));
  return invalid.length > 0 ? { invalid } : { fields: names as Judge0Field[] };
}

/** Judge0's answer to a `fields` parameter naming attributes that do not exist. */
export function judge0FieldsError(invalid: string[]): { error: string } {
  return { error: `invalid fields: [${invalid.join(', ')}]` };
}

/** Judge0's error when text fields are not UTF-8 and `base64_encoded` is not set. */
export const JUDGE0_NOT_UTF8 =
  'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter';

// ---------- requests ----------

/** A number as Rails takes it: a JSON number or a numeric string. */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'is not a number')
    .transform(Number),
]);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const positive = (max: number, unit = '') =>
  numeric
    .refine((n) => n > 0, 'must be greater than 0')
    .refine((n) => n <= max, `must be less than or equal to ${max}${unit}`);
const never = (what: string) => flag.nullish().refine((v) => v !== true, `this option cannot be enabled (${what})`);

/** Judge0's limit bounds as this judge takes them: seconds and kilobytes, within the contract's limits. */
export const JUDGE0_MAX_CPU_TIME_S = 60;
export const JUDGE0_MAX_MEMORY_KB = 8192 * 1024;

/**
 * `POST /submissions` (and each element of a batch). Unknown attributes are
 * ignored, as Judge0 does. Attributes accepted for compatibility that do not
 * change how this judge runs a program (its sandbox has its own): `cpu_extra_time`,
 * `wall_time_limit`, `stack_limit`, `max_processes_and_or_threads`,
 * `max_file_size`, `number_of_runs`.
 */
export const Judge0SubmissionSchema = z.object({
  source_code: z.string({ error: "can't be blank" }).min(1, "can't be blank"),
  language_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)], {
    error: "can't be blank",
  }),
  compiler_options: z.string().max(512, 'is too long (maximum is 512 characters)').nullish(),
  command_line_arguments: z.string().max(512, 'is too long (maximum is 512 characters)').nullish(),
  stdin: z.string().nullish(),
  expected_output: z.string().nullish(),
  cpu_time_limit: positive(JUDGE0_MAX_CPU_TIME_S).nullish(),
  cpu_extra_time: positive(JUDGE0_MAX_CPU_TIME_S).nullish(),
  wall_time_limit: positive(3 * JUDGE0_MAX_CPU_TIME_S).nullish(),
  memory_limit: positive(JUDGE0_MAX_MEMORY_KB).nullish(),
  stack_limit: positive(JUDGE0_MAX_MEMORY_KB).nullish(),
  max_processes_and_or_threads: positive(1024).nullish(),
  enable_per_process_and_thread_time_limit: never('limits here hold for all processes together').optional(),
  enable_per_process_and_thread_memory_limit: never('limits here hold for all processes together').optional(),
  max_file_size: positive(JUDGE0_MAX_MEMORY_KB).nullish(),
  redirect_stderr_to_stdout: never('stdout and stderr are kept apart').optional(),
  enable_network: never('programs never have a network').optional(),
  number_of_runs: positive(20).nullish(),
  additional_files: z
    .string()
    .nullish()
    .refine(
      (v) => v === null || v === undefined || v === '',
      'is not supported here: send the files as files[] of POST /v1/submissions or of Piston’s /api/v2/execute',
    ),
  callback_url: CallbackUrlSchema.nullish(),
});
export type Judge0Submission = z.infer<typeof Judge0SubmissionSchema>;

/** `POST /submissions/batch`: each element is checked on its own (a bad one does not spoil the others). */
export const Judge0BatchSchema = z.object({
  submissions: z
    .array(z.unknown())
    .min(1, 'there should be at least one submission in a batch')
    .max(JUDGE0_MAX_BATCH, `number of submissions in a batch should be less than or equal to ${JUDGE0_MAX_BATCH}`),
});

/** Judge0's validation errors: attribute name to messages (answered with 422). */
export type Judge0Errors = Record<string, string[]>;

function addError(errors: Judge0Errors, field: string, message: string): void {
  const list = errors[field] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[field] = list;
}

/** A path of the native request as the Judge0 attribute it came from (`base` for the request as a whole). */
export function judge0Field(path: string): string {
  if (path.startsWith('source')) return 'source_code';
  if (path === 'language') return 'language_id';
  if (path.startsWith('tests.0.output')) return 'expected_output';
  if (path.startsWith('tests.0.input') || path.startsWith('stdin')) return 'stdin';
  if (path.startsWith('args')) return 'command_line_arguments';
  if (path.startsWith('compilerOptions')) return 'compiler_options';
  if (path.startsWith('callbackUrl')) return 'callback_url';
  if (path === 'limits.timeMs') return 'cpu_time_limit';
  if (path === 'limits.memoryMb') return 'memory_limit';
  return 'base';
}

/**
 * Splits a command line into arguments the way a POSIX shell splits words,
 * with none of its expansions: whitespace separates, single quotes keep text
 * as it is, double quotes and backslashes escape. Nothing is run: the words
 * become the program's argv.
 */
export function splitArgs(line: string): string[] | { error: string } {
  const args: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: 'has an unterminated single quote' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) j++;
        word += line[j];
      }
      if (j >= line.length) return { error: 'has an unterminated double quote' };
      i = j;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        if (line[i + 1] !== '\n') word += line[i + 1];
        i++;
        inWord = true;
      }
    } else if (/\s/.test(c)) {
      if (inWord) args.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) args.push(word);
  return args;
}

/** Arguments as a command line that {@link splitArgs} reads back into the same arguments. */
export function joinArgs(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** Base64 as Judge0 clients send it (Ruby's decoder takes line breaks and missing padding): normalized. */
function normalizeBase64(text: string): string {
  const plain = text.replace(/\s+/g, '');
  const rest = plain.length % 4;
  return rest === 2 ? `${plain}==` : rest === 3 ? `${plain}=` : plain;
}

/**
 * A Judge0 submission as a native request (the one accept path judges it):
 * with `expected_output` one test compared line by line ignoring trailing
 * whitespace (as Judge0 compares), else a plain run of `stdin`. The errors,
 * as Judge0 words them, when it cannot be one.
 */
export function fromJudge0(
  input: unknown,
  base64: boolean,
): { request: SubmissionRequest; languageId: number } | { errors: Judge0Errors } {
  const parsed = Judge0SubmissionSchema.safeParse(input ?? {});
  const errors: Judge0Errors = {};
  if (!parsed.success) {
    for (const i of parsed.error.issues) addError(errors, String(i.path[0] ?? 'base'), i.message);
    return { errors };
  }
  const j = parsed.data;
  const pack = judge0Pack(j.language_id);
  if (!pack) addError(errors, 'language_id', `language with id ${j.language_id} doesn't exist`);
  const text = (v: string | null | undefined) =>
    v === null || v === undefined ? undefined : base64 ? normalizeBase64(v) : v;
  const request: Record<string, unknown> = { language: pack ?? 'unknown', source: text(j.source_code) };
  if (base64) request.encoding = 'base64';
  const stdin = text(j.stdin) ?? '';
  const expected = text(j.expected_output);
  if (expected !== undefined) {
    request.tests = [{ input: stdin, output: expected }];
    request.checker = { type: 'lines' };
  } else {
    request.stdin = stdin;
  }
  if (j.command_line_arguments) {
    const args = splitArgs(j.command_line_arguments);
    if ('error' in args) addError(errors, 'command_line_arguments', args.error);
    else if (args.length > 0) request.args = args;
  }
  if (j.compiler_options?.trim()) request.compilerOptions = j.compiler_options.trim().split(/\s+/);
  const limits: Record<string, number> = {};
  if (j.cpu_time_limit) limits.timeMs = Math.max(1, Math.round(j.cpu_time_limit * 1000));
  if (j.memory_limit) limits.memoryMb = Math.max(1, Math.ceil(j.memory_limit / 1024));
  if (Object.keys(limits).length > 0) request.limits = limits;
  if (j.callback_url) request.callbackUrl = j.callback_url;
  const native = SubmissionRequestSchema.safeParse(request);
  if (!native.success) {
    for (const i of formatIssues(native.error)) addError(errors, judge0Field(i.path), i.message);
  }
  if (Object.keys(errors).length > 0 || !native.success) return { errors };
  return { request: native.data, languageId: j.language_id };
}

// ---------- results ----------

const SIGNALS: Record<number, number> = { 11: 7, 25: 8, 8: 9, 6: 10 };

/** The test a Judge0 view shows: the first that did not pass, else the last. */
function decidingTest(r: SubmissionResult): TestResult | undefined {
  return r.tests.find((t) => t.verdict !== 'AC' && t.verdict !== 'SKIP') ?? r.tests.at(-1);
}

/**
 * The Judge0 status of a submission: In Queue, Processing, or from the
 * verdict. A runtime error is told apart by its signal (SIGSEGV, SIGXFSZ,
 * SIGFPE, SIGABRT; another signal is "Other"), a non-zero exit is NZEC. MLE
 * is "Runtime Error (Other)" and OLE "Runtime Error (SIGXFSZ)", as a memory
 * kill and an oversized output file are under Judge0's sandbox; the message
 * names them. Exec Format Error (14) is never given: a program that cannot
 * start is the judge's fault here (Internal Error).
 */
export function judge0Status(r: SubmissionResult): Judge0Status {
  const of = (id: number): Judge0Status => JUDGE0_STATUSES[id - 1]!;
  if (r.status === 'queued') return of(1);
  if (r.status !== 'done') return of(2);
  switch (r.verdict) {
    case 'AC':
      return of(3);
    case 'WA':
      return of(4);
    case 'TLE':
      return of(5);
    case 'CE':
      return of(6);
    case 'OLE':
      return of(8);
    case 'MLE':
      return of(12);
    case 'RE': {
      const t = decidingTest(r);
      if (t?.signal) return of(SIGNALS[t.signal] ?? 12);
      return of(11);
    }
    default:
      return of(13);
  }
}

function message(r: SubmissionResult, t: TestResult | undefined): string | null {
  if (r.status !== 'done') return null;
  switch (r.verdict) {
    case 'TLE':
      return 'Time limit exceeded';
    case 'MLE':
      return 'Memory limit exceeded';
    case 'OLE':
      return 'Output limit exceeded';
    case 'RE':
      return t?.signal ? `Caught fatal signal ${t.signal}` : `Exited with error status ${t?.exitCode ?? 1}`;
    case 'IE':
      return r.error ?? 'internal error';
    default:
      return null;
  }
}

export interface Judge0ViewOptions {
  /** `base64_encoded=true`: text attributes as base64 of their exact bytes. */
  base64: boolean;
  fields: readonly Judge0Field[];
  /** The submission's own request (source, stdin, limits, …). */
  request?: SubmissionRequest;
  /** Judge0's language object for the `language` attribute. */
  language?: { id: number; name: string };
}

/**
 * A submission as Judge0 shows it, with the asked fields only. Text
 * attributes are bytes: plain text without `base64`, when they are UTF-8
 * (else `{error}` as Judge0 answers), base64 of the exact bytes with it.
 */
export function toJudge0(
  r: SubmissionResult,
  opts: Judge0ViewOptions,
): { body: Record<string, unknown> } | { error: string } {
  const t = decidingTest(r);
  const req = opts.request;
  const reqText = (v: string | undefined): Uint8Array | null =>
    v === undefined ? null : decodeOutput(v, req?.encoding === 'base64' ? 'base64' : undefined);
  const ran = r.status === 'done' && r.verdict !== 'CE' && t !== undefined;
  const bytes: Partial<Record<Judge0Field, Uint8Array | null>> = {
    source_code: reqText(req?.source),
    stdin: reqText(req ? (req.stdin ?? req.tests?.[0]?.input ?? '') : undefined),
    expected_output: reqText(req?.tests?.[0]?.output),
    // Nothing written is null, as Judge0 shows it.
    stdout: ran && t.stdout ? decodeOutput(t.stdout, t.encoding) : null,
    stderr: ran && t.stderr ? decodeOutput(t.stderr, t.encoding) : null,
    compile_output: r.compile?.output ? decodeOutput(r.compile.output, r.compile.encoding) : null,
  };
  const status = judge0Status(r);
  const said = message(r, t);
  const seconds = (ms: number | undefined) => (ms === undefined ? null : (ms / 1000).toFixed(3));
  const values: Record<Judge0Field, unknown> = {
    source_code: null,
    language_id: judge0LanguageId(r.language) ?? null,
    stdin: null,
    expected_output: null,
    stdout: null,
    status_id: status.id,
    created_at: r.createdAt,
    finished_at: r.finishedAt ?? null,
    time: ran ? seconds(t.timeMs) : null,
    memory: ran ? Math.round(t.memoryKb) : null,
    stderr: null,
    token: r.id,
    number_of_runs: 1,
    cpu_time_limit: req?.limits?.timeMs === undefined ? null : req.limits.timeMs / 1000,
    cpu_extra_time: null,
    wall_time_limit: null,
    memory_limit: req?.limits?.memoryMb === undefined ? null : req.limits.memoryMb * 1024,
    stack_limit: null,
    max_processes_and_or_threads: null,
    enable_per_process_and_thread_time_limit: false,
    enable_per_process_and_thread_memory_limit: false,
    max_file_size: null,
    compile_output: null,
    exit_code: ran ? t.exitCode : null,
    exit_signal: ran ? t.signal : null,
    message: null,
    wall_time: ran ? seconds(t.wallMs) : null,
    compiler_options: req?.compilerOptions?.join(' ') ?? null,
    command_line_arguments: req?.args ? joinArgs(req.args) : null,
    redirect_stderr_to_stdout: false,
    callback_url: req?.callbackUrl ?? null,
    additional_files: null,
    enable_network: false,
    status,
    language: opts.language ?? null,
  };
  const body: Record<string, unknown> = {};
  const encoder = new TextEncoder();
  for (const f of opts.fields) {
    if (f === 'message') {
      const b = said === null ? null : encoder.encode(said);
      if (b === null) body[f] = null;
      else body[f] = opts.base64 ? toBase64(b) : said;
      continue;
    }
    if (f in bytes) {
      const b = bytes[f];
      if (b === null || b === undefined) body[f] = null;
      else if (opts.base64) body[f] = toBase64(b);
      else if (isPlainText(b) || isUtf8(b)) body[f] = new TextDecoder().decode(b);
      else return { error: JUDGE0_NOT_UTF8 };
      continue;
    }
    body[f] = values[f];
  }
  return { body };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 (NUL included: JSON carries it). */
function isUtf8(b: Uint8Array): boolean {
  try {
    strictUtf8.decode(b);
    return true;
  } catch {
    return false;
  }
}
