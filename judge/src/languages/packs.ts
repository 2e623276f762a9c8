import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type LanguagePack, LanguagePackSchema } from '@judge/contract';
import { parse as parseYaml } from 'yaml';
import { PackError, UnknownLanguageError } from './errors.js';

export const PACK_FILE = 'pack.yaml';

/** A pack and the directory it was read from. */
export interface LoadedPack {
  pack: LanguagePack;
  dir: string;
}

export async function loadPack(dir: string): Promise<LoadedPack> {
  const file = join(dir, PACK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PackError(`${file}: cannot read: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new PackError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = LanguagePackSchema.safeParse(data);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new PackError(`${file}: ${detail}`);
  }
  const dirName = dir.split('/').filter(Boolean).pop();
  if (parsed.data.id !== dirName)
    throw new PackError(`${file}: id: "${parsed.data.id}" must match its directory "${dirName}"`);
  return { pack: parsed.data, dir };
}

/** Reads every `<dir>/<id>/pack.yaml`; broken packs come back as errors, not exceptions. */
export async function loadPacks(languagesDir: string): Promise<{ packs: LoadedPack[]; errors: PackError[] }> {
  let names: string[];
  try {
    names = (await readdir(languagesDir)).sort();
  } catch (e) {
    throw new PackError(`${languagesDir}: cannot read the languages directory: ${(e as Error).message}`);
  }
  const packs: LoadedPack[] = [];
  const errors: PackError[] = [];
  for (const name of names) {
    const dir = join(languagesDir, name);
    const hasPack = await stat(join(dir, PACK_FILE)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!hasPack) continue;
    try {
      packs.push(await loadPack(dir));
    } catch (e) {
      errors.push(e as PackError);
    }
  }
  return { packs, errors };
}

/** Packs by id, alias and file extension. */
export class PackRegistry {
  private byName = new Map<string, LoadedPack>();

  constructor(readonly packs: LoadedPack[]) {
    for (const p of packs) {
      this.byName.set(p.pack.id, p);
      for (const a of p.pack.aliases) if (!this.byName.has(a.toLowerCase())) this.byName.set(a.toLowerCase(), p);
    }
  }

  find(idOrAlias: string): LoadedPack | undefined {
    return this.byName.get(idOrAlias.toLowerCase());
  }

  get(idOrAlias: string): LoadedPack {
    const p = this.find(idOrAlias);
    if (!p) {
      throw new UnknownLanguageError(
        `unknown language "${idOrAlias}": known are ${this.packs.map((x) => x.pack.id).join(', ')}`,
      );
    }
    return p;
  }

  /** The pack for a file name, by its extension. */
  forFile(fileName: string): LoadedPack {
    const lower = fileName.toLowerCase();
    const match = this.packs
      .flatMap((p) => p.pack.extensions.map((ext) => ({ p, ext: ext.toLowerCase() })))
      .filter(({ ext }) => lower.endsWith(ext))
      .sort((a, b) => b.ext.length - a.ext.length)[0];
    if (!match) {
      throw new UnknownLanguageError(`cannot tell the language of "${fileName}" from its extension: use --language`);
    }
    return match.p;
  }
}
