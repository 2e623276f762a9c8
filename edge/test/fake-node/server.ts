// A fake judge node for the edge's tests: real HTTP on 127.0.0.1, scriptable failures.
// Every path starts with a namespace (`/<ns>/v1/...`), so each test owns its own node.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import {
  REFERENCE_PROBLEM_HEADER,
  SIGNATURE_HEADER,
  SPEED_HEADER,
  sign,
  signaturesEqual,
  TIMESTAMP_HEADER,
} from '@judge/contract';

/**
 * What the node does with one request: `ok` answers like a node; `hang` never
 * answers; `reset` drops the connection once the request head arrived;
 * `accept-then-reset` takes the request (a submission is stored) and then drops
 * the connection instead of answering; `status:NNN` answers NNN.
 */
export type Action = 'ok' | 'hang' | 'reset' | 'accept-then-reset' | `status:${number}`;

export interface Recorded {
  method: string;
  /** The path and query the node saw, namespace included. */
  url: string;
  headers: Record<string, string>;
  body: string;
  action: Action;
}

interface Submission {
  id: string;
  language: string;
  createdAt: string;
}

interface Namespace {
  script: Action[];
  secret?: string;
  /** Sent as the speed header on every answer: a factor, or `none` (uncalibrated). */
  speed?: string;
  /** Problems whose time limits are for the reference machine: refused with 503 while `speed` is `none`. */
  referenceProblems: string[];
  requests: Recorded[];
  submissions: Map<string, Submission>;
  byKey: Map<string, string>;
  release: Array<() => void>;
}

export interface FakeNode {
  origin: string;
  /** An origin where nothing listens: connections are refused. */
  refusedOrigin: string;
  close(): Promise<void>;
}

const spaces = new Map<string, Namespace>();

function space(ns: string): Namespace {
  let s = spaces.get(ns);
  if (!s) {
    s = { script: [], requests: [], submissions: new Map(), byKey: new Map(), release: [], referenceProblems: [] };
    spaces.set(ns, s);
  }
  return s;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function result(s: Submission) {
  return {
    id: s.id,
    status: 'done',
    verdict: 'AC',
    score: 100,
    language: s.language,
    tests: [{ index: 1, verdict: 'AC', timeMs: 1, wallMs: 2, memoryKb: 1000, exitCode: 0, signal: null }],
    timeMs: 1,
    memoryKb: 1000,
    createdAt: s.createdAt,
    finishedAt: s.createdAt,
  };
}

async function verified(ns: Namespace, req: http.IncomingMessage, path: string, body: string): Promise<boolean> {
  if (!ns.secret) return true;
  const ts = String(req.headers[TIMESTAMP_HEADER] ?? '');
  const given = String(req.headers[SIGNATURE_HEADER] ?? '');
  return signaturesEqual(given, await sign(ns.secret, req.method ?? 'GET', path, ts, body));
}

/** Serves one request as a judge node would; returns false when the answer must not be sent. */
async function serve(ns: Namespace, req: http.IncomingMessage, res: http.ServerResponse, rest: string, body: string) {
  const url = new URL(rest, 'http://node');
  const parts = url.pathname.split('/').filter(Boolean);
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
  if (method === 'GET' && url.pathname === '/v1/languages') {
    return send(res, 200, [
      { id: 'cpp', name: 'C++', version: '12', aliases: ['c++'], extensions: ['.cpp'], compiled: true },
    ]);
  }
  if (method === 'GET' && url.pathname === '/api/v2/runtimes') {
    return send(res, 200, [{ language: 'c++', version: '12.2.0', aliases: ['cpp'] }]);
  }
  if (method === 'POST' && url.pathname === '/api/v2/execute') {
    return send(res, 200, { language: 'c++', version: '12.2.0', run: { stdout: 'hi\n', stderr: '', code: 0 } });
  }
  if (method === 'GET' && url.pathname === '/v1/problems') return send(res, 200, [{ id: 'aplusb' }]);
  if (parts[0] === 'v1' && parts[1] === 'problems' && parts.length === 3) {
    if (method === 'GET') return send(res, 200, { id: parts[2] });
    if (method === 'PUT') return send(res, 200, { id: parts[2], bytes: body.length });
  }
  if (method === 'POST' && url.pathname === '/v1/submissions') {
    const parsed = JSON.parse(body) as { language: string; problem?: string };
    // As a node whose workers are not calibrated refuses a time limit for the reference machine.
    if (ns.speed === 'none' && parsed.problem && ns.referenceProblems.includes(parsed.problem)) {
      return send(
        res,
        503,
        { error: { code: 'uncalibrated', message: `problem "${parsed.problem}" needs a calibrated region` } },
        { 'retry-after': '5', [REFERENCE_PROBLEM_HEADER]: parsed.problem },
      );
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    let id = key ? ns.byKey.get(key) : undefined;
    if (!id) {
      id = `n${randomUUID().slice(0, 8)}`;
      ns.submissions.set(id, { id, language: parsed.language, createdAt: new Date().toISOString() });
      if (key) ns.byKey.set(key, id);
    }
    const sub = ns.submissions.get(id)!;
    if (url.searchParams.get('wait') === 'true') return send(res, 200, result(sub));
    return send(res, 202, { id, status: 'queued' }, { location: `/v1/submissions/${id}` });
  }
  if (method === 'GET' && parts[0] === 'v1' && parts[1] === 'submissions' && parts[2]) {
    const sub = ns.submissions.get(decodeURIComponent(parts[2]));
    if (!sub) return send(res, 404, { error: { code: 'not_found', message: `no submission ${parts[2]}` } });
    if (parts[3] !== 'events') return send(res, 200, result(sub));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`event: status\ndata: ${JSON.stringify({ id: sub.id, status: 'running' })}\n\n`);
    // The rest waits for the test's go: a buffering edge would never hand the first event over.
    await new Promise<void>((resolve) => ns.release.push(resolve));
    res.write(`event: test\ndata: ${JSON.stringify({ index: 1, verdict: 'AC' })}\n\n`);
    res.write(`event: done\ndata: ${JSON.stringify(result(sub))}\n\n`);
    return res.end();
  }
  const judge0 = serveJudge0(ns, req, res, url, body);
  if (judge0) return;
  return send(res, 404, { error: { code: 'not_found', message: `no endpoint ${method} ${url.pathname}` } });
}

/** Judge0's routes as a node answers them, in small: tokens are the fake node's submission ids. */
function serveJudge0(ns: Namespace, req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) {
  const method = req.method ?? 'GET';
  const view = (s: Submission) => ({ token: s.id, stdout: 'hi\n', status: { id: 3, description: 'Accepted' } });
  const create = (language: string, key: string) => {
    let id = key ? ns.byKey.get(key) : undefined;
    if (!id) {
      id = `n${randomUUID().slice(0, 8)}`;
      ns.submissions.set(id, { id, language, createdAt: new Date().toISOString() });
      if (key) ns.byKey.set(key, id);
    }
    return ns.submissions.get(id)!;
  };
  const key = String(req.headers['idempotency-key'] ?? '');
  if (method === 'GET' && url.pathname === '/languages') {
    send(res, 200, [{ id: 71, name: 'Python (3.11.2)' }]);
    return true;
  }
  if (method === 'POST' && url.pathname === '/submissions') {
    const s = create(String((JSON.parse(body) as { language_id: unknown }).language_id), key);
    send(res, 201, url.searchParams.get('wait') === 'true' ? view(s) : { token: s.id });
    return true;
  }
  if (method === 'POST' && url.pathname === '/submissions/batch') {
    const { submissions } = JSON.parse(body) as { submissions: { language_id: unknown }[] };
    send(
      res,
      201,
      submissions.map((s, i) => ({ token: create(String(s.language_id), key && `${key}#${i}`).id })),
    );
    return true;
  }
  if (method === 'GET' && url.pathname === '/submissions/batch') {
    const tokens = (url.searchParams.get('tokens') ?? '').split(',');
    send(res, 200, {
      submissions: tokens.map((t) => {
        const s = ns.submissions.get(t);
        return s ? view(s) : null;
      }),
    });
    return true;
  }
  const token = /^\/submissions\/([^/]+)$/.exec(url.pathname)?.[1];
  if (method === 'GET' && token) {
    const s = ns.submissions.get(decodeURIComponent(token));
    if (s) send(res, 200, view(s));
    else send(res, 404, { error: 'Not Found' });
    return true;
  }
  return false;
}

async function control(req: http.IncomingMessage, res: http.ServerResponse, parts: string[], body: string) {
  const ns = space(parts[1]!);
  if (req.method === 'POST' && parts[2] === 'release') {
    for (const go of ns.release.splice(0)) go();
    return send(res, 200, { ok: true });
  }
  if (req.method === 'POST') {
    const { script, secret, speed, referenceProblems } = JSON.parse(body || '{}') as {
      script?: Action[];
      secret?: string;
      speed?: string;
      referenceProblems?: string[];
    };
    if (script) ns.script = [...script];
    if (secret !== undefined) ns.secret = secret;
    if (speed !== undefined) ns.speed = speed;
    if (referenceProblems) ns.referenceProblems = [...referenceProblems];
    return send(res, 200, { ok: true });
  }
  return send(res, 200, { requests: ns.requests, submissions: ns.submissions.size });
}

export async function startFakeNode(): Promise<FakeNode> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer(async (req, res) => {
    const rawUrl = req.url ?? '/';
    const parts = rawUrl.split('?')[0]!.split('/').filter(Boolean);
    if (parts[0] === '__ctl') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      return control(req, res, parts, Buffer.concat(chunks).toString('utf8'));
    }
    const ns = space(parts[0] ?? '');
    if (ns.speed !== undefined) res.setHeader(SPEED_HEADER, ns.speed);
    const action = ns.script.shift() ?? 'ok';
    const record: Recorded = {
      method: req.method ?? 'GET',
      url: rawUrl,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body: '',
      action,
    };
    ns.requests.push(record);
    if (action === 'reset') return req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    record.body = Buffer.concat(chunks).toString('utf8');
    if (action === 'hang') return;
    if (action.startsWith('status:')) {
      const status = Number(action.slice(7));
      return send(
        res,
        status,
        { error: { code: 'scripted', message: `scripted ${status}` } },
        status === 503 ? { 'retry-after': '2' } : {},
      );
    }
    const rest = `/${rawUrl.split('/').slice(2).join('/')}`;
    if (!(await verified(ns, req, rawUrl, record.body))) {
      return send(res, 401, { error: { code: 'bad_signature', message: 'bad signature' } });
    }
    if (action === 'accept-then-reset') {
      const sink = new http.ServerResponse(req);
      await serve(ns, req, sink, rest, record.body);
      return req.socket.destroy();
    }
    await serve(ns, req, res, rest, record.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const refusedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refusedOrigin: `http://127.0.0.1:${refusedPort}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
