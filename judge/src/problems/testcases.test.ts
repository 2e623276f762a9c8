import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_FILE, type LoadedProblem, listProblems, prepareTests } from './load.js';

// The problems shipped in testcases/: they load without errors, follow the
// conventions of testcases/README.md, and their generated data is what the
// generators write.

const TESTCASES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'testcases');
const SOLUTION = /^(ac|wa|tle|mle|re|partial)(-[a-z0-9]+)*\.(py|cpp|c)$/;
/** Test files above this size must come from a generator, never from git. */
const MAX_COMMITTED_BYTES = 2 * 1024 * 1024;

const dirs = readdirSync(TESTCASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const generated = dirs.filter((d) => existsSync(join(TESTCASES, d, GENERATOR_FILE)));
let problems: LoadedProblem[];
let scratch: string;

beforeAll(async () => {
  execFileSync(process.execPath, [join(TESTCASES, 'generate.mjs')], { stdio: 'pipe' });
  const listed = await listProblems(TESTCASES);
  expect(listed.errors.map((e) => e.message)).toEqual([]);
  problems = listed.problems;
  scratch = mkdtempSync(join(tmpdir(), 'judge-testcases-'));
}, 60_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('loads every problem directory, each under its directory name', () => {
  expect(problems.map((p) => p.problem.id)).toEqual(dirs);
  expect(dirs.length).toBeGreaterThanOrEqual(5);
});

it('covers every kind of checker but exact and lines, an interactor, and subtasks', () => {
  const kinds = new Set(
    problems.map((p) =>
      p.interactor ? 'interactive' : p.checker.type === 'float' ? `float ${p.checker.epsilon}` : p.checker.type,
    ),
  );
  expect(kinds).toEqual(new Set(['tokens', 'float 0.000001', 'custom', 'interactive']));
  expect(problems.filter((p) => p.problem.subtasks).map((p) => p.problem.subtasks!.map((s) => s.score))).toEqual([
    [40, 60],
  ]);
});

describe.each(dirs)('%s', (id) => {
  const problem = () => problems.find((p) => p.problem.id === id)!;

  it('has a title, limits, the first test as its sample, and tests with data', async () => {
    const p = problem();
    expect(p.problem.title).toBeTruthy();
    expect(p.problem.limits?.timeMs).toBeGreaterThan(0);
    expect(p.problem.samples).toEqual([p.tests[0]!.name]);
    const tests = await prepareTests(p);
    for (const t of tests) {
      expect(t.input.length, `${t.name}.in`).toBeGreaterThan(0);
      // An interactive problem's interactor needs no answers.
      if (p.interactor) expect(t.output, `${t.name}.out`).toBeUndefined();
      else expect(t.output?.length, `${t.name}.out`).toBeGreaterThan(0);
    }
  });

  it('has reference solutions named by verdict, at least ac in C++ and Python', () => {
    const files = readdirSync(join(TESTCASES, id, 'solutions')).sort();
    for (const f of files) expect(f).toMatch(SOLUTION);
    expect(files.filter((f) => f.startsWith('ac') && f.endsWith('.cpp')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('ac') && f.endsWith('.py')).length).toBeGreaterThan(0);
  });

  it('commits no large test data', () => {
    const tests = join(TESTCASES, id, 'tests');
    const ignored = gitignored(id);
    for (const f of readdirSync(tests)) {
      if (statSync(join(tests, f)).size > MAX_COMMITTED_BYTES)
        expect(ignored(`tests/${f}`), `${id}/tests/${f}`).toBe(true);
    }
  });
});

it('a custom checker comes with its source text', () => {
  const custom = problems.filter((p) => p.checker.type === 'custom');
  expect(custom.map((p) => p.problem.id)).toEqual(['twosum']);
  const checker = custom[0]!.checker;
  expect(checker.type === 'custom' && checker.source).toContain('sys.argv[3]');
});

describe.each(generated)('%s generator', (id) => {
  it('is deterministic: its files in tests/ are what it writes afresh, and git ignores them', () => {
    const out = join(scratch, id);
    execFileSync(process.execPath, [join(TESTCASES, id, GENERATOR_FILE), '--out', out], { stdio: 'pipe' });
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    const ignored = gitignored(id);
    for (const f of files) {
      expect(readFileSync(join(TESTCASES, id, 'tests', f)).equals(readFileSync(join(out, f))), f).toBe(true);
      expect(ignored(`tests/${f}`), `${id}/.gitignore covers tests/${f}`).toBe(true);
    }
  }, 30_000);
});

it('bigsum answers are the sums of their inputs', async () => {
  const bigsum = problems.find((p) => p.problem.id === 'bigsum')!;
  for (const t of await prepareTests(bigsum)) {
    const [n, ...xs] = new TextDecoder().decode(t.input).trim().split('\n');
    expect(xs.length).toBe(Number(n));
    const sum = xs.reduce((s, x) => s + BigInt(x), 0n);
    expect(new TextDecoder().decode(t.output).trim(), t.name).toBe(String(sum));
  }
});

/** A matcher for a problem's .gitignore (its patterns use `*` only). */
function gitignored(id: string): (path: string) => boolean {
  const file = join(TESTCASES, id, '.gitignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/^\//, '')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}$`,
      ),
  );
  return (path) => regexes.some((r) => r.test(path));
}
