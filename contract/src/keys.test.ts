import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiKeySchema, apiKeyIssues, bearerToken, hashApiKey } from './keys.js';
import { DEFAULT_PLANS, isSubmission, planBuckets } from './ratelimit.js';

describe('API keys', () => {
  it('are stored as the hex SHA-256 of the key, as sha256sum prints it', async () => {
    const key = 'sk_test_Ωmega';
    expect(await hashApiKey(key)).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
  });

  it('are read from a Bearer header, or refused as malformed', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(`Bearer ${'k'.repeat(513)}`)).toBeNull();
  });

  it('must name an existing plan, once each', () => {
    const k = ApiKeySchema.parse({ name: 'ci', sha256: 'a'.repeat(64), plan: 'standard' });
    expect(k.admin).toBe(false);
    expect(apiKeyIssues([k], DEFAULT_PLANS)).toEqual([]);
    expect(apiKeyIssues([k, { ...k, plan: 'gold' }], DEFAULT_PLANS)).toEqual([
      { path: ['apiKeys', 1, 'plan'], message: 'no plan gold' },
      { path: ['apiKeys', 1, 'sha256'], message: 'key ci is listed twice' },
    ]);
    expect(ApiKeySchema.safeParse({ name: 'x', sha256: 'A'.repeat(64), plan: 'p' }).success).toBe(false);
  });
});

describe('plans', () => {
  it('have a submission bucket and a read bucket ten times larger unless set', () => {
    expect(planBuckets({ ratePerMinute: 60, burst: 5 })).toEqual({
      submit: { capacity: 5, ratePerMinute: 60 },
      read: { capacity: 50, ratePerMinute: 600 },
    });
    expect(planBuckets({ ratePerMinute: 60, burst: 5, readBurst: 7, readRatePerMinute: 8 }).read).toEqual({
      capacity: 7,
      ratePerMinute: 8,
    });
  });

  it('charge submissions, executions and problem uploads to the submission bucket', () => {
    expect(isSubmission('POST', '/v1/submissions')).toBe(true);
    expect(isSubmission('post', '/api/v2/execute')).toBe(true);
    expect(isSubmission('PUT', '/v1/problems/aplusb')).toBe(true);
    expect(isSubmission('GET', '/v1/submissions')).toBe(false);
    expect(isSubmission('GET', '/v1/problems/aplusb')).toBe(false);
  });
});
