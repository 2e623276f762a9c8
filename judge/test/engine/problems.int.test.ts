import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Limits } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, listProblems, loadProblem, prepareTests, resolveRequest } from '../../src/index.js';
import { createTestEngine, TESTCASES_DIR } from '../support.js';

// Every problem in testcases/ with every reference solution, through the
// real sandbox: each checker, subtasks, samples and the large input.
//
// Time limits are derived from a baseline measured on the machine that runs
// the test, never taken from a figure chosen on another: a problem's `ac`
// solutions are judged first with room to spare, and the others are judged
// with HEADROOM times the slowest test they took. That keeps the verdicts a
// problem is built to show (bigsum: fast input passes, `input()` per line is
// TLE, 5.5 times slower) on a machine of any speed, and its declared limit
// (chosen for one machine, testcases/README.md) out of the question. The limit
// follows the CPU time only: the wall clock (which the engine bounds at about
// twice the limit) cannot be given more room without letting the slow
// solutions in.

const EXPECTED: Record<string, { verdict: string; score?: number }> = {
  ac: { verdict: 'AC', score: 100 },
  wa: { verdict: 'WA' },
  tle: { verdict: 'TLE' },
  partial: { verdict: 'TLE', score: 40 },
};
const EXT: Record<string, string> = { '.py': 'python', '.cpp': 'cpp', '.c': 'c' };
/** The limit over the reference's time; bigsum's shipped limit is 2.8 times its reference on the build machine. */
const HEADROOM = 3;
const CAPS = { timeMs: 10_000, memoryMb: 1024, outputKb: 65_536 };

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

it('loads every problem in testcases/ without errors', async () => {
  const { problems, errors } = await listProblems(TESTCASES_DIR);
  expect(errors.map((e) => e.message)).toEqual([]);
  expect(problems.map((p) => p.problem.id).sort()).toEqual(['aplusb', 'bigsum', 'circle', 'prefixsum', 'twosum']);
  expect(new Set(problems.map((p) => p.checker.type))).toEqual(new Set(['tokens', 'float', 'custom']));
});

const problemIds = readdirSync(TESTCASES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** A reference solution of a problem, judged against it with these limits over the problem's. */
async function judgeFile(id: string, file: string, limits: Limits) {
  const loaded = await loadProblem(join(TESTCASES_DIR, id));
  const req = resolveRequest(
    {
      language: EXT[file.slice(file.lastIndexOf('.'))] ?? 'unknown',
      source: await readFile(join(TESTCASES_DIR, id, 'solutions', file), 'utf8'),
      limits,
    },
    {
      registry: engine.registry,
      caps: CAPS,
      problem: { problem: loaded.problem, checker: loaded.checker, tests: await prepareTests(loaded) },
    },
  );
  return { loaded, ...(await engine.judge(req)) };
}

describe.each(problemIds)('%s', (id) => {
  const solutions = readdirSync(join(TESTCASES_DIR, id, 'solutions'));
  let timeMs = 0;

  beforeAll(async () => {
    // The baseline: the reference solutions with as much time as the node grants, each test measured.
    let slowest = 0;
    for (const file of solutions.filter((f) => f.startsWith('ac'))) {
      const { tests } = await judgeFile(id, file, { timeMs: CAPS.timeMs });
      const detail = tests.map((t) => `${t.verdict}:${t.timeMs}ms`).join(' ');
      expect(
        tests.every((t) => t.verdict === 'AC'),
        `${id}/${file} with ${CAPS.timeMs} ms: ${detail}`,
      ).toBe(true);
      slowest = Math.max(slowest, ...tests.map((t) => t.timeMs));
    }
    timeMs = Math.max(1, Math.ceil(HEADROOM * slowest));
  }, 600_000);

  it.each(solutions)('%s', async (file) => {
    const kind = file.split(/[-.]/)[0] ?? '';
    const want = EXPECTED[kind];
    expect(want, `${file}: solutions are named ac, wa, tle or partial`).toBeDefined();
    const r = await judgeFile(id, file, { timeMs });
    const detail = `limit ${timeMs} ms: ${r.error ?? ''} ${r.tests.map((t) => `${t.verdict}:${t.timeMs}ms:${t.message ?? ''}`).join(' ')}`;
    expect(r.verdict, detail).toBe(want?.verdict);
    if (want?.score !== undefined) expect(r.score, detail).toBe(want.score);
    // Outputs of hidden tests never come back; samples' do.
    for (const [i, t] of r.tests.entries()) {
      expect(t.stdout !== undefined, `test ${i + 1}`).toBe(r.loaded.tests[i]?.sample);
    }
  });
});
