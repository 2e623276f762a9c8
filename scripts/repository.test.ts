import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What users need is in the repository: nothing in it may point at documents that live elsewhere (the
// specification and load plan the project was built from). Their content belongs in docs/, in our words.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// The outside documents' names are spelled from their parts, so that this file does not name them either.
const SPEC = ['SP', 'EC'].join('');
const PLAN = ['LOAD', 'TEST', 'PLAN'].join('_');
const OUTSIDE = [
  new RegExp(`${SPEC} §`),
  new RegExp(`${SPEC}\\.md`),
  new RegExp(PLAN),
  /\.\.\/shared\b/,
  /(^|[\s`'"(])shared\//,
  /MACHINE\.md/,
  /CONVENTIONS\.md/,
];

describe('the repository', () => {
  it('refers to no file outside it', () => {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f && f !== 'package-lock.json' && f !== 'scripts/repository.test.ts');
    const hits: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // removed in the working tree
      }
      for (const [i, line] of text.split('\n').entries()) {
        if (OUTSIDE.some((p) => p.test(line))) hits.push(`${file}:${i + 1}: ${line.trim()}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
