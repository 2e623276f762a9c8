import {
  CALLBACK_ATTEMPT_HEADER,
  CALLBACK_MAX_AGE_MS,
  CALLBACK_SIGNATURE_HEADER,
  CALLBACK_SUBMISSION_HEADER,
  CALLBACK_TIMESTAMP_HEADER,
  ErrorEnvelopeSchema,
  IDEMPOTENCY_KEY,
  IDEMPOTENCY_KEY_MAX,
  JUDGE0_AUTH_HEADER,
  JUDGE0_DEFAULT_FIELDS,
  JUDGE0_LANGUAGES,
  JUDGE0_MAX_BATCH,
  JUDGE0_STATUSES,
  Judge0BatchSchema,
  Judge0SubmissionSchema,
  judge0Status,
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
  type SubmissionResult,
  SubmissionResultSchema,
  type TestResult,
  TIMESTAMP_HEADER,
} from '@judge/contract';
import { z } from 'zod';
import { markdownTable } from '../../markdown.js';

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

/** How each verdict shows as a Judge0 status: computed with the contract's mapping, so the table cannot drift. */
function judge0StatusTable(): string {
  const test = (over: Partial<TestResult>): TestResult => ({
    index: 1,
    verdict: 'AC',
    timeMs: 1,
    wallMs: 1,
    memoryKb: 1,
    exitCode: 0,
    signal: null,
    ...over,
  });
  const result = (over: Partial<SubmissionResult>): SubmissionResult => ({
    id: 'x',
    status: 'done',
    language: 'c',
    tests: [],
    createdAt: '',
    ...over,
  });
  const cases: [string, SubmissionResult][] = [
    ['queued', result({ status: 'queued' })],
    ['compiling, running', result({ status: 'running' })],
    ['AC', result({ verdict: 'AC', tests: [test({})] })],
    ['WA', result({ verdict: 'WA', tests: [test({ verdict: 'WA' })] })],
    ['TLE', result({ verdict: 'TLE', tests: [test({ verdict: 'TLE' })] })],
    ['CE', result({ verdict: 'CE' })],
    ...(
      [
        [11, 'SIGSEGV'],
        [25, 'SIGXFSZ'],
        [8, 'SIGFPE'],
        [6, 'SIGABRT'],
        [9, 'another signal'],
      ] as const
    ).map(([signal, name]): [string, SubmissionResult] => [
      `RE by ${name}`,
      result({ verdict: 'RE', tests: [test({ verdict: 'RE', exitCode: null, signal })] }),
    ]),
    ['RE by a non-zero exit', result({ verdict: 'RE', tests: [test({ verdict: 'RE', exitCode: 1 })] })],
    ['MLE', result({ verdict: 'MLE', tests: [test({ verdict: 'MLE' })] })],
    ['OLE', result({ verdict: 'OLE', tests: [test({ verdict: 'OLE' })] })],
    ['IE', result({ verdict: 'IE' })],
  ];
  return markdownTable(
    ['state or verdict', 'Judge0 status'],
    cases.map(([what, r]) => {
      const s = judge0Status(r);
      return [what, `${s.id} ${s.description}`];
    }),
  );
}

const PROGRAMS = `A submission's \`source\` is its main file, written under the language's source name (\`main.cpp\`, \`Main.java\`). \`files\` are the other files of the program, written beside it under their own names (plain names: letters, digits, \`_\`, \`.\` and \`-\`; no directories). Python, JavaScript, TypeScript, Ruby, PHP and Bash programs import them as modules, C and C++ include them as headers; files with the language's extensions are compiled with the main file where the compiler needs to be told (C, C++, Go and C# list them at their compile command's \`{sources}\`; Rust's \`mod\`, javac and tsc find them by themselves).

\`args\` are the program's arguments on every run. The sandbox's runner passes them as argv: no shell sees them, so \`$HOME\`, \`*\` and \`;\` are plain text. Piston's \`args\` and Judge0's \`command_line_arguments\` (split as a POSIX shell splits words, with none of its expansions) land there. Piston's \`files[]\` are the same: the first is the program, the others go beside it.

\`encoding: "base64"\` makes \`source\`, \`files[].content\`, \`stdin\` and the tests' \`input\` and \`output\` base64 of any bytes; results carry \`encoding: "base64"\` when output is not UTF-8 text.

**Compiler options.** \`compilerOptions\` (Judge0's \`compiler_options\`, split at spaces) are taken only when each one matches the allow-list of the language's pack (\`compile.options\` in its pack.yaml; \`GET /v1/languages\` lists them as \`compilerOptions\`): C and C++ take optimisation levels, language standards, warnings, \`-D\` and \`-U\` macros and a few code generation flags; Rust its checks and \`--cfg\`; C# defines and checks; the other languages none. An allow-list, because a compiler's options can read and write files elsewhere (\`-o\`, \`-I\`, \`-include\`, \`@file\`, \`-specs\`), load code into the compiler (\`-fplugin\`) or reach the linker and assembler (\`-Wl,\`, \`-Wa,\`): the sandbox contains what they could do, but the compile cache and the sealed work directory rely on the compiler making one program from the submitted files, and a list of what is known to be harmless cannot miss a new dangerous option the way a list of dangerous ones can. Options go where the pack's command says \`{options}\`, after its own (\`-O0\` overrides the pack's \`-O2\`); they are part of the compile cache's key and hold no shell syntax (they may land inside a \`sh -c\` command).`;

const STOP = `\`stopOnFailure: true\`, in a request or in a problem's problem.yaml (the request's wins, \`false\` included), stops judging at the first test that fails, as ICPC contests judge: the tests after it are not run, and are reported with verdict \`SKIP\` (times and memory 0, exit code and signal null). A skipped test counts as not passed in the score and is never the verdict of the submission or of a subtask: the failure before it is. With subtasks, a failure skips the rest of its own subtask (its score is lost anyway); the other subtasks are judged.`;

function callbacksText(): string {
  const headers = markdownTable(
    ['header', 'what'],
    [
      ['`content-type`', '`application/json`'],
      [`\`${CALLBACK_TIMESTAMP_HEADER}\``, 'when this delivery was signed, Unix time in ms'],
      [
        `\`${CALLBACK_SIGNATURE_HEADER}\``,
        '`v1=` and the hex HMAC-SHA256, with the callback secret, of the timestamp, a dot and the exact body',
      ],
      [`\`${CALLBACK_SUBMISSION_HEADER}\``, 'the submission id (the node’s; the Judge0 token)'],
      [`\`${CALLBACK_ATTEMPT_HEADER}\``, 'the delivery’s attempt, from 1'],
    ],
  );
  return `With \`callbackUrl\` (Judge0: \`callback_url\`) a node sends the result when judging ends: native submissions as a POST of the result object (what \`GET /v1/submissions/{id}\` answers), Judge0 submissions as a PUT of the Judge0 submission with its default attributes, base64 encoded, as Judge0 sends them. Each delivery carries:

${headers}

To verify one, compute HMAC-SHA256 with the callback secret (the node's \`callbackSecret\`, which its operator gives to the callers who use callbacks) over \`<timestamp>.<body>\`, compare its hex with the signature after \`v1=\` in constant time, and refuse a timestamp more than ${CALLBACK_MAX_AGE_MS / 60_000} minutes from your clock (\`verifyCallback\` in contract/src/callback.ts does all three). A receiver may see one result more than once (a delivery whose answer was lost is sent again): \`${CALLBACK_SUBMISSION_HEADER}\` names it.

A 2xx answer delivers it. No answer within \`callbackTimeoutMs\`, 408, 429 or a 5xx is tried again after \`callbackBackoffMs\`, the wait doubling each time, up to \`callbackAttempts\` deliveries; another status ends it (the receiver refused it). Redirects are not followed. Deliveries wait in a Redis queue (BullMQ), so a node that restarts goes on with them, and any process of the node's queue may send them. A callback is queued before its verdict is stored and sent as soon as it is: a worker that dies in between leaves it to go after \`callbackGuardMs\` (30 s), so none is lost.

The URL must be http or https, without credentials. Its host is resolved when the submission is made and again at every delivery, and every address it has must be public: loopback, private (RFC 1918, unique local), link-local (where clouds keep their metadata), carrier NAT, multicast, documentation and reserved ranges are refused (400 naming the address; 422 for Judge0), and an IPv4 address inside IPv6 counts as IPv4. The connection goes to the address that was checked, never to a second lookup of the name, so a name that answers otherwise a moment later (DNS rebinding) cannot turn a delivery inward. A node's operator may allow other addresses (\`callbackAllowPrivate\`: a private network, tests). A node without a callback secret refuses submissions with a callback URL.`;
}

function judge0Text(): string {
  const languages = markdownTable(
    ['Judge0 id', 'pack', 'also taken'],
    JUDGE0_LANGUAGES.map((l) => [String(l.id), `\`${l.pack}\``, (l.also ?? []).join(', ')]),
  );
  return `A node and the edge speak Judge0's API as Judge0 CE documents it, at the root (\`/submissions\`, \`/languages\`, \`/statuses\`): a Judge0 client only changes its base URL. A Judge0 submission takes the one accept path of the native API: its token is the submission's id (at the edge \`<region>.<id>\`), and it is stored, queued, deduplicated by \`Idempotency-Key\` and judged as any other. It is a plain run of \`stdin\`, or with \`expected_output\` one test compared line by line, trailing whitespace and blank lines ignored, as Judge0 compares.

- \`base64_encoded=true\`: \`source_code\`, \`stdin\` and \`expected_output\` are base64 (line breaks and missing padding are taken), and \`stdout\`, \`stderr\`, \`compile_output\` and \`message\` come back as base64 of their exact bytes, without line breaks (what reads Judge0's line-broken base64 reads this). Without it, output that is not UTF-8 gets Judge0's error: \`{token, error}\` from a waited create, 400 from a read.
- \`fields\`: attributes separated by commas, \`*\` for all; by default ${JUDGE0_DEFAULT_FIELDS.join(', ')}. An unknown one is a 400 naming it. Text attributes with nothing in them are null.
- \`wait=true\` answers 201 with the submission once judged, or with its state so far after the node's \`maxWaitMs\`.
- \`cpu_time_limit\` (seconds) and \`memory_limit\` (KB) are the limits, capped by the node. \`cpu_extra_time\`, \`wall_time_limit\`, \`stack_limit\`, \`max_processes_and_or_threads\`, \`max_file_size\` and \`number_of_runs\` are checked and taken, but not applied: the sandbox has its own (README, How a program is sandboxed). \`enable_network\`, \`redirect_stderr_to_stdout\` and the per-process limits cannot be enabled, and \`additional_files\` is not taken (send the files as \`files[]\` of \`POST /v1/submissions\` or of Piston's execute): 422 naming them.
- Errors are Judge0's: 422 with each attribute's messages (\`{"language_id": ["language with id 150000 doesn't exist"]}\`), else \`{"error": "…"}\`.
- Credentials: an API key as \`Authorization: Bearer\`, or as Judge0's \`${JUDGE0_AUTH_HEADER}\` header on these routes.
- A batch holds ${JUDGE0_MAX_BATCH} submissions at most, each answered on its own (a token, or its errors); it costs one submission per element of the key's plan, and is refused whole (503) when the queue cannot take it all.
- Unlike Judge0, a node keeps apart what a program did: MLE and OLE are runtime errors to Judge0 (its sandbox kills and truncates), and \`message\` says which. Exec Format Error (14) is never given: a program that cannot start is the judge's fault here (Internal Error).

Statuses, from the verdict:

${judge0StatusTable()}

Language ids: Judge0 CE's for the same language; \`GET /languages\` lists the first with the pack's name and version.

${languages}`;
}

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
  const judge0Param = (name: string, type: string, description: string, required = false) => ({
    name,
    in: 'query',
    ...(required ? { required } : {}),
    schema: { type },
    description,
  });
  const judge0Access = {
    401: json(ref('Judge0Error'), `no credentials, or wrong ones (an API key also as \`${JUDGE0_AUTH_HEADER}\`)`),
    429: json(ref('Judge0Error'), 'the API key is over its plan', { ...retry, ...rateLimited }),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'judge node API',
      version,
      description:
        'A judge node: submissions are queued, judged in sandboxes and kept in PostgreSQL. Every non-2xx JSON answer is an ErrorEnvelope listing every issue; the Piston routes answer errors as Piston does, `{message}`, and the Judge0 routes as Judge0 does (`{error}`, or 422 with each attribute’s messages). A node with neither an HMAC secret nor API keys serves its own machine only, without credentials.',
    },
    security: [{ apiKey: [] }, { edgeSignature: [] }],
    tags: [
      { name: 'Programs', description: PROGRAMS },
      { name: 'Stop at the first failure', description: STOP },
      { name: 'Callbacks', description: callbacksText() },
      { name: 'Judge0', description: judge0Text() },
    ],
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
      '/submissions': {
        post: {
          tags: ['Judge0'],
          summary: 'Judge0: create a submission (see Judge0)',
          parameters: [
            judge0Param('base64_encoded', 'boolean', '`true`: text attributes are base64, in and out'),
            judge0Param('wait', 'boolean', '`true`: answer with the submission once judged'),
            judge0Param('fields', 'string', 'attributes of the answer with wait=true, `*` for all'),
            idempotencyKey,
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('Judge0Submission') } } },
          responses: {
            201: json(
              ref('Judge0View'),
              '`{token}`, or with wait=true the submission (`{token, error}` when its output is not UTF-8 and base64 was not asked)',
            ),
            400: json(ref('Judge0Error'), 'invalid fields'),
            422: json(ref('Judge0Errors'), 'invalid: each attribute with its messages'),
            503: json(ref('Judge0Error'), 'overloaded, or a dependency down'),
            ...judge0Access,
          },
        },
      },
      '/submissions/{token}': {
        get: {
          tags: ['Judge0'],
          summary: 'Judge0: a submission',
          parameters: [
            { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
            judge0Param('base64_encoded', 'boolean', '`true`: text attributes as base64'),
            judge0Param('fields', 'string', 'the attributes, `*` for all'),
          ],
          responses: {
            200: json(ref('Judge0View'), 'the submission'),
            400: json(ref('Judge0Error'), 'invalid fields, or output that is not UTF-8 without base64_encoded'),
            404: json(ref('Judge0Error'), 'unknown token'),
            ...judge0Access,
          },
        },
      },
      '/submissions/batch': {
        post: {
          tags: ['Judge0'],
          summary: `Judge0: create up to ${JUDGE0_MAX_BATCH} submissions`,
          parameters: [judge0Param('base64_encoded', 'boolean', '`true`: text attributes are base64'), idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: ref('Judge0Batch') } } },
          responses: {
            201: json({ type: 'array', items: ref('Judge0View') }, 'for each submission `{token}` or its errors'),
            400: json(ref('Judge0Error'), 'not a batch, or too many'),
            422: json({ type: 'array', items: ref('Judge0Errors') }, 'none of them is valid'),
            503: json(ref('Judge0Error'), 'the queue cannot take the batch'),
            ...judge0Access,
          },
        },
        get: {
          tags: ['Judge0'],
          summary: `Judge0: up to ${JUDGE0_MAX_BATCH} submissions by their tokens`,
          parameters: [
            judge0Param('tokens', 'string', 'tokens separated by commas', true),
            judge0Param('base64_encoded', 'boolean', '`true`: text attributes as base64'),
            judge0Param('fields', 'string', 'the attributes, `*` for all'),
          ],
          responses: {
            200: json(
              { type: 'object', properties: { submissions: { type: 'array', items: ref('Judge0View') } } },
              'the submissions in the order asked, null for an unknown token',
            ),
            400: json(ref('Judge0Error'), 'no tokens, too many, or invalid fields'),
            ...judge0Access,
          },
        },
      },
      '/languages': {
        get: {
          tags: ['Judge0'],
          summary: "Judge0: the languages, under Judge0 CE's ids",
          responses: {
            200: json(
              {
                type: 'array',
                items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
              },
              'the languages',
            ),
            ...judge0Access,
          },
        },
      },
      '/languages/{id}': {
        get: {
          tags: ['Judge0'],
          summary: 'Judge0: a language, with its source file and commands',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            200: json({ type: 'object' }, 'the language'),
            404: json(ref('Judge0Error'), 'no such language'),
            ...judge0Access,
          },
        },
      },
      '/statuses': {
        get: {
          tags: ['Judge0'],
          summary: 'Judge0: the statuses (the edge answers this one itself)',
          responses: { 200: json({ type: 'array', items: ref('Judge0Status') }, 'the statuses'), ...judge0Access },
        },
      },
    },
    webhooks: {
      callback: {
        post: {
          summary: 'The result of a native submission with a callbackUrl, when judging ends (see Callbacks)',
          requestBody: { content: { 'application/json': { schema: ref('SubmissionResult') } } },
          responses: { 200: { description: 'any 2xx: delivered; 408, 429, 5xx or no answer: sent again' } },
        },
      },
      judge0Callback: {
        put: {
          summary: "A Judge0 submission's callback_url: its default attributes, base64 encoded (see Callbacks)",
          requestBody: { content: { 'application/json': { schema: ref('Judge0View') } } },
          responses: { 200: { description: 'any 2xx: delivered; 408, 429, 5xx or no answer: sent again' } },
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
        Judge0Submission: toSchema(Judge0SubmissionSchema, 'input'),
        Judge0Batch: toSchema(Judge0BatchSchema, 'input'),
        Judge0View: {
          type: 'object',
          description: `A Judge0 submission: the attributes asked with \`fields\` (default ${JUDGE0_DEFAULT_FIELDS.join(', ')}).`,
        },
        Judge0Errors: {
          type: 'object',
          description: "Judge0's validation errors: each attribute with its messages.",
          additionalProperties: { type: 'array', items: { type: 'string' } },
        },
        Judge0Error: {
          type: 'object',
          properties: { error: { type: 'string' } },
          required: ['error'],
        },
        Judge0Status: {
          type: 'object',
          description: `One of ${JUDGE0_STATUSES.length} statuses (see Judge0).`,
          properties: { id: { type: 'integer' }, description: { type: 'string' } },
          required: ['id', 'description'],
        },
      },
    },
  };
}
