import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository this CLI ships in: its languages/ and testcases/ are the defaults. */
export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const ConfigSchema = z
  .object({
    /** A judge node or edge; absent means judge locally. */
    endpoint: z.url().optional(),
    apiKey: z.string().min(1).optional(),
    /** A node's admin token, for `problem push`. */
    adminToken: z.string().min(1).optional(),
    languagesDir: z.string().min(1).optional(),
    problemsDir: z.string().min(1).optional(),
    /** Where compiled programs are cached locally. */
    cacheDir: z.string().min(1).optional(),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ConfigKey[];

const ENV: Record<ConfigKey, string> = {
  endpoint: 'JUDGE_ENDPOINT',
  apiKey: 'JUDGE_API_KEY',
  adminToken: 'JUDGE_ADMIN_TOKEN',
  languagesDir: 'JUDGE_LANGUAGES_DIR',
  problemsDir: 'JUDGE_PROBLEMS_DIR',
  cacheDir: 'JUDGE_CACHE_DIR',
};

export function configFile(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'judge', 'config.json');
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
    throw new Error(`${configFile()}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${configFile()}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function writeConfigFile(config: Config): Promise<void> {
  const file = configFile();
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/** The config in force: environment variables over the file. */
export async function loadConfig(): Promise<Config> {
  const config = await readConfigFile();
  for (const key of CONFIG_KEYS) {
    const value = process.env[ENV[key]];
    if (value !== undefined) config[key] = value === '' ? undefined : value;
  }
  return config;
}

export function languagesDir(config: Config): string {
  return resolve(config.languagesDir ?? join(REPO_DIR, 'languages'));
}

export function problemsDir(config: Config): string {
  return resolve(config.problemsDir ?? join(REPO_DIR, 'testcases'));
}
