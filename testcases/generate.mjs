// Runs every testcases/*/generate.mjs, each in its own process: large test data
// is generated, not committed. Idempotent: generators skip tests that exist.
// Extra arguments (--force) go to every generator. Run by `npm run setup`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const failed = [];
const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
for (const name of dirs.map((d) => d.name).sort()) {
  const script = join(root, name, 'generate.mjs');
  if (!statSync(script, { throwIfNoEntry: false })?.isFile()) continue;
  const run = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`test data generation failed for: ${failed.join(', ')}`);
  process.exit(1);
}
