import { formatIssues, IDEMPOTENCY_KEY_HEADER, PistonExecuteSchema } from '@judge/contract';
import { Hono } from 'hono';
import { EdgeError } from '../errors.js';
import { parseJson, readBody } from '../lib/body.js';
import { idempotencyKeys } from '../lib/idempotency.js';
import { sendOnce } from '../regions/failover.js';
import { forward, type Outcome } from '../regions/forward.js';
import { locationOf, orderRegions } from '../regions/select.js';
import type { AppEnv } from '../types.js';

export const writes = new Hono<AppEnv>();

/**
 * Piston-compatible execution: checked with the contract's schema (what the
 * node takes), forwarded like a submission (one node, never twice; the client's
 * Idempotency-Key, per caller, lets the node judge a retry once).
 */
writes.post('/api/v2/execute', async (c) => {
  const config = c.get('config');
  const bytes = await readBody(c.req.raw, config.maxBodyBytes);
  const parsed = PistonExecuteSchema.safeParse(parseJson(bytes));
  if (!parsed.success) {
    throw new EdgeError(400, 'invalid_request', 'the execute request is not valid', {
      issues: formatIssues(parsed.error),
    });
  }
  const { clientKey, nodeKey } = await idempotencyKeys(c.req.header(IDEMPOTENCY_KEY_HEADER), c.get('principal').id);
  const { response } = await sendOnce(config, orderRegions(config.regions, locationOf(c.req.raw), Date.now()), {
    method: 'POST',
    pathWithQuery: '/api/v2/execute',
    body: bytes,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    timeoutMs: config.waitTimeoutMs,
    idempotencyKey: nodeKey,
  }).catch((e: unknown) => {
    // The caller needs the key to retry safely after an ambiguous failure.
    if (e instanceof EdgeError) e.extra.headers = { ...e.extra.headers, [IDEMPOTENCY_KEY_HEADER]: clientKey };
    throw e;
  });
  const answer = new Response(response.body, response);
  answer.headers.set(IDEMPOTENCY_KEY_HEADER, clientKey);
  return answer;
});

/**
 * A problem upload by an admin key goes to every region, since a submission
 * may land on any. All must take it: the answer is the first node's when they
 * do, the first refusal (4xx) if one refuses, else 502 naming the failures.
 */
writes.put('/v1/problems/:id', async (c) => {
  const config = c.get('config');
  const principal = c.get('principal');
  if (principal.anonymous) throw new EdgeError(401, 'unauthorized', 'uploading a problem needs an admin API key');
  if (!principal.admin) throw new EdgeError(403, 'forbidden', `API key ${principal.name} may not upload problems`);
  const bytes = await readBody(c.req.raw, config.maxProblemBytes);
  const contentType = c.req.header('content-type') ?? 'application/octet-stream';
  const path = `/v1/problems/${encodeURIComponent(c.req.param('id'))}`;
  const regions = orderRegions(config.regions, locationOf(c.req.raw), Date.now());
  const outcomes: Outcome[] = await Promise.all(
    regions.map((region) =>
      forward(region, {
        method: 'PUT',
        pathWithQuery: path,
        body: bytes,
        headers: {
          'content-type': contentType,
          accept: 'application/json',
          ...(region.adminToken ? { authorization: `Bearer ${region.adminToken}` } : {}),
        },
        timeoutMs: config.waitTimeoutMs,
      }),
    ),
  );
  const answers = outcomes.flatMap((o) => (o.kind === 'response' ? [o.response] : []));
  if (answers.length === outcomes.length && answers.every((r) => r.ok)) return answers[0]!;
  const refusal = answers.find((r) => r.status >= 400 && r.status < 500);
  if (refusal) return refusal;
  throw new EdgeError(502, 'upstream_failed', 'not every region took the problem', {
    issues: outcomes.flatMap((o, i) => {
      if (o.kind === 'response' && o.response.ok) return [];
      const message = o.kind === 'failed' ? `${o.reason}: ${o.message}` : `HTTP ${o.response.status}`;
      return [{ path: regions[i]!.id, message }];
    }),
  });
});
