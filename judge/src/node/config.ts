import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS, limitsWithDefaults, type ResolvedLimits } from '@judge/contract';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The queue SPEC §1 names. */
export const QUEUE_NAME = 'code-execution-jobs';

/** The largest limits a submission may ask for, unless configured. */
export const DEFAULT_CAPS: ResolvedLimits = { timeMs: 10_000, memoryMb: 1024, outputKb: 65_536 };

function dataHome(): string {
  return process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
}

/** A judge node's settings: flags over env vars over the config file over these defaults. */
export const NodeConfigSchema = z
  .object({
    /** HTTP port of the API. @defaultValue 3000 */
    port: z.number().int().min(0).max(65_535).default(3000),
    /** Address to listen on; without an HMAC secret the node binds loopback whatever this says. @defaultValue 0.0.0.0 */
    host: z.string().min(1).default('0.0.0.0'),
    /** @defaultValue redis://127.0.0.1:6379 */
    redisUrl: z.string().min(1).default('redis://127.0.0.1:6379'),
    /** PostgreSQL; absent: an embedded PostgreSQL (PGlite) in `dataDir`. */
    databaseUrl: z.string().min(1).optional(),
    /** PostgreSQL schema for the node's tables. @defaultValue public */
    databaseSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('public'),
    /** Submissions judged at once in this process; 0 for an API-only node. @defaultValue 2 */
    workers: z.number().int().min(0).max(256).default(2),
    /** Waiting jobs past which submissions are refused with 503. @defaultValue 1000 */
    maxQueueDepth: z.number().int().min(1).default(1000),
    /** How long `?wait=true` holds a request. @defaultValue 30000 */
    maxWaitMs: z.number().int().min(0).max(600_000).default(30_000),
    /** The largest limits a submission may ask for. */
    caps: limitsWithDefaults(DEFAULT_CAPS),
    /** Limits where neither the submission nor its problem sets them. */
    defaults: limitsWithDefaults(DEFAULT_LIMITS),
    /** Shared secret of edge-signed requests; absent: unsigned requests, loopback only. */
    hmacSecret: z.string().min(16, 'the HMAC secret needs at least 16 characters').optional(),
    /** Bearer token for `PUT /v1/problems/:id`; absent: uploads refused. */
    adminToken: z.string().min(8).optional(),
    /** Embedded database, compile cache. @defaultValue $XDG_DATA_HOME/judge/node */
    dataDir: z
      .string()
      .min(1)
      .default(join(dataHome(), 'judge', 'node')),
    /** Language packs. @defaultValue ./languages */
    languagesDir: z.string().min(1).default('languages'),
    /** Problems on disk, imported into the database on start. */
    problemsDir: z.string().min(1).optional(),
    /** Compile cache; `false` to turn it off. @defaultValue `<dataDir>/compile-cache` */
    cacheDir: z.union([z.string().min(1), z.literal(false)]).optional(),
    /** BullMQ queue name. @defaultValue code-execution-jobs */
    queueName: z.string().min(1).default(QUEUE_NAME),
    /** Redis key prefix of the queue. @defaultValue bull */
    redisPrefix: z.string().min(1).default('bull'),
    /** A job whose worker stops renewing its lock this long is stalled and taken up again. @defaultValue 30000 */
    lockDurationMs: z.number().int().min(1000).default(30_000),
    /** How often workers look for stalled jobs. @defaultValue 15000 */
    stalledIntervalMs: z.number().int().min(500).default(15_000),
    /** How often the sweeper compares PostgreSQL with the queue. @defaultValue 5000 */
    sweepIntervalMs: z.number().int().min(100).default(5000),
    /** Age after which an unfinished submission missing from Redis is queued again. @defaultValue 10000 */
    sweepGraceMs: z.number().int().min(0).default(10_000),
    /** Largest request body, except problem uploads. @defaultValue 8192 */
    bodyLimitKb: z.number().int().min(64).default(8192),
    /** Largest problem upload. @defaultValue 256 */
    problemLimitMb: z.number().int().min(1).default(256),
    /** A separate worker process serves /metrics and /health on this port; 0: none. @defaultValue 0 */
    metricsPort: z.number().int().min(0).max(65_535).default(0),
    /** Longest a job may run before it is abandoned as IE. @defaultValue 300000 */
    jobTimeoutMs: z.number().int().min(1000).default(300_000),
    /** @defaultValue info */
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .strict();
export type NodeConfig = z.infer<typeof NodeConfigSchema>;
export type NodeConfigInput = z.input<typeof NodeConfigSchema>;

/** Env vars and the config keys they set. */
export const ENV_KEYS: Record<string, keyof NodeConfigInput | `${'caps' | 'defaults'}.${string}`> = {
  JUDGE_PORT: 'port',
  PORT: 'port',
  JUDGE_HOST: 'host',
  REDIS_URL: 'redisUrl',
  DATABASE_URL: 'databaseUrl',
  JUDGE_DATABASE_SCHEMA: 'databaseSchema',
  JUDGE_WORKERS: 'workers',
  JUDGE_MAX_QUEUE_DEPTH: 'maxQueueDepth',
  JUDGE_MAX_WAIT_MS: 'maxWaitMs',
  JUDGE_HMAC_SECRET: 'hmacSecret',
  JUDGE_ADMIN_TOKEN: 'adminToken',
  JUDGE_DATA_DIR: 'dataDir',
  JUDGE_LANGUAGES_DIR: 'languagesDir',
  JUDGE_PROBLEMS_DIR: 'problemsDir',
  JUDGE_CACHE_DIR: 'cacheDir',
  JUDGE_QUEUE: 'queueName',
  JUDGE_METRICS_PORT: 'metricsPort',
  JUDGE_LOG_LEVEL: 'logLevel',
  JUDGE_CAP_TIME_MS: 'caps.timeMs',
  JUDGE_CAP_MEMORY_MB: 'caps.memoryMb',
  JUDGE_CAP_OUTPUT_KB: 'caps.outputKb',
};

const NUMERIC = new Set([
  'port',
  'workers',
  'maxQueueDepth',
  'maxWaitMs',
  'metricsPort',
  'caps.timeMs',
  'caps.memoryMb',
  'caps.outputKb',
]);

type Loose = Record<string, unknown>;

function setPath(target: Loose, path: string, value: unknown): void {
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ?? {}) as Loose;
  inner[tail] = value;
  target[head] = inner;
}

/** Config keys set by env vars; numbers parsed so that zod reports a bad one by name. */
export function configFromEnv(env: NodeJS.ProcessEnv): Loose {
  const out: Loose = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (NUMERIC.has(key)) value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (key === 'cacheDir' && raw === 'false') value = false;
    setPath(out, key, value);
  }
  return out;
}

function merge(...layers: Loose[]): Loose {
  const out: Loose = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      const prev = out[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object') {
        out[k] = { ...(prev as Loose), ...(v as Loose) };
      } else {
        out[k] = v;
      }
    }
  }
  return out;
}

/** Where the config file is looked for when none is named. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'judge', 'node.yaml');
}

/** A bad config: the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Command-line flags (highest precedence). */
  flags?: Loose;
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** A YAML or JSON file; `JUDGE_NODE_CONFIG` or the default path when absent (a missing default file is fine). */
  file?: string;
  /** Defaults of the caller (the CLI's languages dir), below everything else. */
  defaults?: Loose;
}

/** Flags > env > config file > defaults, validated as one. Throws ConfigError listing every issue. */
export function loadConfig(opts: LoadConfigOptions = {}): NodeConfig {
  const env = opts.env ?? process.env;
  const named = opts.file ?? env.JUDGE_NODE_CONFIG;
  const path = named ?? defaultConfigFile(env);
  let fromFile: Loose = {};
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (named) throw new ConfigError(`${path}: cannot read the config file: ${(e as Error).message}`);
  }
  if (text !== undefined) {
    try {
      fromFile = (parseYaml(text) ?? {}) as Loose;
    } catch (e) {
      throw new ConfigError(`${path}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    if (typeof fromFile !== 'object' || Array.isArray(fromFile)) throw new ConfigError(`${path}: not a mapping`);
  }
  const merged = merge(opts.defaults ?? {}, fromFile, configFromEnv(env), opts.flags ?? {});
  const parsed = NodeConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid node configuration:\n  ${list.join('\n  ')}`);
  }
  const config = parsed.data;
  config.dataDir = resolve(config.dataDir);
  config.languagesDir = resolve(config.languagesDir);
  if (config.problemsDir) config.problemsDir = resolve(config.problemsDir);
  if (typeof config.cacheDir === 'string') config.cacheDir = resolve(config.cacheDir);
  return config;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string): boolean {
  return LOOPBACK.test(address);
}
