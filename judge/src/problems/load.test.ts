import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PROBLEM_ID_MESSAGE, ProblemUploadSchema, TEST_NAME_MAX, TEST_NAME_MESSAGE } from '@judge/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProblemError } from './errors.js';
import { idFromDirectory, listProblems, loadProblem, prepareTests } from './load.js';
import { uploadFromLoaded } from './upload.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'judge-problems-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes files (path → content) under a new problem directory and returns it. */
function problem(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function tests(...names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((n) => [
      [`tests/${n}.in`, `${n} in\n`],
      [`tests/${n}.out`, `${n} out\n`],
    ]),
  );
}

/** The error loadProblem throws, with its message relative to the temp root. */
async function loadError(dir: string): Promise<{ message: string; field?: string; error: ProblemError }> {
  const error = await loadProblem(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  const e = error as ProblemError;
  expect(e.name).toBe('ProblemError');
  return {
    message: e.message.replaceAll(`${relative(process.cwd(), root)}/`, '').replaceAll(`${root}/`, ''),
    field: e.field,
    error: e,
  };
}

describe('loadProblem', () => {
  it('reads problem.yaml and the tests in natural order', async () => {
    const dir = problem('sum', {
      'problem.yaml': [
        'id: sum',
        'title: Sum',
        'limits: { timeMs: 500, memoryMb: 64 }',
        'checker: { type: float, epsilon: 1.0e-4 }',
        'samples: ["1", "2"]',
      ].join('\n'),
      ...tests('10', '2', '1', '01a'),
    });
    const loaded = await loadProblem(dir);
    expect(loaded.dir).toBe(dir);
    expect(loaded.problem).toEqual({
      id: 'sum',
      title: 'Sum',
      limits: { timeMs: 500, memoryMb: 64 },
      checker: { type: 'float', epsilon: 1e-4 },
      samples: ['1', '2'],
    });
    expect(loaded.checker).toEqual({ type: 'float', epsilon: 1e-4 });
    expect(loaded.tests.map((t) => [t.name, t.sample])).toEqual([
      ['1', true],
      ['01a', false],
      ['2', true],
      ['10', false],
    ]);
    expect(loaded.tests[3]).toEqual({
      name: '10',
      inputPath: join(dir, 'tests', '10.in'),
      outputPath: join(dir, 'tests', '10.out'),
      sample: false,
    });
  });

  it('without problem.yaml: id from the directory name, tokens checker, no samples', async () => {
    const dir = problem('My Problem.v2', tests('01'));
    const loaded = await loadProblem(dir);
    expect(loaded.problem).toEqual({ id: 'my-problem-v2', samples: [] });
    expect(loaded.checker).toEqual({ type: 'tokens' });
    expect(loaded.tests.map((t) => t.name)).toEqual(['01']);
    expect(idFromDirectory('/x/__Über!')).toBe('ber-');
    expect(idFromDirectory('/x/!!!')).toBe('problem');
  });

  it('takes a bare directory of NN.in/NN.out files (no problem.yaml, no tests/) as its tests', async () => {
    const dir = problem('bare', { '2.in': 'a', '2.out': 'b', '10.in': 'c', '10.out': 'd', 'notes.txt': 'x' });
    const loaded = await loadProblem(dir);
    expect(loaded.tests.map((t) => [t.name, t.inputPath])).toEqual([
      ['2', join(dir, '2.in')],
      ['10', join(dir, '10.in')],
    ]);
    const withYaml = problem('yaml', { 'problem.yaml': 'id: yaml\n', '1.in': 'a', '1.out': 'b' });
    expect((await loadError(withYaml)).message).toContain('tests: missing');
  });

  it('ignores files in tests/ that are not .in or .out, and hidden ones', async () => {
    const dir = problem('p', {
      ...tests('1'),
      'tests/README.md': 'x',
      'tests/.01.in.swp': 'x',
      'tests/.hidden.in': 'x',
    });
    expect((await loadProblem(dir)).tests.map((t) => t.name)).toEqual(['1']);
  });

  it('accepts subtasks that cover every test once', async () => {
    const dir = problem('st', {
      'problem.yaml': [
        'id: st',
        'subtasks:',
        '  - { name: small, score: 40, tests: ["1", "2"] }',
        '  - { name: large, score: 60, tests: ["3"] }',
      ].join('\n'),
      ...tests('1', '2', '3'),
    });
    expect((await loadProblem(dir)).problem.subtasks?.map((s) => s.tests)).toEqual([['1', '2'], ['3']]);
  });

  it('resolves a custom checker file into its source text', async () => {
    const source = 'import sys\nsys.exit(0)\n';
    const dir = problem('c', {
      'problem.yaml': 'id: c\nchecker: { type: custom, source: check/checker.py, language: python }\n',
      'check/checker.py': source,
      ...tests('1'),
    });
    const loaded = await loadProblem(dir);
    expect(loaded.checker).toEqual({ type: 'custom', source, language: 'python' });
    expect(loaded.checkerPath).toBe(join(dir, 'check', 'checker.py'));
    expect(loaded.problem.checker).toEqual({ type: 'custom', source: 'check/checker.py', language: 'python' });
  });

  it('keeps an inline custom checker (a source with a line break) as it is', async () => {
    const dir = problem('c', {
      'problem.yaml':
        'id: c\nchecker:\n  type: custom\n  language: python\n  source: |\n    import sys\n    sys.exit(0)\n',
      ...tests('1'),
    });
    const loaded = await loadProblem(dir);
    expect(loaded.checker).toEqual({ type: 'custom', source: 'import sys\nsys.exit(0)\n', language: 'python' });
    expect(loaded.checkerPath).toBeUndefined();
  });

  it('reads an interactive problem: the interactor with its source, tests without answers, an upload without a checker', async () => {
    const source = 'int main() { return 0; }\n';
    const dir = problem('g', {
      'problem.yaml': 'id: g\ninteractor: { source: interactor.cpp, language: cpp }\nsamples: ["1"]\n',
      'interactor.cpp': source,
      'tests/1.in': '5\n',
      'tests/2.in': '7\n',
      'tests/2.out': 'kept\n',
    });
    const loaded = await loadProblem(dir);
    expect(loaded.interactor).toEqual({ source, language: 'cpp' });
    expect(loaded.interactorPath).toBe(join(dir, 'interactor.cpp'));
    expect(loaded.problem.interactor?.source).toBe('interactor.cpp');
    const prepared = await prepareTests(loaded);
    expect(prepared.map((t) => [t.name, t.output && Buffer.from(t.output).toString()])).toEqual([
      ['1', undefined],
      ['2', 'kept\n'],
    ]);
    const upload = ProblemUploadSchema.parse(await uploadFromLoaded(loaded));
    expect(upload.problem.interactor).toEqual({ source, language: 'cpp' });
    expect(upload.problem.checker).toBeUndefined();
    expect(upload.tests.map((t) => t.output)).toEqual([undefined, 'kept\n']);
  });

  it('refuses an interactor beside a checker, in another language than C or C++, or missing', async () => {
    const both = problem('b', {
      'problem.yaml': 'id: b\nchecker: { type: exact }\ninteractor: { source: i.c, language: c }\n',
      'i.c': 'x',
      'tests/1.in': '1\n',
    });
    expect((await loadError(both)).message).toBe(
      'b/problem.yaml: checker: an interactive problem has no checker: its interactor judges',
    );
    const python = problem('p', {
      'problem.yaml': 'id: p\ninteractor: { source: i.py, language: python }\n',
      'i.py': 'x',
      'tests/1.in': '1\n',
    });
    expect((await loadError(python)).field).toBe('interactor.language');
    expect((await loadError(python)).message).toContain('an interactor is written in c or cpp');
    const missing = problem('m', {
      'problem.yaml': 'id: m\ninteractor: { source: i.cpp, language: cpp }\n',
      'tests/1.in': '1\n',
    });
    expect((await loadError(missing)).message).toBe('m/problem.yaml: interactor.source: no file "i.cpp" in m');
    const noTests = problem('n', { 'problem.yaml': 'id: n\ninteractor: { source: i.c, language: c }\n', 'i.c': 'x' });
    expect((await loadError(noTests)).message).toContain('missing: a problem needs');
    const bare = problem('o', {
      'problem.yaml': 'id: o\ninteractor: { source: i.c, language: c }\n',
      'i.c': 'x',
      'tests/1.out': '1\n',
    });
    expect((await loadError(bare)).message).toBe('o/tests/1.out: no 1.in beside it');
  });

  describe('errors name the file and the field', () => {
    it('a missing directory', async () => {
      expect((await loadError(join(root, 'nope'))).message).toBe('nope: no such problem directory');
    });

    it('problem.yaml that is not YAML', async () => {
      const dir = problem('p', { 'problem.yaml': 'id: p\nsamples: [01\n', ...tests('01') });
      expect((await loadError(dir)).message).toMatch(/^p\/problem\.yaml: line \d+: not valid YAML: /);
    });

    it('problem.yaml that fails the schema, with every issue attached', async () => {
      const dir = problem('p', {
        'problem.yaml': 'id: p\nlimits: { timeMs: -1 }\nchecker: { type: fuzzy }\n',
        ...tests('01'),
      });
      const { message, field, error } = await loadError(dir);
      expect(field).toBe('limits.timeMs');
      expect(message).toMatch(/^p\/problem\.yaml: limits\.timeMs: .+ \(and 1 more\)$/);
      expect(error.issues.map((i) => i.path)).toEqual(['limits.timeMs', 'checker.type']);
    });

    it('an empty problem.yaml, or one without id', async () => {
      const empty = problem('e', { 'problem.yaml': '', ...tests('01') });
      expect((await loadError(empty)).field).toBe('id');
      const noId = problem('n', { 'problem.yaml': 'title: T\n', ...tests('01') });
      expect((await loadError(noId)).message).toMatch(/^n\/problem\.yaml: id: /);
    });

    it('a bad id and unknown keys', async () => {
      const bad = problem('b', { 'problem.yaml': 'id: Bad Id\n', ...tests('01') });
      expect((await loadError(bad)).message).toBe(`b/problem.yaml: id: ${PROBLEM_ID_MESSAGE}`);
      const extra = problem('x', { 'problem.yaml': 'id: x\ntimelimit: 3\n', ...tests('01') });
      expect((await loadError(extra)).field).toBe('(root)');
    });

    it('subtask scores that do not add up to 100', async () => {
      const dir = problem('p', {
        'problem.yaml': 'id: p\nsubtasks:\n  - { name: a, score: 50, tests: ["01"] }\n',
        ...tests('01'),
      });
      expect((await loadError(dir)).message).toBe('p/problem.yaml: subtasks: subtask scores must add up to 100');
    });

    it('no tests/ directory, or no tests in it', async () => {
      const none = problem('none', { 'problem.yaml': 'id: none\n' });
      expect((await loadError(none)).message).toBe('none/tests: missing: a problem needs tests/NN.in and tests/NN.out');
      const empty = problem('empty', { 'tests/notes.txt': 'x' });
      expect((await loadError(empty)).message).toBe('empty/tests: no tests (NN.in + NN.out)');
    });

    it('says how to get generated tests when a generator exists', async () => {
      const gen = problem('gen', { 'generate.mjs': '', 'tests/.gitkeep': '' });
      expect((await loadError(gen)).message).toBe(
        'gen/tests: no tests (NN.in + NN.out) (its tests are generated: run node testcases/generate.mjs)',
      );
      const part = problem('part', {
        'problem.yaml': 'id: part\nsubtasks:\n  - { name: a, score: 100, tests: ["01", "02"] }\n',
        'generate.mjs': '',
        ...tests('01'),
      });
      expect((await loadError(part)).message).toBe(
        'part/problem.yaml: subtasks.0.tests.1: no test "02" in tests/ (its tests are generated: run node testcases/generate.mjs)',
      );
    });

    it('an input without its output, and an output without its input', async () => {
      const noOut = problem('a', { ...tests('01'), 'tests/02.in': '1\n' });
      expect((await loadError(noOut)).message).toBe('a/tests/02.in: no 02.out beside it');
      const noIn = problem('b', { ...tests('01'), 'tests/03.out': '1\n' });
      expect((await loadError(noIn)).message).toBe('b/tests/03.out: no 03.in beside it');
    });

    it('a test file name outside letters, digits, ".", "_" and "-"', async () => {
      const dir = problem('p', { ...tests('01'), 'tests/my test.in': '', 'tests/my test.out': '' });
      expect((await loadError(dir)).message).toBe(`p/tests/my test.in: ${TEST_NAME_MESSAGE}`);
    });

    it('a test name past the longest a node stores (what validate accepts, push accepts)', async () => {
      const longest = 'n'.repeat(TEST_NAME_MAX);
      const ok = await loadProblem(problem('ok', { ...tests(longest) }));
      expect(ProblemUploadSchema.safeParse(await uploadFromLoaded(ok)).success).toBe(true);
      const long = problem('long', { ...tests(`${longest}n`) });
      expect((await loadError(long)).message).toBe(`long/tests/${longest}n.in: ${TEST_NAME_MESSAGE}`);
    });

    it('a sample that is not a test', async () => {
      const dir = problem('p', { 'problem.yaml': 'id: p\nsamples: ["01", "07"]\n', ...tests('01') });
      const { message, field } = await loadError(dir);
      expect(field).toBe('samples.1');
      expect(message).toBe('p/problem.yaml: samples.1: no test "07" in tests/');
    });

    it('a subtask test that is not a test', async () => {
      const dir = problem('x', {
        'problem.yaml': [
          'id: x',
          'subtasks:',
          '  - { name: a, score: 40, tests: ["01"] }',
          '  - { name: b, score: 60, tests: ["07", "02"] }',
        ].join('\n'),
        ...tests('01', '02'),
      });
      expect((await loadError(dir)).message).toBe('x/problem.yaml: subtasks.1.tests.0: no test "07" in tests/');
    });

    it('a test in two subtasks, or twice in one', async () => {
      const two = problem('two', {
        'problem.yaml': [
          'id: two',
          'subtasks:',
          '  - { name: small, score: 40, tests: ["01", "02"] }',
          '  - { name: large, score: 60, tests: ["03", "02"] }',
        ].join('\n'),
        ...tests('01', '02', '03'),
      });
      expect((await loadError(two)).message).toBe(
        'two/problem.yaml: subtasks.1.tests.1: test "02" is already in subtask "small"',
      );
      const twice = problem('twice', {
        'problem.yaml': 'id: twice\nsubtasks:\n  - { name: all, score: 100, tests: ["01", "01"] }\n',
        ...tests('01'),
      });
      expect((await loadError(twice)).field).toBe('subtasks.0.tests.1');
    });

    it('a test in no subtask', async () => {
      const dir = problem('p', {
        'problem.yaml': [
          'id: p',
          'subtasks:',
          '  - { name: a, score: 40, tests: ["01"] }',
          '  - { name: b, score: 60, tests: ["03"] }',
        ].join('\n'),
        ...tests('01', '02', '03'),
      });
      expect((await loadError(dir)).message).toBe(
        'p/problem.yaml: subtasks: test "02" is in no subtask (with subtasks, every test is in one)',
      );
    });

    it('a custom checker file that is missing, empty, or outside the directory', async () => {
      const yaml = (source: string) => `id: c\nchecker: { type: custom, source: "${source}", language: python }\n`;
      const missing = problem('c1', { 'problem.yaml': yaml('checker.py'), ...tests('01') });
      expect((await loadError(missing)).message).toBe('c1/problem.yaml: checker.source: no file "checker.py" in c1');
      const empty = problem('c2', { 'problem.yaml': yaml('checker.py'), 'checker.py': ' \n', ...tests('01') });
      expect((await loadError(empty)).message).toBe('c2/problem.yaml: checker.source: "checker.py" is empty');
      writeFileSync(join(root, 'outside.py'), 'print(1)\n');
      const outside = problem('c3', { 'problem.yaml': yaml('../outside.py'), ...tests('01') });
      expect((await loadError(outside)).message).toBe(
        'c3/problem.yaml: checker.source: "../outside.py" is outside the problem directory',
      );
      const absolute = problem('c4', { 'problem.yaml': yaml(join(root, 'outside.py')), ...tests('01') });
      expect((await loadError(absolute)).field).toBe('checker.source');
    });
  });
});

describe('prepareTests', () => {
  it('reads every test in order, byte for byte', async () => {
    const names = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const dir = problem('p', { 'problem.yaml': 'id: p\nsamples: ["2"]\n', ...tests(...names) });
    writeFileSync(join(dir, 'tests', '3.in'), new Uint8Array([0, 255, 13, 10]));
    const prepared = await prepareTests(await loadProblem(dir));
    expect(prepared.map((t) => t.name)).toEqual(names);
    expect(prepared.map((t) => t.sample)).toEqual(names.map((n) => n === '2'));
    expect(new TextDecoder().decode(prepared[9]!.input)).toBe('10 in\n');
    expect(new TextDecoder().decode(prepared[9]!.output)).toBe('10 out\n');
    expect([...prepared[2]!.input]).toEqual([0, 255, 13, 10]);
  });
});

describe('listProblems', () => {
  it('loads the good problems and returns the broken ones as errors', async () => {
    problem('b-problem', { 'problem.yaml': 'id: bee\n', ...tests('1') });
    problem('a10', tests('1'));
    problem('a9', tests('1'));
    problem('broken', { 'problem.yaml': 'id: broken\nsamples: ["9"]\n', ...tests('1') });
    problem('not-a-problem', { 'notes.txt': 'x' });
    problem('.hidden', tests('1'));
    writeFileSync(join(root, 'README.md'), '# problems\n');
    const { problems, errors } = await listProblems(root);
    expect(problems.map((p) => p.problem.id)).toEqual(['a9', 'a10', 'bee']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProblemError);
    expect(errors[0]!.message).toMatch(/broken\/problem\.yaml: samples\.0: no test "9" in tests\/$/);
  });

  it('reports a second problem with the same id', async () => {
    problem('one', { 'problem.yaml': 'id: same\n', ...tests('1') });
    problem('two', { 'problem.yaml': 'id: same\n', ...tests('1') });
    const { problems, errors } = await listProblems(root);
    expect(problems.map((p) => p.dir)).toEqual([join(root, 'one')]);
    expect(errors.map((e) => e.field)).toEqual(['id']);
    expect(errors[0]!.message).toMatch(/two\/problem\.yaml: id: "same" is also the id of .*one$/);
  });

  it('fails on a root it cannot read', async () => {
    await expect(listProblems(join(root, 'missing'))).rejects.toThrow(ProblemError);
  });
});
