import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type Checker,
  formatIssues,
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
  outputPath: string;
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
  const tests = await listTests(dir);
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

  const declared = problem.checker ?? { type: 'tokens' };
  if (declared.type !== 'custom') return { problem, dir, tests, checker: declared };
  // A source with a line break is the checker itself; otherwise it names a file in the directory.
  if (declared.source.includes('\n')) return { problem, dir, tests, checker: declared };
  const checkerPath = resolve(dir, declared.source);
  const rel = relative(dir, checkerPath);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw fail('checker.source', `"${declared.source}" is outside the problem directory`);
  }
  const source = await readFile(checkerPath, 'utf8').catch(() => undefined);
  if (source === undefined) throw fail('checker.source', `no file "${declared.source}" in ${display(dir)}`);
  if (source.trim() === '') throw fail('checker.source', `"${declared.source}" is empty`);
  return { problem, dir, tests, checker: { ...declared, source }, checkerPath };
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

async function listTests(dir: string): Promise<ProblemTest[]> {
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
    if (!outputs.has(name)) throw new ProblemError(display(join(testsDir, `${name}.in`)), `no ${name}.out beside it`);
  }
  for (const name of [...outputs].sort(naturalCompare)) {
    if (!inputs.has(name)) throw new ProblemError(display(join(testsDir, `${name}.out`)), `no ${name}.in beside it`);
  }
  if (inputs.size === 0) {
    const hint = (await hasGenerator(dir)) ? ' (its tests are generated: run node testcases/generate.mjs)' : '';
    throw new ProblemError(display(testsDir), `no tests (NN.in + NN.out)${hint}`);
  }
  return [...inputs].sort(naturalCompare).map((name) => ({
    name,
    inputPath: join(testsDir, `${name}.in`),
    outputPath: join(testsDir, `${name}.out`),
    sample: false,
  }));
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
      const [input, output] = await Promise.all([readFile(t.inputPath), readFile(t.outputPath)]);
      out[i] = { name: t.name, input, output, sample: t.sample };
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
