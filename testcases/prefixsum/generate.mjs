// Writes prefixsum's large test (not committed). Deterministic.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'tests');
mkdirSync(dir, { recursive: true });
if (!existsSync(join(dir, '03.in')) || !existsSync(join(dir, '03.out'))) {
  let seed = 7n;
  const next = (m) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(seed >> 33n) % m;
  };
  const n = 200000;
  const q = 200000;
  const a = Array.from({ length: n }, () => next(2000001) - 1000000);
  const prefix = [0n];
  for (const x of a) prefix.push(prefix[prefix.length - 1] + BigInt(x));
  const queries = [];
  const answers = [];
  for (let i = 0; i < q; i++) {
    let l = next(n) + 1;
    let r = next(n) + 1;
    if (l > r) [l, r] = [r, l];
    queries.push(`${l} ${r}`);
    answers.push(String(prefix[r] - prefix[l - 1]));
  }
  writeFileSync(join(dir, '03.in'), `${n} ${q}\n${a.join(' ')}\n${queries.join('\n')}\n`);
  writeFileSync(join(dir, '03.out'), `${answers.join('\n')}\n`);
  console.log('prefixsum: wrote tests/03');
}
