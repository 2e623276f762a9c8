import {
  ErrorEnvelopeSchema,
  LanguageInfoSchema,
  PistonExecuteSchema,
  PistonResultSchema,
  PistonRuntimeSchema,
  ProblemInfoSchema,
  ProblemUploadSchema,
  SubmissionRequestSchema,
  SubmissionResultSchema,
} from '@judge/contract';
import { z } from 'zod';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('ErrorEnvelope'), description);

function toSchema(s: z.ZodType, io: 'input' | 'output'): Schema {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;
  delete out.$schema;
  return out;
}

/** The OpenAPI 3.1 document of the node's API, generated from the same zod schemas that validate it. */
export function openApiDocument(version = '0.1.0'): Schema {
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const retry = { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } };
  const unavailable = { ...error('overloaded, shutting down, or Redis or the database down'), headers: retry };
  return {
    openapi: '3.1.0',
    info: {
      title: 'judge node API',
      version,
      description:
        'The judge node of SPEC §2. Requests forwarded by the edge carry x-judge-signature and x-judge-timestamp.',
    },
    paths: {
      '/health': {
        get: {
          summary: 'Redis, the database and the workers',
          responses: { 200: { description: 'all usable' }, 503: { description: 'a dependency is down (named)' } },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text format' } } } },
      '/v1/languages': {
        get: {
          summary: 'Language packs',
          responses: { 200: json({ type: 'array', items: ref('LanguageInfo') }, 'the packs') },
        },
      },
      '/v1/submissions': {
        post: {
          summary: 'Submit',
          parameters: [
            {
              name: 'wait',
              in: 'query',
              schema: { type: 'boolean' },
              description: 'answer with the finished result (200), or the current state (202) after the maximum wait',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SubmissionRequest') } } },
          responses: {
            200: json(ref('SubmissionResult'), 'finished (wait=true)'),
            202: json(
              { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
              'queued (or the current state with wait=true)',
            ),
            400: error('invalid: every issue listed'),
            401: error('signature missing, wrong or replayed'),
            413: error('body too large'),
            503: unavailable,
          },
        },
      },
      '/v1/submissions/{id}': {
        get: {
          summary: 'A submission at any stage',
          parameters: [idParam],
          responses: { 200: json(ref('SubmissionResult'), 'the result object'), 404: error('unknown id') },
        },
      },
      '/v1/submissions/{id}/events': {
        get: {
          summary: 'Server-Sent Events: status, compile, test, done (data: the result object); ends after done',
          parameters: [idParam],
          responses: {
            200: { description: 'event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
            404: error('unknown id'),
          },
        },
      },
      '/v1/problems': {
        get: {
          summary: 'Problems (metadata)',
          responses: { 200: json({ type: 'array', items: ref('ProblemInfo') }, 'the problems') },
        },
      },
      '/v1/problems/{id}': {
        get: {
          summary: 'A problem (metadata only)',
          parameters: [idParam],
          responses: { 200: json(ref('ProblemInfo'), 'the problem'), 404: error('unknown id') },
        },
        put: {
          summary: 'Upload a problem (admin token: Authorization: Bearer …)',
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ProblemUpload') } } },
          responses: {
            200: json(ref('ProblemInfo'), 'replaced'),
            201: json(ref('ProblemInfo'), 'created'),
            400: error('invalid: every issue listed'),
            401: error('no or wrong admin token'),
            403: error('uploads are off on this node'),
            413: error('too large'),
          },
        },
      },
      '/api/v2/runtimes': {
        get: {
          summary: 'Piston-compatible runtimes',
          responses: { 200: json({ type: 'array', items: ref('PistonRuntime') }, 'runtimes') },
        },
      },
      '/api/v2/execute': {
        post: {
          summary: 'Piston-compatible execution (one plain run)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('PistonExecute') } } },
          responses: {
            200: json(ref('PistonResult'), 'the run'),
            400: json({ type: 'object', properties: { message: { type: 'string' } } }, 'Piston-style error'),
          },
        },
      },
    },
    components: {
      schemas: {
        SubmissionRequest: toSchema(SubmissionRequestSchema, 'input'),
        SubmissionResult: toSchema(SubmissionResultSchema, 'output'),
        ErrorEnvelope: toSchema(ErrorEnvelopeSchema, 'output'),
        LanguageInfo: toSchema(LanguageInfoSchema, 'output'),
        ProblemInfo: toSchema(ProblemInfoSchema, 'output'),
        ProblemUpload: toSchema(ProblemUploadSchema, 'input'),
        PistonExecute: toSchema(PistonExecuteSchema, 'input'),
        PistonResult: toSchema(PistonResultSchema, 'output'),
        PistonRuntime: toSchema(PistonRuntimeSchema, 'output'),
      },
    },
  };
}
