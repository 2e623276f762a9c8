import type { ResolvedLimits } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index.js';
import { type Kind, PROGRAMS } from '../fixtures/programs.js';
import { createTestEngine, request } from '../support.js';

// Every verdict in every pack language, through the real sandbox.
//
// The time limit of each language is derived from a baseline measured on the machine that runs the test, so
// that it holds on a slower one: the language's AC program runs first with room to spare, and the limit is
// HEADROOM times the CPU time it took (a runtime's start: the JVM, Node), never under LIMITS.timeMs. A memory
// bomb races the clock too (bash grows its string by copying: most of a second here), so it runs first
// against half the memory limit, and its own time limit is HEADROOM times the time that took, doubled for the
// doubled memory: MLE must come first on any machine.

const TESTS: [string, string][] = [
  ['1 2\n', '3\n'],
  ['10 20\n', '30\n'],
];
const LIMITS: ResolvedLimits = { timeMs: 1000, memoryMb: 128, outputKb: 64 };
/** Room over a measured time. */
const HEADROOM = 4;
/** What a baseline run may take: the most a node grants by default. */
const ROOM: ResolvedLimits = { ...LIMITS, timeMs: 10_000 };

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

/** CPU time of the slowest test of a run. */
const slowest = (tests: { timeMs: number }[]) => Math.max(0, ...tests.map((t) => t.timeMs));

describe.each(Object.keys(PROGRAMS))('%s', (language) => {
  const kinds = Object.entries(PROGRAMS[language] ?? {}) as [Kind, string][];
  const limits: Partial<Record<Kind, ResolvedLimits>> = {};

  beforeAll(async () => {
    const program = (kind: Kind) => PROGRAMS[language]?.[kind] ?? '';
    const ac = await engine.judge(request(language, program('AC'), TESTS, { limits: ROOM }));
    expect(ac.verdict, `${language}'s AC program with room: ${ac.error ?? ''}`).toBe('AC');
    const timeMs = Math.max(LIMITS.timeMs, Math.ceil(HEADROOM * slowest(ac.tests)));
    for (const [kind] of kinds) limits[kind] = { ...LIMITS, timeMs };
    if (program('MLE')) {
      const half = { ...ROOM, memoryMb: LIMITS.memoryMb / 2 };
      const bomb = await engine.judge(request(language, program('MLE'), TESTS, { limits: half }));
      limits.MLE = { ...LIMITS, timeMs: Math.max(timeMs, Math.ceil(HEADROOM * 2 * slowest(bomb.tests))) };
    }
  }, 300_000);

  it('has a program for every verdict its pack can give', () => {
    const pack = engine.resolveLanguage(language);
    expect(pack, `no pack for ${language}`).toBeDefined();
    const expected: Kind[] = ['AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE'];
    if (pack?.compile && language !== 'python') expected.push('CE');
    expect(kinds.map(([k]) => k).sort()).toEqual(expected.sort());
  });

  it.concurrent.each(kinds)('%s', async (kind, source) => {
    const r = await engine.judge(request(language, source, TESTS, { limits: limits[kind] }));
    const detail = `${JSON.stringify(limits[kind])} ${r.error ?? ''} ${r.compile?.output ?? ''} ${r.tests.map((t) => `${t.verdict} ${t.timeMs}ms ${t.stderr ?? ''}`).join(' | ')}`;
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
