import { rm } from 'node:fs/promises';
import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { loadRegistry } from '../../lib/packs.js';

export default class LangRemove extends BaseCommand {
  static override summary = 'Remove a language pack (its directory; images are left to `docker image prune`).';
  static override examples = ['<%= config.bin %> lang remove kotlin'];
  static override args = { id: Args.string({ required: true, description: 'language id' }) };

  async run(): Promise<{ id: string; dir: string }> {
    const { args } = await this.parse(LangRemove);
    const { registry } = await loadRegistry(await loadConfig());
    const loaded = registry.get(args.id);
    await rm(loaded.dir, { recursive: true });
    if (!this.jsonEnabled()) this.log(`removed ${loaded.pack.id} (${loaded.dir})`);
    return { id: loaded.pack.id, dir: loaded.dir };
  }
}
