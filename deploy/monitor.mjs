#!/usr/bin/env node
// `npm run monitor`: a Prometheus on this machine (Debian's package, loopback
// only) scraping a judge node with the rules of deploy/prometheus/rules.yml,
// so the dashboard's queries and the alerts can be tried against a real node.
//   npm run monitor -- --node http://127.0.0.1:3000 [--worker http://127.0.0.1:9464]... [--port 9090]
// The integration test of the dashboard starts it the same way.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const RULES_FILE = join(here, 'prometheus', 'rules.yml');

function hostPort(url) {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error(`${url}: only http:// targets are supported here`);
  return { target: u.host, path: u.pathname === '/' ? '/metrics' : u.pathname };
}

/** A scrape config for the given API nodes and worker metrics ports, as JSON (a subset of YAML). */
export function prometheusConfig({ api = [], workers = [], scrapeIntervalS = 5, region } = {}) {
  const job = (name, urls) => {
    const targets = urls.map(hostPort);
    return {
      job_name: name,
      scrape_interval: `${scrapeIntervalS}s`,
      metrics_path: targets[0]?.path ?? '/metrics',
      static_configs: [{ targets: targets.map((t) => t.target), ...(region ? { labels: { region } } : {}) }],
    };
  };
  const jobs = [];
  if (api.length > 0) jobs.push(job('judge-api', api));
  if (workers.length > 0) jobs.push(job('judge-worker', workers));
  if (jobs.length === 0) throw new Error('nothing to scrape: give a node (--node URL) or a worker (--worker URL)');
  return {
    global: { scrape_interval: `${scrapeIntervalS}s`, evaluation_interval: `${scrapeIntervalS}s` },
    rule_files: ['rules.yml'],
    scrape_configs: jobs,
  };
}

async function ready(url, proc, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus did not become ready at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts Debian's `prometheus` on 127.0.0.1:port with this config and the
 * judge's rules, its data in a temporary directory removed on stop.
 */
export async function startPrometheus({ config, port, log = () => {}, binary = 'prometheus' }) {
  const dir = mkdtempSync(join(tmpdir(), 'judge-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  copyFileSync(RULES_FILE, join(dir, 'rules.yml'));
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (b) => {
    output += b.toString();
    log(b.toString());
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    proc.once('spawn', resolve);
    proc.once('error', (e) =>
      reject(
        new Error(
          e.code === 'ENOENT'
            ? `${binary} is not installed: scripts/bootstrap.sh installs it`
            : `${binary}: ${e.message}`,
        ),
      ),
    );
  });
  try {
    await ready(url, proc, 30_000);
  } catch (e) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${output}`);
  }
  return {
    url,
    dir,
    output: () => output,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function parseArgs(argv) {
  const opts = { api: [], workers: [], port: 9090, interval: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--node') opts.api.push(value);
    else if (flag === '--worker') opts.workers.push(value);
    else if (flag === '--port') opts.port = Number(value);
    else if (flag === '--interval') opts.interval = Number(value);
    else throw new Error(`unknown option ${flag} (--node URL, --worker URL, --port N, --interval SECONDS)`);
  }
  if (opts.api.length + opts.workers.length === 0) opts.api.push('http://127.0.0.1:3000');
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error('--port: 1 to 65535');
  if (!(opts.interval >= 1)) throw new Error('--interval: seconds, 1 or more');
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const config = prometheusConfig({ api: opts.api, workers: opts.workers, scrapeIntervalS: opts.interval });
    const prom = await startPrometheus({ config, port: opts.port, log: (l) => process.stderr.write(l) });
    console.log(`Prometheus at ${prom.url} scraping ${[...opts.api, ...opts.workers].join(', ')} (Ctrl-C stops it)`);
    console.log(`alerts: ${prom.url}/alerts   targets: ${prom.url}/targets`);
    const stop = () => prom.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(`monitor: ${e.message}`);
    process.exit(2);
  }
}
