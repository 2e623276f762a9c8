import { spawnSync } from 'node:child_process';
import { locustVersion } from './locust.js';
import { chromiumBinary } from './report.js';

/** One item of the pre-test checklist. */
export interface CheckItem {
  name: string;
  ok: boolean;
  detail: string;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

interface NodeHealth {
  status?: string;
  redis?: string;
  database?: string;
  workers?: { slots?: number; processes?: number } | string;
  queue?: { depth?: number; active?: number; name?: string };
}

/** Is the target an edge (its /health lists regions) rather than a node? */
export async function isEdge(target: string): Promise<boolean> {
  try {
    const { body } = await getJson(`${target}/health`);
    return Array.isArray((body as { regions?: unknown }).regions);
  } catch {
    return false;
  }
}

export interface ChecklistOptions {
  target: string;
  node: string;
  throughEdge: boolean;
  apiKey?: string;
  languages: string[];
  /** How long to wait for a busy queue to empty before refusing. */
  waitEmptyMs: number;
  /** Check the tools too (locust, chromium). */
  tools: boolean;
}

/** The plan's pre-test checklist, against the node (and the edge in front of it). */
export async function runChecklist(o: ChecklistOptions): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  const add = (name: string, ok: boolean, detail: string) => items.push({ name, ok, detail });

  if (o.tools) {
    try {
      add('locust', true, locustVersion());
    } catch (e) {
      add('locust', false, (e as Error).message);
    }
    const c = spawnSync(chromiumBinary(), ['--version'], { encoding: 'utf8', timeout: 30_000 });
    add(
      'chromium (charts)',
      !c.error && c.status === 0,
      c.error
        ? `${chromiumBinary()} not found: apt-get install chromium (or set CHROMIUM)`
        : (c.stdout.trim().split('\n').pop() ?? ''),
    );
  }

  if (o.throughEdge) {
    try {
      const { status, body } = await getJson(`${o.target}/health`);
      const regions = (body as { regions?: { id: string; healthy: boolean }[] }).regions ?? [];
      add(
        'edge answers',
        status === 200,
        `${o.target}/health: HTTP ${status}, regions ${regions.map((r) => `${r.id} ${r.healthy ? 'healthy' : 'down'}`).join(', ')}`,
      );
    } catch (e) {
      add('edge answers', false, `${o.target}/health: ${(e as Error).message}`);
    }
    add(
      'API key',
      Boolean(o.apiKey),
      o.apiKey
        ? 'given (its plan must allow the scenario rate: the loadtest plan)'
        : 'through an edge the run needs --api-key of a key on the loadtest plan (the anonymous plan throttles it)',
    );
  }

  let health: NodeHealth | undefined;
  try {
    const { status, body } = await getJson(`${o.node}/health`);
    health = body as NodeHealth;
    add(
      'node health',
      status === 200 && health.status === 'ok',
      `${o.node}/health: HTTP ${status} ${health.status ?? ''}`,
    );
  } catch (e) {
    add('node health', false, `${o.node}/health does not answer: ${(e as Error).message}`);
  }
  if (health) {
    add('Redis', health.redis === 'ok', `the node's Redis ping: ${health.redis ?? 'not reported'}`);
    const db = health.database ?? 'not reported';
    add(
      'PostgreSQL',
      db.startsWith('ok (postgres'),
      db.startsWith('ok (pglite')
        ? 'the node keeps its data in an embedded PGlite, not PostgreSQL: start it with DATABASE_URL'
        : `the node's database: ${db}`,
    );
    const slots = typeof health.workers === 'object' ? (health.workers.slots ?? 0) : 0;
    add(
      'workers',
      slots > 0,
      slots > 0
        ? `${slots} worker slots in ${typeof health.workers === 'object' ? health.workers.processes : '?'} processes`
        : 'no worker slots are alive on the queue: start the node with --workers N or run `judge worker`',
    );
    // The queue must be empty: what a previous run left would be measured as this one's.
    let q = health.queue;
    const until = Date.now() + o.waitEmptyMs;
    while (q && ((q.depth ?? 0) > 0 || (q.active ?? 0) > 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      q = ((await getJson(`${o.node}/health`).catch(() => ({ body: {} }))).body as NodeHealth).queue;
    }
    add(
      'queue empty',
      q !== undefined && (q.depth ?? 0) === 0 && (q.active ?? 0) === 0,
      q ? `queue ${q.name ?? ''}: ${q.depth} waiting, ${q.active} active` : 'the node did not report its queue',
    );
  }
  try {
    const res = await fetch(`${o.node}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    add(
      'metrics',
      res.ok && text.includes('code_execution_queue_depth'),
      res.ok ? `${o.node}/metrics answers` : `${o.node}/metrics: HTTP ${res.status}`,
    );
  } catch (e) {
    add('metrics', false, `${o.node}/metrics does not answer: ${(e as Error).message}`);
  }
  try {
    const headers: Record<string, string> = o.apiKey && o.throughEdge ? { authorization: `Bearer ${o.apiKey}` } : {};
    const { status, body } = await getJson(`${o.target}/v1/languages`, headers);
    if (status === 401) add('languages', false, `${o.target} refused the API key (HTTP 401)`);
    else {
      const ids = new Set(
        (Array.isArray(body) ? (body as { id?: string; aliases?: string[] }[]) : []).flatMap((l) => [
          l.id ?? '',
          ...(l.aliases ?? []),
        ]),
      );
      const missing = o.languages.filter((l) => !ids.has(l));
      add(
        'languages',
        status === 200 && missing.length === 0,
        status !== 200
          ? `${o.target}/v1/languages: HTTP ${status}`
          : missing.length
            ? `the target lacks ${missing.join(', ')} (judge lang build)`
            : `all ${o.languages.length} languages of the mix`,
      );
    }
  } catch (e) {
    add('languages', false, `${o.target}/v1/languages: ${(e as Error).message}`);
  }
  return items;
}
