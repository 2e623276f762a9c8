import { describe, expect, it } from 'vitest';
import {
  IDEMPOTENCY_KEY_MAX,
  IdempotencyKeySchema,
  PROBLEM_ID_MAX,
  ProblemIdSchema,
  readIdempotencyKey,
  TEST_NAME_MAX,
  TestNameSchema,
} from './ids.js';
import { LanguagePackSchema } from './pack.js';
import { ProblemSchema, ProblemUploadSchema } from './problem.js';
import { SubmissionRequestSchema } from './submission.js';

describe('problem ids', () => {
  it('are lowercase letters, digits, - and _, starting with a letter or digit, up to the maximum', () => {
    for (const ok of ['a', 'aplusb', '2sum', 'a-b_c', 'x'.repeat(PROBLEM_ID_MAX)]) {
      expect(ProblemIdSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['', '-a', '_a', 'A', 'a b', 'a.b', 'x'.repeat(PROBLEM_ID_MAX + 1)]) {
      expect(ProblemIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('are the same rule in problem.yaml and in a submission', () => {
    const longest = 'p'.repeat(PROBLEM_ID_MAX);
    const tooLong = `${longest}p`;
    expect(ProblemSchema.safeParse({ id: longest }).success).toBe(true);
    expect(SubmissionRequestSchema.safeParse({ language: 'c', source: 'x', problem: longest }).success).toBe(true);
    expect(ProblemSchema.safeParse({ id: tooLong }).success).toBe(false);
    expect(SubmissionRequestSchema.safeParse({ language: 'c', source: 'x', problem: tooLong }).success).toBe(false);
  });
});

describe('test names', () => {
  it('are letters, digits, ".", "_" and "-", up to the maximum', () => {
    for (const ok of ['01', 'a.b-c_d', 'T'.repeat(TEST_NAME_MAX)])
      expect(TestNameSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'a b', 'a/b', 'é', 'T'.repeat(TEST_NAME_MAX + 1)]) {
      expect(TestNameSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('that problem.yaml accepts, an upload accepts too (and the reverse)', () => {
    for (const name of ['n'.repeat(TEST_NAME_MAX), 'n'.repeat(TEST_NAME_MAX + 1)]) {
      const yaml = ProblemSchema.safeParse({ id: 'p', samples: [name] }).success;
      const upload = ProblemUploadSchema.safeParse({
        problem: { id: 'p', samples: [name] },
        tests: [{ name, input: '', output: '' }],
      }).success;
      expect(upload, name).toBe(yaml);
    }
  });
});

describe('idempotency keys', () => {
  it('are 1 to the maximum visible ASCII characters', () => {
    expect(IdempotencyKeySchema.safeParse('k'.repeat(IDEMPOTENCY_KEY_MAX)).success).toBe(true);
    for (const bad of ['', 'k'.repeat(IDEMPOTENCY_KEY_MAX + 1), 'a b', 'ключ', 'a\tb']) {
      expect(IdempotencyKeySchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('are read from a header value: absent, valid, or an error naming the rule', () => {
    expect(readIdempotencyKey(undefined)).toEqual({ key: undefined });
    expect(readIdempotencyKey(null)).toEqual({ key: undefined });
    expect(readIdempotencyKey('abc')).toEqual({ key: 'abc' });
    expect(readIdempotencyKey(['a', 'b'])).toEqual({ error: expect.stringContaining('Idempotency-Key') });
    expect(readIdempotencyKey('x'.repeat(IDEMPOTENCY_KEY_MAX + 1))).toEqual({
      error: expect.stringContaining(String(IDEMPOTENCY_KEY_MAX)),
    });
  });
});

describe('language names', () => {
  it('a pack may only be named by ids and aliases a request can give', () => {
    const pack = {
      id: 'l'.repeat(32),
      name: 'L',
      version: '1',
      extensions: ['.l'],
      source: 'main.l',
      run: { command: ['l'] },
      selfTest: { source: 'x', expected: 'y' },
    };
    expect(LanguagePackSchema.safeParse(pack).success).toBe(true);
    expect(SubmissionRequestSchema.safeParse({ language: pack.id, source: 'x' }).success).toBe(true);
    expect(LanguagePackSchema.safeParse({ ...pack, id: `${pack.id}l` }).success).toBe(false);
    expect(SubmissionRequestSchema.safeParse({ language: `${pack.id}l`, source: 'x' }).success).toBe(false);
    expect(LanguagePackSchema.safeParse({ ...pack, aliases: ['a'.repeat(33)] }).success).toBe(false);
  });
});
