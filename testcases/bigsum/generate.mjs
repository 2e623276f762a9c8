// Writes bigsum's large tests, tests/03 and tests/04 (10^6 numbers, about 10 MB
// each: not committed). Deterministic; skips tests that exist unless --force.
// Usage: node generate.mjs [--force] [--out DIR]
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const force = args.includes('--force');
const outAt = args.indexOf('--out');
const dir = outAt >= 0 ? args[outAt + 1] : join(dirname(fileURLToPath(import.meta.url)), 'tests');
mkdirSync(dir, { recursive: true });

// A 64-bit LCG (Knuth's MMIX constants): the same numbers on every machine.
let seed = 20261128n;
const next = () => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return (Number(seed >> 33n) % 2000000001) - 1000000000;
};

/** Writes through a temporary file, so an interrupted run leaves no half test. */
function write(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

for (const [name, n] of [
  ['03', 1000000],
  ['04', 1000000],
]) {
  // Draw the numbers even when skipping, so that 04 does not depend on 03 being present.
  const xs = Array.from({ length: n }, next);
  const input = join(dir, `${name}.in`);
  const output = join(dir, `${name}.out`);
  if (!force && existsSync(input) && existsSync(output)) {
    console.log(`bigsum: tests/${name} exists`);
    continue;
  }
  const sum = xs.reduce((a, b) => a + b, 0); // |sum| <= 10^15 < 2^53: exact
  write(input, `${n}\n${xs.join('\n')}\n`);
  write(output, `${sum}\n`);
  console.log(`bigsum: wrote ${input} (${n} numbers) and ${name}.out`);
}
