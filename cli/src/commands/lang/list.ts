import type { LanguageInfo } from '@judge/contract';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { loadRegistry } from '../../lib/packs.js';

export default class LangList extends BaseCommand {
  static override summary = 'List the language packs.';
  static override examples = ['<%= config.bin %> lang list', '<%= config.bin %> lang list --json'];

  async run(): Promise<(LanguageInfo & { image: string; built: boolean })[]> {
    await this.parse(LangList);
    const { rows, errors } = await loadRegistry(await loadConfig(), { images: true });
    if (!this.jsonEnabled()) {
      const table = [['id', 'name', 'version', 'aliases', 'extensions', 'image']];
      for (const r of rows) {
        table.push([
          r.id,
          r.name,
          r.version,
          r.aliases.join(','),
          r.extensions.join(','),
          r.built ? 'built' : 'not built',
        ]);
      }
      const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
      for (const row of table)
        this.log(
          row
            .map((cell, c) => cell.padEnd(widths[c]!))
            .join('  ')
            .trimEnd(),
        );
      for (const e of errors) this.logToStderr(`broken pack: ${e.message}`);
    }
    return rows;
  }
}
