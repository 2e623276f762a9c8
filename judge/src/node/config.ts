import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ApiKeySchema,
  apiKeyIssues,
  DEFAULT_LIMITS,
  DEFAULT_PLANS,
  LIMIT_FIELDS,
  PlansSchema,
  type ResolvedLimits,
} from '@judge/contract';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaultCalibrationFile } from '../calibrate/calibrate.js';

/** The default queue. */
export const QUEUE_NAME = 'code-execution-jobs';

/** The largest limits a submission may ask for, unless configured. */
export const DEFAULT_CAPS: ResolvedLimits = { timeMs: 10_000, memoryMb: 1024, outputKb: 65_536 };

/**
 * How a setting is documented and given: its description, the environment
 * variables that set it, and the command-line flag of `judge serve` and
 * `judge worker` (`for`: only one of them). docs/configuration.md, the
 * environment reader, the CLI's flags and the error messages all read this.
 */
export interface SettingDoc {
  description: string;
  /** Environment variables that set it, the first one preferred. */
  env?: string[];
  /** The flag's name, without dashes. */
  flag?: string;
  /** The flag's one-letter form. */
  char?: string;
  /** The flag only on this command. */
  for?: 'serve' | 'worker';
  /** Shown as `(set)`, never as its value. */
  secret?: boolean;
  /** The default as documentation shows it, when it depends on the machine. */
  shownDefault?: string;
}

const setting = <T extends z.ZodType>(schema: T, doc: SettingDoc): T => schema.meta({ ...doc }) as T;

function dataHome(): string {
  return process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
}

/** Caps or defaults: the contract's limit fields, each with its default and its variable. */
function limitSettings(defaults: ResolvedLimits, what: string, prefix: string | undefined) {
  const field = (key: keyof ResolvedLimits, unit: string, env: string) =>
    setting((LIMIT_FIELDS[key] as z.ZodNumber).default(defaults[key]), {
      description: `${what}: ${unit}.`,
      ...(prefix ? { env: [`${prefix}_${env}`] } : {}),
    });
  return z
    .object({
      timeMs: field('timeMs', 'CPU time per test, ms', 'TIME_MS'),
      memoryMb: field('memoryMb', 'memory per test, MiB', 'MEMORY_MB'),
      outputKb: field('outputKb', 'stdout per test, KiB', 'OUTPUT_KB'),
    })
    .strict()
    .default(defaults);
}

/** A judge node's settings: flags over environment variables over the config file over these defaults. */
export const NodeConfigSchema = z
  .object({
    port: setting(z.number().int().min(0).max(65_535).default(3000), {
      description: 'HTTP port of the API (0: any free port).',
      env: ['JUDGE_PORT', 'PORT'],
      flag: 'port',
      char: 'p',
      for: 'serve',
    }),
    host: setting(z.string().min(1).default('0.0.0.0'), {
      description:
        'Address to listen on. A node with neither an HMAC secret nor API keys serves this machine only, whatever this says.',
      env: ['JUDGE_HOST'],
      flag: 'host',
      for: 'serve',
    }),
    redisUrl: setting(z.string().min(1).default('redis://127.0.0.1:6379'), {
      description: 'Redis, where the queue lives.',
      env: ['REDIS_URL'],
      flag: 'redis-url',
    }),
    databaseUrl: setting(z.string().min(1).optional(), {
      description:
        'PostgreSQL, the record of truth. Absent: an embedded PostgreSQL (PGlite) in `dataDir`, which one `judge serve` process owns.',
      env: ['DATABASE_URL'],
      flag: 'database-url',
    }),
    databaseSchema: setting(
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL schema name: lowercase letters, digits and _')
        .default('public'),
      { description: "PostgreSQL schema of the node's tables.", env: ['JUDGE_DATABASE_SCHEMA'] },
    ),
    workers: setting(
      z
        .preprocess(
          (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
          z.union([z.literal('auto'), z.number().int().min(0).max(256)], {
            error: 'a number of worker slots (0 to 256) or auto',
          }),
        )
        .default('auto'),
      {
        description:
          "Submissions judged at once in this process; 0 for an API-only node; `auto`: as many as this machine's calibration found best (`judge calibrate`), one per core when calibration is off.",
        env: ['JUDGE_WORKERS'],
        flag: 'workers',
        char: 'w',
      },
    ),
    calibrate: setting(z.enum(['auto', 'off']).default('auto'), {
      description:
        "`auto`: use this machine's calibration (its speed against the reference machine, and the best number of worker slots), measuring it first when it is missing or stale (about a minute, once per machine and set of language images); `off`: none, and problems whose time limits are for the reference machine are refused.",
      env: ['JUDGE_CALIBRATE'],
      flag: 'calibrate',
    }),
    calibrationFile: setting(z.string().min(1).default(defaultCalibrationFile()), {
      description: 'Where the calibration is kept (one per machine: every node of the machine shares it).',
      env: ['JUDGE_CALIBRATION_FILE'],
      shownDefault: '$XDG_CACHE_HOME/judge/calibration.json',
    }),
    maxQueueDepth: setting(z.number().int().min(1).default(1000), {
      description: 'Waiting jobs past which new submissions are refused with 503.',
      env: ['JUDGE_MAX_QUEUE_DEPTH'],
      flag: 'max-queue-depth',
      for: 'serve',
    }),
    maxWaitMs: setting(z.number().int().min(0).max(600_000).default(30_000), {
      description: 'How long `?wait=true` (and Piston’s execute) holds a request for the verdict, ms.',
      env: ['JUDGE_MAX_WAIT_MS'],
      flag: 'max-wait-ms',
      for: 'serve',
    }),
    caps: setting(limitSettings(DEFAULT_CAPS, 'The largest a submission may ask for', 'JUDGE_CAP'), {
      description: 'The largest limits a submission may ask for (within the bounds of the API).',
    }),
    defaults: setting(
      limitSettings(DEFAULT_LIMITS, 'Where neither the submission nor its problem sets it', undefined),
      {
        description: 'Limits where neither the submission nor its problem sets them.',
      },
    ),
    hmacSecret: setting(z.string().min(16, 'the HMAC secret needs at least 16 characters').optional(), {
      description:
        'Shared secret of requests signed by the edge (and by `judge` given the same secret). With it, or with API keys, the node listens on `host` and every API request must be signed or carry a key.',
      env: ['JUDGE_HMAC_SECRET'],
      secret: true,
    }),
    apiKeys: setting(z.array(ApiKeySchema).default([]), {
      description:
        'API keys, as the edge takes them: `[{name, sha256, plan, admin?}]`, `sha256` being the SHA-256 (hex) of the key. A request with `Authorization: Bearer <key>` is limited by its plan; an `admin` key may upload problems. The environment variable takes the same JSON as the edge’s `API_KEYS`.',
      env: ['JUDGE_API_KEYS'],
    }),
    plans: setting(PlansSchema.default(DEFAULT_PLANS), {
      description:
        'Rate plans of the API keys, as the edge takes them: `{name: {ratePerMinute, burst, readRatePerMinute?, readBurst?}}`, counted per node process. The environment variable takes the same JSON as the edge’s `PLANS`.',
      env: ['JUDGE_PLANS'],
    }),
    adminToken: setting(z.string().min(8, 'the admin token needs at least 8 characters').optional(), {
      description:
        'Bearer token that may upload problems (`PUT /v1/problems/:id`, `judge problem push --token`). Absent: only admin API keys may.',
      env: ['JUDGE_ADMIN_TOKEN'],
      secret: true,
    }),
    callbackSecret: setting(z.string().min(16, 'the callback secret needs at least 16 characters').optional(), {
      description:
        'Signs callbacks (`callbackUrl`, Judge0’s `callback_url`): HMAC-SHA256 over the timestamp and the body, in `x-judge-callback-signature` (docs/api.md, Callbacks). Give it to the callers who verify them; never the HMAC secret. Absent: a submission with a callback URL is refused.',
      env: ['JUDGE_CALLBACK_SECRET'],
      secret: true,
    }),
    callbackAllowPrivate: setting(z.boolean().default(false), {
      description:
        'Deliver callbacks to loopback, private, link-local and other non-public addresses too (a private network, tests). Off: such a URL is refused when submitted and when delivered, by the address it resolves to.',
      env: ['JUDGE_CALLBACK_ALLOW_PRIVATE'],
    }),
    callbackAttempts: setting(z.number().int().min(1).max(30).default(8), {
      description: 'Deliveries of a callback at most, with exponential backoff between them.',
      env: ['JUDGE_CALLBACK_ATTEMPTS'],
    }),
    callbackBackoffMs: setting(z.number().int().min(10).max(600_000).default(2000), {
      description: 'Wait before the second delivery of a callback, ms; each next wait is twice the last.',
      env: ['JUDGE_CALLBACK_BACKOFF_MS'],
    }),
    callbackGuardMs: setting(z.number().int().min(10).max(3_600_000).default(30_000), {
      description:
        'A callback is queued before its verdict is stored and sent once its worker has stored it; if that worker dies in between, the callback goes after this wait instead (or, the verdict still missing, waits as long again), ms.',
      env: ['JUDGE_CALLBACK_GUARD_MS'],
    }),
    callbackTimeoutMs: setting(z.number().int().min(100).max(120_000).default(10_000), {
      description: 'Time a callback receiver has to answer one delivery, ms.',
      env: ['JUDGE_CALLBACK_TIMEOUT_MS'],
    }),
    dataDir: setting(
      z
        .string()
        .min(1)
        .default(join(dataHome(), 'judge', 'node')),
      {
        description: 'The embedded database and the compile cache.',
        env: ['JUDGE_DATA_DIR'],
        flag: 'data-dir',
        shownDefault: '$XDG_DATA_HOME/judge/node',
      },
    ),
    languagesDir: setting(z.string().min(1).default('languages'), {
      description: 'The language packs (`judge` defaults it to the `languages/` of its repository).',
      env: ['JUDGE_LANGUAGES_DIR'],
      flag: 'languages-dir',
    }),
    problemsDir: setting(z.string().min(1).optional(), {
      description: 'Problems on disk, imported into the database when `judge serve` starts.',
      env: ['JUDGE_PROBLEMS_DIR'],
      flag: 'problems-dir',
      for: 'serve',
    }),
    cacheDir: setting(z.union([z.string().min(1), z.literal(false)]).optional(), {
      description: 'The compile cache; `false` turns it off.',
      env: ['JUDGE_CACHE_DIR'],
      shownDefault: '<dataDir>/compile-cache',
    }),
    queueName: setting(z.string().min(1).default(QUEUE_NAME), {
      description: 'BullMQ queue name. The nodes of one queue must share one store (the same PostgreSQL and schema).',
      env: ['JUDGE_QUEUE'],
      flag: 'queue',
    }),
    redisPrefix: setting(z.string().min(1).default('bull'), {
      description: 'Redis key prefix of the queue.',
      env: ['JUDGE_REDIS_PREFIX'],
    }),
    lockDurationMs: setting(z.number().int().min(1000).default(30_000), {
      description: 'A job whose worker stops renewing its lock this long is stalled and taken up again, ms.',
      env: ['JUDGE_LOCK_DURATION_MS'],
    }),
    stalledIntervalMs: setting(z.number().int().min(500).default(15_000), {
      description: 'How often workers look for stalled jobs, ms.',
      env: ['JUDGE_STALLED_INTERVAL_MS'],
    }),
    sweepIntervalMs: setting(z.number().int().min(100).default(5000), {
      description: 'How often the sweeper compares PostgreSQL with the queue, ms.',
      env: ['JUDGE_SWEEP_INTERVAL_MS'],
    }),
    sweepGraceMs: setting(z.number().int().min(0).default(10_000), {
      description: 'Age after which an unfinished submission missing from Redis is queued again, ms.',
      env: ['JUDGE_SWEEP_GRACE_MS'],
    }),
    bodyLimitKb: setting(z.number().int().min(64).default(8192), {
      description: 'Largest request body but problem uploads, KiB.',
      env: ['JUDGE_BODY_LIMIT_KB'],
    }),
    problemLimitMb: setting(z.number().int().min(1).default(256), {
      description: 'Largest problem upload, MiB.',
      env: ['JUDGE_PROBLEM_LIMIT_MB'],
    }),
    metricsPort: setting(z.number().int().min(0).max(65_535).default(0), {
      description: '`judge worker` serves `/metrics` and `/health` on this port; 0: none.',
      env: ['JUDGE_METRICS_PORT'],
      flag: 'metrics-port',
      for: 'worker',
    }),
    metricsHost: setting(z.string().min(1).optional(), {
      description:
        "Address `judge worker`'s metrics port listens on, for a Prometheus on another machine (0.0.0.0: every interface). " +
        'Unset: `host`, or this machine only when the node has neither an HMAC secret nor API keys. ' +
        '`/metrics` and `/health` carry no secrets and take no requests that change anything.',
      env: ['JUDGE_METRICS_HOST'],
      flag: 'metrics-host',
      for: 'worker',
    }),
    jobTimeoutMs: setting(z.number().int().min(1000).default(300_000), {
      description: 'Longest a job may run before it is abandoned as IE, ms.',
      env: ['JUDGE_JOB_TIMEOUT_MS'],
    }),
    logLevel: setting(z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'), {
      description: 'Structured logs (JSON lines on stdout) at this level and above.',
      env: ['JUDGE_LOG_LEVEL'],
      flag: 'log-level',
    }),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const issue of apiKeyIssues(c.apiKeys, c.plans)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type NodeConfig = z.infer<typeof NodeConfigSchema>;
export type NodeConfigInput = z.input<typeof NodeConfigSchema>;

/** One setting as the schema describes it: a dotted key (`caps.timeMs`), its schema and its documentation. */
export interface SettingInfo {
  key: string;
  schema: z.ZodType;
  doc: SettingDoc;
}

/** The schema inside defaults and optionals. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** Every setting, nested ones (`caps.timeMs`) after their parent, in the schema's order, with its documentation. */
export function settings(): SettingInfo[] {
  const out: SettingInfo[] = [];
  const walk = (shape: Record<string, z.ZodType>, prefix: string) => {
    for (const [name, schema] of Object.entries(shape)) {
      const key = `${prefix}${name}`;
      // A setting without its documentation still works and is listed; config.test.ts asks for the documentation.
      const doc = (z.globalRegistry.get(schema) as SettingDoc | undefined) ?? { description: '' };
      out.push({ key, schema, doc });
      const inner = innerSchema(schema);
      if (inner instanceof z.ZodObject) walk(inner.shape as Record<string, z.ZodType>, `${key}.`);
    }
  };
  walk(NodeConfigSchema.shape as Record<string, z.ZodType>, '');
  return out;
}

type Loose = Record<string, unknown>;

function setPath(target: Loose, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ?? {}) as Loose;
  setPath(inner, rest.join('.'), value);
  target[head] = inner;
}

/** An environment variable's text as the value its setting takes; what cannot be read is left for zod to name. */
function fromText(schema: z.ZodType, raw: string): unknown {
  const inner = innerSchema(schema);
  if (inner instanceof z.ZodNumber) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (inner instanceof z.ZodBoolean)
    return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (inner instanceof z.ZodUnion && raw === 'false') return false;
  if (inner instanceof z.ZodArray || inner instanceof z.ZodRecord || inner instanceof z.ZodObject) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Environment variables and the settings they set, from the schema. */
export function envKeys(): Map<string, SettingInfo> {
  const out = new Map<string, SettingInfo>();
  for (const s of settings()) for (const name of s.doc.env ?? []) out.set(name, s);
  return out;
}

/** Settings given by environment variables, and which variable gave each. */
export function configFromEnv(env: NodeJS.ProcessEnv): { values: Loose; origins: Map<string, string> } {
  const values: Loose = {};
  const origins = new Map<string, string>();
  for (const [name, s] of envKeys()) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    // The first variable of a setting wins over its aliases (JUDGE_PORT over PORT).
    if (origins.has(s.key)) continue;
    setPath(values, s.key, fromText(s.schema, raw));
    origins.set(s.key, name);
  }
  return { values, origins };
}

function merge(...layers: Loose[]): Loose {
  const out: Loose = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      const prev = out[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
        out[k] = merge(prev as Loose, v as Loose);
      } else {
        out[k] = v;
      }
    }
  }
  return out;
}

/** The dotted keys a layer sets: into the settings that group others (`caps.timeMs`), not into values. */
function keysOf(layer: Loose, prefix = ''): string[] {
  const groups = new Set(settings().flatMap((s) => (innerSchema(s.schema) instanceof z.ZodObject ? [s.key] : [])));
  return Object.entries(layer).flatMap(([k, v]) => {
    if (v === undefined) return [];
    const key = `${prefix}${k}`;
    const nested = groups.has(key) && v !== null && typeof v === 'object' && !Array.isArray(v);
    return nested ? keysOf(v as Loose, `${key}.`) : [key];
  });
}

/** Where the config file is looked for when none is named. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'judge', 'node.yaml');
}

/** A bad config: one line, every problem named by what the user set (the flag, the variable, the file's key). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Command-line flags, keyed by setting (highest precedence). */
  flags?: Loose;
  /** How each flag is written on the command line, by setting: `{ workers: '--workers' }`. */
  flagNames?: Record<string, string>;
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** A YAML or JSON file; `JUDGE_NODE_CONFIG` or the default path when absent (a missing default file is fine). */
  file?: string;
  /** Defaults of the caller (the CLI's languages dir), below everything else. */
  defaults?: Loose;
}

/** Flags > env > config file > defaults, validated as one. Throws ConfigError naming every issue by its source. */
export function loadConfig(opts: LoadConfigOptions = {}): NodeConfig {
  const env = opts.env ?? process.env;
  const named = opts.file ?? env.JUDGE_NODE_CONFIG;
  const path = named ?? defaultConfigFile(env);
  let fromFile: Loose = {};
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const via = opts.file ? '' : ' (JUDGE_NODE_CONFIG)';
    if (named) throw new ConfigError(`${path}${via}: cannot read the config file: ${(e as Error).message}`);
  }
  if (text !== undefined) {
    try {
      fromFile = (parseYaml(text) ?? {}) as Loose;
    } catch (e) {
      throw new ConfigError(`${path}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    if (typeof fromFile !== 'object' || Array.isArray(fromFile)) throw new ConfigError(`${path}: not a mapping`);
  }
  const fromEnv = configFromEnv(env);
  const flags = opts.flags ?? {};
  const origins = new Map<string, string>();
  for (const key of keysOf(fromFile)) origins.set(key, `${path}: ${key}`);
  for (const [key, name] of fromEnv.origins) origins.set(key, name);
  for (const key of keysOf(flags)) origins.set(key, opts.flagNames?.[key] ?? key);
  const merged = merge(opts.defaults ?? {}, fromFile, fromEnv.values, flags);
  const parsed = NodeConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => {
      const path = i.path.map(String);
      for (let n = path.length; n > 0; n--) {
        const origin = origins.get(path.slice(0, n).join('.'));
        if (!origin) continue;
        const rest = path.slice(n).join('.');
        return `${origin}${rest ? ` (${rest})` : ''}: ${i.message}`;
      }
      return `${path.join('.') || '(root)'}: ${i.message}`;
    });
    throw new ConfigError(`invalid node configuration: ${list.join('; ')}`);
  }
  const config = parsed.data;
  config.dataDir = resolve(config.dataDir);
  config.languagesDir = resolve(config.languagesDir);
  if (config.problemsDir) config.problemsDir = resolve(config.problemsDir);
  if (typeof config.cacheDir === 'string') config.cacheDir = resolve(config.cacheDir);
  config.calibrationFile = resolve(config.calibrationFile);
  return config;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string): boolean {
  return LOOPBACK.test(address);
}
