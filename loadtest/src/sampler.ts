import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '@judge/contract';
import { buckets, findMetric, parseProm, type Scrape, total } from './prom.js';

/** A histogram at one scrape: count, sum and cumulative buckets [upper bound, count]. */
export interface HistogramSnapshot {
  count: number;
  sum: number;
  buckets: [number, number][];
}

/** What the node looked like at time t (epoch ms). Fields are absent when not measurable. */
export interface Sample {
  t: number;
  error?: string;
  queueDepth?: number;
  activeJobs?: number;
  workerSlots?: number;
  /** Busy worker slots / slots, 0-1. */
  utilization?: number;
  cpuSeconds?: number;
  /** CPU time of compiles and runs in the sandboxes, all languages (the node's counter). */
  sandboxCpuSeconds?: number;
  rssBytes?: number;
  heapUsedBytes?: number;
  handles?: number;
  openFds?: number;
  containers?: number;
  /** Share of the machine's CPU time that was busy since the previous sample, 0-1 (node on this machine). */
  hostCpuBusy?: number;
  queueWait?: HistogramSnapshot;
  jobDuration?: HistogramSnapshot;
  /** GET /health on the node (Redis ping, database ping, queue reads). */
  healthMs?: number;
  /** GET /v1/submissions/:id on the node: an API and database read. */
  readMs?: number;
  /** The same read through the edge. */
  edgeReadMs?: number;
}

/** Where each measured quantity comes from, or why it cannot be measured. */
export interface Sources {
  utilization?: string;
  containers?: string;
  hostCpu?: string;
  reads?: string;
  missing: string[];
}

export interface SamplerOptions {
  nodeUrl: string;
  /** The edge in front of the node, when the run goes through one. */
  edgeUrl?: string;
  apiKey?: string;
  intervalMs: number;
  /** Signs direct reads of a node that requires signatures (its JUDGE_HMAC_SECRET). */
  nodeSecret?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export function isLocal(url: string): boolean {
  return LOOPBACK.test(new URL(url).hostname);
}

function snapshot(s: Scrape, name: string): HistogramSnapshot | undefined {
  const count = total(s, `${name}_count`);
  const sum = total(s, `${name}_sum`);
  if (count === undefined || sum === undefined) return undefined;
  return { count, sum, buckets: [...buckets(s, name).entries()].sort((a, b) => a[0] - b[0]) };
}

function hostCpuTimes(): { busy: number; all: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const all = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: all - idle, all };
  } catch {
    return undefined;
  }
}

/** The pid of the process listening on a local TCP port (root sees every process), from /proc. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;
      if (Number.parseInt(f[1]!.split(':')[1] ?? '', 16) === port) inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {}
    }
  }
  return undefined;
}

function dockerGet(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: '/var/run/docker.sock', path, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`Docker API ${path}: HTTP ${res.statusCode}`));
        else if (!(res.headers['content-type'] ?? '').includes('json')) resolve(body);
        else {
          try {
            resolve(JSON.parse(body));
          } catch (e) {
            reject(e);
          }
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('Docker API timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Counts the sandbox containers of the node's process on this machine's Docker
 * (judge's sandbox labels: every sandbox, and the process that owns it).
 */
async function containerCounter(nodeUrl: string): Promise<{ count: () => Promise<number>; source: string } | string> {
  if (!isLocal(nodeUrl)) return 'the node is not on this machine and its /metrics has no container count';
  const { OWNER_LABEL, ownerOf, SANDBOX_LABEL } = await import('@judge/judge');
  const url = new URL(nodeUrl);
  const pid = pidListeningOn(Number(url.port || 80));
  const filters = encodeURIComponent(JSON.stringify({ label: [SANDBOX_LABEL] }));
  try {
    await dockerGet('/_ping');
  } catch (e) {
    return `Docker is not reachable at /var/run/docker.sock: ${(e as Error).message}`;
  }
  const owner = pid ? ownerOf(pid) : undefined;
  return {
    source: owner
      ? `Docker: containers labelled ${SANDBOX_LABEL} owned by the node's process (pid ${pid})`
      : `Docker: every container labelled ${SANDBOX_LABEL} (the node's process was not found)`,
    count: async () => {
      const list = (await dockerGet(`/containers/json?filters=${filters}`)) as { Labels?: Record<string, string> }[];
      return owner ? list.filter((c) => c.Labels?.[OWNER_LABEL] === owner).length : list.length;
    },
  };
}

async function timed(url: string, init: RequestInit): Promise<number | undefined> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.ok ? performance.now() - t0 : undefined;
  } catch {
    return undefined;
  }
}

/** Scrapes the node's /metrics and times a few reads every interval while a run goes on. */
export class Sampler {
  readonly samples: Sample[] = [];
  readonly sources: Sources = { missing: [] };
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = hostCpuTimes();
  private containers: (() => Promise<number>) | undefined;
  private probeId: { edge?: string; node: string } | undefined;
  private running: Promise<unknown> | undefined;
  private lastSignedAt = 0;

  constructor(private readonly o: SamplerOptions) {}

  /** Prepares what the samples need (the container count, a submission to read). */
  async prepare(): Promise<void> {
    const c = await containerCounter(this.o.nodeUrl).catch((e: Error) => e.message);
    if (typeof c === 'string') this.sources.containers = `not measurable: ${c}`;
    else {
      this.containers = c.count;
      this.sources.containers = c.source;
    }
    this.sources.hostCpu = isLocal(this.o.nodeUrl)
      ? '/proc/stat of this machine (the node runs here)'
      : 'not measurable: the node is not on this machine';
    await this.createProbe();
  }

  /** One submission to read back during the run: the API and database read path, through the edge and not. */
  private async createProbe(): Promise<void> {
    const base = this.o.edgeUrl ?? this.o.nodeUrl;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.o.edgeUrl && this.o.apiKey) headers.authorization = `Bearer ${this.o.apiKey}`;
    try {
      const res = await fetch(`${base}/v1/submissions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ language: 'python', source: 'print(1)\n' }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { id?: string };
      if (!res.ok || !body.id) throw new Error(`HTTP ${res.status}`);
      const nodeId = this.o.edgeUrl ? body.id.slice(body.id.indexOf('.') + 1) : body.id;
      this.probeId = { node: nodeId, ...(this.o.edgeUrl ? { edge: body.id } : {}) };
      const direct = await this.directRead();
      this.sources.reads =
        direct === undefined
          ? `GET /v1/submissions/:id${this.o.edgeUrl ? ' through the edge only' : ''}: the node refused an unsigned read (set JUDGE_HMAC_SECRET to the node's secret)`
          : `GET /v1/submissions/:id on the node${this.o.edgeUrl ? ' and through the edge, paired' : ''}`;
    } catch (e) {
      this.sources.reads = `not measurable: could not create a submission to read (${(e as Error).message})`;
    }
  }

  private async directRead(): Promise<number | undefined> {
    if (!this.probeId) return undefined;
    const path = `/v1/submissions/${this.probeId.node}`;
    const headers: Record<string, string> = {};
    if (this.o.nodeSecret) {
      // Strictly increasing timestamps: the node refuses a signature it has seen.
      this.lastSignedAt = Math.max(Date.now(), this.lastSignedAt + 1);
      const ts = String(this.lastSignedAt);
      headers[TIMESTAMP_HEADER] = ts;
      headers[SIGNATURE_HEADER] = await sign(this.o.nodeSecret, 'GET', path, ts, '');
    }
    return timed(`${this.o.nodeUrl}${path}`, { headers });
  }

  start(): void {
    const tick = () => {
      this.running = this.sample().finally(() => {
        this.running = undefined;
      });
    };
    tick();
    this.timer = setInterval(() => {
      if (!this.running) tick();
    }, this.o.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private missing(what: string): void {
    if (!this.sources.missing.includes(what)) this.sources.missing.push(what);
  }

  async sample(): Promise<Sample> {
    const t = Date.now();
    const s: Sample = { t };
    const [metrics, healthMs, readMs, edgeReadMs, containers] = await Promise.all([
      fetch(`${this.o.nodeUrl}/metrics`, { signal: AbortSignal.timeout(5000) })
        .then(async (r) => (r.ok ? r.text() : Promise.reject(new Error(`/metrics: HTTP ${r.status}`))))
        .catch((e: Error) => e),
      timed(`${this.o.nodeUrl}/health`, {}),
      this.directRead(),
      this.o.edgeUrl && this.probeId?.edge
        ? timed(`${this.o.edgeUrl}/v1/submissions/${this.probeId.edge}`, {
            headers: this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {},
          })
        : undefined,
      this.containers?.().catch(() => undefined),
    ]);
    if (healthMs !== undefined) s.healthMs = healthMs;
    if (readMs !== undefined) s.readMs = readMs;
    if (edgeReadMs !== undefined) s.edgeReadMs = edgeReadMs;
    const cpu = hostCpuTimes();
    if (cpu && this.lastCpu && cpu.all > this.lastCpu.all && isLocal(this.o.nodeUrl)) {
      s.hostCpuBusy = (cpu.busy - this.lastCpu.busy) / (cpu.all - this.lastCpu.all);
    }
    this.lastCpu = cpu;
    if (metrics instanceof Error) {
      s.error = metrics.message;
    } else {
      this.read(parseProm(metrics), s);
    }
    if (s.containers === undefined && containers !== undefined) s.containers = containers;
    this.samples.push(s);
    return s;
  }

  private read(m: Scrape, s: Sample): void {
    const get = (name: string, key: keyof Sample) => {
      const v = total(m, name);
      if (v === undefined || Number.isNaN(v)) this.missing(name);
      else (s as unknown as Record<string, number>)[key] = v;
    };
    get('code_execution_queue_depth', 'queueDepth');
    get('code_execution_active_jobs', 'activeJobs');
    get('code_execution_workers', 'workerSlots');
    get('process_cpu_seconds_total', 'cpuSeconds');
    get('code_execution_sandbox_cpu_seconds_total', 'sandboxCpuSeconds');
    get('process_resident_memory_bytes', 'rssBytes');
    get('nodejs_heap_size_used_bytes', 'heapUsedBytes');
    get('nodejs_active_handles_total', 'handles');
    get('process_open_fds', 'openFds');
    // Worker utilization: the node's own gauge where it has one, else busy slots over slots.
    const gauge = findMetric(m, /^code_execution_worker_utili[sz]ation(_ratio)?$/);
    if (gauge) {
      const list = m.get(gauge) ?? [];
      s.utilization = list.reduce((a, x) => a + x.value, 0) / Math.max(1, list.length);
      this.sources.utilization = `the node's ${gauge}`;
    } else if (s.activeJobs !== undefined && s.workerSlots) {
      s.utilization = Math.min(1, s.activeJobs / s.workerSlots);
      this.sources.utilization ??=
        'code_execution_active_jobs / code_execution_workers (the node has no utilization gauge)';
    }
    const containers = findMetric(m, /^(code_execution|judge)_(sandbox_)?containers$/);
    if (containers) {
      s.containers = total(m, containers);
      this.sources.containers = `the node's ${containers}`;
    }
    const wait = snapshot(m, 'code_execution_queue_wait_seconds');
    if (wait) s.queueWait = wait;
    else this.missing('code_execution_queue_wait_seconds');
    const job = snapshot(m, 'code_execution_job_duration_seconds');
    if (job) s.jobDuration = job;
    else this.missing('code_execution_job_duration_seconds');
  }
}
