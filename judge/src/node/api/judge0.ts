import {
  fromJudge0,
  IDEMPOTENCY_KEY_HEADER,
  JUDGE0_LANGUAGES,
  JUDGE0_MAX_BATCH,
  JUDGE0_NOT_UTF8,
  JUDGE0_STATUSES,
  Judge0BatchSchema,
  type Judge0Errors,
  type Judge0Field,
  judge0Field,
  judge0FieldsError,
  type LanguagePack,
  parseJudge0Fields,
  type SubmissionRequest,
  toJudge0,
} from '@judge/contract';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import type { SubmissionRecord } from '../store/index.js';
import { withTimeout } from '../timeout.js';
import { RETRY_AFTER_S, submit } from './accept.js';
import type { ApiDeps } from './deps.js';
import { pistonVersion } from './piston.js';
import { requestSignal } from './submissions.js';

// Judge0's API (the CE edition's documented behaviour) on the one accept path: a Judge0 token is a
// submission id, a Judge0 submission is stored, queued, deduplicated and awaited as any other.

type Query = Record<string, string | undefined>;

/** Judge0 reads a boolean parameter as true only when it is the text `true`. */
const isTrue = (v: string | undefined) => v === 'true';

function judge0Name(pack: LanguagePack): string {
  return `${pack.name} (${pistonVersion(pack.version)})`;
}

/** The fields a request asks for, or a 400 as Judge0 answers it. */
function fieldsOf(query: Query): readonly Judge0Field[] {
  const parsed = parseJudge0Fields(query.fields);
  if ('invalid' in parsed) throw new HttpError(400, 'invalid_fields', judge0FieldsError(parsed.invalid).error);
  return parsed.fields;
}

/** The issues the accept path found, as Judge0's validation errors. */
function errorsOf(e: unknown): Judge0Errors | undefined {
  if (!(e instanceof HttpError) || e.status !== 400 || !e.issues) return undefined;
  const errors: Judge0Errors = {};
  for (const i of e.issues) {
    const field = judge0Field(i.path);
    const message = i.path === 'language' ? 'language is not available on this judge' : i.message;
    errors[field] = [...(errors[field] ?? []), message];
  }
  return errors;
}

export function judge0Routes(app: FastifyInstance, d: ApiDeps): void {
  const languageOf = (pack: string) => {
    const found = d.registry.find(pack)?.pack;
    const id = JUDGE0_LANGUAGES.find((l) => l.pack === pack)?.id;
    return found && id !== undefined ? { id, name: judge0Name(found) } : undefined;
  };

  /** A stored submission as Judge0 shows it: 200, or 400 when its bytes are not UTF-8 and base64 was not asked. */
  const view = (record: SubmissionRecord, fields: readonly Judge0Field[], base64: boolean) =>
    toJudge0(record.result, {
      base64,
      fields,
      request: record.request,
      language: languageOf(record.result.language),
    });

  app.get('/statuses', async () => JUDGE0_STATUSES);

  app.get('/languages', async () =>
    JUDGE0_LANGUAGES.flatMap((l) => {
      const pack = d.registry.find(l.pack)?.pack;
      return pack ? [{ id: l.id, name: judge0Name(pack) }] : [];
    }),
  );

  app.get('/languages/:id', async (request) => {
    const id = Number((request.params as { id: string }).id);
    const entry = JUDGE0_LANGUAGES.find((l) => l.id === id || l.also?.includes(id));
    const pack = entry && d.registry.find(entry.pack)?.pack;
    if (!pack) throw new HttpError(404, 'not_found', `language with id ${id} doesn't exist`);
    return {
      id,
      name: judge0Name(pack),
      is_archived: false,
      source_file: pack.source,
      compile_cmd: pack.compile ? pack.compile.command.join(' ') : null,
      run_cmd: pack.run.command.join(' '),
    };
  });

  app.post('/submissions', async (request, reply) => {
    const query = request.query as Query;
    const base64 = isTrue(query.base64_encoded);
    const wait = isTrue(query.wait);
    const fields = fieldsOf(query);
    const converted = fromJudge0(request.body, base64);
    if ('errors' in converted) return reply.code(422).send(converted.errors);
    let submitted: Awaited<ReturnType<typeof submit>>;
    try {
      submitted = await submit(d, converted.request, {
        idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
        waitMs: wait ? d.config.maxWaitMs : undefined,
        signal: requestSignal(request, reply, d.stopping),
        api: 'judge0',
      });
    } catch (e) {
      const errors = errorsOf(e);
      if (errors) return reply.code(422).send(errors);
      throw e;
    }
    const { id, result } = submitted;
    if (!wait) return reply.code(201).send({ token: id });
    const shown = view({ result, request: converted.request, api: 'judge0' }, fields, base64);
    if ('error' in shown) return reply.code(201).send({ token: id, error: shown.error });
    return reply.code(201).send(shown.body);
  });

  app.get('/submissions/batch', async (request) => {
    const query = request.query as Query;
    const tokens = (query.tokens ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (tokens.length === 0)
      throw new HttpError(400, 'invalid_request', 'there should be at least one submission in a batch');
    if (tokens.length > JUDGE0_MAX_BATCH) {
      throw new HttpError(
        400,
        'invalid_request',
        `number of submissions in a batch should be less than or equal to ${JUDGE0_MAX_BATCH}`,
      );
    }
    const fields = fieldsOf(query);
    const base64 = isTrue(query.base64_encoded);
    const records = new Map((await d.submissions.getMany(tokens)).map((r) => [r.result.id, r]));
    const submissions = tokens.map((token) => {
      const record = records.get(token);
      if (!record) return null;
      const shown = view(record, fields, base64);
      if ('error' in shown) {
        throw new HttpError(
          400,
          'not_utf8',
          'some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter',
        );
      }
      return shown.body;
    });
    return { submissions };
  });

  app.post('/submissions/batch', async (request, reply) => {
    const query = request.query as Query;
    const base64 = isTrue(query.base64_encoded);
    const batch = Judge0BatchSchema.safeParse(request.body);
    if (!batch.success) throw new HttpError(400, 'invalid_request', batch.error.issues[0]?.message ?? 'not a batch');
    const converted = batch.data.submissions.map((s) => fromJudge0(s, base64));
    const valid = converted.filter((c) => 'request' in c).length;
    // As Judge0 does, the whole batch is refused when the queue cannot take it, rather than part of it.
    const depth = await withTimeout(d.queue.depth(), 2000, 'queue depth').catch(() => 0);
    if (depth + valid > d.config.maxQueueDepth) {
      throw new HttpError(503, 'overloaded', 'queue is full', undefined, RETRY_AFTER_S);
    }
    await d.access.charge(request.caller, valid);
    const answers: unknown[] = [];
    for (const [i, c] of converted.entries()) {
      if ('errors' in c) {
        answers.push(c.errors);
        continue;
      }
      try {
        const { id } = await submit(d, c.request as SubmissionRequest, {
          idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
          api: 'judge0',
          part: i,
        });
        answers.push({ token: id });
      } catch (e) {
        const errors = errorsOf(e);
        if (!errors) throw e;
        answers.push(errors);
      }
    }
    const created = answers.some((a) => typeof (a as { token?: unknown }).token === 'string');
    return reply.code(created ? 201 : 422).send(answers);
  });

  app.get('/submissions/:token', async (request) => {
    const { token } = request.params as { token: string };
    const query = request.query as Query;
    const fields = fieldsOf(query);
    const [record] = await d.submissions.getMany([token]);
    if (!record) throw new HttpError(404, 'not_found', 'Not Found');
    const shown = view(record, fields, isTrue(query.base64_encoded));
    if ('error' in shown) throw new HttpError(400, 'not_utf8', JUDGE0_NOT_UTF8);
    return shown.body;
  });
}
