import { describe, expect, it } from 'vitest';
import { PistonExecuteSchema } from './piston.js';
import { formatIssues, MAX_PROGRAM_SOURCE_BYTES, MAX_SOURCE_BYTES, SubmissionRequestSchema } from './submission.js';

describe('SubmissionRequestSchema', () => {
  it('counts the source in UTF-8 bytes', () => {
    const limit = 'é'.repeat(MAX_SOURCE_BYTES / 2);
    expect(SubmissionRequestSchema.safeParse({ language: 'c', source: limit }).success).toBe(true);
    const over = SubmissionRequestSchema.safeParse({ language: 'c', source: `${limit}x` });
    expect(over.success).toBe(false);
    expect(formatIssues(over.error!)).toEqual([
      { path: 'source', message: `source is over ${MAX_SOURCE_BYTES} bytes` },
    ]);
  });

  it('keeps plain runs, inline tests and problems apart', () => {
    const base = { language: 'c', source: 'x' };
    expect(SubmissionRequestSchema.safeParse({ ...base, stdin: '1' }).success).toBe(true);
    const both = SubmissionRequestSchema.safeParse({ ...base, tests: [{ input: '' }], problem: 'p', stdin: '' });
    expect(formatIssues(both.error!).map((i) => i.path)).toEqual(['tests', 'stdin']);
  });
});

describe('PistonExecuteSchema', () => {
  it("fills Piston's defaults and ignores fields it does not know", () => {
    const p = PistonExecuteSchema.parse({ language: 'python', files: [{ content: 'print(1)' }], extra: true });
    expect(p).toEqual({ language: 'python', version: '*', files: [{ content: 'print(1)' }], stdin: '', args: [] });
  });

  it('needs at least one file', () => {
    expect(PistonExecuteSchema.safeParse({ language: 'python', files: [] }).success).toBe(false);
  });
});

describe('SubmissionRequestSchema: files, bytes, arguments', () => {
  const base = { language: 'cpp', source: 'int main(){}' };

  it('takes files beside the source, with plain names, each once', () => {
    expect(SubmissionRequestSchema.safeParse({ ...base, files: [{ name: 'util.h', content: '' }] }).success).toBe(true);
    const bad = SubmissionRequestSchema.safeParse({
      ...base,
      files: [
        { name: 'dir/util.h', content: '' },
        { name: '.hidden', content: '' },
        { name: 'a.h', content: '' },
        { name: 'a.h', content: '' },
      ],
    });
    expect(formatIssues(bad.error!).map((i) => i.path)).toEqual(['files.0.name', 'files.1.name', 'files.3.name']);
    const twice = SubmissionRequestSchema.safeParse({
      ...base,
      files: [
        { name: 'a.h', content: '' },
        { name: 'a.h', content: '' },
      ],
    });
    expect(formatIssues(twice.error!)).toEqual([{ path: 'files.1.name', message: 'file "a.h" is given twice' }]);
  });

  it('bounds the program as a whole', () => {
    const big = 'x'.repeat(MAX_SOURCE_BYTES);
    const files = Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.h`, content: big }));
    const over = SubmissionRequestSchema.safeParse({ ...base, files });
    expect(formatIssues(over.error!)).toEqual([
      { path: 'files', message: `the source and the files together are over ${MAX_PROGRAM_SOURCE_BYTES} bytes` },
    ]);
  });

  it('counts base64 fields by the bytes they stand for, and checks they are base64', () => {
    const bytes = btoa('\xff'.repeat(MAX_SOURCE_BYTES));
    expect(SubmissionRequestSchema.safeParse({ ...base, encoding: 'base64', source: bytes }).success).toBe(true);
    const bad = SubmissionRequestSchema.safeParse({
      ...base,
      encoding: 'base64',
      source: 'aGk=',
      tests: [{ input: 'not base64!', output: 'aGk=' }],
    });
    expect(formatIssues(bad.error!)).toEqual([{ path: 'tests.0.input', message: 'not base64 (encoding is base64)' }]);
  });

  it('takes arguments without NUL, and a callback URL over http(s) only', () => {
    expect(SubmissionRequestSchema.safeParse({ ...base, args: ['a b', '', '$HOME'] }).success).toBe(true);
    expect(SubmissionRequestSchema.safeParse({ ...base, args: ['a\0b'] }).success).toBe(false);
    expect(SubmissionRequestSchema.safeParse({ ...base, callbackUrl: 'https://x.example/cb?a=1' }).success).toBe(true);
    for (const url of ['file:///etc/passwd', 'https://user:pw@x.example/', 'not a url']) {
      expect(SubmissionRequestSchema.safeParse({ ...base, callbackUrl: url }).success, url).toBe(false);
    }
  });
});
