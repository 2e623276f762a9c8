import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type Checker,
  formatIssues,
  type Interactor,
  type Problem,
  ProblemSchema,
  problemIdFromName,
  referenceIssues,
  TEST_NAME,
  TEST_NAME_MESSAGE,
} from '@judge/contract';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { PreparedTest } from '../model/index.js';
import { ProblemError } from './errors.js';
import { naturalCompare } from './natural.js';

export const PROBLEM_FILE = 'problem.yaml';
export const TESTS_DIR = 'tests';
/** A problem's script that writes test data too large to commit (testcases/README.md). */
export const GENERATOR_FILE = 'generate.mjs';

/** Files read at once by `prepareTests`. */
const READ_CONCURRENCY = 8;

export interface ProblemTest {
  name: string;
  inputPath: string;
  /** Absent for an interactive problem's test without a `.out` (it needs none). */
  outputPath?: string;
  /** Listed in `samples`: its data and the program's output may be shown. */
  sample: boolean;
}

/** A problem directory, read and checked; test data stays on disk until `prepareTests`. */
export interface LoadedProblem {
  /** problem.yaml as written (a custom checker's `source` still a file name), or the defaults. */
  problem: Problem;
  /** Absolute path of the directory. */
  dir: string;
  /** In natural name order: the order they are judged in. */
  tests: ProblemTest[];
  /** The checker in force: `tokens` by default; a custom one with its source text. */
  checker: Checker;
  /** The custom checker's file, when its source came from one. */
  checkerPath?: string;
  /** An interactive problem's interactor, with its source text. */
  interactor?: Interactor;
  /** The interactor's file. */
  interactorPath?: string;
}

/**
 * Reads a problem directory (docs/problems.md): an optional problem.yaml and
 * `tests/NN.in` + `tests/NN.out`. Without problem.yaml the id is the directory's
 * name, lowercased, with other characters turned into `-`.
 * @throws ProblemError naming the file (and field) at fault
 */
export async function loadProblem(dirArg: string): Promise<LoadedProblem> {
  const dir = resolve(dirArg);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ProblemError(display(dir), 'no such problem directory');

  const file = join(dir, PROBLEM_FILE);
  const problem = await readProblemFile(dir, file);
  const tests = await listTests(dir, problem.interactor !== undefined);
  const fail = (field: string, detail: string) => new ProblemError(display(file), detail, { field });
  const missing = async (name: string) =>
    `no test "${name}" in ${TESTS_DIR}/${(await hasGenerator(dir)) ? ` (its tests are generated: run node testcases/generate.mjs)` : ''}`;

  const issue = referenceIssues(
    problem,
    tests.map((t) => t.name),
  )[0];
  if (issue) {
    const field = issue.path.join('.');
    if (issue.kind === 'missing') throw fail(field, await missing(issue.test));
    if (issue.kind === 'twice') throw fail(field, `test "${issue.test}" is already in subtask "${issue.subtask}"`);
    throw fail(field, `test "${issue.test}" is in no subtask (with subtasks, every test is in one)`);
  }
  const samples = new Set(problem.samples);
  for (const t of tests) t.sample = samples.has(t.name);

  const loaded: LoadedProblem = { problem, dir, tests, checker: problem.checker ?? { type: 'tokens' } };
  if (problem.interactor) {
    const { source, path } = await programSource(dir, problem.interactor.source, 'interactor.source', fail);
    loaded.interactor = { ...problem.interactor, source };
    if (path) loaded.interactorPath = path;
  }
  const declared = loaded.checker;
  if (declared.type === 'custom') {
    const { source, path } = await programSource(dir, declared.source, 'checker.source', fail);
    loaded.checker = { ...declared, source };
    if (path) loaded.checkerPath = path;
  }
  return loaded;
}

/**
 * A checker's or an interactor's source: a `source` with a line break is the
 * program itself; otherwise it names a file in the directory.
 */
async function programSource(
  dir: string,
  declared: string,
  field: string,
  fail: (field: string, detail: string) => ProblemError,
): Promise<{ source: string; path?: string }> {
  if (declared.includes('\n')) return { source: declared };
  const path = resolve(dir, declared);
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw fail(field, `"${declared}" is outside the problem directory`);
  }
  const source = await readFile(path, 'utf8').catch(() => undefined);
  if (source === undefined) throw fail(field, `no file "${declared}" in ${display(dir)}`);
  if (source.trim() === '') throw fail(field, `"${declared}" is empty`);
  return { source, path };
}

/** The id a directory without problem.yaml gets. */
export function idFromDirectory(dir: string): string {
  return problemIdFromName(basename(resolve(dir))) ?? 'problem';
}

async function readProblemFile(dir: string, file: string): Promise<Problem> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ProblemError(display(file), 'cannot be read');
  }
  let raw: unknown = { id: idFromDirectory(dir) };
  if (text !== undefined) {
    try {
      raw = parseYaml(text);
    } catch (e) {
      const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}: ` : '';
      throw new ProblemError(display(file), `${line}not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const parsed = ProblemSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new ProblemError(display(file), `${first.message}${more}`, { field: first.path, issues });
  }
  return parsed.data;
}

/**
 * The test files: in `tests/`, or for a bare directory of tests (what people
 * point `--tests` at) without problem.yaml, beside it.
 */
async function testEntries(dir: string): Promise<{ testsDir: string; entries: string[] }> {
  const testsDir = join(dir, TESTS_DIR);
  const entries = await readdir(testsDir).catch(() => undefined);
  if (entries) return { testsDir, entries };
  const own = await readdir(dir).catch(() => [] as string[]);
  if (!own.includes(PROBLEM_FILE) && own.some((e) => e.endsWith('.in'))) return { testsDir: dir, entries: own };
  throw new ProblemError(display(testsDir), `missing: a problem needs ${TESTS_DIR}/NN.in and ${TESTS_DIR}/NN.out`);
}

/** The tests: `.in` and `.out` pairs, or for an interactive problem `.in` files (a `.out` beside one is kept). */
async function listTests(dir: string, interactive: boolean): Promise<ProblemTest[]> {
  const { testsDir, entries } = await testEntries(dir);
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const entry of entries) {
    const ext = entry.endsWith('.in') ? '.in' : entry.endsWith('.out') ? '.out' : undefined;
    if (!ext || entry.startsWith('.')) continue;
    const name = entry.slice(0, -ext.length);
    if (!TEST_NAME.test(name)) {
      throw new ProblemError(display(join(testsDir, entry)), TEST_NAME_MESSAGE);
    }
    (ext === '.in' ? inputs : outputs).add(name);
  }
  for (const name of [...inputs].sort(naturalCompare)) {
    if (!outputs.has(name) && !interactive) {
      throw new ProblemError(display(join(testsDir, `${name}.in`)), `no ${name}.out beside it`);
    }
  }
  for (const name of [...outputs].sort(naturalCompare)) {
    if (!inputs.has(name)) throw new ProblemError(display(join(testsDir, `${name}.out`)), `no ${name}.in beside it`);
  }
  if (inputs.size === 0) {
    const hint = (await hasGenerator(dir)) ? ' (its tests are generated: run node testcases/generate.mjs)' : '';
    throw new ProblemError(display(testsDir), `no tests (${interactive ? 'NN.in' : 'NN.in + NN.out'})${hint}`);
  }
  return [...inputs].sort(naturalCompare).map((name) => {
    const test: ProblemTest = { name, inputPath: join(testsDir, `${name}.in`), sample: false };
    if (outputs.has(name)) test.outputPath = join(testsDir, `${name}.out`);
    return test;
  });
}

async function hasGenerator(dir: string): Promise<boolean> {
  return stat(join(dir, GENERATOR_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** A path as the user is likely to recognise it: relative to the working directory when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Reads every test's data, in the problem's order. */
export async function prepareTests(loaded: LoadedProblem): Promise<PreparedTest[]> {
  const out = new Array<PreparedTest>(loaded.tests.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < loaded.tests.length; i = next++) {
      const t = loaded.tests[i]!;
      const [input, output] = await Promise.all([
        readFile(t.inputPath),
        t.outputPath === undefined ? undefined : readFile(t.outputPath),
      ]);
      const test: PreparedTest = { name: t.name, input, sample: t.sample };
      if (output) test.output = output;
      out[i] = test;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, loaded.tests.length) }, worker));
  return out;
}

/**
 * Every problem in the subdirectories of `root` (those with a problem.yaml or a
 * tests/ directory), in natural order; broken ones, and later ones that reuse an
 * id, come back as errors.
 * @throws ProblemError when `root` cannot be read
 */
export async function listProblems(root: string): Promise<{ problems: LoadedProblem[]; errors: ProblemError[] }> {
  const problems: LoadedProblem[] = [];
  const errors: ProblemError[] = [];
  let entries: { name: string; isDirectory(): boolean }[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw new ProblemError(display(resolve(root)), 'cannot read the problems directory');
  }
  const seen = new Map<string, string>();
  for (const entry of entries.sort((a, b) => naturalCompare(a.name, b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const dir = resolve(root, entry.name);
    const marked = await Promise.all([PROBLEM_FILE, TESTS_DIR].map((f) => stat(join(dir, f)).catch(() => undefined)));
    if (!marked.some(Boolean)) continue;
    try {
      const loaded = await loadProblem(dir);
      const other = seen.get(loaded.problem.id);
      if (other !== undefined) {
        const where = display(join(dir, PROBLEM_FILE));
        errors.push(
          new ProblemError(where, `"${loaded.problem.id}" is also the id of ${display(other)}`, { field: 'id' }),
        );
        continue;
      }
      seen.set(loaded.problem.id, dir);
      problems.push(loaded);
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      errors.push(e);
    }
  }
  return { problems, errors };
}
