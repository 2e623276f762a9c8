// docs/cli.md and the CLI's part of docs/configuration.md, rendered from the
// commands themselves and the CLI's config schema (`npm run docs`).
import { markdownTable as table } from '@judge/judge';
import { Config } from '@oclif/core';
import { cliSettings, REPO_DIR } from './config.js';

/** The CLI's settings: `~/.config/judge/config.json` keys, variables and flags. */
export function renderCliConfigDoc(): string {
  return table(
    ['config.json key', 'variable', 'flag', 'what'],
    cliSettings().map(({ key, doc }) => [
      `\`${key}\``,
      `\`${doc.env}\``,
      doc.flag ? `\`--${doc.flag}\`` : '',
      `${doc.description}${doc.secret ? ' `judge config get` shows it as `(set)`.' : ''}`,
    ]),
  );
}

/** Every command: what it does, its arguments, its flags and examples, from the commands' own definitions. */
export async function renderCliCommands(): Promise<string> {
  const config = await Config.load({ root: `${REPO_DIR}/cli` });
  const bin = config.bin;
  const out: string[] = [];
  const commands = [...config.commands].filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id));
  for (const c of commands) {
    const name = `${bin} ${c.id.replaceAll(':', ' ')}`;
    const args = Object.entries(c.args ?? {});
    const usage = [name, ...args.map(([a, def]) => (def.required ? a.toUpperCase() : `[${a.toUpperCase()}]`))].join(
      ' ',
    );
    out.push(`## ${name}`, '', c.summary ?? '', '');
    if (c.description && c.description !== c.summary) out.push(c.description, '');
    out.push('```', `${usage} [flags]`, '```', '');
    if (args.length > 0) {
      out.push(
        table(
          ['argument', 'what'],
          args.map(([a, def]) => [`\`${a.toUpperCase()}\``, def.description ?? '']),
        ),
        '',
      );
    }
    // --no-color is every command's, said once at the top.
    const flags = Object.entries(c.flags ?? {}).filter(([f, def]) => !def.hidden && f !== 'no-color');
    if (flags.length > 0) {
      const rows = flags.map(([f, def]) => {
        const names = `${def.char ? `\`-${def.char}\`, ` : ''}\`--${f}\``;
        const options = def.type === 'option' && def.options ? ` One of ${def.options.join(', ')}.` : '';
        const dflt = def.default !== undefined && typeof def.default !== 'function' ? ` Default ${def.default}.` : '';
        return [names, `${def.description ?? ''}${options}${dflt}`];
      });
      out.push(table(['flag', 'what'], rows), '');
    }
    const examples = (c.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command));
    if (examples.length > 0) {
      out.push('```sh', ...examples.map((e) => e.replaceAll('<%= config.bin %>', bin)), '```', '');
    }
  }
  return out.join('\n').trimEnd();
}
