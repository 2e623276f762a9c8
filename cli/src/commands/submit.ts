import type { Checker, SubmissionRequest, SubmissionResult } from '@judge/contract';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { loadConfig } from '../lib/config.js';
import { CliError } from '../lib/errors.js';
import { judgeLocally, limitsFromFlags, localProblemDir, openEngine } from '../lib/local.js';
import { Progress } from '../lib/progress.js';
import { RemoteClient, remoteFlags } from '../lib/remote.js';
import { renderResult } from '../lib/render.js';
import { languageOf, readSource } from '../lib/source.js';

export default class Submit extends BaseCommand {
  static override summary = 'Judge a source file against tests or a problem.';
  static override description =
    `Judges locally with the embedded engine (Docker sandboxes on this machine) when no endpoint is configured or --local is given; otherwise on the configured judge node or edge.
Without --tests or --problem the program runs once on empty input (or --stdin) and its output is shown.
Exit code: 0 on AC, 1 on any other verdict, 2 on a usage or connection error.`;
  static override examples = [
    '<%= config.bin %> submit main.cpp --problem aplusb',
    '<%= config.bin %> submit sol.py --tests ./my-tests',
    '<%= config.bin %> submit Main.java --tests testcases/aplusb --json',
    '<%= config.bin %> submit main.cpp --problem aplusb --endpoint http://127.0.0.1:8787',
    'JUDGE_API_KEY=… <%= config.bin %> submit main.cpp --problem aplusb -e https://judge.example',
  ];
  static override args = { file: Args.string({ required: true, description: 'source file to judge' }) };
  static override flags = {
    problem: Flags.string({ char: 'p', description: 'a problem id (testcases/<id> locally)', exclusive: ['tests'] }),
    tests: Flags.string({ char: 't', description: 'a directory of tests (NN.in/NN.out, problem.yaml optional)' }),
    language: Flags.string({ char: 'l', description: 'language id or alias (default: from the file extension)' }),
    stdin: Flags.string({ description: 'a file to use as input of a plain run', exclusive: ['tests', 'problem'] }),
    local: Flags.boolean({ description: 'judge on this machine even if an endpoint is configured' }),
    ...remoteFlags,
    'time-limit': Flags.integer({ description: 'CPU time per test, ms', min: 1 }),
    'memory-limit': Flags.integer({ description: 'memory per test, MiB', min: 1 }),
    checker: Flags.string({ description: 'output checker', options: ['exact', 'lines', 'tokens', 'float'] }),
  };

  async run(): Promise<SubmissionResult> {
    const { args, flags } = await this.parse(Submit);
    const config = await loadConfig({ endpoint: flags.endpoint, apiKey: flags['api-key'] });
    const json = this.jsonEnabled();
    const source = await readSource(args.file);
    const language = await languageOf(args.file, flags.language, config);
    const request: SubmissionRequest = { language, source, limits: limitsFromFlags(flags) };
    if (flags.checker) request.checker = { type: flags.checker } as Checker;
    if (flags.stdin) request.stdin = await readSource(flags.stdin);
    let result: SubmissionResult;
    if (!flags.local && config.endpoint) {
      const client = RemoteClient.for(config);
      if (flags.problem) request.problem = flags.problem;
      if (flags.tests) Object.assign(request, await inlineTests(flags.tests, request.checker));
      const progress = new Progress(!json, this.color(process.stderr));
      progress.total = request.tests?.length;
      result = await client.submit(request, progress);
    } else {
      const engine = await openEngine(config);
      try {
        const problemDir = flags.tests ?? (flags.problem ? localProblemDir(config, flags.problem) : undefined);
        result = await judgeLocally(
          engine,
          { request, problemDir },
          new Progress(!json, this.color(process.stderr)),
          json,
        );
      } finally {
        await engine.close();
      }
    }
    const plainRun = !flags.tests && !flags.problem;
    if (!json) this.log(renderResult(result, this.color(), { plainRun }));
    process.exitCode = result.verdict === 'AC' ? 0 : 1;
    return result;
  }
}

/** A test directory sent inline to a remote judge. */
async function inlineTests(dir: string, checker: Checker | undefined): Promise<Partial<SubmissionRequest>> {
  const { loadProblem } = await import('@judge/judge');
  const { readFile } = await import('node:fs/promises');
  const loaded = await loadProblem(dir);
  if (loaded.interactor) {
    throw new CliError(
      'unsupported',
      `${dir} is interactive: push it to the node (judge problem push) and submit with --problem ${loaded.problem.id}`,
    );
  }
  const tests = await Promise.all(
    loaded.tests.map(async (t) => ({
      input: await readFile(t.inputPath, 'utf8'),
      output: t.outputPath === undefined ? '' : await readFile(t.outputPath, 'utf8'),
    })),
  );
  return { tests, checker: checker ?? loaded.checker, limits: loaded.problem.limits };
}
