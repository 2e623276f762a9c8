import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index.js';
import { type Kind, PROGRAMS } from '../fixtures/programs.js';
import { createTestEngine, request } from '../support.js';

// Every verdict in every pack language, through the real sandbox.

const TESTS: [string, string][] = [
  ['1 2\n', '3\n'],
  ['10 20\n', '30\n'],
];
const LIMITS = { timeMs: 1000, memoryMb: 128, outputKb: 64 };

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

describe.each(Object.keys(PROGRAMS))('%s', (language) => {
  const kinds = Object.entries(PROGRAMS[language]!) as [Kind, string][];

  it('has a program for every verdict its pack can give', () => {
    const pack = engine.resolveLanguage(language);
    expect(pack, `no pack for ${language}`).toBeDefined();
    const expected: Kind[] = ['AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE'];
    if (pack!.compile && language !== 'python') expected.push('CE');
    expect(kinds.map(([k]) => k).sort()).toEqual(expected.sort());
  });

  it.concurrent.each(kinds)('%s', async (kind, source) => {
    const r = await engine.judge(request(language, source, TESTS, { limits: LIMITS }));
    const detail = `${r.error ?? ''} ${r.compile?.output ?? ''} ${r.tests.map((t) => `${t.verdict} ${t.stderr ?? ''}`).join(' | ')}`;
    expect(r.verdict, detail).toBe(kind);
    if (kind === 'AC') {
      expect(r.score).toBe(100);
      expect(r.tests.map((t) => t.verdict)).toEqual(['AC', 'AC']);
    } else if (kind === 'CE') {
      expect(r.compile?.exitCode).not.toBe(0);
      expect(r.compile?.output.length).toBeGreaterThan(0);
      expect(r.tests).toEqual([]);
    } else {
      expect(r.score).toBe(0);
    }
  });
});
