import { describe, expect, it } from 'vitest';
import { PistonExecuteSchema } from './piston.js';
import { formatIssues, MAX_SOURCE_BYTES, SubmissionRequestSchema } from './submission.js';

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
