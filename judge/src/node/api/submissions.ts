import { formatIssues, SubmissionRequestSchema, type SubmissionResult } from '@judge/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import type { SubmissionEvent } from '../queue/index.js';
import { accept, DoneWaiter, submissionIdFor } from './accept.js';
import type { ApiDeps } from './deps.js';

const KEEPALIVE_MS = 15_000;

function isTrue(v: unknown): boolean {
  return v === 'true' || v === '1' || v === '';
}

/** Aborts when the client goes away before the answer is sent. */
function clientGone(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  request.raw.on('close', () => {
    if (!reply.raw.writableEnded) ac.abort();
  });
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
    const id = submissionIdFor(request.headers['idempotency-key'], parsed.data);
    if (!wait) {
      const created = await accept(d, id, parsed.data);
      return reply.code(202).header('location', `/v1/submissions/${id}`).send({ id, status: created.status });
    }
    const waiter = await DoneWaiter.start(d, id);
    try {
      const accepted = await accept(d, id, parsed.data);
      const done =
        accepted.status === 'done' ||
        (await waiter.wait(d.config.maxWaitMs, AbortSignal.any([clientGone(request, reply), d.stopping])));
      const result = await getOr404(d, id);
      return reply
        .code(done && result.status === 'done' ? 200 : 202)
        .header('location', `/v1/submissions/${id}`)
        .send(result);
    } finally {
      await waiter.stop();
    }
  });

  app.get('/v1/submissions/:id', async (request) => getOr404(d, (request.params as { id: string }).id));

  app.get('/v1/submissions/:id/events', async (request, reply) => {
    const { id } = request.params as { id: string };
    await streamEvents(d, id, reply);
  });
}

/**
 * Server-Sent Events: the state so far (status, compile, finished tests),
 * then one event per change; the stream ends after `done`, whose data is the
 * whole result object.
 */
async function streamEvents(d: ApiDeps, id: string, reply: FastifyReply): Promise<void> {
  let live = false;
  const backlog: SubmissionEvent[] = [];
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

  const send = (event: string, data: unknown) => {
    if (!ended) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const sendState = async (r: SubmissionResult) => {
    if (r.status !== status && r.status !== 'done') {
      status = r.status;
      send('status', { status: r.status });
    }
    if (r.compile && !compiled) {
      compiled = true;
      send('compile', r.compile);
    }
    for (const t of r.tests) {
      if (t.index > lastTest) {
        lastTest = t.index;
        send('test', t);
      }
    }
    if (r.status === 'done') {
      send('done', r);
      await finish();
    }
  };
  async function apply(e: SubmissionEvent): Promise<void> {
    if (ended) return;
    if (e.type === 'status' && e.status !== status) {
      status = e.status;
      send('status', { status: e.status });
    } else if (e.type === 'compile' && !compiled) {
      compiled = true;
      send('compile', e.compile);
    } else if (e.type === 'test' && e.test.index > lastTest) {
      lastTest = e.test.index;
      send('test', e.test);
    } else if (e.type === 'done') {
      const r = await d.submissions.get(id).catch(() => undefined);
      if (r) await sendState(r);
      else await finish();
    }
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
  keepalive = setInterval(() => raw.write(': keep-alive\n\n'), KEEPALIVE_MS);
  resync = async () => {
    const r = await d.submissions.get(id).catch(() => undefined);
    if (r) await sendState(r);
  };
  await sendState(first);
  live = true;
  for (const e of backlog.splice(0)) await apply(e);
}
