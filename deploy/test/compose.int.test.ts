import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEPLOY_DIR, tool } from './tools.js';

// deploy/compose for real: docker-compose (Debian's) validates the file, then brings up the
// services this machine can build (the node image, Redis, PostgreSQL and Prometheus from Debian
// packages; Grafana needs a registry) on a network of their own, judges a submission signed as
// the edge signs it, and checks that Prometheus scrapes the API and every worker replica.
// Nothing is published on the host's 3000, 5432 or 6379: the API and Prometheus get free ports
// on loopback; Redis and PostgreSQL publish none.

const COMPOSE_DIR = join(DEPLOY_DIR, 'compose');
const project = `judgetest${randomBytes(3).toString('hex')}`;
const BUILT = ['redis', 'postgres', 'api', 'worker', 'prometheus'];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const env: Record<string, string> = {
  POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
  JUDGE_HMAC_SECRET: randomBytes(24).toString('hex'),
  DOCKER_GID: String(statSync('/var/run/docker.sock').gid),
  JUDGE_API_BIND: '127.0.0.1',
  PROMETHEUS_BIND: '127.0.0.1',
  GRAFANA_BIND: '127.0.0.1',
  JUDGE_WORKER_SLOTS: '1',
};

function compose(args: string[], timeoutMs = 600_000) {
  const r = tool('docker-compose', ['-p', project, ...args], { cwd: COMPOSE_DIR, env, timeoutMs });
  if (r.status !== 0) throw new Error(`docker-compose ${args.join(' ')} failed:\n${r.output.slice(-4000)}`);
  return r;
}

/**
 * A GET that gives up after 5 s: a connection made to a published port before the service in the
 * container listens can hang forever in Docker's userland proxy.
 */
function get(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(5000) });
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

let api: string;
let prometheus: string;
let up = false;

beforeAll(async () => {
  env.JUDGE_API_PORT = String(await freePort());
  env.PROMETHEUS_PORT = String(await freePort());
  env.GRAFANA_PORT = String(await freePort());
  api = `http://127.0.0.1:${env.JUDGE_API_PORT}`;
  prometheus = `http://127.0.0.1:${env.PROMETHEUS_PORT}`;
}, 60_000);

afterAll(() => {
  if (up) compose(['down', '-v', '--remove-orphans', '--timeout', '60'], 180_000);
}, 200_000);

describe('deploy/compose', () => {
  it('is a valid Compose file with the six services of a region', () => {
    const r = compose(['config']);
    const config = parse(r.stdout) as {
      services: Record<string, { ports?: unknown[]; volumes?: unknown[]; group_add?: unknown[] }>;
    };
    expect(Object.keys(config.services).sort()).toEqual([
      'api',
      'grafana',
      'postgres',
      'prometheus',
      'redis',
      'worker',
    ]);
    // Only the API, Prometheus and Grafana publish ports; Redis and PostgreSQL stay inside.
    expect(config.services.redis!.ports).toBeUndefined();
    expect(config.services.postgres!.ports).toBeUndefined();
    expect(JSON.stringify(config.services.worker!.volumes)).toContain('/var/run/docker.sock');
    expect(config.services.worker!.group_add).toEqual([env.DOCKER_GID]);
  });

  it('refuses to start without its secrets, naming the missing one', () => {
    const r = tool('docker-compose', ['-p', project, 'config'], {
      cwd: COMPOSE_DIR,
      env: { ...env, JUDGE_HMAC_SECRET: '' },
    });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('set JUDGE_HMAC_SECRET');
  });

  it('brings up a region that judges a submission and is scraped by its Prometheus', async () => {
    const image = tool(join(DEPLOY_DIR, 'image', 'build.sh'), ['--no-build'], { timeoutMs: 900_000 });
    expect(image.status, image.output).toBe(0);
    compose(['build', 'redis', 'postgres', 'prometheus'], 900_000);
    up = true;
    compose(['up', '-d', '--scale', 'worker=2', ...BUILT]);

    const health = await until('the region to be healthy with both workers', 240_000, async () => {
      const res = await get(`${api}/health`);
      const body = (await res.json()) as { status: string; workers?: { processes: number } };
      return res.ok && body.workers?.processes === 2 ? body : undefined;
    });
    expect(health).toMatchObject({ redis: 'ok', database: 'ok (postgres)', workers: { processes: 2, slots: 2 } });

    // Unsigned requests are refused: the node serves the edge.
    expect((await fetch(`${api}/v1/languages`)).status).toBe(401);
    const path = '/v1/submissions?wait=true';
    const body = JSON.stringify({
      language: 'python',
      source: 'a, b = map(int, input().split())\nprint(a + b)\n',
      tests: [{ input: '20 22', output: '42' }],
    });
    const timestamp = String(Date.now());
    const res = await fetch(`${api}${path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: await sign(env.JUDGE_HMAC_SECRET!, 'POST', path, timestamp, body),
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'done', verdict: 'AC', score: 100 });

    // Prometheus finds the API and both worker replicas (DNS), and reads the verdict from a worker.
    const targets = await until('Prometheus to scrape the API and both workers', 120_000, async () => {
      const r = (await (await get(`${prometheus}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: { job: string }; health: string }[] };
      };
      const judge = r.data.activeTargets.filter((t) => t.labels.job.startsWith('judge-'));
      return judge.length === 3 && judge.every((t) => t.health === 'up') ? judge : undefined;
    });
    expect(targets.map((t) => t.labels.job).sort()).toEqual(['judge-api', 'judge-worker', 'judge-worker']);
    await until('the verdict in Prometheus', 60_000, async () => {
      const q = new URLSearchParams({ query: 'sum(code_execution_job_duration_seconds_count{verdict="AC"})' });
      const r = (await (await get(`${prometheus}/api/v1/query?${q}`)).json()) as {
        data: { result: { value: [number, string] }[] };
      };
      return Number(r.data.result[0]?.value[1]) >= 1;
    });
  }, 1_500_000);
});
