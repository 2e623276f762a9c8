import {
  decodeOutput,
  type ResolvedLimits,
  type SubmissionResult,
  type TestResult,
  type TestVerdict,
} from '@judge/contract';
import { table } from './table.js';
import { cut, escapeBytes, oneLine } from './text.js';

const COLORS: Record<TestVerdict, number> = {
  AC: 32,
  WA: 31,
  TLE: 33,
  MLE: 33,
  OLE: 33,
  RE: 35,
  CE: 36,
  IE: 41,
  SKIP: 90,
};
/** Compiler output shown: the first lines hold the first error, which is the one to fix. */
const COMPILE_LINES = 40;
const COMPILE_CHARS = 8000;
/** Longest line shown of compiler output or stderr (a line of binary garbage is one long line). */
const LINE_WIDTH = 300;
/** Program output shown for a plain run or a sample. */
const OUTPUT_LINES = 40;
const OUTPUT_CHARS = 8000;
/** The first lines of stderr shown for RE. */
const STDERR_LINES = 10;
/** Rows of the expected / received comparison, and the width of each side. */
const DIFF_ROWS = 8;
const DIFF_WIDTH = 36;

export function verdictText(v: TestVerdict, color: boolean): string {
  return color ? `\x1b[${COLORS[v]}m${v.padEnd(3)}\x1b[0m` : v.padEnd(3);
}

export function formatMemory(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb} KB`;
}

/** The limits a result ran under, in one line. */
export function formatLimits(l: ResolvedLimits): string {
  return `limits: ${l.timeMs} ms CPU, ${l.memoryMb} MB memory, ${l.outputKb} KB output per test`;
}

/** A field of a test (or compilation) as terminal-safe text: exact bytes decoded, the rest escaped. */
function field(text: string, encoding: TestResult['encoding']): string {
  return escapeBytes(decodeOutput(text, encoding));
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/**
 * Expected and received lines side by side, from a few lines before the
 * first that differs (whitespace at line ends ignored), the differing ones
 * marked.
 */
export function sideBySide(expected: string, received: string, color: boolean): string {
  const split = (t: string) => t.replace(/\n$/, '').split('\n');
  const e = split(expected);
  const r = split(received);
  const same = (i: number) => (e[i] ?? '').trimEnd() === (r[i] ?? '').trimEnd() && i < e.length === i < r.length;
  let first = 0;
  while (first < Math.max(e.length, r.length) && same(first)) first++;
  const from = Math.max(0, first - 2);
  const to = Math.min(Math.max(e.length, r.length), from + DIFF_ROWS);
  const width = Math.min(DIFF_WIDTH, Math.max(9, ...e.slice(from, to).map((l) => l.length)));
  const pad = (s: string) => {
    const t = oneLine(s, width);
    return t + ' '.repeat(Math.max(0, width - t.length));
  };
  const rows = [`    ${pad('expected')} │ received`];
  for (let i = from; i < to; i++) {
    const mark = same(i) ? ' ' : '>';
    const line = `  ${mark} ${pad(i < e.length ? e[i]! : '(nothing)')} │ ${i < r.length ? oneLine(r[i]!, DIFF_WIDTH) : '(nothing)'}`;
    rows.push(color && mark === '>' ? `\x1b[31m${line}\x1b[0m` : line);
  }
  const rest = Math.max(e.length, r.length) - to;
  if (rest > 0) rows.push(`    … ${rest} more line${rest === 1 ? '' : 's'}`);
  return rows.join('\n');
}

/** What a failed test may show under the table: a sample's comparison, its stderr, the checker's message. */
function testDetail(t: TestResult, color: boolean): string[] {
  const out: string[] = [];
  const head = `test ${t.index}: ${t.verdict}`;
  const message = t.message ? oneLine(field(t.message, t.encoding), 300) : undefined;
  out.push(message ? `${head}  ${message}` : head);
  if (t.verdict === 'WA' && t.expected !== undefined && t.stdout !== undefined) {
    out.push(sideBySide(field(t.expected, t.encoding), field(t.stdout, t.encoding), color));
  }
  // Any other way a sample failed (TLE, OLE, MLE): what it printed before it was stopped.
  if (t.verdict !== 'WA' && t.verdict !== 'RE' && t.stdout) {
    out.push(
      indent(
        cut(field(t.stdout, t.encoding), {
          lines: STDERR_LINES,
          chars: OUTPUT_CHARS,
          width: LINE_WIDTH,
          more: '--json shows all',
        }),
      ),
    );
  }
  if (t.verdict === 'RE' && t.stderr) {
    out.push(
      indent(
        cut(field(t.stderr, t.encoding), {
          lines: STDERR_LINES,
          chars: OUTPUT_CHARS,
          width: LINE_WIDTH,
          more: '--json shows all',
        }),
      ),
    );
  }
  return out;
}

/**
 * The human view of a result: the compiler's complaint, a table of tests,
 * what failed samples show (expected and received side by side for a wrong
 * answer, the first lines of stderr for RE), a plain run's output, the limits
 * applied, then the verdict. Never raw bytes: output that is not text is
 * escaped, and long output is cut.
 */
export function renderResult(r: SubmissionResult, color: boolean, opts: { plainRun?: boolean } = {}): string {
  const out: string[] = [];
  if (r.compile && r.compile.exitCode !== 0) {
    const said = field(r.compile.output, r.compile.encoding).trimEnd();
    out.push(
      'Compilation failed:',
      said
        ? cut(said, { lines: COMPILE_LINES, chars: COMPILE_CHARS, width: LINE_WIDTH, more: '--json shows all' })
        : '(no compiler output)',
      '',
    );
  }
  const plain = opts.plainRun && r.tests.length === 1 ? r.tests[0] : undefined;
  if (plain) {
    if (plain.stdout) out.push(cut(field(plain.stdout, plain.encoding), { lines: OUTPUT_LINES, chars: OUTPUT_CHARS }));
    if (plain.stderr) {
      out.push(
        'stderr:',
        indent(cut(field(plain.stderr, plain.encoding), { lines: OUTPUT_LINES, chars: OUTPUT_CHARS })),
      );
    }
    if (plain.stdout || plain.stderr) out.push('');
  }
  if (r.tests.length > 0 && !plain) {
    const rows = [['test', 'verdict', 'time', 'wall', 'memory', 'exit']];
    for (const t of r.tests) {
      rows.push([
        String(t.index),
        verdictText(t.verdict, color),
        `${t.timeMs} ms`,
        `${t.wallMs} ms`,
        formatMemory(t.memoryKb),
        t.signal ? `signal ${t.signal}` : String(t.exitCode ?? ''),
      ]);
    }
    out.push(table(rows), '');
    const details = r.tests.filter((t) => t.verdict !== 'AC').flatMap((t) => testDetail(t, color));
    if (details.length) out.push(...details, '');
  }
  if (r.subtasks) {
    for (const s of r.subtasks)
      out.push(`subtask ${s.name}: ${verdictText(s.verdict, color)} ${s.score}/${s.maxScore}`);
  }
  if (r.limits) out.push(formatLimits(r.limits));
  const verdict = r.verdict ? verdictText(r.verdict, color) : r.status;
  out.push(
    `${verdict}  score ${r.score ?? 0}  time ${r.timeMs ?? 0} ms  memory ${formatMemory(r.memoryKb ?? 0)}` +
      (r.compile?.cached ? '  (compile cached)' : ''),
  );
  if (r.error)
    out.push(`judge error: ${cut(escapeBytes(new TextEncoder().encode(r.error)), { lines: 20, chars: 4000 })}`);
  return out.join('\n');
}
