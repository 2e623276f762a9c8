import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CliError } from './errors.js';

/** The repository this CLI ships in: its languages/ and testcases/ are the defaults. */
export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** How a CLI setting is documented and given (docs/configuration.md and the error messages read it). */
export interface CliSettingDoc {
  description: string;
  /** The environment variable that overrides the file. */
  env: string;
  /** The flag of the commands that take it, without dashes. */
  flag?: string;
  /** Shown as `(set)`, never as its value. */
  secret?: boolean;
}

const setting = <T extends z.ZodType>(schema: T, doc: CliSettingDoc): T => schema.meta({ ...doc }) as T;

export const ConfigSchema = z
  .object({
    endpoint: setting(z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(), {
      description: 'A judge node or edge to judge on; absent: judge on this machine.',
      env: 'JUDGE_ENDPOINT',
      flag: 'endpoint',
    }),
    apiKey: setting(z.string().min(1).optional(), {
      description: 'An API key of the edge or the node, sent as `Authorization: Bearer <key>`.',
      env: 'JUDGE_API_KEY',
      flag: 'api-key',
      secret: true,
    }),
    hmacSecret: setting(z.string().min(16, 'the HMAC secret needs at least 16 characters').optional(), {
      description:
        'The HMAC secret of a node: requests are signed as the edge signs them. For operators, who hold it anyway; everyone else uses an API key (docs/cli.md).',
      env: 'JUDGE_HMAC_SECRET',
      secret: true,
    }),
    adminToken: setting(z.string().min(1).optional(), {
      description: "A node's admin token, for `judge problem push`.",
      env: 'JUDGE_ADMIN_TOKEN',
      flag: 'token',
      secret: true,
    }),
    languagesDir: setting(z.string().min(1).optional(), {
      description: 'Language packs for judging on this machine (default: `languages/` of this repository).',
      env: 'JUDGE_LANGUAGES_DIR',
    }),
    problemsDir: setting(z.string().min(1).optional(), {
      description: 'Where `--problem ID` is looked up on this machine (default: `testcases/` of this repository).',
      env: 'JUDGE_PROBLEMS_DIR',
    }),
    cacheDir: setting(z.string().min(1).optional(), {
      description: 'Compiled programs cached on this machine (default: ~/.cache/judge/compile).',
      env: 'JUDGE_CACHE_DIR',
    }),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ConfigKey[];

/** The documentation of every setting, in the schema's order. */
export function cliSettings(): { key: ConfigKey; schema: z.ZodType; doc: CliSettingDoc }[] {
  return CONFIG_KEYS.map((key) => {
    const schema = ConfigSchema.shape[key] as z.ZodType;
    const doc = z.globalRegistry.get(schema) as CliSettingDoc | undefined;
    if (!doc) throw new Error(`the CLI setting ${key} has no description`);
    return { key, schema, doc };
  });
}

export function configFile(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'judge', 'config.json');
}

/** The first issue of a parse, named by where the value came from. */
function firstIssue(error: z.ZodError, origin: (key: string) => string): string {
  const issue = error.issues[0];
  const key = issue?.path.map(String).join('.') || '(root)';
  return `${origin(key)}: ${issue?.message ?? 'invalid'}`;
}

/** The config file alone (what `config set` edits). */
export async function readConfigFile(): Promise<Config> {
  let text: string;
  try {
    text = await readFile(configFile(), 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError('invalid-config', `${configFile()}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success)
    throw new CliError(
      'invalid-config',
      firstIssue(parsed.error, (key) => `${configFile()}: ${key}`),
    );
  return parsed.data;
}

export async function writeConfigFile(config: Config): Promise<void> {
  const file = configFile();
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * The config in force: flags over environment variables over the file. A bad
 * value is named as the user gave it: `--endpoint`, `JUDGE_ENDPOINT`, or the
 * file and its key.
 */
export async function loadConfig(flags: Partial<Record<ConfigKey, string | undefined>> = {}): Promise<Config> {
  const merged: Record<string, unknown> = { ...(await readConfigFile()) };
  const origins = new Map<string, string>();
  for (const { key, doc } of cliSettings()) {
    const value = process.env[doc.env];
    if (value !== undefined) {
      merged[key] = value === '' ? undefined : value;
      origins.set(key, doc.env);
    }
    const flag = flags[key];
    if (flag !== undefined) {
      merged[key] = flag;
      origins.set(key, `--${doc.flag ?? key}`);
    }
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new CliError(
      'invalid-config',
      firstIssue(parsed.error, (key) => origins.get(key) ?? `${configFile()}: ${key}`),
    );
  return parsed.data;
}

export function languagesDir(config: Config): string {
  return resolve(config.languagesDir ?? join(REPO_DIR, 'languages'));
}

export function problemsDir(config: Config): string {
  return resolve(config.problemsDir ?? join(REPO_DIR, 'testcases'));
}
