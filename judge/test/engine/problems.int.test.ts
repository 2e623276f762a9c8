import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, listProblems, loadProblem, prepareTests, resolveRequest } from '../../src/index.js';
import { createTestEngine, TESTCASES_DIR } from '../support.js';

// Every problem in testcases/ with every reference solution, through the
// real sandbox: each checker, subtasks, samples and the large input.

const EXPECTED: Record<string, { verdict: string; score?: number }> = {
  ac: { verdict: 'AC', score: 100 },
  wa: { verdict: 'WA' },
  tle: { verdict: 'TLE' },
  partial: { verdict: 'TLE', score: 40 },
};
const EXT: Record<string, string> = { '.py': 'python', '.cpp': 'cpp', '.c': 'c' };

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

describe.each(problemIds)('%s', (id) => {
  const solutions = readdirSync(join(TESTCASES_DIR, id, 'solutions'));

  it.each(solutions)('%s', async (file) => {
    const kind = file.split(/[-.]/)[0]!;
    const want = EXPECTED[kind]!;
    const loaded = await loadProblem(join(TESTCASES_DIR, id));
    const { readFile } = await import('node:fs/promises');
    const req = resolveRequest(
      {
        language: EXT[file.slice(file.lastIndexOf('.'))]!,
        source: await readFile(join(TESTCASES_DIR, id, 'solutions', file), 'utf8'),
      },
      {
        registry: engine.registry,
        caps: { timeMs: 10_000, memoryMb: 1024, outputKb: 65_536 },
        problem: { problem: loaded.problem, checker: loaded.checker, tests: await prepareTests(loaded) },
      },
    );
    const r = await engine.judge(req);
    const detail = `${r.error ?? ''} ${r.tests.map((t) => `${t.verdict}:${t.timeMs}ms:${t.message ?? ''}`).join(' ')}`;
    expect(r.verdict, detail).toBe(want.verdict);
    if (want.score !== undefined) expect(r.score, detail).toBe(want.score);
    // Outputs of hidden tests never come back; samples' do.
    for (const [i, t] of r.tests.entries()) {
      expect(t.stdout !== undefined, `test ${i + 1}`).toBe(loaded.tests[i]!.sample);
    }
  });
});
