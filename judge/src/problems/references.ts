import type { Problem } from '@judge/contract';

/** A place where a problem's samples or subtasks disagree with its tests. */
export type ReferenceIssue =
  | { kind: 'missing'; path: (string | number)[]; test: string }
  | { kind: 'twice'; path: (string | number)[]; test: string; subtask: string }
  | { kind: 'loose'; path: (string | number)[]; test: string };

/**
 * Every sample and subtask test that names no test, every test in two
 * subtasks, and (with subtasks) every test in none, in that order. Callers
 * word the issues their own way.
 */
export function referenceIssues(problem: Pick<Problem, 'samples' | 'subtasks'>, names: string[]): ReferenceIssue[] {
  const known = new Set(names);
  const issues: ReferenceIssue[] = [];
  for (const [i, test] of problem.samples.entries()) {
    if (!known.has(test)) issues.push({ kind: 'missing', path: ['samples', i], test });
  }
  if (!problem.subtasks) return issues;
  const owner = new Map<string, string>();
  for (const [i, subtask] of problem.subtasks.entries()) {
    for (const [j, test] of subtask.tests.entries()) {
      const path = ['subtasks', i, 'tests', j];
      if (!known.has(test)) issues.push({ kind: 'missing', path, test });
      const prev = owner.get(test);
      if (prev !== undefined) issues.push({ kind: 'twice', path, test, subtask: prev });
      owner.set(test, subtask.name);
    }
  }
  for (const test of names) {
    if (!owner.has(test)) issues.push({ kind: 'loose', path: ['subtasks'], test });
  }
  return issues;
}
