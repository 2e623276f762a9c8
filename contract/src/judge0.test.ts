import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromJudge0,
  JUDGE0_DEFAULT_FIELDS,
  JUDGE0_FIELDS,
  JUDGE0_LANGUAGES,
  JUDGE0_NOT_UTF8,
  JUDGE0_STATUSES,
  Judge0BatchSchema,
  joinArgs,
  judge0Pack,
  judge0Status,
  parseJudge0Fields,
  splitArgs,
  toJudge0,
} from './judge0.js';
import { toBase64 } from './output.js';
import type { SubmissionResult, TestResult } from './submission.js';

// Requests and answers from Judge0's API documentation (docs/api/submissions, statuses). Its examples
// use language id 4, a C compiler of older Judge0 versions; Judge0 CE's C is 50, used here instead.
const HELLO_C =
  '#include <stdio.h>\n\nint main(void) {\n  char name[10];\n  scanf("%s", name);\n  printf("hello, %s\\n", name);\n  return 0;\n}';

function result(over: Partial<SubmissionResult> = {}, test: Partial<TestResult> = {}): SubmissionResult {
  return {
    id: 'eb0dd001-66db-47f4-8a69-b736c9bc23f6',
    status: 'done',
    verdict: 'AC',
    score: 100,
    language: 'c',
    tests: [
      {
        index: 1,
        verdict: 'AC',
        timeMs: 1,
        wallMs: 2,
        memoryKb: 380,
        exitCode: 0,
        signal: null,
        stdout: 'hello, Judge0\n',
        stderr: '',
        ...test,
      },
    ],
    compile: { exitCode: 0, output: '', timeMs: 100, cached: false },
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    ...over,
  };
}

describe('Judge0 requests', () => {
  it('takes the documented submission with stdin and expected_output as one test compared by lines', () => {
    const out = fromJudge0(
      { source_code: HELLO_C, language_id: '50', stdin: 'Judge0', expected_output: 'hello, Judge0' },
      false,
    );
    expect(out).toEqual({
      languageId: 50,
      request: {
        language: 'c',
        source: HELLO_C,
        tests: [{ input: 'Judge0', output: 'hello, Judge0' }],
        checker: { type: 'lines' },
      },
    });
  });

  it('without expected_output is a plain run of stdin', () => {
    const out = fromJudge0({ source_code: HELLO_C, language_id: 50, stdin: 'world' }, false);
    expect(out).toMatchObject({ request: { language: 'c', stdin: 'world' } });
    expect('request' in out && out.request.tests).toBeUndefined();
  });

  it('answers the documented errors: a missing and an unknown language', () => {
    expect(fromJudge0({ source_code: HELLO_C }, false)).toEqual({ errors: { language_id: ["can't be blank"] } });
    expect(
      fromJudge0({ source_code: HELLO_C, language_id: 150000, stdin: 'world', expected_output: 'hello, world' }, false),
    ).toEqual({ errors: { language_id: ["language with id 150000 doesn't exist"] } });
    expect(fromJudge0({ source_code: '', language_id: 72 }, false)).toEqual({
      errors: { source_code: ["can't be blank"] },
    });
  });

  it('takes base64 (with Ruby-style line breaks) and ignores attributes it does not know (`input`)', () => {
    const source =
      'I2luY2x1ZGUgPHN0ZGlvLmg+CgppbnQgbWFpbih2b2lkKSB7CiAgY2hhciBuYW1lWzEwXTsKICBzY2FuZigiJXMiLCBuYW1lKTsKICBwcmludGYoImhlbGxvLCAlc1xuIiwgbmFtZSk7CiAgcmV0dXJuIDA7Cn0=';
    const wrapped = `${source.match(/.{1,60}/g)!.join('\n')}\n`;
    const out = fromJudge0({ source_code: wrapped, language_id: 50, input: 'SnVkZ2Uw' }, true);
    expect(out).toMatchObject({ request: { encoding: 'base64', source, stdin: '' } });
    expect(new TextDecoder().decode(Uint8Array.from(atob(source), (c) => c.charCodeAt(0)))).toBe(HELLO_C);
  });

  it('limits in seconds and kilobytes become the native ms and MiB; arguments are split, never run', () => {
    const out = fromJudge0(
      {
        source_code: 'x',
        language_id: 71,
        cpu_time_limit: 1.5,
        memory_limit: 128000,
        command_line_arguments: `one "two words" 'it''s' $HOME`,
        compiler_options: ' -O2  -Wall ',
        callback_url: 'https://example.com/cb',
      },
      false,
    );
    expect(out).toMatchObject({
      request: {
        limits: { timeMs: 1500, memoryMb: 125 },
        args: ['one', 'two words', 'its', '$HOME'],
        compilerOptions: ['-O2', '-Wall'],
        callbackUrl: 'https://example.com/cb',
      },
    });
  });

  it('refuses what this judge never does, naming the attribute', () => {
    const out = fromJudge0(
      {
        source_code: 'x',
        language_id: 71,
        enable_network: true,
        redirect_stderr_to_stdout: 'true',
        cpu_time_limit: 100,
        additional_files: 'UEsDBA==',
        callback_url: 'ftp://example.com',
      },
      false,
    );
    expect('errors' in out && Object.keys(out.errors).sort()).toEqual([
      'additional_files',
      'callback_url',
      'cpu_time_limit',
      'enable_network',
      'redirect_stderr_to_stdout',
    ]);
    expect('errors' in out && out.errors.cpu_time_limit).toEqual(['must be less than or equal to 60']);
  });

  it('checks a batch: between 1 and 20 submissions, each on its own', () => {
    const docs = {
      submissions: [
        { language_id: 46, source_code: 'echo hello from Bash' },
        { language_id: 123456789, source_code: 'print("hello from Python")' },
        { language_id: 72, source_code: '' },
      ],
    };
    const batch = Judge0BatchSchema.parse(docs);
    const each = batch.submissions.map((s) => fromJudge0(s, false));
    expect(each[0]).toMatchObject({ request: { language: 'bash' } });
    expect(each[1]).toEqual({ errors: { language_id: ["language with id 123456789 doesn't exist"] } });
    expect(each[2]).toEqual({ errors: { source_code: ["can't be blank"] } });
    expect(Judge0BatchSchema.safeParse({ submissions: [] }).success).toBe(false);
    expect(Judge0BatchSchema.safeParse({ submissions: Array(21).fill({}) }).success).toBe(false);
  });

  it('maps every pack to its documented id, each id to one pack', () => {
    const ids = JUDGE0_LANGUAGES.flatMap((l) => [l.id, ...(l.also ?? [])]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([71, 54, 50, 62, 63, 74, 73, 60, 72, 68, 46, 51].map(judge0Pack)).toEqual([
      'python',
      'cpp',
      'c',
      'java',
      'javascript',
      'typescript',
      'rust',
      'go',
      'ruby',
      'php',
      'bash',
      'csharp',
    ]);
  });
});

describe('Judge0 results', () => {
  it('lists the 14 statuses as documented', () => {
    expect(JUDGE0_STATUSES.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(JUDGE0_STATUSES[10]).toEqual({ id: 11, description: 'Runtime Error (NZEC)' });
  });

  it('answers the documented default attributes', () => {
    const view = toJudge0(result(), { base64: false, fields: JUDGE0_DEFAULT_FIELDS });
    expect(view).toEqual({
      body: {
        stdout: 'hello, Judge0\n',
        time: '0.001',
        memory: 380,
        stderr: null,
        token: 'eb0dd001-66db-47f4-8a69-b736c9bc23f6',
        compile_output: null,
        message: null,
        status: { id: 3, description: 'Accepted' },
      },
    });
  });

  it('answers exactly the asked fields, and names the ones that do not exist', () => {
    const fields = parseJudge0Fields('stdout,stderr,status_id,language_id');
    expect('fields' in fields && toJudge0(result(), { base64: false, fields: fields.fields })).toEqual({
      body: { stdout: 'hello, Judge0\n', stderr: null, status_id: 3, language_id: 50 },
    });
    expect(parseJudge0Fields('stdout,bogus,nope')).toEqual({ invalid: ['bogus', 'nope'] });
    expect(parseJudge0Fields('*')).toEqual({ fields: JUDGE0_FIELDS });
  });

  it('gives any bytes exactly in base64, and refuses bytes that are not UTF-8 without it', () => {
    const bytes = new Uint8Array([0xfe, 0x00, 0x41, 0x0a]);
    const binary = result({}, { stdout: toBase64(bytes), stderr: toBase64(new Uint8Array()), encoding: 'base64' });
    const view = toJudge0(binary, { base64: true, fields: ['stdout'] });
    expect('body' in view && view.body.stdout).toBe(toBase64(bytes));
    expect(toJudge0(binary, { base64: false, fields: ['stdout'] })).toEqual({ error: JUDGE0_NOT_UTF8 });
    // NUL is valid UTF-8: JSON carries it as text.
    const nul = result({}, { stdout: toBase64(new Uint8Array([0x61, 0x00])), stderr: '', encoding: 'base64' });
    expect(toJudge0(nul, { base64: false, fields: ['stdout'] })).toEqual({ body: { stdout: 'a\u0000' } });
    const docs = toJudge0(result(), { base64: true, fields: ['stdout'] });
    expect('body' in docs && docs.body.stdout).toBe('aGVsbG8sIEp1ZGdlMAo=');
  });

  it('derives the status from the state and the verdict, runtime errors by signal', () => {
    const s = (over: Partial<SubmissionResult>, t: Partial<TestResult> = {}) => judge0Status(result(over, t)).id;
    expect(s({ status: 'queued', verdict: undefined })).toBe(1);
    expect(s({ status: 'running', verdict: undefined })).toBe(2);
    expect(s({ verdict: 'WA' }, { verdict: 'WA' })).toBe(4);
    expect(s({ verdict: 'TLE' }, { verdict: 'TLE' })).toBe(5);
    expect(s({ verdict: 'CE', tests: [] })).toBe(6);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', signal: 11, exitCode: null })).toBe(7);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', signal: 25, exitCode: null })).toBe(8);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', signal: 8, exitCode: null })).toBe(9);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', signal: 6, exitCode: null })).toBe(10);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', exitCode: 3 })).toBe(11);
    expect(s({ verdict: 'RE' }, { verdict: 'RE', signal: 9, exitCode: null })).toBe(12);
    expect(s({ verdict: 'MLE' }, { verdict: 'MLE' })).toBe(12);
    expect(s({ verdict: 'OLE' }, { verdict: 'OLE' })).toBe(8);
    expect(s({ verdict: 'IE', tests: [] })).toBe(13);
  });

  it('shows a compilation error with its output and no run', () => {
    const ce = result({
      verdict: 'CE',
      tests: [],
      compile: { exitCode: 1, output: 'error: x', timeMs: 5, cached: false },
    });
    expect(toJudge0(ce, { base64: false, fields: JUDGE0_DEFAULT_FIELDS })).toMatchObject({
      body: { compile_output: 'error: x', stdout: null, time: null, status: { id: 6 } },
    });
  });
});

describe('program arguments', () => {
  it('splits like a shell, without expanding anything', () => {
    expect(splitArgs(`a  b\t"c d" 'e "f"' g\\ h "$x" \`y\` ''`)).toEqual([
      'a',
      'b',
      'c d',
      'e "f"',
      'g h',
      '$x',
      '`y`',
      '',
    ]);
    expect(splitArgs(`"open`)).toEqual({ error: 'has an unterminated double quote' });
    expect(splitArgs(`'open`)).toEqual({ error: 'has an unterminated single quote' });
  });

  it('joins any arguments into a line that splits back into them', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (args) => {
        expect(splitArgs(joinArgs(args))).toEqual(args);
      }),
    );
  });
});
