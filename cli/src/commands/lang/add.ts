import { cp, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { languagesDir, loadConfig } from '../../lib/config.js';
import { CliError } from '../../lib/errors.js';

export default class LangAdd extends BaseCommand {
  static override summary = 'Add a language pack from a directory (pack.yaml + Dockerfile).';
  static override examples = ['<%= config.bin %> lang add ./my-kotlin-pack'];
  static override args = { dir: Args.string({ required: true, description: 'the pack directory' }) };
  static override flags = { force: Flags.boolean({ description: 'replace a pack with the same id' }) };

  async run(): Promise<{ id: string; dir: string }> {
    const { args, flags } = await this.parse(LangAdd);
    const { loadPack } = await import('@judge/judge');
    const src = resolve(args.dir);
    const { pack } = await loadPack(src);
    await stat(join(src, 'Dockerfile')).catch(() => {
      throw new CliError(
        'invalid-pack',
        `${join(src, 'Dockerfile')}: missing: a pack needs a Dockerfile starting with ARG BASE / FROM \${BASE}`,
      );
    });
    const dest = join(languagesDir(await loadConfig()), pack.id);
    const exists = await stat(dest).then(
      () => true,
      () => false,
    );
    if (exists && !flags.force)
      throw new CliError('exists', `a pack "${pack.id}" exists at ${dest}: use --force to replace it`);
    await cp(src, dest, { recursive: true, force: true });
    if (!this.jsonEnabled())
      this.log(
        `added ${pack.id} (${pack.name} ${pack.version}) to ${dest}; build it with: judge lang build ${pack.id}`,
      );
    return { id: pack.id, dir: dest };
  }
}
