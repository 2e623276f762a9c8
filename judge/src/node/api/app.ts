import { type ErrorEnvelope, isJudge0Path, languageInfo, rateLimitHeaders, SPEED_HEADER } from '@judge/contract';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isLoopback } from '../config.js';
import { DependencyError, HttpError } from '../errors.js';
import { RETRY_AFTER_S } from './accept.js';
import type { Caller } from './access.js';
import type { ApiDeps } from './deps.js';
import { judge0Routes } from './judge0.js';
import { openApiDocument } from './openapi.js';
import { opsRoutes } from './ops.js';
import { pistonRoutes } from './piston.js';
import { problemRoutes } from './problems.js';
import { submissionRoutes } from './submissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    /** Who is calling (set for `/v1` and `/api` routes). */
    caller?: Caller;
  }
}

const EMPTY = Buffer.alloc(0);

function envelope(code: string, message: string, issues?: { path: string; message: string }[]): ErrorEnvelope {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** The routes that need a caller: the API proper (not health, metrics and the OpenAPI document). */
function isApi(url: string): boolean {
  return url.startsWith('/v1/') || url.startsWith('/api/') || isJudge0Path(url.split('?')[0] ?? url);
}

/** The node's HTTP API (docs/api.md) on Fastify. */
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
    if (d.access.open && !isLoopback(request.socket.remoteAddress ?? '')) {
      throw new HttpError(
        403,
        'forbidden',
        'this node has neither an HMAC secret nor API keys, and serves this machine only',
      );
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!isApi(request.url)) return;
    const caller = await d.access.caller({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.rawBody ?? EMPTY,
    });
    request.caller = caller;
    const limited = d.access.limit(caller, request.method, request.url.split('?')[0] ?? request.url);
    if (!limited) return;
    const headers = rateLimitHeaders(limited.decision);
    if (!limited.decision.allowed) {
      throw new HttpError(429, 'rate_limited', limited.refusal, undefined, limited.decision.retryAfterS, headers);
    }
    reply.headers(headers);
  });

  // Every answer says how fast the region's workers are against the reference machine (the edge routes by it).
  app.addHook('onSend', async (_request, reply) => {
    const speed = d.workerView.header();
    if (speed !== undefined) reply.header(SPEED_HEADER, speed);
  });

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
    const judge0 = isJudge0Path(request.url.split('?')[0] ?? request.url);
    let status = 500;
    let code = 'internal';
    let message = 'internal error';
    let issues: { path: string; message: string }[] | undefined;
    let retryAfter: number | undefined;
    if (err instanceof HttpError) {
      ({ status, code, message, issues } = err);
      retryAfter = err.retryAfterS;
      reply.headers(err.headers);
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
    // Judge0's clients read `{error}`.
    if (judge0) return reply.code(status).send({ error: message });
    return reply.code(status).send(envelope(code, message, issues));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const message = `no route ${request.method} ${path}`;
    reply.code(404).send(isJudge0Path(path) ? { error: message } : envelope('not_found', message));
  });

  opsRoutes(app, d);

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
  judge0Routes(app, d);
  return app;
}
