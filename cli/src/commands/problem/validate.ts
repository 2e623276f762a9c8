import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';

export default class ProblemValidate extends BaseCommand {
  static override summary = 'Check a problem directory: problem.yaml, test files, samples and subtasks.';
  static override examples = ['<%= config.bin %> problem validate testcases/aplusb'];
  static override args = { dir: Args.string({ required: true, description: 'the problem directory' }) };

  async run(): Promise<{ id: string; tests: number; valid: true }> {
    const { args } = await this.parse(ProblemValidate);
    const { loadProblem } = await import('@judge/judge');
    const loaded = await loadProblem(args.dir);
    if (!this.jsonEnabled()) {
      const judgedBy = loaded.interactor
        ? `an interactor in ${loaded.interactor.language}`
        : `${loaded.checker.type} checker`;
      this.log(`${loaded.problem.id}: valid (${loaded.tests.length} tests, ${judgedBy})`);
    }
    return { id: loaded.problem.id, tests: loaded.tests.length, valid: true };
  }
}
