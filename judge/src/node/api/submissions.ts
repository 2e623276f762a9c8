import {
  formatIssues,
  formatSse,
  formatSubmissionEvent,
  IDEMPOTENCY_KEY_HEADER,
  type SubmissionEvent,
  SubmissionRequestSchema,
  type SubmissionResult,
} from '@judge/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import { serverTiming } from '../metrics/stages.js';
import type { BusEvent } from '../queue/index.js';
import { submit } from './accept.js';
import type { ApiDeps } from './deps.js';

const KEEPALIVE_MS = 15_000;

function isTrue(v: unknown): boolean {
  return v === 'true' || v === '1' || v === '';
}

/**
 * A request's signal: aborted when the client goes away before the answer is
 * sent, or when the node stops. Linked to the node's `stopping` signal by a
 * listener removed when the response closes, not by `AbortSignal.any`: that
 * keeps every request's signal for as long as its long-lived source lives
 * (Node's AbortSignal.any, about 2 KiB a submission held for the node's life).
 */
export function requestSignal(request: FastifyRequest, reply: FastifyReply, stopping: AbortSignal): AbortSignal {
  const ac = new AbortController();
  const stop = () => ac.abort();
  if (stopping.aborted) ac.abort();
  else stopping.addEventListener('abort', stop, { once: true });
  request.raw.on('close', () => {
    if (!reply.raw.writableEnded) ac.abort();
  });
  reply.raw.on('close', () => stopping.removeEventListener('abort', stop));
  return ac.signal;
}

async function getOr404(d: ApiDeps, id: string): Promise<SubmissionResult> {
  const r = await d.submissions.get(id);
  if (!r) throw new HttpError(404, 'not_found', `no submission ${id}`);
  return r;
}

export function submissionRoutes(app: FastifyInstance, d: ApiDeps): void {
  app.post('/v1/submissions', async (request, reply) => {
    const parsed = SubmissionRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      d.metrics.rejected.inc({ reason: 'invalid' });
      const issues = formatIssues(parsed.error);
      const language = (request.body as { language?: unknown } | undefined)?.language;
      if (typeof language === 'string' && language && !d.registry.find(language)) {
        issues.push({ path: 'language', message: `unknown language "${language}": see GET /v1/languages` });
      }
      throw new HttpError(400, 'invalid_request', 'the submission is not valid', issues);
    }
    const wait = isTrue((request.query as Record<string, unknown>).wait);
    const { id, result, done, stages } = await submit(d, parsed.data, {
      idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
      waitMs: wait ? d.config.maxWaitMs : undefined,
      signal: requestSignal(request, reply, d.stopping),
      receivedAt: performance.now() - reply.elapsedTime,
    });
    reply.header('location', `/v1/submissions/${id}`);
    reply.header('server-timing', serverTiming(stages));
    if (!wait) return reply.code(202).send({ id, status: result.status });
    return reply.code(done ? 200 : 202).send(result);
  });

  app.get('/v1/submissions/:id', async (request) => getOr404(d, (request.params as { id: string }).id));

  app.get('/v1/submissions/:id/events', async (request, reply) => {
    const { id } = request.params as { id: string };
    await streamEvents(d, id, reply);
  });
}

/**
 * Server-Sent Events in the contract's format: the state so far (status,
 * compile, finished tests), then one event per change; the stream ends after
 * `done`, whose data is the whole result object.
 */
async function streamEvents(d: ApiDeps, id: string, reply: FastifyReply): Promise<void> {
  let live = false;
  const backlog: BusEvent[] = [];
  let status: string | undefined;
  let compiled = false;
  let lastTest = 0;
  let ended = false;
  let hijacked = false;
  let resync: (() => Promise<void>) | undefined;
  const raw = reply.raw;

  const unsubscribe = await d.bus.subscribe(id, (e) => {
    if (!live) backlog.push(e);
    else void apply(e);
  });
  const offReconnect = d.bus.onReconnect(() => void resync?.());
  let keepalive: NodeJS.Timeout | undefined;
  const finish = async () => {
    if (ended) return;
    ended = true;
    clearInterval(keepalive);
    offReconnect();
    await unsubscribe();
    if (hijacked && !raw.writableEnded) raw.end();
  };

  const send = (e: SubmissionEvent) => {
    if (!ended) raw.write(formatSubmissionEvent(e));
  };
  /** Sends what is new in an event (each status once, the compile once, tests in order). */
  const sendNew = (e: Exclude<SubmissionEvent, { event: 'done' }>) => {
    if (e.event === 'status' && e.data.status !== status && e.data.status !== 'done') {
      status = e.data.status;
      send(e);
    } else if (e.event === 'compile' && !compiled) {
      compiled = true;
      send(e);
    } else if (e.event === 'test' && e.data.index > lastTest) {
      lastTest = e.data.index;
      send(e);
    }
  };
  const sendState = async (r: SubmissionResult) => {
    sendNew({ event: 'status', data: { status: r.status } });
    if (r.compile) sendNew({ event: 'compile', data: r.compile });
    for (const t of r.tests) sendNew({ event: 'test', data: t });
    if (r.status === 'done') {
      send({ event: 'done', data: r });
      await finish();
    }
  };
  async function apply(e: BusEvent): Promise<void> {
    if (ended) return;
    if (e.event !== 'finished') return sendNew(e);
    const r = e.result ?? (await d.submissions.get(id).catch(() => undefined));
    if (r) await sendState(r);
    else await finish();
  }

  let first: SubmissionResult | undefined;
  try {
    first = await d.submissions.get(id);
  } catch (e) {
    await finish();
    throw e;
  }
  if (!first) {
    await finish();
    throw new HttpError(404, 'not_found', `no submission ${id}`);
  }
  reply.hijack();
  hijacked = true;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.on('close', () => void finish());
  keepalive = setInterval(() => raw.write(formatSse({ type: 'comment', text: 'keep-alive' })), KEEPALIVE_MS);
  resync = async () => {
    const r = await d.submissions.get(id).catch(() => undefined);
    if (r) await sendState(r);
  };
  await sendState(first);
  live = true;
  for (const e of backlog.splice(0)) await apply(e);
}
