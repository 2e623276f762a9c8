// Writes bigsum's large tests (not committed: about 11 MB). Deterministic.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'tests');
mkdirSync(dir, { recursive: true });
let seed = 20261128n;
const next = () => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return Number(seed >> 33n) % 2000000001 - 1000000000;
};
for (const [name, n] of [
  ['03', 1000000],
  ['04', 1000000],
]) {
  const input = join(dir, `${name}.in`);
  if (existsSync(input) && existsSync(join(dir, `${name}.out`))) continue;
  const xs = Array.from({ length: n }, next);
  const sum = xs.reduce((a, b) => a + BigInt(b), 0n);
  writeFileSync(input, `${n}\n${xs.join('\n')}\n`);
  writeFileSync(join(dir, `${name}.out`), `${sum}\n`);
  console.log(`bigsum: wrote tests/${name} (${n} numbers)`);
}
