import { Command } from '@oclif/core';

/**
 * Every command's base: `--json` support, and one place that turns errors
 * into a message and exit code 2 (usage, configuration or connection errors;
 * a verdict other than AC exits 1 by itself).
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    process.exitCode = 2;
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: err.name || 'Error', message: err.message } });
      return;
    }
    this.logToStderr(`judge: ${err.message}`);
  }
}
