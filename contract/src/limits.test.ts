import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_FIELDS, LimitsSchema, ResolvedLimitsSchema } from './limits.js';
import { ProblemSchema } from './problem.js';
import { SubmissionRequestSchema } from './submission.js';

const KEYS = Object.keys(LIMIT_FIELDS) as (keyof typeof LIMIT_FIELDS)[];

describe('limits', () => {
  it('are bounded the same in a request, a problem and a full set', () => {
    for (const key of KEYS) {
      const max = LIMIT_FIELDS[key].maxValue!;
      const min = LIMIT_FIELDS[key].minValue!;
      for (const [value, ok] of [
        [min, true],
        [max, true],
        [min - 1, false],
        [max + 1, false],
        [min + 0.5, false],
      ] as const) {
        const limits = { [key]: value };
        expect(LimitsSchema.safeParse(limits).success, `${key}=${value}`).toBe(ok);
        expect(ProblemSchema.safeParse({ id: 'p', limits }).success, `problem ${key}=${value}`).toBe(ok);
        const request = { language: 'c', source: 'x', limits };
        expect(SubmissionRequestSchema.safeParse(request).success, `request ${key}=${value}`).toBe(ok);
        const full = ResolvedLimitsSchema.safeParse({ ...DEFAULT_LIMITS, ...limits }).success;
        expect(full, `full ${key}=${value}`).toBe(ok);
      }
    }
  });

  it('refuse unknown fields, and a full set needs every one', () => {
    expect(LimitsSchema.safeParse({ cpu: 1 }).success).toBe(false);
    expect(ResolvedLimitsSchema.parse(DEFAULT_LIMITS)).toEqual(DEFAULT_LIMITS);
    expect(ResolvedLimitsSchema.safeParse({ timeMs: 1 }).success).toBe(false);
  });
});
