import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type ErrorEnvelope, signatureHeaders } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../src/node/config.js';
import { loadProblem, uploadFromLoaded } from '../../src/problems/index.js';
import { TESTCASES_DIR } from '../support.js';
import { dropTestState, json, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

// Who may call a node: API keys of its own (hashed, with plans, as the edge keeps them), requests signed with
// its HMAC secret, the admin token. API-only nodes (no workers): access is decided before anything is judged.

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const KEY = 'sk-node-key-for-tests';
const ADMIN_KEY = 'sk-node-admin-key-for-tests';
const OTHER_KEY = 'sk-node-other-key-for-tests';
const SECRET = 'a-secret-shared-with-the-edge';
const ADMIN_TOKEN = 'node-admin-token';
const BODY = { language: 'python', source: 'print(1)' };
const apiKeys = [
  { name: 'ci', sha256: sha256(KEY), plan: 'tiny' },
  { name: 'ops', sha256: sha256(ADMIN_KEY), plan: 'standard', admin: true },
  { name: 'web', sha256: sha256(OTHER_KEY), plan: 'standard' },
];
const plans = {
  tiny: { ratePerMinute: 6, burst: 2, readBurst: 3, readRatePerMinute: 6 },
  standard: { ratePerMinute: 600, burst: 100 },
};

const configs: NodeConfig[] = [];
const nodes: TestNode[] = [];

async function node(overrides: Parameters<typeof testConfig>[0]): Promise<TestNode> {
  const config = testConfig({ workers: 0, ...overrides });
  configs.push(config);
  const n = await startTestNode(config);
  nodes.push(n);
  return n;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const submit = (n: TestNode, headers: Record<string, string> = {}) =>
  n.api('/v1/submissions', { method: 'POST', json: BODY, headers });
const error = async (res: Response) => (await json<ErrorEnvelope>(res)).error;

beforeAll(async () => {
  await requireServices();
});

afterAll(async () => {
  for (const n of nodes) await n.close();
  for (const c of configs) await dropTestState(c);
});

describe('a node with API keys', () => {
  let keyed: TestNode;
  beforeAll(async () => {
    keyed = await node({ apiKeys, plans, adminToken: ADMIN_TOKEN, host: '0.0.0.0' });
  });

  it('listens where it was asked: it has credentials to check', () => {
    expect(keyed.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
  });

  it('refuses a request without a key, and an unknown key, naming what to send', async () => {
    const none = await submit(keyed);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await error(none)).message).toContain('Authorization: Bearer <key>');
    const unknown = await submit(keyed, bearer('sk-nobody'));
    expect(unknown.status).toBe(401);
    expect((await error(unknown)).message).toBe('unknown API key');
    expect((await submit(keyed, { authorization: 'Basic eDp5' })).status).toBe(401);
  });

  it("takes a key's requests within its plan: submissions and reads in buckets of their own, with RateLimit headers", async () => {
    const answers = [
      await submit(keyed, bearer(KEY)),
      await submit(keyed, bearer(KEY)),
      await submit(keyed, bearer(KEY)),
    ];
    expect(answers.map((r) => r.status)).toEqual([202, 202, 429]);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('2');
    expect(answers[1]!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await error(answers[2]!)).message).toBe('rate limit of ci reached: 2 submissions at once, 6 per minute');
    const { id } = await json<{ id: string }>(answers[0]!);
    const read = await keyed.api(`/v1/submissions/${id}`, { headers: bearer(KEY) });
    expect(read.status).toBe(200);
    expect(read.headers.get('ratelimit-limit')).toBe('3');
    // Another key has buckets of its own.
    expect((await submit(keyed, bearer(ADMIN_KEY))).status).toBe(202);
  });

  it('lets an admin key or the admin token upload a problem, and no other key', async () => {
    const upload = await uploadFromLoaded(await loadProblem(join(TESTCASES_DIR, 'aplusb')));
    const put = (headers: Record<string, string>) =>
      keyed.api('/v1/problems/aplusb', { method: 'PUT', json: upload, headers });
    const plain = await put(bearer(OTHER_KEY));
    expect(plain.status).toBe(403);
    expect((await error(plain)).message).toBe('API key web may not upload problems');
    expect((await put(bearer(ADMIN_KEY))).status).toBe(201);
    expect((await put(bearer(ADMIN_TOKEN))).status).toBe(200);
    expect((await put({})).status).toBe(401);
  });

  it('leaves health, metrics and the OpenAPI document open', async () => {
    for (const path of ['/health', '/metrics', '/openapi.json']) expect((await keyed.api(path)).status).not.toBe(401);
  });
});

describe('a node with an HMAC secret and API keys', () => {
  it('takes a signed request, a key, or the admin token, and nothing else', async () => {
    const both = await node({ hmacSecret: SECRET, apiKeys, plans });
    const body = JSON.stringify(BODY);
    const signed = await signatureHeaders(SECRET, 'POST', '/v1/submissions', body);
    const viaEdge = await both.api('/v1/submissions', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signed },
    });
    expect(viaEdge.status).toBe(202);
    expect(viaEdge.headers.get('ratelimit-limit')).toBeNull();
    expect((await submit(both, bearer(ADMIN_KEY))).status).toBe(202);
    const none = await submit(both);
    expect(none.status).toBe(401);
    expect((await error(none)).message).toBe(
      'this node takes requests signed with the HMAC secret (the edge; `judge` with JUDGE_HMAC_SECRET), or with an API key: Authorization: Bearer <key> (`judge --api-key`, JUDGE_API_KEY)',
    );
    // A wrong signature is refused even with a good key beside it: a request is what it claims to be.
    const forged = { ...signed, 'x-judge-signature': 'v1=00', ...bearer(ADMIN_KEY) };
    expect((await submit(both, forged)).status).toBe(401);
  });
});
