import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Config, languagesDir } from './config.js';
import { CliError } from './errors.js';

export async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new CliError('file-not-found', `no such file: ${file}`)
      : new CliError('cannot-read-file', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The language of a file: the flag if given, else the pack claiming its extension. */
export async function languageOf(file: string, flag: string | undefined, config: Config): Promise<string> {
  const { loadPacks, PackRegistry } = await import('@judge/judge');
  const { packs } = await loadPacks(languagesDir(config));
  const registry = new PackRegistry(packs);
  if (flag) return registry.find(flag)?.pack.id ?? flag;
  return registry.forFile(basename(file)).pack.id;
}
