import { constants } from 'node:os';
import {
  formatIssues,
  IDEMPOTENCY_KEY_HEADER,
  type Limits,
  outputAsText,
  type PistonExecute,
  PistonExecuteSchema,
  type PistonResult,
  type SubmissionRequest,
  SubmissionRequestSchema,
  type SubmissionResult,
  type Verdict,
} from '@judge/contract';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import { serverTiming } from '../metrics/stages.js';
import { submit } from './accept.js';
import type { ApiDeps } from './deps.js';
import { clientGone } from './submissions.js';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

const STATUS: Partial<Record<Verdict, string>> = { TLE: 'TO', MLE: 'SG', OLE: 'OL', RE: 'RE', IE: 'XX' };

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

function decode(file: PistonExecute['files'][number]): string {
  if (!file.encoding || file.encoding === 'utf8') return file.content;
  return Buffer.from(file.content, file.encoding).toString('utf8');
}

function toPiston(r: SubmissionResult, language: string, version: string): PistonResult {
  const out: PistonResult = {
    language,
    version,
    run: { stdout: '', stderr: '', output: '', code: null, signal: null, status: null, message: null },
  };
  if (r.compile) {
    const ok = r.compile.exitCode === 0;
    // Piston carries text only: bytes that are not UTF-8 are shown as U+FFFD.
    const said = outputAsText(r.compile.output, r.compile.encoding);
    out.compile = {
      stdout: said,
      stderr: '',
      output: said,
      code: r.compile.exitCode,
      signal: null,
      status: ok ? null : 'RE',
      message: ok ? null : 'compilation failed',
      wall_time: r.compile.timeMs,
    };
  }
  const t = r.tests[0];
  if (t) {
    const stdout = outputAsText(t.stdout ?? '', t.encoding);
    const stderr = outputAsText(t.stderr ?? '', t.encoding);
    out.run = {
      stdout,
      stderr,
      output: stdout + stderr,
      code: t.exitCode,
      signal: t.signal === null ? null : (SIGNAL_NAMES.get(t.signal) ?? String(t.signal)),
      status: STATUS[t.verdict] ?? null,
      message: t.verdict === 'AC' ? null : t.message ? outputAsText(t.message, t.encoding) : t.verdict,
      cpu_time: t.timeMs,
      wall_time: t.wallMs,
      memory: t.memoryKb * 1024,
    };
  } else if (r.verdict === 'IE') {
    out.run.status = 'XX';
    out.run.message = r.error ?? 'internal error';
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
    const [file] = body.files;
    if (!file || body.files.length > 1) throw pistonError(400, 'this node runs a single file per execution');
    const limits: Limits = {};
    if (body.run_timeout && body.run_timeout > 0) limits.timeMs = Math.min(body.run_timeout, d.config.caps.timeMs);
    if (body.run_memory_limit && body.run_memory_limit > 0) {
      limits.memoryMb = Math.min(Math.ceil(body.run_memory_limit / 1024 / 1024), d.config.caps.memoryMb);
    }
    const req: SubmissionRequest = {
      language: found.pack.id,
      source: decode(file),
      stdin: body.stdin,
      limits,
    };
    const valid = SubmissionRequestSchema.safeParse(req);
    if (!valid.success) {
      const [first] = formatIssues(valid.error);
      throw pistonError(400, `${first?.path}: ${first?.message}`);
    }
    const { id, result, done, stages } = await submit(d, valid.data, {
      idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
      waitMs: d.config.maxWaitMs,
      signal: AbortSignal.any([clientGone(request, reply), d.stopping]),
      receivedAt: performance.now() - reply.elapsedTime,
    });
    reply.header('x-judge-submission', id);
    reply.header('server-timing', serverTiming(stages));
    if (!done) throw pistonError(504, `not finished within ${d.config.maxWaitMs} ms: see /v1/submissions/${id}`);
    return reply.send(toPiston(result, found.pack.id, pistonVersion(found.pack.version)));
  });
}
