import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, fakeRegion, makeEnv, newKey, SUBMISSION } from './support/harness.js';

// Fuzzing the edge inside workerd: request bodies, paths, ids and headers of any shape. Whatever
// arrives, the answer is a 2xx/4xx with the contract's error envelope, never a 500.

const PATHS = [
  '/v1/submissions',
  '/v1/submissions?wait=true',
  '/v1/languages',
  '/v1/problems',
  '/api/v2/execute',
  '/api/v2/runtimes',
  '/health',
];

/** Bodies: valid ones bent out of shape, any JSON, and bytes that are not JSON at all. */
const body = fc.oneof(
  fc
    .record(
      {
        language: fc.oneof(fc.constant('cpp'), fc.string(), fc.integer(), fc.constant(null)),
        source: fc.oneof(fc.constant(SUBMISSION.source), fc.string({ maxLength: 200 }), fc.array(fc.string())),
        stdin: fc.oneof(fc.string(), fc.double()),
        tests: fc.oneof(
          fc.array(fc.record({ input: fc.string(), output: fc.string() }), { maxLength: 3 }),
          fc.string(),
        ),
        problem: fc.oneof(fc.string(), fc.constant('aplusb')),
        limits: fc.oneof(fc.object(), fc.record({ timeMs: fc.double(), memoryMb: fc.integer() })),
        checker: fc.oneof(fc.object(), fc.record({ type: fc.string() })),
        files: fc.array(fc.record({ content: fc.string(), name: fc.string() }), { maxLength: 3 }),
        version: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
);

const header = fc.stringMatching(/^[\x20-\x7e]{0,300}$/);

describe('fuzzing the edge', () => {
  it('never answers 500 to any body, path, id or header', async () => {
    const region = fakeRegion('a');
    const key = await newKey('loadtest');
    const env = makeEnv([region], [key]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.oneof(
          fc.constantFrom(...PATHS),
          fc.string({ maxLength: 80 }).map((id) => `/v1/submissions/${encodeURIComponent(id)}`),
          fc.string({ maxLength: 80 }).map((id) => `/v1/submissions/${encodeURIComponent(id)}/events`),
          fc.string({ maxLength: 80 }).map((id) => `/v1/problems/${encodeURIComponent(id)}`),
        ),
        body,
        fc.record(
          {
            'idempotency-key': header,
            'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', ''),
            authorization: fc.oneof(header, fc.constant(`Bearer ${key.key}`)),
            'x-judge-signature': header,
            'x-judge-timestamp': header,
          },
          { requiredKeys: [] },
        ),
        async (method, path, text, headers) => {
          const hasBody = method !== 'GET';
          const res = await call(env, path, { method, headers, body: hasBody ? text : undefined });
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
          if (res.status >= 400) {
            const e = (await res.json()) as { error?: { code?: string } };
            expect(typeof e.error?.code).toBe('string');
          } else {
            await res.body?.cancel();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
