import {
  fromJudge0,
  IDEMPOTENCY_KEY_HEADER,
  JUDGE0_MAX_BATCH,
  JUDGE0_STATUSES,
  Judge0BatchSchema,
  parseJudge0Fields,
  planBuckets,
  rateLimitHeaders,
  rateLimitMessage,
} from '@judge/contract';
import { type Context, Hono } from 'hono';
import { EdgeError } from '../errors.js';
import { parseJson, readBody } from '../lib/body.js';
import { cached } from '../lib/cache.js';
import { idempotencyKeys } from '../lib/idempotency.js';
import { prefixId, splitId } from '../lib/ids.js';
import { callerState } from '../middleware/rate-limit/index.js';
import { sendOnce, sendTo } from '../regions/failover.js';
import { locationOf, orderRegions } from '../regions/select.js';
import type { AppEnv } from '../types.js';
import { readNearest } from './reads.js';

/**
 * Judge0's API at the edge: checked with the contract's Judge0 shapes (a bad
 * request never reaches a node), forwarded like a native submission (one node,
 * never twice), and tokens carry their region as ids do: `<region>.<token>`.
 * Statuses are served here; everything else by the nodes.
 */
export const judge0 = new Hono<AppEnv>();

const isTrue = (v: string | undefined) => v === 'true';

/** A node's JSON answer with each `token` (of an object or of an array's objects) turned into the edge's. */
async function withEdgeTokens(response: Response, regionId: string): Promise<Response> {
  if (!response.headers.get('content-type')?.includes('json')) return response;
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  const rewrite = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return typeof o.token === 'string' ? { ...o, token: prefixId(regionId, o.token) } : o;
  };
  const out = Array.isArray(value) ? value.map(rewrite) : rewrite(value);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(out), { status: response.status, headers });
}

function checkFields(c: Context<AppEnv>): void {
  const fields = parseJudge0Fields(c.req.query('fields'));
  if ('invalid' in fields) throw new EdgeError(400, 'invalid_fields', `invalid fields: [${fields.invalid.join(', ')}]`);
}

/** Forwards a submission or a batch to one region, never twice; the answer's tokens carry the region. */
async function forwardOnce(c: Context<AppEnv>, path: string, bytes: Uint8Array, wait: boolean): Promise<Response> {
  const config = c.get('config');
  const { clientKey, nodeKey } = await idempotencyKeys(c.req.header(IDEMPOTENCY_KEY_HEADER), c.get('principal').id);
  const search = new URL(c.req.url).search;
  const { region, response } = await sendOnce(config, orderRegions(config.regions, locationOf(c.req.raw), Date.now()), {
    method: 'POST',
    pathWithQuery: `${path}${search}`,
    body: bytes,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    timeoutMs: wait ? config.waitTimeoutMs : config.forwardTimeoutMs,
    idempotencyKey: nodeKey,
  }).catch((e: unknown) => {
    // The caller needs the key to retry safely after an ambiguous failure.
    if (e instanceof EdgeError) e.extra.headers = { ...e.extra.headers, [IDEMPOTENCY_KEY_HEADER]: clientKey };
    throw e;
  });
  const answer = await withEdgeTokens(response, region.id);
  answer.headers.set(IDEMPOTENCY_KEY_HEADER, clientKey);
  return answer;
}

judge0.get('/statuses', (c) => c.json(JUDGE0_STATUSES));
judge0.get('/languages', (c) => cached(c.get('config'), '/languages', () => readNearest(c, '/languages')));
judge0.get('/languages/:id', (c) => readNearest(c, `/languages/${encodeURIComponent(c.req.param('id'))}`));

judge0.post('/submissions', async (c) => {
  checkFields(c);
  const bytes = await readBody(c.req.raw, c.get('config').maxBodyBytes);
  const converted = fromJudge0(parseJson(bytes), isTrue(c.req.query('base64_encoded')));
  if ('errors' in converted) return c.json(converted.errors, 422);
  return forwardOnce(c, '/submissions', bytes, isTrue(c.req.query('wait')));
});

judge0.post('/submissions/batch', async (c) => {
  const config = c.get('config');
  const bytes = await readBody(c.req.raw, config.maxBodyBytes);
  const batch = Judge0BatchSchema.safeParse(parseJson(bytes));
  if (!batch.success) throw new EdgeError(400, 'invalid_request', batch.error.issues[0]?.message ?? 'not a batch');
  const base64 = isTrue(c.req.query('base64_encoded'));
  const valid = batch.data.submissions.filter((s) => 'request' in fromJudge0(s, base64)).length;
  // The request took one submission from the caller's bucket; a batch costs one per submission.
  if (valid > 1) {
    const principal = c.get('principal');
    const spec = planBuckets(principal.plan).submit;
    const decision = await callerState(c.env, principal).take('submit', spec, valid - 1);
    if (!decision.allowed) {
      throw new EdgeError(429, 'rate_limited', rateLimitMessage(principal.name, true, spec), {
        headers: { ...rateLimitHeaders(decision), 'retry-after': String(decision.retryAfterS) },
      });
    }
  }
  return forwardOnce(c, '/submissions/batch', bytes, false);
});

judge0.get('/submissions/batch', async (c) => {
  checkFields(c);
  const config = c.get('config');
  const tokens = (c.req.query('tokens') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length === 0)
    throw new EdgeError(400, 'invalid_request', 'there should be at least one submission in a batch');
  if (tokens.length > JUDGE0_MAX_BATCH) {
    throw new EdgeError(
      400,
      'invalid_request',
      `number of submissions in a batch should be less than or equal to ${JUDGE0_MAX_BATCH}`,
    );
  }
  // Each region is asked for its own tokens at once; the answers are put back in the order asked.
  const byRegion = new Map<string, { index: number; nodeId: string }[]>();
  for (const [index, token] of tokens.entries()) {
    const split = splitId(token);
    if (!split || !config.regions.some((r) => r.id === split.regionId)) continue;
    byRegion.set(split.regionId, [...(byRegion.get(split.regionId) ?? []), { index, nodeId: split.nodeId }]);
  }
  const out: unknown[] = tokens.map(() => null);
  const params = new URL(c.req.url).searchParams;
  await Promise.all(
    [...byRegion].map(async ([regionId, wanted]) => {
      const region = config.regions.find((r) => r.id === regionId)!;
      const query = new URLSearchParams(params);
      query.set('tokens', wanted.map((w) => w.nodeId).join(','));
      const response = await sendTo(config, region, {
        method: 'GET',
        pathWithQuery: `/submissions/batch?${query}`,
        headers: { accept: 'application/json' },
        timeoutMs: config.forwardTimeoutMs,
      });
      const body = (await response.json().catch(() => undefined)) as { submissions?: unknown[]; error?: string };
      if (!response.ok || !Array.isArray(body?.submissions)) {
        throw new EdgeError(
          response.status >= 500 ? 502 : (response.status as 400),
          'upstream_failed',
          body?.error ?? `region ${regionId} answered ${response.status}`,
        );
      }
      for (const [i, w] of wanted.entries()) {
        const s = body.submissions[i] as Record<string, unknown> | null | undefined;
        out[w.index] = s && typeof s.token === 'string' ? { ...s, token: prefixId(regionId, s.token) } : (s ?? null);
      }
    }),
  );
  return c.json({ submissions: out });
});

judge0.get('/submissions/:token', async (c) => {
  checkFields(c);
  const config = c.get('config');
  const token = c.req.param('token');
  const split = splitId(token);
  const region = split && config.regions.find((r) => r.id === split.regionId);
  if (!split || !region) throw new EdgeError(404, 'not_found', 'Not Found');
  const response = await sendTo(config, region, {
    method: 'GET',
    pathWithQuery: `/submissions/${encodeURIComponent(split.nodeId)}${new URL(c.req.url).search}`,
    headers: { accept: 'application/json' },
    timeoutMs: config.forwardTimeoutMs,
  });
  return withEdgeTokens(response, region.id);
});
