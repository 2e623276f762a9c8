import { type LanguageInfo, languageInfo } from '@judge/contract';
import type { PackError, PackRegistry } from '@judge/judge';
import { type Config, languagesDir } from './config.js';

export interface PackRow extends LanguageInfo {
  image: string;
  built: boolean;
}

/** The packs of the configured languages directory; with `images`, whether each image is built. */
export async function loadRegistry(
  config: Config,
  opts: { images?: boolean } = {},
): Promise<{ registry: PackRegistry; rows: PackRow[]; errors: PackError[] }> {
  const judge = await import('@judge/judge');
  const dir = languagesDir(config);
  const { packs, errors } = await judge.loadPacks(dir);
  const registry = new judge.PackRegistry(packs);
  const rows: PackRow[] = [];
  const docker = opts.images ? await judge.connectDocker().catch(() => undefined) : undefined;
  const builder = docker ? new judge.ImageBuilder(docker, dir) : undefined;
  for (const loaded of packs) {
    const image = builder ? await builder.tagFor(loaded) : '';
    const built = docker ? await judge.imageExists(docker, image) : false;
    rows.push({ ...languageInfo(loaded.pack), image, built });
  }
  return { registry, rows, errors };
}

/** The ids named on the command line, or every pack when none is. */
export function selectPacks(registry: PackRegistry, ids: string[]): string[] {
  return ids.length ? ids.map((id) => registry.get(id).pack.id) : registry.packs.map((p) => p.pack.id);
}
