import { type ErrorEnvelope, isJudge0Path } from '@judge/contract';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { configOf } from './config.js';
import { EdgeError } from './errors.js';
import { auth } from './middleware/auth/index.js';
import { cors } from './middleware/cors/index.js';
import { ipFirstLine, rateLimit } from './middleware/rate-limit/index.js';
import { health } from './routes/health.js';
import { judge0 } from './routes/judge0.js';
import { reads } from './routes/reads.js';
import { submissions } from './routes/submissions.js';
import { writes } from './routes/writes.js';
import type { AppEnv } from './types.js';

export const app = new Hono<AppEnv>();

app.use(
  '*',
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('config', configOf(c.env));
    await next();
  }),
);
app.use('*', cors());
app.route('/', health);
for (const prefix of ['/v1/*', '/api/*', '/submissions', '/submissions/*', '/languages', '/languages/*', '/statuses']) {
  app.use(prefix, ipFirstLine, auth, rateLimit);
}
app.route('/v1/submissions', submissions);
app.route('/', reads);
app.route('/', writes);
app.route('/', judge0);

app.notFound((c) => {
  if (isJudge0Path(c.req.path)) return c.json({ error: `no endpoint ${c.req.method} ${c.req.path}` }, 404);
  const envelope: ErrorEnvelope = {
    error: { code: 'not_found', message: `no endpoint ${c.req.method} ${c.req.path}` },
  };
  return c.json(envelope, 404);
});

app.onError((err, c) => {
  let envelope: ErrorEnvelope;
  // Judge0's clients read `{error}`.
  if (err instanceof EdgeError && isJudge0Path(c.req.path)) {
    return c.json({ error: err.message }, err.status, err.extra.headers);
  }
  if (err instanceof EdgeError) {
    envelope = {
      error: { code: err.code, message: err.message, ...(err.extra.issues ? { issues: err.extra.issues } : {}) },
    };
    return c.json(envelope, err.status, err.extra.headers);
  }
  if (err instanceof HTTPException) {
    envelope = { error: { code: 'http_error', message: err.message || 'request failed' } };
    return c.json(envelope, err.status);
  }
  console.error(err);
  envelope = { error: { code: 'internal', message: 'internal error at the edge' } };
  return c.json(envelope, 500);
});
