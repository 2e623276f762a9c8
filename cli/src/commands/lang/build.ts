import { Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { openEngine } from '../../lib/local.js';
import { selectPacks } from '../../lib/packs.js';

interface Built {
  id: string;
  image: string;
  built: boolean;
  seconds: number;
}

export default class LangBuild extends BaseCommand {
  static override summary = 'Build the images of language packs (those missing, or all with --force).';
  static override description =
    'Images are tagged by a hash of their Dockerfile and base: an unchanged pack is not rebuilt.';
  static override examples = ['<%= config.bin %> lang build', '<%= config.bin %> lang build cpp python --verbose'];
  static override strict = false;
  static override args = {};
  static override flags = {
    force: Flags.boolean({ description: 'rebuild even if the image exists' }),
    verbose: Flags.boolean({ char: 'v', description: 'show the whole build output' }),
    parallel: Flags.integer({ description: 'images built at once', default: 2, min: 1, max: 8 }),
  };

  async run(): Promise<Built[]> {
    const { argv, flags } = await this.parse(LangBuild);
    const engine = await openEngine(await loadConfig());
    const json = this.jsonEnabled();
    try {
      const ids = selectPacks(engine.registry, argv as string[]);
      // The base image first, once, so parallel pack builds do not race to build it.
      const base = await engine.images.ensureBase(
        (line) => flags.verbose && !json && this.logToStderr(`  [base] ${line}`),
      );
      if (!json) this.logToStderr(`base image ${base}`);
      const results: Built[] = [];
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const started = Date.now();
          if (!json) this.logToStderr(`${id}: checking…`);
          const out = await engine.ensureImage(
            id,
            (line) => {
              if (json) return;
              if (flags.verbose || /^Step \d+\/\d+/.test(line)) this.logToStderr(`  [${id}] ${line}`);
            },
            flags.force,
          );
          const seconds = Math.round((Date.now() - started) / 100) / 10;
          results.push({ id, image: out.tag, built: out.built, seconds });
          if (!json)
            this.logToStderr(`${id}: ${out.built ? `built ${out.tag} in ${seconds} s` : `up to date (${out.tag})`}`);
        }
      };
      await Promise.all(Array.from({ length: flags.parallel }, worker));
      return results;
    } finally {
      await engine.close();
    }
  }
}
