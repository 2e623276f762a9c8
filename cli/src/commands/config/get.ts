import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { CONFIG_KEYS, type Config, cliSettings, configFile, loadConfig } from '../../lib/config.js';

export default class ConfigGet extends BaseCommand {
  static override summary = 'Show the configuration in force (environment variables override the file).';
  static override examples = ['<%= config.bin %> config get', '<%= config.bin %> config get endpoint'];
  static override args = { key: Args.string({ description: 'one key', options: CONFIG_KEYS }) };

  async run(): Promise<Config> {
    const { args } = await this.parse(ConfigGet);
    const config = await loadConfig();
    const shown: Config = args.key ? { [args.key]: config[args.key as keyof Config] } : config;
    if (!this.jsonEnabled()) {
      if (args.key) this.log(config[args.key as keyof Config] ?? '');
      else {
        this.log(`# ${configFile()}`);
        for (const { key, doc } of cliSettings())
          if (config[key] !== undefined) this.log(`${key} = ${doc.secret ? '(set)' : config[key]}`);
      }
    }
    return shown;
  }
}
