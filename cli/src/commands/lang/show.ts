import type { LanguagePack } from '@judge/contract';
import { Args } from '@oclif/core';
import { stringify } from 'yaml';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { loadRegistry } from '../../lib/packs.js';

export default class LangShow extends BaseCommand {
  static override summary = 'Show a language pack.';
  static override examples = ['<%= config.bin %> lang show cpp'];
  static override args = { id: Args.string({ required: true, description: 'language id or alias' }) };

  async run(): Promise<LanguagePack & { dir: string }> {
    const { args } = await this.parse(LangShow);
    const { registry } = await loadRegistry(await loadConfig());
    const loaded = registry.get(args.id);
    if (!this.jsonEnabled()) this.log(`# ${loaded.dir}\n${stringify(loaded.pack)}`);
    return { ...loaded.pack, dir: loaded.dir };
  }
}
