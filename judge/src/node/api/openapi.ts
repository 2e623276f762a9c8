import {
  ErrorEnvelopeSchema,
  IDEMPOTENCY_KEY,
  IDEMPOTENCY_KEY_MAX,
  LanguageInfoSchema,
  PistonErrorSchema,
  PistonExecuteSchema,
  PistonResultSchema,
  PistonRuntimeSchema,
  ProblemInfoSchema,
  ProblemUploadSchema,
  SIGNATURE_HEADER,
  SIGNATURE_MAX_SKEW_MS,
  SUBMISSION_EVENT_SCHEMAS,
  SubmissionRequestSchema,
  SubmissionResultSchema,
  TIMESTAMP_HEADER,
} from '@judge/contract';
import { z } from 'zod';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string, headers?: Schema) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});
const error = (description: string, headers?: Schema) => json(ref('ErrorEnvelope'), description, headers);

function toSchema(s: z.ZodType, io: 'input' | 'output'): Schema {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;
  delete out.$schema;
  return out;
}

const EVENT_NAMES: Record<keyof typeof SUBMISSION_EVENT_SCHEMAS, string> = {
  status: 'EventStatus',
  compile: 'CompileResult',
  test: 'TestResult',
  done: 'SubmissionResult',
};

/** The OpenAPI 3.1 document of the node's API, generated from the same zod schemas that validate it. */
export function openApiDocument(version = '0.1.0'): Schema {
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const retry = { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } };
  const rateLimited = {
    'RateLimit-Limit': { schema: { type: 'integer' }, description: "the size of the key's bucket (its burst)" },
    'RateLimit-Remaining': { schema: { type: 'integer' }, description: 'requests left in it' },
    'RateLimit-Reset': { schema: { type: 'integer' }, description: 'seconds until it is full again' },
  };
  const idempotencyKey = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX, pattern: IDEMPOTENCY_KEY.source },
    description:
      'Names the submission: the same key with the same body is the same submission, judged once, however often it is sent (a retry after a lost answer is safe). Another body under the same key is another submission.',
  };
  const unavailable = error('overloaded, shutting down, or Redis or the database down', retry);
  const access = {
    401: error('no credentials, or wrong ones (see the security schemes)'),
    429: error('the API key is over its plan', { ...retry, ...rateLimited }),
  };
  const open = { security: [] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'judge node API',
      version,
      description:
        'A judge node: submissions are queued, judged in sandboxes and kept in PostgreSQL. Every non-2xx JSON answer is an ErrorEnvelope listing every issue; the Piston routes answer errors as Piston does, `{message}`. A node with neither an HMAC secret nor API keys serves its own machine only, without credentials.',
    },
    security: [{ apiKey: [] }, { edgeSignature: [] }],
    paths: {
      '/health': {
        get: {
          ...open,
          summary: 'Redis, the database, the workers, and the store this node keeps its records in',
          responses: { 200: { description: 'all usable' }, 503: { description: 'a dependency is down (named)' } },
        },
      },
      '/metrics': {
        get: { ...open, summary: 'Prometheus metrics', responses: { 200: { description: 'text format' } } },
      },
      '/openapi.json': {
        get: { ...open, summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
      },
      '/v1/languages': {
        get: {
          summary: 'Language packs',
          responses: { 200: json({ type: 'array', items: ref('LanguageInfo') }, 'the packs'), ...access },
        },
      },
      '/v1/submissions': {
        post: {
          summary: 'Submit a program: against inline tests, a stored problem, or as a plain run',
          parameters: [
            {
              name: 'wait',
              in: 'query',
              schema: { type: 'boolean' },
              description:
                'answer with the finished result (200), or with the state so far (202) after the node’s maximum wait',
            },
            idempotencyKey,
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SubmissionRequest') } } },
          responses: {
            200: json(ref('SubmissionResult'), 'finished (wait=true)'),
            202: json(
              { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
              'queued (or the state so far, with wait=true); Location names the submission',
            ),
            400: error('invalid: every issue listed'),
            413: error('body too large'),
            503: unavailable,
            ...access,
          },
        },
      },
      '/v1/submissions/{id}': {
        get: {
          summary: 'A submission at any stage',
          parameters: [idParam],
          responses: { 200: json(ref('SubmissionResult'), 'the result object'), 404: error('unknown id'), ...access },
        },
      },
      '/v1/submissions/{id}/events': {
        get: {
          summary: 'Server-Sent Events of a submission: what happened so far, then each change; ends after `done`',
          description: `Events, each \`event: <name>\` with one \`data:\` line of JSON: ${Object.entries(EVENT_NAMES)
            .map(([name, schema]) => `\`${name}\` (${schema})`)
            .join(', ')}. Comments (\`: keep-alive\`) come every 15 s.`,
          parameters: [idParam],
          responses: {
            200: {
              description: 'event stream',
              content: {
                'text/event-stream': {
                  schema: { oneOf: Object.values(EVENT_NAMES).map(ref) },
                },
              },
            },
            404: error('unknown id'),
            ...access,
          },
        },
      },
      '/v1/problems': {
        get: {
          summary: 'Problems (metadata)',
          responses: { 200: json({ type: 'array', items: ref('ProblemInfo') }, 'the problems'), ...access },
        },
      },
      '/v1/problems/{id}': {
        get: {
          summary: 'A problem (metadata only, never test data)',
          parameters: [idParam],
          responses: { 200: json(ref('ProblemInfo'), 'the problem'), 404: error('unknown id'), ...access },
        },
        put: {
          summary: 'Upload a problem: the admin token or an admin API key, as Authorization: Bearer',
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ProblemUpload') } } },
          responses: {
            200: json(ref('ProblemInfo'), 'replaced'),
            201: json(ref('ProblemInfo'), 'created'),
            400: error('invalid: every issue listed'),
            403: error('not an admin key, or uploads are off on this node'),
            413: error('too large'),
            ...access,
          },
        },
      },
      '/api/v2/runtimes': {
        get: {
          summary: 'Piston-compatible runtimes',
          responses: { 200: json({ type: 'array', items: ref('PistonRuntime') }, 'runtimes'), ...access },
        },
      },
      '/api/v2/execute': {
        post: {
          summary: 'Piston-compatible execution: one plain run of one file, answered when it is done',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: ref('PistonExecute') } } },
          responses: {
            200: json(ref('PistonResult'), 'the run; X-Judge-Submission names the submission'),
            400: json(ref('PistonError'), 'Piston-style error'),
            504: json(ref('PistonError'), 'not finished within the maximum wait'),
            ...access,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An API key of the node (its SHA-256 is in the node's `apiKeys`), limited by its plan; the admin token too.",
        },
        edgeSignature: {
          type: 'apiKey',
          in: 'header',
          name: SIGNATURE_HEADER,
          description: `\`v1=<hex HMAC-SHA256(secret, "v1\\nMETHOD\\n/path?query\\ntimestamp\\nsha256hex(body)")>\`, with \`${TIMESTAMP_HEADER}\` (Unix ms) within ${SIGNATURE_MAX_SKEW_MS / 60_000} minutes of the node's clock; a signature that changes something is taken once. What the edge sends, and \`judge\` given the secret.`,
        },
      },
      schemas: {
        SubmissionRequest: toSchema(SubmissionRequestSchema, 'input'),
        SubmissionResult: toSchema(SubmissionResultSchema, 'output'),
        CompileResult: toSchema(SUBMISSION_EVENT_SCHEMAS.compile, 'output'),
        TestResult: toSchema(SUBMISSION_EVENT_SCHEMAS.test, 'output'),
        EventStatus: toSchema(SUBMISSION_EVENT_SCHEMAS.status, 'output'),
        ErrorEnvelope: toSchema(ErrorEnvelopeSchema, 'output'),
        LanguageInfo: toSchema(LanguageInfoSchema, 'output'),
        ProblemInfo: toSchema(ProblemInfoSchema, 'output'),
        ProblemUpload: toSchema(ProblemUploadSchema, 'input'),
        PistonExecute: toSchema(PistonExecuteSchema, 'input'),
        PistonResult: toSchema(PistonResultSchema, 'output'),
        PistonRuntime: toSchema(PistonRuntimeSchema, 'output'),
        PistonError: toSchema(PistonErrorSchema, 'output'),
      },
    },
  };
}
