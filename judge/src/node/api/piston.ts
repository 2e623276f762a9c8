import { constants } from 'node:os';
import {
  FILE_NAME,
  FILE_NAME_MESSAGE,
  formatIssues,
  IDEMPOTENCY_KEY_HEADER,
  isPlainText,
  type Limits,
  outputAsText,
  type PistonExecute,
  PistonExecuteSchema,
  type PistonResult,
  type PistonStage,
  type SubmissionRequest,
  SubmissionRequestSchema,
  type SubmissionResult,
  type TestVerdict,
  toBase64,
} from '@judge/contract';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import { serverTiming } from '../metrics/stages.js';
import { submit } from './accept.js';
import type { ApiDeps } from './deps.js';
import { requestSignal } from './submissions.js';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

const STATUS: Partial<Record<TestVerdict, string>> = { TLE: 'TO', MLE: 'SG', OLE: 'OL', RE: 'RE', IE: 'XX' };

/** The numeric version in a pack's version text ("CPython 3.11.2" → "3.11.2"), as Piston clients expect. */
export function pistonVersion(version: string): string {
  return /\d+(?:\.\d+)*/.exec(version)?.[0] ?? version;
}

function versionMatches(asked: string, packVersion: string): boolean {
  if (asked === '*' || asked === packVersion) return true;
  const numeric = pistonVersion(packVersion);
  return numeric === asked || numeric.startsWith(`${asked}.`) || asked.startsWith(`${numeric}.`);
}

function pistonError(status: number, message: string): HttpError {
  return new HttpError(status, 'piston', message);
}

function bytesOf(file: PistonExecute['files'][number]): Uint8Array {
  if (!file.encoding || file.encoding === 'utf8') return new TextEncoder().encode(file.content);
  return Buffer.from(file.content, file.encoding);
}

/**
 * Piston's files as the native request's: the first is the program (written
 * under the pack's source name), the others sit beside it under their own
 * names. Text when every file and stdin are UTF-8, else all base64 (exact bytes).
 */
function programOf(body: PistonExecute): Pick<SubmissionRequest, 'source' | 'files' | 'stdin' | 'encoding'> {
  const [main, ...others] = body.files.map(bytesOf);
  for (const [i, f] of body.files.entries()) {
    if (i === 0) continue;
    if (!f.name) throw pistonError(400, `files[${i}].name is needed for every file but the first`);
    if (!FILE_NAME.test(f.name)) throw pistonError(400, `files[${i}].name: ${FILE_NAME_MESSAGE}`);
  }
  const stdin = new TextEncoder().encode(body.stdin);
  const text = [main!, ...others, stdin].every(isPlainText);
  const write = (b: Uint8Array) => (text ? new TextDecoder().decode(b) : toBase64(b));
  const out: Pick<SubmissionRequest, 'source' | 'files' | 'stdin' | 'encoding'> = {
    source: write(main!),
    stdin: write(stdin),
  };
  if (others.length > 0) out.files = others.map((b, i) => ({ name: body.files[i + 1]!.name!, content: write(b) }));
  if (!text) out.encoding = 'base64';
  return out;
}

function stage(fields: Partial<PistonStage> & Pick<PistonStage, 'stdout' | 'stderr' | 'code'>): PistonStage {
  return { output: fields.stdout + fields.stderr, signal: null, status: null, message: null, ...fields };
}

function toPiston(r: SubmissionResult, language: string, version: string): PistonResult {
  const out: PistonResult = { language, version };
  if (r.compile) {
    const ok = r.compile.exitCode === 0;
    // Piston carries text only: bytes that are not UTF-8 are shown as U+FFFD.
    const said = outputAsText(r.compile.output, r.compile.encoding);
    out.compile = stage({
      stdout: said,
      stderr: '',
      output: said,
      code: r.compile.exitCode,
      status: ok ? null : 'RE',
      message: ok ? null : 'compilation failed',
      wall_time: r.compile.timeMs,
    });
    // As Piston answers: a program that did not compile never ran, and there is no run stage.
    if (!ok) return out;
  }
  const t = r.tests[0];
  if (t) {
    const stdout = outputAsText(t.stdout ?? '', t.encoding);
    const stderr = outputAsText(t.stderr ?? '', t.encoding);
    out.run = stage({
      stdout,
      stderr,
      code: t.exitCode,
      signal: t.signal === null ? null : (SIGNAL_NAMES.get(t.signal) ?? String(t.signal)),
      status: STATUS[t.verdict] ?? null,
      message: t.verdict === 'AC' ? null : t.message ? outputAsText(t.message, t.encoding) : t.verdict,
      cpu_time: t.timeMs,
      wall_time: t.wallMs,
      memory: t.memoryKb * 1024,
    });
  } else {
    out.run = stage({ stdout: '', stderr: '', code: null, status: 'XX', message: r.error ?? 'internal error' });
  }
  return out;
}

/** The Piston-compatible API: existing Piston clients run programs on this node unchanged. */
export function pistonRoutes(app: FastifyInstance, d: ApiDeps): void {
  app.get('/api/v2/runtimes', async () =>
    d.registry.packs.map(({ pack }) => ({
      language: pack.id,
      version: pistonVersion(pack.version),
      aliases: pack.aliases,
      runtime: pack.name,
    })),
  );

  app.post('/api/v2/execute', async (request, reply) => {
    const parsed = PistonExecuteSchema.safeParse(request.body);
    if (!parsed.success) {
      const [first] = formatIssues(parsed.error);
      throw pistonError(400, `${first?.path} ${first?.message}`);
    }
    const body = parsed.data;
    const found = d.registry.find(body.language);
    if (!found || !versionMatches(body.version, found.pack.version))
      throw pistonError(400, `${body.language}-${body.version} runtime is unknown`);
    const limits: Limits = {};
    if (body.run_timeout && body.run_timeout > 0) limits.timeMs = Math.min(body.run_timeout, d.config.caps.timeMs);
    if (body.run_memory_limit && body.run_memory_limit > 0) {
      limits.memoryMb = Math.min(Math.ceil(body.run_memory_limit / 1024 / 1024), d.config.caps.memoryMb);
    }
    const req: SubmissionRequest = { language: found.pack.id, ...programOf(body), limits };
    if (body.args.length > 0) req.args = body.args;
    const valid = SubmissionRequestSchema.safeParse(req);
    if (!valid.success) {
      const [first] = formatIssues(valid.error);
      throw pistonError(400, `${first?.path}: ${first?.message}`);
    }
    const { id, result, done, stages } = await submit(d, valid.data, {
      idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
      waitMs: d.config.maxWaitMs,
      signal: requestSignal(request, reply, d.stopping),
      api: 'piston',
      receivedAt: performance.now() - reply.elapsedTime,
    }).catch((e: unknown) => {
      // Piston's errors are one message: the first issue, named.
      const first = e instanceof HttpError && e.status === 400 ? e.issues?.[0] : undefined;
      // The native files are Piston's second file on: named by Piston's index.
      const path = first?.path.replace(/^files\.(\d+)/, (_, n: string) => `files[${Number(n) + 1}]`);
      throw first ? pistonError(400, `${path}: ${first.message}`) : e;
    });
    reply.header('x-judge-submission', id);
    reply.header('server-timing', serverTiming(stages));
    if (!done) throw pistonError(504, `not finished within ${d.config.maxWaitMs} ms: see /v1/submissions/${id}`);
    return reply.send(toPiston(result, found.pack.id, pistonVersion(found.pack.version)));
  });
}
