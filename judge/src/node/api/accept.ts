import { createHash, randomUUID } from 'node:crypto';
import { readIdempotencyKey, type SubmissionRequest, type SubmissionResult } from '@judge/contract';
import { programIssues } from '../../engine/index.js';
import { callbackTarget } from '../callbacks/index.js';
import { DependencyError, HttpError } from '../errors.js';
import type { SubmissionApi } from '../store/index.js';
import { withTimeout } from '../timeout.js';
import type { ApiDeps } from './deps.js';

/** Seconds a client is asked to wait when the node is overloaded or a dependency is down. */
export const RETRY_AFTER_S = 5;

/** A fresh submission id. */
export function newSubmissionId(): string {
  return randomUUID();
}

/**
 * The submission id for a request: with an `Idempotency-Key`, derived from
 * the key and the body, so that a retried request (the edge retrying a node
 * that may have taken it) names the same submission and is judged once.
 */
export function submissionIdFor(
  header: string | string[] | undefined,
  body: SubmissionRequest,
  /** Which one of several submissions sent under one key (a batch's index). */
  part?: number,
): string {
  const read = readIdempotencyKey(header);
  if ('error' in read) {
    throw new HttpError(400, 'invalid_request', read.error, [{ path: 'headers.idempotency-key', message: read.error }]);
  }
  const key = read.key;
  if (key === undefined) return newSubmissionId();
  const h = createHash('sha256')
    .update(`judge-idempotency\n${key}\n${part === undefined ? '' : `#${part}\n`}${JSON.stringify(body)}`)
    .digest('hex');
  // Formatted as a UUID (version 8: custom), like the random ids.
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** References a request makes that this node does not know: all of them, as validation issues. */
export async function unknownReferences(
  d: ApiDeps,
  body: SubmissionRequest,
): Promise<{ path: string; message: string }[]> {
  const issues: { path: string; message: string }[] = [];
  const found = d.registry.find(body.language);
  if (!found) {
    issues.push({ path: 'language', message: `unknown language "${body.language}": see GET /v1/languages` });
  } else {
    issues.push(...programIssues(found.pack, body));
  }
  if (body.checker?.type === 'custom' && !d.registry.find(body.checker.language)) {
    issues.push({ path: 'checker.language', message: `unknown language "${body.checker.language}"` });
  }
  if (body.problem && !(await d.problems.exists(body.problem))) {
    issues.push({ path: 'problem', message: `unknown problem "${body.problem}": see GET /v1/problems` });
  }
  if (body.callbackUrl) {
    const refused = await callbackRefusal(d, body.callbackUrl);
    if (refused) issues.push({ path: 'callbackUrl', message: refused });
  }
  return issues;
}

/**
 * Why a callback URL cannot be taken: callbacks are off (no secret), or its
 * host resolves to an address that is not public (unless the operator allows
 * those). Checked again, by the address, at every delivery.
 */
async function callbackRefusal(d: ApiDeps, url: string): Promise<string | undefined> {
  if (!d.config.callbackSecret) {
    return 'callbacks are off on this node: it has no callback secret (JUDGE_CALLBACK_SECRET)';
  }
  try {
    await withTimeout(
      callbackTarget(url, { allowPrivate: d.config.callbackAllowPrivate }),
      5000,
      'resolving the callback host',
    );
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Stores a submission and queues it. Refuses (503) when the queue is past its
 * depth or Redis or the database is down: nothing is accepted that cannot be
 * stored. A failed enqueue after the insert is left to the sweeper.
 */
export async function accept(
  d: ApiDeps,
  id: string,
  body: SubmissionRequest,
  api: SubmissionApi = 'v1',
): Promise<SubmissionResult> {
  const issues = await unknownReferences(d, body);
  if (issues.length > 0) {
    d.metrics.rejected.inc({ reason: 'invalid' });
    throw new HttpError(400, 'invalid_request', 'the submission is not valid', issues);
  }
  if (d.draining()) {
    d.metrics.rejected.inc({ reason: 'draining' });
    throw new HttpError(503, 'unavailable', 'the node is shutting down', undefined, RETRY_AFTER_S);
  }
  if (d.redis.status !== 'ready') {
    d.metrics.rejected.inc({ reason: 'redis' });
    throw new DependencyError('redis', 'the queue is unavailable: Redis is not connected');
  }
  let depth: number;
  try {
    depth = await withTimeout(d.queue.depth(), 2000, 'queue depth');
  } catch (e) {
    d.metrics.rejected.inc({ reason: 'redis' });
    throw new DependencyError('redis', `the queue is unavailable: ${(e as Error).message}`);
  }
  if (depth >= d.config.maxQueueDepth) {
    d.metrics.rejected.inc({ reason: 'overloaded' });
    throw new HttpError(
      503,
      'overloaded',
      `the queue is full (${depth} waiting): try again later`,
      undefined,
      RETRY_AFTER_S,
    );
  }
  const found = d.registry.find(body.language);
  if (!found) throw new HttpError(400, 'invalid_request', `unknown language "${body.language}"`);
  const { pack } = found;
  let stored: { result: SubmissionResult; created: boolean };
  try {
    stored = await d.submissions.createOnce({ id, language: pack.id, problem: body.problem, request: body, api });
  } catch (e) {
    d.metrics.rejected.inc({ reason: 'database' });
    throw e instanceof DependencyError ? e : new DependencyError('database', (e as Error).message);
  }
  if (!stored.created) {
    // A retry of a request already taken: it is (or was) judged once; the sweeper covers a lost enqueue.
    d.log.info('submission repeated', { id, status: stored.result.status });
    return stored.result;
  }
  const created = stored.result;
  d.log.info('submission', { id, status: 'queued', language: pack.id, problem: body.problem });
  try {
    await withTimeout(d.queue.add(id), 2000, 'enqueue');
  } catch (e) {
    d.log.warn('enqueue failed: the sweeper will queue it', { id, error: e });
  }
  d.metrics.submissions.inc({ language: pack.id });
  return created;
}

/** What `submit` answers: the submission's id, its state, and whether it is done. */
export interface Submitted {
  id: string;
  result: SubmissionResult;
  done: boolean;
}

export interface SubmitOptions {
  /** The request's `Idempotency-Key` header, as received. */
  idempotencyKey: string | string[] | undefined;
  /** Wait for the verdict this long at most (`?wait=true`, Piston's execute); absent: answer once queued. */
  waitMs?: number;
  /** Stops the wait early (the client went away, the node is stopping): the answer is the state so far. */
  signal?: AbortSignal;
  /** The API the submission came by. @defaultValue v1 */
  api?: SubmissionApi;
  /** Which one of several submissions sent under one idempotency key (a batch's index). */
  part?: number;
}

/**
 * The one accept path of every route that takes a program (`POST
 * /v1/submissions`, `POST /api/v2/execute`): the idempotency key names the
 * submission, it is stored and queued once, and with `waitMs` the verdict is
 * awaited. The same key and body give the same submission, judged once.
 */
export async function submit(d: ApiDeps, body: SubmissionRequest, opts: SubmitOptions): Promise<Submitted> {
  const id = submissionIdFor(opts.idempotencyKey, body, opts.part);
  if (opts.waitMs === undefined) {
    const result = await accept(d, id, body, opts.api);
    return { id, result, done: result.status === 'done' };
  }
  // Subscribed before the submission is queued, so that its `finished` event cannot be missed.
  const waiter = await DoneWaiter.start(d, id);
  try {
    const accepted = await accept(d, id, body, opts.api);
    if (accepted.status !== 'done') await waiter.wait(opts.waitMs, opts.signal);
    // Read again whether it finished or not: a 202 answers with the state so far.
    const result = accepted.status === 'done' ? accepted : await d.submissions.get(id);
    if (!result) throw new HttpError(404, 'not_found', `no submission ${id}`);
    return { id, result, done: result.status === 'done' };
  } finally {
    await waiter.stop();
  }
}

/**
 * Waits for a submission to be done, by its events; re-reads the database
 * after a Redis reconnect (events sent meanwhile are lost). Subscribe before
 * the submission is queued so that no event can be missed.
 */
export class DoneWaiter {
  private resolveDone: () => void = () => {};
  private readonly done: Promise<void>;
  private unsubscribe: (() => Promise<void>) | undefined;
  private offReconnect: (() => void) | undefined;

  private constructor(
    private readonly d: ApiDeps,
    private readonly id: string,
  ) {
    this.done = new Promise<void>((r) => {
      this.resolveDone = r;
    });
  }

  static async start(d: ApiDeps, id: string): Promise<DoneWaiter> {
    const w = new DoneWaiter(d, id);
    w.unsubscribe = await d.bus.subscribe(id, (e) => {
      if (e.event === 'finished') w.resolveDone();
    });
    w.offReconnect = d.bus.onReconnect(() => void w.recheck());
    return w;
  }

  private async recheck(): Promise<void> {
    const r = await this.d.submissions.get(this.id).catch(() => undefined);
    if (r?.status === 'done') this.resolveDone();
  }

  /**
   * True when done within the time (false on time-out or abort). Events since `start` are seen:
   * start before the submission is queued.
   */
  async wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.done.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), ms);
        signal?.addEventListener('abort', () => r(false), { once: true });
      }),
    ]);
    clearTimeout(timer);
    return outcome;
  }

  async stop(): Promise<void> {
    this.offReconnect?.();
    await this.unsubscribe?.();
  }
}
