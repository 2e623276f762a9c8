import { timingSafeEqual } from 'node:crypto';
import {
  type ApiKey,
  type BucketState,
  bearerToken,
  type Decision,
  hashApiKey,
  isJudge0Path,
  isSubmission,
  JUDGE0_AUTH_HEADER,
  planBuckets,
  rateLimitHeaders,
  rateLimitMessage,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  take,
} from '@judge/contract';
import type { Redis } from 'ioredis';
import type { NodeConfig } from '../config.js';
import { HttpError } from '../errors.js';
import { verifySignature } from './signature.js';

/** Who is calling, as far as the node can tell. */
export type Caller =
  /** A request signed with the HMAC secret: the edge (whose keys and limits were applied there), or an operator's `judge`. */
  | { kind: 'signed' }
  /** An API key of this node, limited by its plan. */
  | { kind: 'key'; key: ApiKey }
  /** The admin token. */
  | { kind: 'admin' }
  /** No credentials, on a node that has none configured and so serves this machine only. */
  | { kind: 'local' };

export interface RequestFacts {
  method: string;
  /** Path with query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

const header = (h: RequestFacts['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const unauthorized = (message: string) =>
  new HttpError(401, 'unauthorized', message, undefined, undefined, { 'www-authenticate': 'Bearer realm="judge"' });

/**
 * Who may call the node's API. A node with neither an HMAC secret nor API
 * keys is open, and serves this machine only. Otherwise every request to
 * `/v1` and `/api` carries a valid signature (the edge, or `judge` given the
 * secret), an API key of the node (`Authorization: Bearer <key>`, limited by
 * its plan, per node process), or the admin token.
 */
export class Access {
  /** No credentials configured: loopback only, no checks. */
  readonly open: boolean;
  private readonly keys: Map<string, ApiKey>;
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly config: Pick<NodeConfig, 'hmacSecret' | 'apiKeys' | 'plans' | 'adminToken'>,
    private readonly redis: Redis,
    /** Where signatures seen are remembered (replay protection). */
    private readonly replayKey: string,
  ) {
    this.keys = new Map(config.apiKeys.map((k) => [k.sha256, k]));
    this.open = !config.hmacSecret && config.apiKeys.length === 0;
  }

  /** The caller of a request, or 401 naming what is missing or wrong. */
  async caller(r: RequestFacts): Promise<Caller> {
    const secret = this.config.hmacSecret;
    const signed =
      header(r.headers, SIGNATURE_HEADER) !== undefined || header(r.headers, TIMESTAMP_HEADER) !== undefined;
    // An open node takes the edge's signed requests as they come: it has no secret to check them with.
    if (secret && signed) {
      await verifySignature({ secret, ...r, redis: this.redis, replayKey: this.replayKey });
      return { kind: 'signed' };
    }
    // Judge0's clients send their key as X-Auth-Token: taken as the Bearer token on Judge0's routes.
    const judge0Token = isJudge0Path(r.url.split('?')[0] ?? r.url) ? header(r.headers, JUDGE0_AUTH_HEADER) : undefined;
    const authorization = header(r.headers, 'authorization') ?? (judge0Token ? `Bearer ${judge0Token}` : undefined);
    const token = bearerToken(authorization);
    if (token && this.config.adminToken && sameText(token, this.config.adminToken)) return { kind: 'admin' };
    if (this.keys.size > 0 && authorization !== undefined) {
      if (!token) throw unauthorized('the Authorization header must be "Bearer <key>"');
      const key = this.keys.get(await hashApiKey(token));
      if (!key) throw unauthorized('unknown API key');
      return { kind: 'key', key };
    }
    if (this.open) return { kind: 'local' };
    const ways = [
      ...(secret ? ['signed with the HMAC secret (the edge; `judge` with JUDGE_HMAC_SECRET)'] : []),
      ...(this.keys.size > 0
        ? ['with an API key: Authorization: Bearer <key> (`judge --api-key`, JUDGE_API_KEY)']
        : []),
    ];
    throw unauthorized(`this node takes requests ${ways.join(', or ')}`);
  }

  /**
   * Takes a token from a key's plan bucket for this request (submissions and
   * reads apart, as at the edge): the decision, with the message of a refusal;
   * undefined for callers without a plan.
   */
  limit(
    caller: Caller,
    method: string,
    path: string,
    now = Date.now(),
  ): { decision: Decision; refusal: string } | undefined {
    if (caller.kind !== 'key') return undefined;
    const plan = this.config.plans[caller.key.plan];
    if (!plan) return undefined;
    const submit = isSubmission(method, path);
    const spec = planBuckets(plan)[submit ? 'submit' : 'read'];
    const id = `${caller.key.sha256}:${submit ? 'submit' : 'read'}`;
    const { state, decision } = take(this.buckets.get(id), spec, now);
    this.buckets.set(id, state);
    return { decision, refusal: rateLimitMessage(caller.key.name, submit, spec) };
  }

  /**
   * Takes `count - 1` more submissions from a key's bucket (a batch of `count`; the request took one): 429
   * when the plan cannot give them.
   */
  async charge(caller: Caller | undefined, count: number, now = Date.now()): Promise<void> {
    if (caller?.kind !== 'key' || count <= 1) return;
    const plan = this.config.plans[caller.key.plan];
    if (!plan) return;
    const spec = planBuckets(plan).submit;
    const id = `${caller.key.sha256}:submit`;
    const { state, decision } = take(this.buckets.get(id), spec, now, count - 1);
    this.buckets.set(id, state);
    if (!decision.allowed) {
      throw new HttpError(
        429,
        'rate_limited',
        rateLimitMessage(caller.key.name, true, spec),
        undefined,
        decision.retryAfterS,
        rateLimitHeaders(decision),
      );
    }
  }

  /** Whether the caller may upload problems: an admin key, or the admin token (the edge forwards it as the Bearer). */
  mayUpload(caller: Caller, authorization: string | undefined): boolean {
    if (caller.kind === 'admin' || (caller.kind === 'key' && caller.key.admin)) return true;
    const token = bearerToken(authorization);
    return Boolean(token && this.config.adminToken && sameText(token, this.config.adminToken));
  }
}
