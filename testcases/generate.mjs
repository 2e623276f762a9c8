// Runs every testcases/*/generate.mjs: large test data is generated, not committed.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
for (const name of readdirSync(root).sort()) {
  const script = join(root, name, 'generate.mjs');
  if (statSync(join(root, name)).isDirectory() && statSync(script, { throwIfNoEntry: false })) {
    await import(pathToFileURL(script).href);
  }
}
console.log('test data ready');
