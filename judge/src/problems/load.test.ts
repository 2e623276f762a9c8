import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProblems, loadProblem, prepareTests } from './load.js';

function problem(files: Record<string, string>, name = 'demo'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'problem-')), name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const tests = (...names: string[]) =>
  Object.fromEntries(
    names.flatMap((n) => [
      [`tests/${n}.in`, `${n}\n`],
      [`tests/${n}.out`, `${n}\n`],
    ]),
  );

describe('loadProblem', () => {
  it('reads problem.yaml, orders tests naturally and marks samples', async () => {
    const dir = problem({
      'problem.yaml':
        'id: demo\ntitle: Demo\nlimits: { timeMs: 500 }\nchecker: { type: float, epsilon: 0.001 }\nsamples: ["2"]\n',
      ...tests('10', '2', '1'),
    });
    const p = await loadProblem(dir);
    expect(p.problem.title).toBe('Demo');
    expect(p.tests.map((t) => [t.name, t.sample])).toEqual([
      ['1', false],
      ['2', true],
      ['10', false],
    ]);
    expect(p.checker).toEqual({ type: 'float', epsilon: 0.001 });
    const data = await prepareTests(p);
    expect(new TextDecoder().decode(data[2]!.input)).toBe('10\n');
  });

  it('works without problem.yaml, with the tokens checker and an id from the directory', async () => {
    const p = await loadProblem(problem(tests('01'), 'My Tests'));
    expect(p.problem.id).toBe('my-tests');
    expect(p.checker).toEqual({ type: 'tokens' });
  });

  it('reads a custom checker source from its file', async () => {
    const dir = problem({
      'problem.yaml': 'id: demo\nchecker: { type: custom, source: check.py, language: python }\n',
      'check.py': 'print("ok")\n',
      ...tests('01'),
    });
    expect((await loadProblem(dir)).checker).toEqual({ type: 'custom', source: 'print("ok")\n', language: 'python' });
  });

  it('names the file and the field of each mistake', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'problem.yaml': 'id: demo\nsamples: ["07"]\n', ...tests('01') }, 'samples.0: no test "07" in tests/'],
      [{ 'problem.yaml': 'id: Bad Id\n', ...tests('01') }, 'problem.yaml: id: problem ids are lowercase'],
      [{ 'problem.yaml': 'id: demo\nlimits: { timeMs: -1 }\n', ...tests('01') }, 'problem.yaml: limits.timeMs:'],
      [{ 'problem.yaml': 'id: [\n', ...tests('01') }, 'problem.yaml: not valid YAML'],
      [{ 'tests/01.in': '1' }, 'tests/01.in: no matching 01.out'],
      [{ 'tests/01.out': '1' }, 'tests/01.out: no matching 01.in'],
      [{ 'problem.yaml': 'id: demo\n' }, 'tests: missing'],
      [
        {
          'problem.yaml':
            'id: demo\nsubtasks: [{name: a, score: 40, tests: ["01"]}, {name: b, score: 50, tests: ["02"]}]\n',
          ...tests('01', '02'),
        },
        'subtasks: subtask scores must add up to 100',
      ],
      [
        {
          'problem.yaml':
            'id: demo\nsubtasks: [{name: a, score: 40, tests: ["01"]}, {name: b, score: 60, tests: ["01"]}]\n',
          ...tests('01', '02'),
        },
        'subtasks.1.tests.0: test "01" is in subtask "a" already',
      ],
      [
        { 'problem.yaml': 'id: demo\nsubtasks: [{name: a, score: 100, tests: ["01"]}]\n', ...tests('01', '02') },
        'subtasks: test "02" belongs to no subtask',
      ],
      [
        { 'problem.yaml': 'id: demo\nchecker: { type: custom, source: nope.py, language: python }\n', ...tests('01') },
        'checker.source: no file nope.py',
      ],
    ];
    for (const [files, message] of cases) {
      await expect(loadProblem(problem(files)), message).rejects.toThrow(message);
    }
    await expect(loadProblem('/nonexistent/problem')).rejects.toThrow(
      '/nonexistent/problem: no such problem directory',
    );
  });
});

describe('listProblems', () => {
  it('returns good problems and errors for broken ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'problems-'));
    for (const [name, files] of Object.entries({ good: tests('1'), bad: { 'problem.yaml': 'id: bad\n' } })) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(root, name, path, '..'), { recursive: true });
        writeFileSync(join(root, name, path), text);
      }
    }
    mkdirSync(join(root, 'unrelated'));
    const { problems, errors } = await listProblems(root);
    expect(problems.map((p) => p.problem.id)).toEqual(['good']);
    expect(errors.map((e) => e.message)).toEqual([
      `${join(root, 'bad', 'tests')}: missing: a problem needs tests/NN.in and tests/NN.out`,
    ]);
  });
});
