import type { Hook } from '@oclif/core';
import { suggestCommand } from '../lib/suggest.js';

/**
 * A mistyped command: says which command was probably meant, on stderr (or
 * as `{ "error": { "code": "unknown-command", … } }` with --json), and exits
 * 2 like any usage error. It never runs the guess: `judge problem psuh`
 * running `problem push` against a node is not a guess to act on.
 */
const hook: Hook<'command_not_found'> = async (opts) => {
  const sep = opts.config.topicSeparator;
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id);
  // With a space as the separator, the arguments that follow a mistyped command come in its id too.
  const parts = opts.id.split(':');
  let guess: string | undefined;
  let words = parts.length;
  for (; words >= 1 && !guess; words--) guess = suggestCommand(parts.slice(0, words).join(':'), ids);
  const typed = (guess ? parts.slice(0, words + 1) : parts.slice(0, 1)).join(sep);
  const bin = opts.config.bin;
  const hint = guess ? `did you mean "${bin} ${guess.replaceAll(':', sep)}"?` : `"${bin} --help" lists the commands`;
  const message = `"${typed}" is not a ${bin} command: ${hint}`;
  process.exitCode = 2;
  if (opts.argv?.includes('--json')) {
    const error = { code: 'unknown-command', message, ...(guess ? { suggestion: guess.replaceAll(':', sep) } : {}) };
    process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  } else {
    process.stderr.write(`${bin}: ${message}\n`);
  }
};

export default hook;
