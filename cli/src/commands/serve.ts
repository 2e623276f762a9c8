import { Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';

/** Flags shared with `judge worker`: the node's settings that make sense on a command line. */
export const nodeFlags = {
  config: Flags.string({ description: 'node config file, YAML or JSON (default ~/.config/judge/node.yaml)' }),
  workers: Flags.integer({ char: 'w', description: 'submissions judged at once by this process', min: 0 }),
  'redis-url': Flags.string({ description: 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)' }),
  'database-url': Flags.string({
    description: 'PostgreSQL (env DATABASE_URL); without it an embedded PostgreSQL in --data-dir',
  }),
  'data-dir': Flags.string({ description: 'embedded database and compile cache (env JUDGE_DATA_DIR)' }),
  'languages-dir': Flags.string({ description: 'language packs (env JUDGE_LANGUAGES_DIR)' }),
  queue: Flags.string({ description: 'BullMQ queue name (default code-execution-jobs)' }),
  'log-level': Flags.string({ options: ['debug', 'info', 'warn', 'error', 'silent'] }),
};

/** Node settings from the shared flags, keyed as the node's config schema keys them. */
export function nodeSettings(flags: Record<string, unknown>): Record<string, unknown> {
  return {
    workers: flags.workers,
    redisUrl: flags['redis-url'],
    databaseUrl: flags['database-url'],
    dataDir: flags['data-dir'],
    languagesDir: flags['languages-dir'],
    queueName: flags.queue,
    logLevel: flags['log-level'],
  };
}

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
    const { join } = await import('node:path');
    const { REPO_DIR } = await import('../lib/config.js');
    const { createLogger, loadConfig, startNode, stopOnSignals } = await import('@judge/judge/node');
    const config = loadConfig({
      file: flags.config,
      defaults: { languagesDir: join(REPO_DIR, 'languages') },
      flags: {
        ...nodeSettings(flags),
        port: flags.port,
        host: flags.host,
        problemsDir: flags['problems-dir'],
        maxQueueDepth: flags['max-queue-depth'],
        maxWaitMs: flags['max-wait-ms'],
      },
    });
    const log = createLogger(config.logLevel, { role: 'serve' });
    const node = await startNode(config, { role: 'serve', log });
    await stopOnSignals(node, log);
    return { url: node.url };
  }
}
