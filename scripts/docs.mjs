#!/usr/bin/env node
// Writes the documents generated from the code: docs/api.md (the node's OpenAPI
// document), docs/configuration.md (the node's and the CLI's config schemas)
// and docs/cli.md (the commands). `--check` writes nothing and exits 1 naming
// the files that differ from what the code says. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Markdown as the repository's formatter writes it (biome pads tables), so that `biome check` agrees. */
function format(path, text) {
  const biome = join(ROOT, 'node_modules', '.bin', 'biome');
  const r = spawnSync(biome, ['format', `--stdin-file-path=${path}`], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`biome format ${path} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** The generated documents, by path relative to the repository, formatted. */
export async function generate() {
  const raw = await render();
  return Object.fromEntries(Object.entries(raw).map(([path, text]) => [path, format(path, text)]));
}

async function render() {
  const { generatedNote, renderApiDoc, renderNodeConfigDoc } = await import(join(ROOT, 'judge/dist/node/index.js'));
  const { renderCliCommands, renderCliConfigDoc } = await import(join(ROOT, 'cli/dist/lib/docs.js'));
  const configuration = `${generatedNote('judge/src/node/config.ts and cli/src/lib/config.ts')}
# Configuration

## A judge node (\`judge serve\`, \`judge worker\`)

Each setting comes from, in order of precedence: a flag of \`judge serve\` or
\`judge worker\`, an environment variable, the config file, the default. The
config file is YAML (or JSON) at \`--config\`, \`JUDGE_NODE_CONFIG\`, or
\`~/.config/judge/node.yaml\` (\`$XDG_CONFIG_HOME/judge/node.yaml\`); its keys
are the first column. A bad value is refused at start, named as it was given
(\`JUDGE_ADMIN_TOKEN: the admin token needs at least 8 characters\`,
\`--port: …\`, \`node.yaml: caps.timeMs: …\`).

${renderNodeConfigDoc()}

Who may call a node:

- Neither \`hmacSecret\` nor \`apiKeys\`: the node serves this machine only
  (it listens on 127.0.0.1 whatever \`host\` says) and asks no credentials.
- With either: it listens on \`host\`, and every request to \`/v1\` and
  \`/api\` is signed with the secret (the edge), carries an API key
  (\`Authorization: Bearer <key>\`), or carries the admin token. \`/health\`,
  \`/metrics\` and \`/openapi.json\` stay open.
- Problem uploads need the admin token or an admin API key.

API keys are kept as the SHA-256 of the key, in the same JSON as the edge's
\`API_KEYS\` (and plans as its \`PLANS\`), so one file serves both:

\`\`\`sh
printf %s "$KEY" | sha256sum     # the key's sha256
JUDGE_API_KEYS="$(cat keys.json)" JUDGE_PLANS="$(cat plans.json)" judge serve
\`\`\`

## The \`judge\` command

Settings of the command line tool, in \`~/.config/judge/config.json\`
(\`judge config set KEY VALUE\`), overridden by environment variables, which a
flag overrides in turn.

${renderCliConfigDoc()}
`;
  const cli = `${generatedNote('the commands in cli/src/commands')}
# The \`judge\` command

\`judge\` judges on this machine (Docker sandboxes, no service needed) or on a
judge node or edge (\`--endpoint\`, \`JUDGE_ENDPOINT\`, \`judge config set
endpoint\`). \`node cli/bin/run.js\` runs it from a clone; \`npm link -w cli\`
puts \`judge\` on your PATH. Exit codes: 0 on AC (or success), 1 on another
verdict, 2 on a usage, configuration or connection error, with one line
saying what is wrong (and the command meant, for a mistyped one).

Every command takes \`--json\`: the result as JSON on stdout, or an error as
\`{ "error": { "code", "message", "issues"? } }\`, whose \`code\` is a stable
kebab-case word (\`usage\`, \`unknown-command\`, \`unknown-language\`,
\`file-not-found\`, \`invalid-problem\`, \`invalid-config\`,
\`docker-unavailable\`, \`no-endpoint\`, \`unreachable\`; a node's refusal is its
own code in kebab-case, \`invalid-request\`, with its \`issues\` and \`status\`).
Every command takes \`--no-color\` too: colours go to a terminal only, never
with \`NO_COLOR\` set. Results show the limits the tests ran under; for a
sample test, a wrong answer shows the expected and received lines side by
side and an RE the first lines of stderr (a hidden test shows its verdict
only). Program and compiler output that is not text is escaped, and long
output is cut (\`--json\` has all of it).

## Credentials

Against a node or an edge, \`judge\` sends an API key as
\`Authorization: Bearer <key>\` (\`--api-key\`, \`JUDGE_API_KEY\`,
\`judge config set apiKey\`); \`judge problem push\` sends the admin token
instead when it has one (\`--token\`, \`JUDGE_ADMIN_TOKEN\`).

Given a node's HMAC secret (\`JUDGE_HMAC_SECRET\`, or \`judge config set
hmacSecret\`), \`judge\` also signs each request as the edge does. That is for
the node's operators, who hold the secret anyway: a script on the node's
machine, a deployment pushing problems. It is not how people should reach a
node. The secret has no name and no plan, is not limited, and cannot be
withdrawn from one person without changing it for the edge and every other
holder; an API key has a name and a plan and is withdrawn alone, by removing
one line. Hand out keys; keep the secret between the edge and the nodes.
There is no flag for the secret, so that it never shows in a process list.

${await renderCliCommands()}
`;
  return {
    'docs/api.md': renderApiDoc(),
    'docs/configuration.md': configuration,
    'docs/cli.md': cli,
  };
}

/** The generated files whose committed text differs (from `generate()`'s answer, or a fresh one). */
export async function stale(generated) {
  const out = [];
  for (const [path, text] of Object.entries(generated ?? (await generate()))) {
    const current = await readFile(join(ROOT, path), 'utf8').catch(() => undefined);
    if (current !== text) out.push(path);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const files = await stale();
    if (files.length > 0) {
      console.error(`stale: ${files.join(', ')}: run npm run docs`);
      process.exit(1);
    }
  } else {
    for (const [path, text] of Object.entries(await generate())) await writeFile(join(ROOT, path), text);
  }
}
