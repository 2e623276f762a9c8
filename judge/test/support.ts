import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Checker, DEFAULT_LIMITS, type Limits } from '@judge/contract';
import { Engine, type JudgeRequest } from '../src/index.js';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LANGUAGES_DIR = join(REPO_DIR, 'languages');
export const TESTCASES_DIR = join(REPO_DIR, 'testcases');

const utf8 = new TextEncoder();

/**
 * An engine on the real Docker engine, with a private compile cache. These
 * tests need Docker: without it they fail (never skip), with the reason.
 */
export async function createTestEngine(opts: { cache?: boolean; slots?: number } = {}): Promise<Engine> {
  return Engine.create({
    languagesDir: LANGUAGES_DIR,
    cacheDir: opts.cache === false ? false : mkdtempSync(join(tmpdir(), 'judge-cache-')),
    slots: opts.slots ?? 2,
  });
}

/** A request with inline tests (input → expected output). */
export function request(
  language: string,
  source: string,
  tests: [string, string][] | { stdin: string },
  extra: { limits?: Limits; checker?: Checker } = {},
): JudgeRequest {
  const plain = !Array.isArray(tests);
  return {
    language,
    source,
    tests: plain
      ? [{ name: '1', input: utf8.encode(tests.stdin), sample: true }]
      : tests.map(([input, output], i) => ({
          name: String(i + 1),
          input: utf8.encode(input),
          output: utf8.encode(output),
          sample: true,
        })),
    limits: { ...DEFAULT_LIMITS, ...extra.limits },
    checker: extra.checker ?? { type: 'tokens' },
    plainRun: plain,
  };
}
