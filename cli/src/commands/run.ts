import { fstatSync } from 'node:fs';
import { decodeOutput, isPlainText, type SubmissionRequest, type SubmissionResult } from '@judge/contract';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { loadConfig } from '../lib/config.js';
import { judgeLocally, limitsFromFlags, openEngine } from '../lib/local.js';
import { Progress } from '../lib/progress.js';
import { RemoteClient, remoteFlags } from '../lib/remote.js';
import { formatLimits } from '../lib/render.js';
import { argsFromFlag, languageOf, readBytes, readProgram, toRequestFields } from '../lib/source.js';
import { cut, escapeBytes } from '../lib/text.js';

export default class Run extends BaseCommand {
  static override summary = 'Run a program once and print its output.';
  static override description =
    "The program's stdout goes to stdout and its stderr to stderr (on a terminal, bytes that are not text are escaped); the exit code is the program's (or 1 on a limit or judge error, 2 on a usage error). Input comes from --stdin, or from a pipe or a file on this command's stdin (`echo 1 2 | judge run main.py`).";
  static override examples = [
    '<%= config.bin %> run main.py --stdin input.txt',
    'echo 1 2 | <%= config.bin %> run main.py',
    'echo 1 2 | <%= config.bin %> run a.cpp --stdin -',
    '<%= config.bin %> run main.py helper.py --args "one \'two words\'"',
  ];
  static override args = {
    file: Args.string({
      required: true,
      description: 'source file to run; more files after it (modules, headers, other units) go beside it',
    }),
  };
  // Any number of files after the first.
  static override strict = false;
  static override flags = {
    stdin: Flags.string({ description: 'file whose content is the input ("-" for this process\'s stdin)' }),
    language: Flags.string({ char: 'l', description: 'language id or alias (default: from the file extension)' }),
    local: Flags.boolean({ description: 'run on this machine even if an endpoint is configured' }),
    ...remoteFlags,
    'time-limit': Flags.integer({ description: 'CPU time, ms', min: 1 }),
    'memory-limit': Flags.integer({ description: 'memory, MiB', min: 1 }),
    args: Flags.string({ description: 'arguments of the program, split as a shell splits words (nothing expanded)' }),
  };

  async run(): Promise<SubmissionResult> {
    const { args, argv, flags } = await this.parse(Run);
    const config = await loadConfig({ endpoint: flags.endpoint, apiKey: flags['api-key'] });
    const program = await readProgram(argv as string[]);
    program.stdin =
      flags.stdin === '-' || (flags.stdin === undefined && stdinIsData())
        ? await readStdin()
        : flags.stdin
          ? await readBytes(flags.stdin)
          : new Uint8Array();
    const request: SubmissionRequest = {
      language: await languageOf(args.file, flags.language, config),
      ...toRequestFields(program),
      limits: limitsFromFlags(flags),
    };
    const programArgs = argsFromFlag(flags.args);
    if (programArgs?.length) request.args = programArgs;
    const quiet = new Progress(false);
    let result: SubmissionResult;
    if (!flags.local && config.endpoint) {
      result = await RemoteClient.for(config).submit(request, quiet);
    } else {
      const engine = await openEngine(config);
      try {
        result = await judgeLocally(engine, { request }, quiet, this.jsonEnabled());
      } finally {
        await engine.close();
      }
    }
    const test = result.tests[0];
    if (!this.jsonEnabled()) {
      if (result.compile && result.compile.exitCode !== 0) {
        const said = escapeBytes(decodeOutput(result.compile.output, result.compile.encoding));
        process.stderr.write(`${cut(said, { lines: 40, chars: 8000, width: 300, more: '--json shows all' })}\n`);
      }
      // The program's own bytes, exactly as it wrote them; on a terminal, bytes that are not text escaped.
      if (test?.stdout) writeOutput(process.stdout, decodeOutput(test.stdout, test.encoding));
      if (test?.stderr) writeOutput(process.stderr, decodeOutput(test.stderr, test.encoding));
      if (result.verdict !== 'AC' && result.verdict !== 'RE') {
        const limits =
          result.limits && ['TLE', 'MLE', 'OLE'].includes(result.verdict ?? '')
            ? ` (${formatLimits(result.limits)})`
            : '';
        process.stderr.write(`judge: ${result.verdict}${limits}${result.error ? `: ${result.error}` : ''}\n`);
      }
    }
    process.exitCode = result.verdict === 'AC' ? 0 : result.verdict === 'RE' && test?.exitCode ? test.exitCode : 1;
    return result;
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Whether this process's stdin brings data: a pipe or a file, not a terminal
 * (and not a socket, which a program that started this one may hold open
 * without ever writing to it).
 */
function stdinIsData(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile();
  } catch {
    return false;
  }
}

function writeOutput(stream: NodeJS.WriteStream, bytes: Uint8Array): void {
  stream.write(stream.isTTY && !isPlainText(bytes) ? escapeBytes(bytes) : bytes);
}
