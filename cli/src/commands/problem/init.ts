import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PROBLEM_ID } from '@judge/contract';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { CliError } from '../../lib/errors.js';

export default class ProblemInit extends BaseCommand {
  static override summary = 'Create a problem directory with problem.yaml and a sample test.';
  static override examples = ['<%= config.bin %> problem init testcases/twosum --title "Two Sum"'];
  static override args = { dir: Args.string({ required: true, description: 'directory to create' }) };
  static override flags = {
    title: Flags.string({ description: 'problem title' }),
    checker: Flags.string({
      description: 'checker',
      options: ['exact', 'lines', 'tokens', 'float'],
      default: 'tokens',
    }),
  };

  async run(): Promise<{ id: string; dir: string }> {
    const { args, flags } = await this.parse(ProblemInit);
    const dir = resolve(args.dir);
    const id = basename(dir).toLowerCase();
    if (!PROBLEM_ID.test(id))
      throw new CliError('usage', `"${id}" is not a problem id: use lowercase letters, digits, - and _`);
    if (
      await stat(join(dir, 'problem.yaml')).then(
        () => true,
        () => false,
      )
    ) {
      throw new CliError('exists', `${join(dir, 'problem.yaml')} exists already`);
    }
    await mkdir(join(dir, 'tests'), { recursive: true });
    const yaml = [
      `id: ${id}`,
      `title: ${JSON.stringify(flags.title ?? id)}`,
      'limits: { timeMs: 1000, memoryMb: 256, outputKb: 1024 }',
      `checker: { type: ${flags.checker} }`,
      'samples: ["01"]',
      '',
    ].join('\n');
    await writeFile(join(dir, 'problem.yaml'), yaml);
    await writeFile(join(dir, 'tests', '01.in'), '1 2\n');
    await writeFile(join(dir, 'tests', '01.out'), '3\n');
    if (!this.jsonEnabled()) this.log(`created ${dir}: edit problem.yaml and add tests/NN.in + tests/NN.out`);
    return { id, dir };
  }
}
