import { innerSchema, type SettingInfo, settings } from '@judge/judge/node';
import { Flags } from '@oclif/core';
import { z } from 'zod';

type Role = 'serve' | 'worker';

/** The node settings that a command of this role takes as flags, from the node's config schema. */
function flagSettings(role: Role): (SettingInfo & { flag: string })[] {
  return settings().flatMap((s) =>
    s.doc.flag && (s.doc.for === undefined || s.doc.for === role) ? [{ ...s, flag: s.doc.flag }] : [],
  );
}

function flagOf(s: SettingInfo) {
  const env = s.doc.env?.length ? ` (env ${s.doc.env.join(', ')})` : '';
  const description = `${s.doc.description}${env}`;
  const char = s.doc.char as 'p' | undefined;
  const inner = innerSchema(s.schema);
  if (inner instanceof z.ZodNumber) {
    return Flags.integer({ description, char, min: inner.minValue ?? undefined, max: inner.maxValue ?? undefined });
  }
  if (inner instanceof z.ZodEnum) return Flags.string({ description, char, options: inner.options.map(String) });
  return Flags.string({ description, char });
}

/** The flags of `judge serve` or `judge worker`: the config file, and every node setting that has a flag. */
export function nodeFlags(role: Role) {
  const flags: Record<string, ReturnType<typeof flagOf>> = {};
  for (const s of flagSettings(role)) flags[s.flag] = flagOf(s);
  return {
    config: Flags.string({ description: 'node config file, YAML or JSON (default ~/.config/judge/node.yaml)' }),
    ...flags,
  };
}

/**
 * Starts a node in this process from the command's flags (over env, config
 * file and defaults) and runs it until SIGTERM or SIGINT.
 */
export async function runNode(role: Role, flags: Record<string, unknown>): Promise<{ url: string | undefined }> {
  const { join } = await import('node:path');
  const { REPO_DIR } = await import('./config.js');
  const { createLogger, loadConfig, startNode, stopOnSignals } = await import('@judge/judge/node');
  const values: Record<string, unknown> = {};
  const flagNames: Record<string, string> = {};
  for (const s of flagSettings(role)) {
    values[s.key] = flags[s.flag];
    flagNames[s.key] = `--${s.flag}`;
  }
  const config = loadConfig({
    file: typeof flags.config === 'string' ? flags.config : undefined,
    defaults: { languagesDir: join(REPO_DIR, 'languages') },
    flags: values,
    flagNames,
  });
  const log = createLogger(config.logLevel, { role });
  const node = await startNode(config, { role, log });
  await stopOnSignals(node, log);
  return { url: node.url };
}
