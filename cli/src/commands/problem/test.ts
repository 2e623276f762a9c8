import type { SolutionResult, SolutionTestReport } from '@judge/judge';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { CliError } from '../../lib/errors.js';
import { ensureImage, openEngine } from '../../lib/local.js';
import { formatMemory, verdictText } from '../../lib/render.js';
import { table } from '../../lib/table.js';

export default class ProblemTest extends BaseCommand {
  static override summary =
    'Judge every reference solution of a problem and check each gets the verdict its name promises.';
  static override description =
    `For problem setters: every file in the problem's solutions/ is judged on this machine, and its name says what it must get: ac* (AC, score 100), wa* (WA), tle* (TLE), mle* (MLE), re* (RE), partial* (some points, not all). Exit code 1 when one does not.
With --headroom N the time limit comes from this machine: the ac solutions run first with the largest limit, and every solution is judged with N times their slowest test.`;
  static override examples = [
    '<%= config.bin %> problem test testcases/guess',
    '<%= config.bin %> problem test --headroom 3',
  ];
  static override args = {
    dir: Args.string({ description: 'the problem directory (default: the current one)', default: '.' }),
  };
  static override flags = {
    'time-limit': Flags.integer({ description: "CPU time per test, ms (over the problem's)", min: 1 }),
    'memory-limit': Flags.integer({ description: "memory per test, MiB (over the problem's)", min: 1 }),
    headroom: Flags.string({
      description: "derive the time limit: this many times the ac solutions' slowest test on this machine",
    }),
  };

  async run(): Promise<SolutionTestReport> {
    const { args, flags } = await this.parse(ProblemTest);
    const headroom = flags.headroom === undefined ? undefined : Number(flags.headroom);
    if (headroom !== undefined && !(headroom >= 1 && headroom <= 100)) {
      throw new CliError('usage', '--headroom: a number from 1 to 100');
    }
    const json = this.jsonEnabled();
    const config = await loadConfig();
    const judge = await import('@judge/judge');
    const loaded = await judge.loadProblem(args.dir);
    const engine = await openEngine(config);
    try {
      const needed = new Set<string>();
      const { readdir } = await import('node:fs/promises');
      const { join } = await import('node:path');
      for (const f of await readdir(join(loaded.dir, judge.SOLUTIONS_DIR)).catch(() => [] as string[])) {
        const language = judge.languageOfFile(engine, f);
        if (language) needed.add(language);
      }
      if (loaded.interactor) needed.add(loaded.interactor.language);
      if (loaded.checker.type === 'custom') needed.add(loaded.checker.language);
      for (const id of needed) await ensureImage(engine, id, json);
      const limits: { timeMs?: number; memoryMb?: number } = {};
      if (flags['time-limit'] !== undefined) limits.timeMs = flags['time-limit'];
      if (flags['memory-limit'] !== undefined) limits.memoryMb = flags['memory-limit'];
      const color = this.color();
      const report = await judge.testSolutions(engine, loaded, {
        limits,
        headroom,
        onStart: (file) => {
          if (!json && process.stderr.isTTY) process.stderr.write(`\r\x1b[2Kjudging ${file}…`);
        },
        onResult: (r) => {
          if (!json && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
          if (!json && !process.stderr.isTTY) process.stderr.write(`${r.file}: ${r.verdict ?? '-'}\n`);
        },
      });
      if (!json) this.log(render(report, color));
      process.exitCode = report.ok ? 0 : 1;
      return report;
    } finally {
      await engine.close();
    }
  }
}

function row(s: SolutionResult, color: boolean): string[] {
  const memory = Math.max(0, ...s.tests.map((t) => t.memoryKb));
  return [
    s.file,
    s.kind ?? '?',
    s.verdict ? verdictText(s.verdict, color) : '-',
    String(s.score),
    `${s.timeMs} ms`,
    formatMemory(memory),
    s.ok ? 'ok' : color ? '\x1b[31mMISMATCH\x1b[0m' : 'MISMATCH',
  ];
}

function render(report: SolutionTestReport, color: boolean): string {
  const out = [
    table([
      ['solution', 'promises', 'verdict', 'score', 'time', 'memory', ''],
      ...report.solutions.map((s) => row(s, color)),
    ]),
  ];
  out.push('');
  for (const s of report.solutions) {
    if (s.mismatch) out.push(`${s.file}: ${s.mismatch}`);
    if (s.error) out.push(`${s.file}: judge error: ${s.error}`);
  }
  const l = report.limits;
  const baseline =
    report.baselineMs === undefined ? '' : ` (from the ac solutions' slowest test here: ${report.baselineMs} ms)`;
  out.push(`limits: ${l.timeMs} ms${baseline}, ${l.memoryMb} MB, output ${l.outputKb} KB`);
  const bad = report.solutions.filter((s) => !s.ok).length;
  out.push(
    bad === 0
      ? `${report.problem}: all ${report.solutions.length} solutions get what their names promise`
      : `${report.problem}: ${bad} of ${report.solutions.length} solutions do not get what their names promise`,
  );
  return out.join('\n');
}
