import { describe, expect, it } from 'vitest';
import { ProblemSchema, ProblemUploadSchema, problemIdFromName, referenceIssues } from './problem.js';

describe('referenceIssues', () => {
  it('finds missing samples and subtask tests, tests in two subtasks and tests in none, in that order', () => {
    const problem = ProblemSchema.parse({
      id: 'p',
      samples: ['01', '09'],
      subtasks: [
        { name: 'a', score: 50, tests: ['01', '02'] },
        { name: 'b', score: 50, tests: ['02', '08'] },
      ],
    });
    expect(referenceIssues(problem, ['01', '02', '03'])).toEqual([
      { kind: 'missing', path: ['samples', 1], test: '09' },
      { kind: 'twice', path: ['subtasks', 1, 'tests', 0], test: '02', subtask: 'a' },
      { kind: 'missing', path: ['subtasks', 1, 'tests', 1], test: '08' },
      { kind: 'loose', path: ['subtasks'], test: '03' },
    ]);
  });
});

describe('ProblemUploadSchema', () => {
  const tests = [
    { name: '01', input: '1 2\n', output: '3\n' },
    { name: '02', input: 'AAEC', output: 'AQ==', encoding: 'base64' as const },
  ];

  it('takes a problem with its tests, utf8 by default', () => {
    const u = ProblemUploadSchema.parse({ problem: { id: 'p', samples: ['01'] }, tests });
    expect(u.tests.map((t) => t.encoding)).toEqual(['utf8', 'base64']);
  });

  it('lists duplicate tests and every broken reference, under the problem', () => {
    const r = ProblemUploadSchema.safeParse({
      problem: { id: 'p', samples: ['07'] },
      tests: [...tests, { name: '01', input: '', output: '' }],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['tests.2.name', 'duplicate test "01"'],
      ['problem.samples.0', 'no test "07"'],
    ]);
  });
});

describe('interactive problems', () => {
  it('take tests without output; other problems do not', () => {
    const problem = { id: 'g', interactor: { source: 'int main() {}', language: 'cpp' } };
    expect(ProblemUploadSchema.safeParse({ problem, tests: [{ name: '1', input: '5\n' }] }).success).toBe(true);
    const r = ProblemUploadSchema.safeParse({ problem: { id: 'p' }, tests: [{ name: '1', input: '5\n' }] });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['tests.0.output', 'a test needs its output'],
    ]);
  });

  it('have an interactor in C or C++ and no checker', () => {
    const interactor = { source: 'x', language: 'python' };
    expect(ProblemSchema.safeParse({ id: 'g', interactor }).error?.issues[0]?.path).toEqual(['interactor', 'language']);
    const both = ProblemSchema.safeParse({
      id: 'g',
      interactor: { source: 'x', language: 'c' },
      checker: { type: 'exact' },
    });
    expect(both.error?.issues[0]?.message).toBe('an interactive problem has no checker: its interactor judges');
  });
});

describe('problemIdFromName', () => {
  it('lowercases, turns other characters into -, and gives up when nothing is left', () => {
    expect(problemIdFromName('Two Sum!')).toBe('two-sum-');
    expect(problemIdFromName('__A')).toBe('a');
    expect(problemIdFromName('x'.repeat(100))).toBe('x'.repeat(64));
    expect(problemIdFromName('___')).toBeUndefined();
  });
});
