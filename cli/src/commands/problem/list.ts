import { Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig, problemsDir } from '../../lib/config.js';

interface Row {
  id: string;
  title?: string;
  tests: number;
  checker: string;
  subtasks: number;
}

export default class ProblemList extends BaseCommand {
  static override summary = 'List the problems in the problems directory.';
  static override examples = ['<%= config.bin %> problem list', '<%= config.bin %> problem list --dir ./contest'];
  static override flags = {
    dir: Flags.string({ description: 'problems directory (default: configured, or testcases/)' }),
  };

  async run(): Promise<Row[]> {
    const { flags } = await this.parse(ProblemList);
    const { listProblems } = await import('@judge/judge');
    const dir = flags.dir ?? problemsDir(await loadConfig());
    const { problems, errors } = await listProblems(dir);
    const rows = problems.map((p) => ({
      id: p.problem.id,
      title: p.problem.title,
      tests: p.tests.length,
      checker: p.interactor ? 'interactive' : p.checker.type,
      subtasks: p.problem.subtasks?.length ?? 0,
    }));
    if (!this.jsonEnabled()) {
      for (const r of rows) {
        this.log(`${r.id.padEnd(16)} ${String(r.tests).padStart(3)} tests  ${r.checker.padEnd(11)} ${r.title ?? ''}`);
      }
      for (const e of errors) this.logToStderr(`broken: ${e.message}`);
    }
    if (errors.length) process.exitCode = 1;
    return rows;
  }
}
