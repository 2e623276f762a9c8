import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestState, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

// Fuzzing a real node (Redis, PostgreSQL; no worker slots, so accepted submissions only queue): any
// method, path, id, body and header. Whatever arrives, the answer is the contract's error envelope or a
// success, never a 500, and the node keeps answering.

const ADMIN = 'fuzz-admin-token-0123456789';
let node: TestNode;
const config = testConfig({ workers: 0, adminToken: ADMIN, maxQueueDepth: 100_000 });

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config);
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

/** A raw HTTP request: no client-side checks on what is sent. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<{ status: number; body: string }> {
  const url = new URL(node.url!);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers, timeout: 30_000, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        // An event stream stays open: its status is all this test needs.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, body: '' });
          return;
        }
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // Framed as a client must frame it (Node sends a DELETE's body unframed otherwise).
    if (body) req.setHeader('content-length', body.length);
    req.end(body);
  });
}

const PATHS = [
  '/v1/submissions',
  '/v1/submissions?wait=true',
  '/v1/languages',
  '/v1/problems',
  '/api/v2/execute',
  '/api/v2/runtimes',
  '/openapi.json',
];

const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 100 }), fc.constant('..%2f..%2fetc'), fc.constant('%00'));

const body = fc.oneof(
  fc
    .record(
      {
        language: fc.oneof(fc.constantFrom('python', 'cpp', 'py'), fc.string(), fc.integer(), fc.constant(null)),
        source: fc.oneof(fc.constant('print(1)'), fc.string({ maxLength: 300 }), fc.array(fc.string())),
        stdin: fc.oneof(fc.string(), fc.double(), fc.constant(null)),
        tests: fc.oneof(
          fc.array(fc.record({ input: fc.string(), output: fc.string() }), { maxLength: 3 }),
          fc.array(fc.anything(), { maxLength: 3 }),
        ),
        problem: fc.oneof(fc.string(), fc.constantFrom('aplusb', 'AplusB', '-x')),
        limits: fc.oneof(
          fc.object(),
          fc.record({ timeMs: fc.double(), memoryMb: fc.integer(), outputKb: fc.bigInt().map(String) }),
        ),
        checker: fc.oneof(fc.object(), fc.record({ type: fc.constantFrom('exact', 'float', 'custom', 'x') })),
        files: fc.array(fc.record({ content: fc.string(), name: fc.string(), encoding: fc.string() }), {
          maxLength: 3,
        }),
        version: fc.string(),
        title: fc.string(),
        samples: fc.array(fc.string()),
      },
      { requiredKeys: [] },
    )
    .map((o) => Buffer.from(JSON.stringify(o))),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
);

const token = fc.stringMatching(/^[\x21-\x7e]{0,300}$/);

describe('fuzzing the node', () => {
  it('never answers 500 to any method, path, id, body or header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.oneof(
          fc.constantFrom(...PATHS),
          id.map((i) => `/v1/submissions/${encodeURIComponent(i)}`),
          id.map((i) => `/v1/submissions/${encodeURIComponent(i)}/events`),
          id.map((i) => `/v1/problems/${encodeURIComponent(i)}`),
        ),
        body,
        fc.record(
          {
            'content-type': fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'a/b',
            ),
            'idempotency-key': token,
            authorization: fc.oneof(token, fc.constant(`Bearer ${ADMIN}`)),
            'x-judge-signature': token,
            'x-judge-timestamp': fc.oneof(token, fc.integer().map(String)),
          },
          { requiredKeys: [] },
        ),
        async (method, path, payload, headers) => {
          const withBody = method !== 'GET' && method !== 'OPTIONS';
          const res = await send(method, path, headers, withBody ? payload : undefined);
          expect(res.status, `${method} ${path} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            // Piston's own error shape on its routes, the contract's envelope everywhere else.
            const parsed = JSON.parse(res.body) as { error?: { code?: unknown }; message?: unknown };
            const envelope = typeof parsed.error?.code === 'string';
            expect(envelope || (path.startsWith('/api/v2/') && typeof parsed.message === 'string')).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
    // Still serving.
    expect((await send('GET', '/v1/languages', {}, undefined)).status).toBe(200);
  });
});
