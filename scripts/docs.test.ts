import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script, without types
import { generate, stale } from './docs.mjs';

// The documents generated from the code are committed; this fails when one is stale (run `npm run docs`).
// It reads the built packages: `npm test` builds first.

describe('generated documents', () => {
  let docs: Record<string, string>;
  let outdated: string[];

  // Loading the node's and the CLI's code and formatting takes seconds on a busy machine: once, with room.
  beforeAll(async () => {
    docs = (await generate()) as Record<string, string>;
    outdated = await stale(docs);
  }, 300_000);

  it('are what the code says', () => {
    expect(outdated).toEqual([]);
  });

  it('document Idempotency-Key, every node variable and every command', () => {
    expect(docs['docs/api.md']).toContain('`Idempotency-Key`');
    for (const v of [
      'JUDGE_HMAC_SECRET',
      'JUDGE_API_KEYS',
      'JUDGE_ADMIN_TOKEN',
      'DATABASE_URL',
      'JUDGE_CAP_TIME_MS',
      'JUDGE_API_KEY',
    ]) {
      expect(docs['docs/configuration.md']).toContain(`\`${v}\``);
    }
    for (const c of ['judge submit', 'judge serve', 'judge problem push', 'judge config set']) {
      expect(docs['docs/cli.md']).toContain(`## ${c}`);
    }
    expect(docs['docs/cli.md']).toContain('`--api-key`');
  });
});
