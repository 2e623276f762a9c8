import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type Checker, type Problem, ProblemSchema } from '@judge/contract';
import { parse as parseYaml } from 'yaml';
import type { PreparedTest } from '../engine/types.js';
import { ProblemError } from './errors.js';

export const PROBLEM_FILE = 'problem.yaml';
export const TESTS_DIR = 'tests';

export interface ProblemTest {
  name: string;
  inputPath: string;
  outputPath: string;
  sample: boolean;
}

/** A problem directory, read and checked; test data stays on disk until `prepareTests`. */
export interface LoadedProblem {
  problem: Problem;
  dir: string;
  tests: ProblemTest[];
  /** The checker in force; a custom one with its source text. */
  checker: Checker;
}

/** Test names in natural order: 2 before 10. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readProblemFile(dir: string): Promise<unknown> {
  const file = join(dir, PROBLEM_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {
      id: basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, '-'),
    };
  }
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    throw new ProblemError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function listTests(dir: string): Promise<ProblemTest[]> {
  const testsDir = join(dir, TESTS_DIR);
  let names: string[];
  try {
    names = await readdir(testsDir);
  } catch {
    throw new ProblemError(`${testsDir}: missing: a problem needs tests/NN.in and tests/NN.out`);
  }
  const inputs = names.filter((n) => n.endsWith('.in')).map((n) => n.slice(0, -3));
  const outputs = new Set(names.filter((n) => n.endsWith('.out')).map((n) => n.slice(0, -4)));
  for (const name of inputs) {
    if (!outputs.has(name)) throw new ProblemError(`${join(testsDir, `${name}.in`)}: no matching ${name}.out`);
  }
  for (const name of outputs) {
    if (!inputs.includes(name)) throw new ProblemError(`${join(testsDir, `${name}.out`)}: no matching ${name}.in`);
  }
  if (inputs.length === 0) throw new ProblemError(`${testsDir}: no tests (NN.in + NN.out)`);
  return inputs.sort(naturalCompare).map((name) => ({
    name,
    inputPath: join(testsDir, `${name}.in`),
    outputPath: join(testsDir, `${name}.out`),
    sample: false,
  }));
}

/** Reads a problem directory of SPEC §4 shape; `problem.yaml` is optional. */
export async function loadProblem(dirArg: string): Promise<LoadedProblem> {
  const dir = resolve(dirArg);
  if (!(await exists(dir))) throw new ProblemError(`${dir}: no such problem directory`);
  const file = join(dir, PROBLEM_FILE);
  const parsed = ProblemSchema.safeParse(await readProblemFile(dir));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProblemError(`${file}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  const problem = parsed.data;
  const tests = await listTests(dir);
  const names = new Set(tests.map((t) => t.name));
  for (const [i, s] of problem.samples.entries()) {
    if (!names.has(s)) throw new ProblemError(`${file}: samples.${i}: no test "${s}" in tests/`);
  }
  const samples = new Set(problem.samples);
  for (const t of tests) t.sample = samples.has(t.name);

  if (problem.subtasks) {
    const owner = new Map<string, string>();
    for (const [i, s] of problem.subtasks.entries()) {
      for (const [j, t] of s.tests.entries()) {
        if (!names.has(t)) throw new ProblemError(`${file}: subtasks.${i}.tests.${j}: no test "${t}" in tests/`);
        const prev = owner.get(t);
        if (prev) throw new ProblemError(`${file}: subtasks.${i}.tests.${j}: test "${t}" is in subtask "${prev}" already`);
        owner.set(t, s.name);
      }
    }
    const loose = tests.find((t) => !owner.has(t.name));
    if (loose) throw new ProblemError(`${file}: subtasks: test "${loose.name}" belongs to no subtask`);
  }

  let checker: Checker = problem.checker ?? { type: 'tokens' };
  if (checker.type === 'custom') {
    const path = join(dir, checker.source);
    if (!(await exists(path))) throw new ProblemError(`${file}: checker.source: no file ${checker.source} in ${dir}`);
    checker = { ...checker, source: await readFile(path, 'utf8') };
  }
  return { problem, dir, tests, checker };
}

/** Reads every test's data. */
export async function prepareTests(loaded: LoadedProblem): Promise<PreparedTest[]> {
  return Promise.all(
    loaded.tests.map(async (t) => ({
      name: t.name,
      input: await readFile(t.inputPath),
      output: await readFile(t.outputPath),
      sample: t.sample,
    })),
  );
}

/** Every problem below a directory; broken ones come back as errors. */
export async function listProblems(root: string): Promise<{ problems: LoadedProblem[]; errors: ProblemError[] }> {
  const problems: LoadedProblem[] = [];
  const errors: ProblemError[] = [];
  let names: string[];
  try {
    names = (await readdir(root)).sort(naturalCompare);
  } catch {
    throw new ProblemError(`${root}: cannot read the problems directory`);
  }
  for (const name of names) {
    const dir = join(root, name);
    if (!(await stat(dir)).isDirectory()) continue;
    if (!(await exists(join(dir, PROBLEM_FILE))) && !(await exists(join(dir, TESTS_DIR)))) continue;
    try {
      problems.push(await loadProblem(dir));
    } catch (e) {
      errors.push(e as ProblemError);
    }
  }
  return { problems, errors };
}
