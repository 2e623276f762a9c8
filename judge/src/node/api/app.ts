import { type ErrorEnvelope, languageInfo } from '@judge/contract';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isLoopback } from '../config.js';
import { DependencyError, HttpError } from '../errors.js';
import { liveWorkers, withTimeout } from '../queue/index.js';
import { RETRY_AFTER_S } from './accept.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { pistonRoutes } from './piston.js';
import { problemRoutes } from './problems.js';
import { verifySignature } from './signature.js';
import { submissionRoutes } from './submissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const EMPTY = Buffer.alloc(0);

function envelope(code: string, message: string, issues?: { path: string; message: string }[]): ErrorEnvelope {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** Redis, the database and the workers, each named with its state. */
export async function healthReport(d: ApiDeps): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const failing: string[] = [];
  const body: Record<string, unknown> = {};
  try {
    await withTimeout(d.redis.ping(), 1000, 'redis ping');
    body.redis = 'ok';
  } catch (e) {
    failing.push('redis');
    body.redis = `down: ${(e as Error).message}`;
  }
  try {
    await d.db.ping(1000);
    body.database = `ok (${d.db.kind})`;
  } catch (e) {
    failing.push('database');
    body.database = `down: ${(e as Error).message}`;
  }
  if (body.redis === 'ok') {
    try {
      const w = await withTimeout(
        liveWorkers(d.redis, d.workersKey, (n) => d.metrics.workersLost.inc(n)),
        1000,
        'workers',
      );
      body.workers = w;
      if (w.slots === 0) failing.push('workers');
      body.queue = { depth: await d.queue.depth(), active: await d.queue.active(), name: d.queue.name };
    } catch (e) {
      failing.push('workers');
      body.workers = `unknown: ${(e as Error).message}`;
    }
  } else {
    failing.push('workers');
    body.workers = 'unknown: Redis is down';
  }
  const ok = failing.length === 0;
  return { ok, body: { status: ok ? 'ok' : 'unavailable', ...(ok ? {} : { failing }), ...body } };
}

function needsSignature(url: string): boolean {
  return url.startsWith('/v1/') || url.startsWith('/api/');
}

/** The node's HTTP API (SPEC §2) on Fastify. */
export function buildApi(d: ApiDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: d.config.bodyLimitKb * 1024, return503OnClosing: true });

  // Bodies are read raw (the signature covers the exact bytes) and parsed as JSON whatever the
  // content type claims: Piston clients send JSON as text/plain.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const buf = body as Buffer;
    request.rawBody = buf;
    if (buf.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buf.toString('utf8')));
    } catch (e) {
      done(new HttpError(400, 'bad_json', `the body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    if (d.loopbackOnly && !isLoopback(request.socket.remoteAddress ?? '')) {
      throw new HttpError(403, 'forbidden', 'this node has no HMAC secret and serves this machine only');
    }
  });

  if (d.config.hmacSecret) {
    const secret = d.config.hmacSecret;
    app.addHook('preHandler', async (request) => {
      if (!needsSignature(request.url)) return;
      await verifySignature({
        secret,
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.rawBody ?? EMPTY,
        redis: d.redis,
        replayKey: `${d.queue.keyBase}:judge-signatures`,
      });
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    d.metrics.httpRequests.inc(labels);
    d.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const piston = request.url.startsWith('/api/v2/');
    let status = 500;
    let code = 'internal';
    let message = 'internal error';
    let issues: { path: string; message: string }[] | undefined;
    let retryAfter: number | undefined;
    if (err instanceof HttpError) {
      ({ status, code, message, issues } = err);
      retryAfter = err.retryAfterS;
    } else if (err instanceof DependencyError) {
      status = 503;
      code = `${err.dependency}_unavailable`;
      message = err.message;
      retryAfter = RETRY_AFTER_S;
      d.log.warn('dependency unavailable', { dependency: err.dependency, url: request.url, error: err.message });
    } else if ('statusCode' in err && err.statusCode && err.statusCode < 500) {
      status = err.statusCode;
      code = status === 413 ? 'too_large' : (err.code ?? 'bad_request');
      message = status === 413 ? `the body is over the node's limit: ${err.message}` : err.message;
    } else {
      d.log.error('request failed', { url: request.url, method: request.method, error: err, stack: err.stack });
    }
    if (retryAfter) reply.header('retry-after', String(retryAfter));
    if (piston) return reply.code(status).send({ message });
    return reply.code(status).send(envelope(code, message, issues));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(envelope('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.get('/health', async (_request, reply) => {
    const { ok, body } = await healthReport(d);
    if (!ok) reply.header('retry-after', String(RETRY_AFTER_S));
    return reply.code(ok ? 200 : 503).send(body);
  });

  app.get('/metrics', async (_request, reply) => reply.type(d.metrics.contentType).send(await d.metrics.text()));

  d.metrics.zeroLanguages(
    d.registry.packs.map((p) => p.pack.id),
    'api',
  );
  const doc = openApiDocument();
  app.get('/openapi.json', async () => doc);

  app.get('/v1/languages', async () => d.registry.packs.map((p) => languageInfo(p.pack)));

  submissionRoutes(app, d);
  problemRoutes(app, d);
  pistonRoutes(app, d);
  return app;
}
