import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, received, submit } from './support/harness.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  },
});

describe('CORS', () => {
  it('answers a preflight without touching a node or a rate limiter', async () => {
    const a = fakeRegion('a');
    const res = await call(makeEnv([a]), '/v1/submissions', preflight('https://contest.test'));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    expect(await received(a)).toHaveLength(0);
  });

  it('lets browsers read the rate limit headers, on success and on errors', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a]);
    const ok = await submit(e, { headers: { origin: 'https://contest.test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(ok.headers.get('access-control-expose-headers')).toContain('Retry-After');
    const denied = await submit(e, { headers: { origin: 'https://contest.test', authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('allows only the configured origins when there is a list', async () => {
    const a = fakeRegion('a');
    const e = makeEnv([a], [], { CORS_ORIGINS: 'https://contest.test, https://practice.test' });
    const allowed = await call(e, '/v1/languages', preflight('https://practice.test'));
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://practice.test');
    expect(allowed.headers.get('vary')).toContain('Origin');
    const other = await call(e, '/v1/languages', { headers: { origin: 'https://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
