// Test harness inside workerd: per-test fake regions on the fake judge node, an env built
// from them, and requests through the Worker's own fetch handler.

import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { sha256Hex } from '@judge/contract';
import type { Env } from '../../src/env.js';
import worker from '../../src/index.js';

export interface FakeRegion {
  id: string;
  lat: number;
  lon: number;
  ns: string;
  url: string;
  secret: string;
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  action: string;
}

export type Action = 'ok' | 'hang' | 'reset' | 'accept-then-reset' | `status:${number}`;

/** A region backed by its own namespace on the fake node, or by a port where nothing listens. */
export function fakeRegion(id: string, opts: { lat?: number; lon?: number; refused?: boolean } = {}): FakeRegion {
  const ns = `${id}-${crypto.randomUUID()}`;
  const origin = opts.refused ? env.REFUSED_ORIGIN : env.FAKE_NODE_ORIGIN;
  return {
    id,
    lat: opts.lat ?? 0,
    lon: opts.lon ?? 0,
    ns,
    url: `${origin}/${ns}`,
    secret: `secret-of-${id}-0123456789`,
  };
}

async function ctl(r: FakeRegion, suffix = '', body?: unknown): Promise<unknown> {
  const res = await fetch(`${env.FAKE_NODE_ORIGIN}/__ctl/${r.ns}${suffix}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fake node control: HTTP ${res.status}`);
  return res.json();
}

/** The next requests to the region get these actions, in order; then `ok`. */
export const script = (r: FakeRegion, actions: Action[]) => ctl(r, '', { script: actions });
/** The region checks signatures with its secret and answers 401 to a bad one. */
export const requireSignatures = (r: FakeRegion) => ctl(r, '', { secret: r.secret });
/**
 * The region's calibration as its answers state it (a factor, or `none`), and
 * the problems whose reference time limits it refuses while uncalibrated.
 */
export const calibration = (r: FakeRegion, speed: string, referenceProblems: string[] = []) =>
  ctl(r, '', { speed, referenceProblems });
/** Lets the region's open event streams go on. */
export const release = (r: FakeRegion) => ctl(r, '/release', {});
export async function received(r: FakeRegion): Promise<Recorded[]> {
  return ((await ctl(r)) as { requests: Recorded[] }).requests;
}
/** How many distinct submissions the region stored. */
export async function stored(r: FakeRegion): Promise<number> {
  return ((await ctl(r)) as { submissions: number }).submissions;
}

export const PLANS = {
  anonymous: { ratePerMinute: 600, burst: 100 },
  standard: { ratePerMinute: 600, burst: 100 },
  tiny: { ratePerMinute: 60, burst: 5 },
  loadtest: { ratePerMinute: 1000, burst: 1000 },
};

export interface TestKey {
  key: string;
  name: string;
  sha256: string;
  plan: string;
  admin: boolean;
}

/** A fresh API key, so that no two tests share a rate limiter. */
export async function newKey(plan: keyof typeof PLANS | string, admin = false): Promise<TestKey> {
  const key = `jk_${crypto.randomUUID().replaceAll('-', '')}`;
  return { key, name: `${plan}-${key.slice(3, 11)}`, sha256: await sha256Hex(key), plan, admin };
}

/** An env whose regions are the given fake ones; the per-IP first line is off unless `vars` sets it. */
export function makeEnv(regions: FakeRegion[], keys: TestKey[] = [], vars: Partial<Env> = {}): Env {
  return {
    ...env,
    IP_LIMITER: undefined,
    REGIONS: JSON.stringify(regions.map(({ id, url, lat, lon, secret }) => ({ id, url, lat, lon, secret }))),
    PLANS: JSON.stringify(PLANS),
    API_KEYS: JSON.stringify(keys.map(({ name, sha256, plan, admin }) => ({ name, sha256, plan, admin }))),
    ANON_PLAN: 'anonymous',
    ...vars,
  };
}

export interface CallInit extends RequestInit {
  key?: string;
  /** CF-Connecting-IP. @defaultValue a random address */
  ip?: string;
  cf?: { latitude: string; longitude: string };
  json?: unknown;
}

/** A request through the Worker's fetch handler, as Cloudflare would deliver it. */
export async function call(e: Env, path: string, init: CallInit = {}): Promise<Response> {
  const { key, ip, cf, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('cf-connecting-ip', ip ?? `10.${rnd()}.${rnd()}.${rnd()}`);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(`https://edge.test${path}`, {
    ...rest,
    headers,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    ...(cf ? { cf } : {}),
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, e, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const rnd = () => Math.floor(Math.random() * 250) + 1;

export const SUBMISSION = { language: 'cpp', source: 'int main() { return 0; }' };

/** POST /v1/submissions with the default body. */
export function submit(e: Env, init: CallInit = {}, query = ''): Promise<Response> {
  return call(e, `/v1/submissions${query}`, { method: 'POST', json: SUBMISSION, ...init });
}
