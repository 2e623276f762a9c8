import { Flags } from '@oclif/core';

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

/**
 * Starts a node in this process from the command's flags (over env, config
 * file and defaults) and runs it until SIGTERM or SIGINT.
 */
export async function runNode(
  role: 'serve' | 'worker',
  flags: Record<string, unknown> & { config?: string },
  extra: Record<string, unknown>,
): Promise<{ url: string | undefined }> {
  const { join } = await import('node:path');
  const { REPO_DIR } = await import('./config.js');
  const { createLogger, loadConfig, startNode, stopOnSignals } = await import('@judge/judge/node');
  const config = loadConfig({
    file: flags.config,
    defaults: { languagesDir: join(REPO_DIR, 'languages') },
    flags: { ...nodeSettings(flags), ...extra },
  });
  const log = createLogger(config.logLevel, { role });
  const node = await startNode(config, { role, log });
  await stopOnSignals(node, log);
  return { url: node.url };
}
