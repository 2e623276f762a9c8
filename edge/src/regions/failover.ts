import { REFERENCE_PROBLEM_HEADER } from '@judge/contract';
import type { Config, Region } from '../config.js';
import { EdgeError } from '../errors.js';
import { type ForwardRequest, forward, type Outcome } from './forward.js';
import { learnReferenceProblem, markDown, markUp, noteSpeed } from './health.js';

export interface Forwarded {
  region: Region;
  response: Response;
}

/** A node's refusal of a problem whose time limit it cannot scale (it is healthy, only uncalibrated). */
function refusedUncalibrated(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'response' || outcome.response.status !== 503) return undefined;
  return outcome.response.headers.get(REFERENCE_PROBLEM_HEADER) ?? undefined;
}

function record(config: Config, region: Region, outcome: Outcome): void {
  const now = Date.now();
  if (outcome.kind === 'response') noteSpeed(region, outcome.response.headers);
  const problem = refusedUncalibrated(outcome);
  if (outcome.kind === 'failed') {
    markDown(region, { error: `${outcome.reason}: ${outcome.message}` }, config.healthCooldownMs, now);
  } else if (problem !== undefined) {
    learnReferenceProblem(problem, now);
    markUp(region, outcome.response.status, outcome.latencyMs, now);
  } else if (outcome.response.status >= 500) {
    markDown(region, { status: outcome.response.status }, config.healthCooldownMs, now);
  } else {
    markUp(region, outcome.response.status, outcome.latencyMs, now);
  }
}

function retryAfter(outcomes: Outcome[]): string {
  let seconds = 1;
  for (const o of outcomes) {
    const v = o.kind === 'response' ? Number(o.response.headers.get('retry-after')) : 0;
    if (Number.isFinite(v) && v > seconds) seconds = Math.ceil(v);
  }
  return String(seconds);
}

function describe(region: Region, o: Outcome): string {
  return o.kind === 'failed' ? `${region.id}: ${o.reason} (${o.message})` : `${region.id}: HTTP ${o.response.status}`;
}

/**
 * Sends a request that must not be judged twice (a submission): it carries an
 * Idempotency-Key, and moves on to the next region only after a failure that
 * proves the node did not take it (a 503 answer, or a connection lost before
 * the body was delivered). After an ambiguous failure (a timeout or connection
 * loss once the body was out, or another 5xx) it retries the same node once
 * with the same key, which the node deduplicates, and fails over no further.
 */
export async function sendOnce(
  config: Config,
  regions: Region[],
  req: ForwardRequest & {
    idempotencyKey: string;
    /** Told of the region that holds the request (`accepted`) or may hold it (`unknown`). */
    mayHold?: (region: Region, how: 'accepted' | 'unknown') => Promise<void>;
  },
): Promise<Forwarded> {
  const outcomes: Outcome[] = [];
  const tried: string[] = [];
  const { mayHold: _, ...rest } = req;
  const request = { ...rest, headers: { ...req.headers, 'idempotency-key': req.idempotencyKey } };
  for (const region of regions) {
    let outcome = await forward(region, request);
    record(config, region, outcome);
    outcomes.push(outcome);
    tried.push(describe(region, outcome));
    if (outcome.kind === 'response' && outcome.response.status < 500) {
      await req.mayHold?.(region, 'accepted');
      return { region, response: outcome.response };
    }
    const refused =
      (outcome.kind === 'response' && outcome.response.status === 503) ||
      (outcome.kind === 'failed' && !outcome.delivered);
    if (refused) continue;
    // Ambiguous: the node may hold the submission. Only the same node, with the same key.
    await req.mayHold?.(region, 'unknown');
    outcome = await forward(region, request);
    record(config, region, outcome);
    outcomes.push(outcome);
    tried.push(describe(region, outcome));
    if (outcome.kind === 'response' && outcome.response.status < 500) return { region, response: outcome.response };
    throw new EdgeError(
      outcome.kind === 'failed' && outcome.reason === 'timeout' ? 504 : 502,
      'upstream_failed',
      `the judge node in region ${region.id} failed and may have accepted the request; ` +
        `retry with the same Idempotency-Key (${tried.join('; ')})`,
      { headers: { 'retry-after': retryAfter(outcomes) } },
    );
  }
  throw new EdgeError(503, 'no_region_available', `no judge node took the request (${tried.join('; ')})`, {
    headers: { 'retry-after': retryAfter(outcomes) },
  });
}

/** Sends a request that is safe to repeat (a read) to each region in turn until one answers below 500. */
export async function sendAny(config: Config, regions: Region[], req: ForwardRequest): Promise<Forwarded> {
  const outcomes: Outcome[] = [];
  const tried: string[] = [];
  for (const region of regions) {
    const outcome = await forward(region, req);
    record(config, region, outcome);
    outcomes.push(outcome);
    tried.push(describe(region, outcome));
    if (outcome.kind === 'response' && outcome.response.status < 500) return { region, response: outcome.response };
  }
  throw new EdgeError(503, 'no_region_available', `no judge node answered (${tried.join('; ')})`, {
    headers: { 'retry-after': retryAfter(outcomes) },
  });
}

/** Sends a request to the one region that can answer it (the holder of a submission). */
export async function sendTo(config: Config, region: Region, req: ForwardRequest): Promise<Response> {
  const outcome = await forward(region, req);
  record(config, region, outcome);
  if (outcome.kind === 'response') return outcome.response;
  throw new EdgeError(
    outcome.reason === 'timeout' ? 504 : 502,
    'region_unavailable',
    `region ${region.id} did not answer: ${outcome.reason} (${outcome.message})`,
    { headers: { 'retry-after': '1' } },
  );
}
