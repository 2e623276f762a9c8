import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import {
  CONFIG_KEYS,
  type Config,
  ConfigSchema,
  configFile,
  readConfigFile,
  writeConfigFile,
} from '../../lib/config.js';
import { CliError } from '../../lib/errors.js';

export default class ConfigSet extends BaseCommand {
  static override summary = 'Set (or with --unset, remove) a configuration value.';
  static override examples = [
    '<%= config.bin %> config set endpoint http://127.0.0.1:8787',
    '<%= config.bin %> config set apiKey sk_live_…',
    '<%= config.bin %> config set endpoint --unset',
  ];
  static override args = {
    key: Args.string({ required: true, description: 'key', options: CONFIG_KEYS }),
    value: Args.string({ description: 'value' }),
  };
  static override flags = { unset: Flags.boolean({ description: 'remove the key' }) };

  async run(): Promise<Config> {
    const { args, flags } = await this.parse(ConfigSet);
    const config = await readConfigFile();
    const key = args.key as keyof Config;
    if (flags.unset) delete config[key];
    else {
      if (args.value === undefined) throw new CliError('usage', `give a value for ${key}, or --unset`);
      const next = { ...config, [key]: args.value };
      const parsed = ConfigSchema.safeParse(next);
      if (!parsed.success) throw new CliError('invalid-config', `${key}: ${parsed.error.issues[0]?.message}`);
      Object.assign(config, parsed.data);
    }
    await writeConfigFile(config);
    if (!this.jsonEnabled()) this.log(`${flags.unset ? 'removed' : 'set'} ${key} in ${configFile()}`);
    return config;
  }
}
