import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import type { Env } from './env.js';

const base = (vars: Record<string, unknown>): Env => vars as unknown as Env;
const region = { id: 'eu', url: 'https://eu.judge.test/', lat: 50, lon: 8 };

describe('edge configuration', () => {
  it('parses JSON strings and values alike, with defaults', () => {
    const c = parseConfig(base({ REGIONS: JSON.stringify([region]), NODE_SECRET_EU: 's'.repeat(16) }));
    expect(c.regions).toEqual([{ ...region, url: 'https://eu.judge.test', secret: 's'.repeat(16) }]);
    expect(c.anonPlan).toBe('anonymous');
    expect(c.plans.anonymous).toBeDefined();
    expect(c.origins).toBe('*');
    const d = parseConfig(
      base({ REGIONS: [{ ...region, secret: 't'.repeat(16) }], CORS_ORIGINS: 'https://a.test, https://b.test' }),
    );
    expect(d.regions[0]!.secret).toBe('t'.repeat(16));
    expect(d.origins).toEqual(new Set(['https://a.test', 'https://b.test']));
  });

  it('takes a region secret from NODE_SECRET_<ID> with dashes as underscores', () => {
    const c = parseConfig(base({ REGIONS: [{ ...region, id: 'us-east' }], NODE_SECRET_US_EAST: 'u'.repeat(20) }));
    expect(c.regions[0]!.secret).toBe('u'.repeat(20));
  });

  it('lists every problem at once', () => {
    const bad = () =>
      parseConfig(
        base({
          REGIONS: [region, { ...region, url: 'ftp://x' }],
          API_KEYS: [{ name: 'k', sha256: 'nothex', plan: 'gold' }],
          FORWARD_TIMEOUT_MS: 'soon',
        }),
      );
    expect(bad).toThrow(/regions\.1\.url/);
    expect(bad).toThrow(/apiKeys\.0\.sha256/);
    expect(bad).toThrow(/forwardTimeoutMs/);
  });

  it('refuses a region without a secret, duplicate ids, and unknown plans', () => {
    expect(() => parseConfig(base({ REGIONS: [region] }))).toThrow(/NODE_SECRET_EU/);
    const secret = 's'.repeat(16);
    expect(() => parseConfig(base({ REGIONS: [region, region], NODE_SECRET_EU: secret }))).toThrow(/duplicate region/);
    expect(() => parseConfig(base({ REGIONS: [region], NODE_SECRET_EU: secret, ANON_PLAN: 'gold' }))).toThrow(
      /no plan gold/,
    );
    expect(parseConfig(base({ REGIONS: [region], NODE_SECRET_EU: secret, ANON_PLAN: 'off' })).anonPlan).toBe('off');
  });
});
