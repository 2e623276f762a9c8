import { formatIssues, PROBLEM_ID, PROBLEM_ID_MESSAGE, ProblemUploadSchema } from '@judge/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import type { ApiDeps } from './deps.js';

function checkAdmin(d: ApiDeps, request: FastifyRequest): void {
  const caller = request.caller ?? { kind: 'local' };
  if (d.access.mayUpload(caller, request.headers.authorization)) return;
  if (!d.config.adminToken && !d.config.apiKeys.some((k) => k.admin)) {
    throw new HttpError(
      403,
      'forbidden',
      'problem uploads are off: this node has neither an admin token nor admin keys',
    );
  }
  if (caller.kind === 'key')
    throw new HttpError(403, 'forbidden', `API key ${caller.key.name} may not upload problems`);
  throw new HttpError(
    401,
    'unauthorized',
    'uploading a problem needs the admin token or an admin API key: Authorization: Bearer <token>',
  );
}

export function problemRoutes(app: FastifyInstance, d: ApiDeps): void {
  app.get('/v1/problems', async () => d.problems.list());

  app.get('/v1/problems/:id', async (request) => {
    const { id } = request.params as { id: string };
    const info = PROBLEM_ID.test(id) ? await d.problems.info(id) : undefined;
    if (!info) throw new HttpError(404, 'not_found', `no problem ${id}`);
    return info;
  });

  app.put('/v1/problems/:id', { bodyLimit: d.config.problemLimitMb * 1024 * 1024 }, async (request, reply) => {
    checkAdmin(d, request);
    const { id } = request.params as { id: string };
    const parsed = ProblemUploadSchema.safeParse(request.body);
    const issues = parsed.success ? [] : formatIssues(parsed.error);
    if (!PROBLEM_ID.test(id)) issues.push({ path: '(path)', message: PROBLEM_ID_MESSAGE });
    const bodyId = (request.body as { problem?: { id?: unknown } } | undefined)?.problem?.id;
    if (typeof bodyId === 'string' && bodyId !== id) {
      issues.push({ path: 'problem.id', message: `"${bodyId}" differs from the path's "${id}"` });
    }
    const checker = parsed.success ? parsed.data.problem.checker : undefined;
    if (checker?.type === 'custom' && !d.registry.find(checker.language)) {
      issues.push({ path: 'problem.checker.language', message: `unknown language "${checker.language}"` });
    }
    const interactor = parsed.success ? parsed.data.problem.interactor : undefined;
    if (interactor && !d.registry.find(interactor.language)) {
      issues.push({
        path: 'problem.interactor.language',
        message: `no language pack "${interactor.language}" on this node`,
      });
    }
    if (!parsed.success || issues.length > 0) {
      throw new HttpError(400, 'invalid_problem', 'the problem is not valid', issues);
    }
    const existed = await d.problems.exists(id);
    const version = await d.problems.put(parsed.data);
    d.log.info('problem stored', { problem: id, version, tests: parsed.data.tests.length });
    const info = await d.problems.info(id);
    return reply.code(existed ? 200 : 201).send({ ...info, version });
  });
}
