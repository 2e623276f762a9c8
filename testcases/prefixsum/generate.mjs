// Writes prefixsum's large test, tests/03 (n = q = 200000, about 6 MB: not
// committed). Deterministic; skips it if it exists unless --force.
// Usage: node generate.mjs [--force] [--out DIR]
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const force = args.includes('--force');
const outAt = args.indexOf('--out');
const dir = outAt >= 0 ? args[outAt + 1] : join(dirname(fileURLToPath(import.meta.url)), 'tests');
mkdirSync(dir, { recursive: true });

function write(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const input = join(dir, '03.in');
const output = join(dir, '03.out');
if (!force && existsSync(input) && existsSync(output)) {
  console.log('prefixsum: tests/03 exists');
} else {
  // A 64-bit LCG (Knuth's MMIX constants): the same test on every machine.
  let seed = 7n;
  const next = (m) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(seed >> 33n) % m;
  };
  const n = 200000;
  const q = 200000;
  const a = Array.from({ length: n }, () => next(2000001) - 1000000);
  const prefix = [0];
  for (const x of a) prefix.push(prefix[prefix.length - 1] + x); // |sums| <= 2 * 10^11: exact
  const queries = [];
  const answers = [];
  for (let i = 0; i < q; i++) {
    let l = next(n) + 1;
    let r = next(n) + 1;
    if (l > r) [l, r] = [r, l];
    queries.push(`${l} ${r}`);
    answers.push(String(prefix[r] - prefix[l - 1]));
  }
  write(input, `${n} ${q}\n${a.join(' ')}\n${queries.join('\n')}\n`);
  write(output, `${answers.join('\n')}\n`);
  console.log(`prefixsum: wrote ${input} (n = q = ${n}) and 03.out`);
}
