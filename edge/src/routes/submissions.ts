import { formatIssues, IDEMPOTENCY_KEY_HEADER, MAX_SOURCE_BYTES, SubmissionRequestSchema } from '@judge/contract';
import { Hono } from 'hono';
import { EdgeError } from '../errors.js';
import { parseJson, readBody } from '../lib/body.js';
import { idempotencyKeys } from '../lib/idempotency.js';
import { splitId } from '../lib/ids.js';
import { withEdgeIds } from '../lib/respond.js';
import { rewriteEvents } from '../lib/sse.js';
import { callerState } from '../middleware/rate-limit/index.js';
import { sendOnce, sendTo } from '../regions/failover.js';
import { isReferenceProblem } from '../regions/health.js';
import { calibratedFirst, locationOf, orderRegions } from '../regions/select.js';
import type { AppEnv } from '../types.js';

export const submissions = new Hono<AppEnv>();

/** How long a retry with the same Idempotency-Key goes to the same region. */
const PIN_TTL_MS = 24 * 60 * 60 * 1000;

/** 413 for a source past the contract's limit, before the schema reports it as a mere issue. */
function checkSourceSize(body: unknown): void {
  const { source, encoding } = (body ?? {}) as { source?: unknown; encoding?: unknown };
  // Base64 stands for fewer bytes than it has characters: the schema counts those.
  if (encoding === 'base64') return;
  if (typeof source === 'string' && new TextEncoder().encode(source).byteLength > MAX_SOURCE_BYTES) {
    throw new EdgeError(413, 'source_too_large', `the source is over ${MAX_SOURCE_BYTES} bytes`);
  }
}

submissions.post('/', async (c) => {
  const config = c.get('config');
  const principal = c.get('principal');
  const bytes = await readBody(c.req.raw, config.maxBodyBytes);
  const body = parseJson(bytes);
  checkSourceSize(body);
  const parsed = SubmissionRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new EdgeError(400, 'invalid_request', 'the submission is not valid', { issues: formatIssues(parsed.error) });
  }
  const { givenKey, clientKey, nodeKey } = await idempotencyKeys(c.req.header(IDEMPOTENCY_KEY_HEADER), principal.id);
  const search = new URL(c.req.url).search;
  const caller = callerState(c.env, principal);
  let regions = orderRegions(config.regions, locationOf(c.req.raw), Date.now());
  // A problem whose time limit is for the reference machine is judged where it can be scaled.
  if (parsed.data.problem && isReferenceProblem(parsed.data.problem, Date.now())) regions = calibratedFirst(regions);
  if (givenKey !== undefined) {
    // A retry goes where the first attempt went, whatever the regions' health now: only that node can deduplicate it.
    const pinned = await caller.pinned(nodeKey);
    const holder = pinned === null ? undefined : config.regions.find((r) => r.id === pinned);
    if (holder) regions = [holder];
  }
  const forwarded = await sendOnce(config, regions, {
    method: 'POST',
    pathWithQuery: `/v1/submissions${search}`,
    body: bytes,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    timeoutMs: c.req.query('wait') === 'true' ? config.waitTimeoutMs : config.forwardTimeoutMs,
    idempotencyKey: nodeKey,
    mayHold: async (region, how) => {
      if (how === 'unknown' || givenKey !== undefined) await caller.pin(nodeKey, region.id, PIN_TTL_MS);
    },
  }).catch((e: unknown) => {
    // The caller needs the key to retry safely after an ambiguous failure.
    if (e instanceof EdgeError) e.extra.headers = { ...e.extra.headers, [IDEMPOTENCY_KEY_HEADER]: clientKey };
    throw e;
  });
  const { region, response } = forwarded;
  const answer = await withEdgeIds(response, region.id);
  answer.headers.set(IDEMPOTENCY_KEY_HEADER, clientKey);
  return answer;
});

function holder(c: { get(key: 'config'): AppEnv['Variables']['config'] }, edgeId: string) {
  const split = splitId(edgeId);
  const region = split && c.get('config').regions.find((r) => r.id === split.regionId);
  if (!split || !region) throw new EdgeError(404, 'not_found', `no submission ${edgeId}`);
  return { region, nodeId: split.nodeId };
}

submissions.get('/:id', async (c) => {
  const { region, nodeId } = holder(c, c.req.param('id'));
  const response = await sendTo(c.get('config'), region, {
    method: 'GET',
    pathWithQuery: `/v1/submissions/${encodeURIComponent(nodeId)}${new URL(c.req.url).search}`,
    headers: { accept: 'application/json' },
    timeoutMs: c.get('config').forwardTimeoutMs,
  });
  return withEdgeIds(response, region.id, nodeId);
});

submissions.get('/:id/events', async (c) => {
  const { region, nodeId } = holder(c, c.req.param('id'));
  const lastEventId = c.req.header('last-event-id');
  const response = await sendTo(c.get('config'), region, {
    method: 'GET',
    pathWithQuery: `/v1/submissions/${encodeURIComponent(nodeId)}/events${new URL(c.req.url).search}`,
    headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    timeoutMs: c.get('config').forwardTimeoutMs,
    stream: true,
  });
  if (!response.ok || !response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set('cache-control', 'no-cache');
  headers.set('x-accel-buffering', 'no');
  return new Response(response.body.pipeThrough(rewriteEvents(region.id, nodeId)), {
    status: response.status,
    headers,
  });
});
