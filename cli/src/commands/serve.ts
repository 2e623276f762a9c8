import { Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { nodeFlags, runNode } from '../lib/node.js';

export default class Serve extends BaseCommand {
  static override summary = 'Run a judge node: the HTTP API and worker slots.';
  static override description =
    `Serves the API of SPEC §2 (default port 3000) and judges submissions with --workers slots in this process (default 2; 0 for an API-only node). Settings come from flags, then env vars, then the config file, then defaults.
Secrets are read from the environment or the config file only: JUDGE_HMAC_SECRET (edge-signed requests; without it the node serves loopback only) and JUDGE_ADMIN_TOKEN (problem uploads).
Stops gracefully on SIGTERM: no new submissions, running jobs finished.`;
  static override examples = [
    '<%= config.bin %> serve',
    '<%= config.bin %> serve --port 3000 --workers 4 --database-url postgres://judge:judge@127.0.0.1/judge',
  ];
  static override flags = {
    ...nodeFlags,
    port: Flags.integer({ char: 'p', description: 'HTTP port (env JUDGE_PORT; default 3000)', min: 0, max: 65535 }),
    host: Flags.string({ description: 'listen address (default 0.0.0.0; loopback only without an HMAC secret)' }),
    'problems-dir': Flags.string({ description: 'problems on disk to import on start (env JUDGE_PROBLEMS_DIR)' }),
    'max-queue-depth': Flags.integer({ description: 'waiting jobs past which submissions get 503', min: 1 }),
    'max-wait-ms': Flags.integer({ description: 'longest ?wait=true hold (default 30000)', min: 0 }),
  };

  async run(): Promise<{ url: string | undefined }> {
    const { flags } = await this.parse(Serve);
    return runNode('serve', flags, {
      port: flags.port,
      host: flags.host,
      problemsDir: flags['problems-dir'],
      maxQueueDepth: flags['max-queue-depth'],
      maxWaitMs: flags['max-wait-ms'],
    });
  }
}
