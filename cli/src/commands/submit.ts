import type { Checker, SubmissionRequest, SubmissionResult } from '@judge/contract';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { loadConfig } from '../lib/config.js';
import { CliError } from '../lib/errors.js';
import { judgeLocally, limitsFromFlags, localProblemDir, openEngine } from '../lib/local.js';
import { Progress } from '../lib/progress.js';
import { RemoteClient, remoteFlags } from '../lib/remote.js';
import { renderResult } from '../lib/render.js';
import { argsFromFlag, languageOf, type ProgramBytes, readBytes, readProgram, toRequestFields } from '../lib/source.js';

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
    '<%= config.bin %> submit main.cpp geometry.cpp geometry.h --problem aplusb --stop-on-failure',
    '<%= config.bin %> submit main.py helper.py --stdin in.txt --args "--verbose \'two words\'"',
    'JUDGE_API_KEY=… <%= config.bin %> submit main.cpp --problem aplusb -e https://judge.example',
  ];
  static override args = {
    file: Args.string({
      required: true,
      description: 'source file to judge; more files after it (modules, headers, other units) go beside it',
    }),
  };
  // Any number of files after the first.
  static override strict = false;
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
    args: Flags.string({ description: 'arguments of the program, split as a shell splits words (nothing expanded)' }),
    'stop-on-failure': Flags.boolean({
      description: "stop at the first failing test, the rest SKIP (default: the problem's stopOnFailure)",
      allowNo: true,
    }),
  };

  async run(): Promise<SubmissionResult> {
    const { args, argv, flags } = await this.parse(Submit);
    const config = await loadConfig({ endpoint: flags.endpoint, apiKey: flags['api-key'] });
    const json = this.jsonEnabled();
    const program = await readProgram(argv as string[]);
    const language = await languageOf(args.file, flags.language, config);
    if (flags.stdin) program.stdin = await readBytes(flags.stdin);
    const remote = !flags.local && config.endpoint;
    let inline: Awaited<ReturnType<typeof inlineTests>> | undefined;
    if (remote && flags.tests) {
      inline = await inlineTests(flags.tests);
      program.tests = inline.tests;
    }
    const request: SubmissionRequest = { language, ...toRequestFields(program), limits: limitsFromFlags(flags) };
    if (flags.checker) request.checker = { type: flags.checker } as Checker;
    const programArgs = argsFromFlag(flags.args);
    if (programArgs?.length) request.args = programArgs;
    if (flags['stop-on-failure'] !== undefined) request.stopOnFailure = flags['stop-on-failure'];
    let result: SubmissionResult;
    if (remote) {
      const client = RemoteClient.for(config);
      if (flags.problem) request.problem = flags.problem;
      if (inline) {
        request.checker ??= inline.checker;
        request.limits ??= inline.limits;
        if (inline.stopOnFailure !== undefined) request.stopOnFailure ??= inline.stopOnFailure;
      }
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

/** A test directory sent inline to a remote judge: its tests as bytes, and what its problem.yaml sets. */
async function inlineTests(dir: string): Promise<{
  tests: NonNullable<ProgramBytes['tests']>;
  checker: Checker;
  limits: SubmissionRequest['limits'];
  stopOnFailure: boolean | undefined;
}> {
  const { loadProblem } = await import('@judge/judge');
  const loaded = await loadProblem(dir);
  if (loaded.interactor) {
    throw new CliError(
      'unsupported',
      `${dir} is interactive: push it to the node (judge problem push) and submit with --problem ${loaded.problem.id}`,
    );
  }
  const tests = await Promise.all(
    loaded.tests.map(async (t) => ({
      input: await readBytes(t.inputPath),
      output: t.outputPath === undefined ? Buffer.alloc(0) : await readBytes(t.outputPath),
    })),
  );
  return { tests, checker: loaded.checker, limits: loaded.problem.limits, stopOnFailure: loaded.problem.stopOnFailure };
}
