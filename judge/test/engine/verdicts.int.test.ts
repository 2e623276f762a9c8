import type { ResolvedLimits } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallLimitMs } from '../../src/exec/spec.js';
import type { Engine } from '../../src/index.js';
import { type Kind, PROGRAMS } from '../fixtures/programs.js';
import { createTestEngine, request } from '../support.js';

// Every verdict in every pack language, through the real sandbox.
//
// Time limits are derived from a baseline measured on the machine that runs the test, so that they hold on a
// slower or busier one. The language's AC program runs first with room to spare; every program that must end
// by itself gets a limit that gives HEADROOM times the CPU time and the wall time the AC program took (a
// runtime's start: the JVM, Node; a busy machine stretches the wall clock, which the engine bounds at
// wallLimitMs of the limit). A memory bomb races the clock too (bash grows its string by copying: most of a
// second here), so it runs first against half the memory limit, and gets HEADROOM times what that took,
// doubled for the doubled memory: MLE must come first. Room costs nothing to a program that ends by itself;
// the TLE programs, which loop forever and so are TLE under any limit, keep LIMITS.timeMs.

const TESTS: [string, string][] = [
  ['1 2\n', '3\n'],
  ['10 20\n', '30\n'],
];
const LIMITS: ResolvedLimits = { timeMs: 1000, memoryMb: 128, outputKb: 64 };
/** Room over a measured time: the wall clock of a shared machine varies several times over within a run. */
const HEADROOM = 10;
/** What a baseline run may take: the most a node grants by default. */
const ROOM: ResolvedLimits = { ...LIMITS, timeMs: 10_000 };

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

/**
 * The least time limit, at least `floor`, that gives `factor` times the CPU time and the wall time of the
 * slowest of these tests: the engine stops a run at the limit's CPU time or at its wall-clock limit.
 */
function limitFor(tests: { timeMs: number; wallMs: number }[], factor: number, floor: number): number {
  const cpu = Math.ceil(factor * Math.max(0, ...tests.map((t) => t.timeMs)));
  const wall = factor * Math.max(0, ...tests.map((t) => t.wallMs));
  let low = Math.max(floor, cpu);
  if (wallLimitMs(low) >= wall) return low;
  let high = low * 2;
  while (wallLimitMs(high) < wall) high *= 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (wallLimitMs(mid) >= wall) high = mid;
    else low = mid;
  }
  return high;
}

describe.each(Object.keys(PROGRAMS))('%s', (language) => {
  const kinds = Object.entries(PROGRAMS[language] ?? {}) as [Kind, string][];
  const limits: Partial<Record<Kind, ResolvedLimits>> = {};

  beforeAll(async () => {
    const program = (kind: Kind) => PROGRAMS[language]?.[kind] ?? '';
    const ac = await engine.judge(request(language, program('AC'), TESTS, { limits: ROOM }));
    expect(ac.verdict, `${language}'s AC program with room: ${ac.error ?? ''}`).toBe('AC');
    const timeMs = limitFor(ac.tests, HEADROOM, LIMITS.timeMs);
    for (const [kind] of kinds) limits[kind] = kind === 'TLE' ? LIMITS : { ...LIMITS, timeMs };
    if (program('MLE')) {
      const half = { ...ROOM, memoryMb: LIMITS.memoryMb / 2 };
      const bomb = await engine.judge(request(language, program('MLE'), TESTS, { limits: half }));
      limits.MLE = { ...LIMITS, timeMs: limitFor(bomb.tests, HEADROOM * 2, timeMs) };
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
