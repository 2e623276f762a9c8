import { Command, Flags } from '@oclif/core';
import { describeError } from './errors.js';
import { escapeText } from './text.js';

/**
 * Colours on a terminal unless NO_COLOR (any value but empty) or --no-color
 * says otherwise, or the terminal is dumb.
 */
export function useColor(stream: NodeJS.WriteStream, argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (argv.includes('--no-color')) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * Every command's base: `--json` and `--no-color`, and one place that turns
 * errors into a message and exit code 2 (usage, configuration or connection
 * errors; a verdict other than AC exits 1 by itself). With `--json` an error
 * is `{ "error": { "code", "message", "issues"? } }`, its code a stable
 * kebab-case word (`unknown-language`, `invalid-problem`, `unreachable`).
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    'no-color': Flags.boolean({ description: 'no colours in the output (as with NO_COLOR set)', helpGroup: 'GLOBAL' }),
  };

  /** Whether stdout (or `stream`) gets colours. */
  protected color(stream: NodeJS.WriteStream = process.stdout): boolean {
    return useColor(stream, this.argv);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    process.exitCode = 2;
    if (this.jsonEnabled()) {
      this.logJson({ error: describeError(err) });
      return;
    }
    this.logToStderr(`judge: ${escapeText(err.message)}`);
  }
}
