import { outputAsText, type SubmissionResult, type TestVerdict } from '@judge/contract';

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

export function verdictText(v: TestVerdict, color: boolean): string {
  return color ? `\x1b[${COLORS[v]}m${v.padEnd(3)}\x1b[0m` : v.padEnd(3);
}

export function formatMemory(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb} KB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => stripAnsi(r[c]!).length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell + ' '.repeat(widths[c]! - stripAnsi(cell).length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** The human view of a result: a table of tests, then the verdict. */
export function renderResult(r: SubmissionResult, color: boolean): string {
  const out: string[] = [];
  if (r.compile && r.compile.exitCode !== 0) {
    out.push(
      'Compilation failed:',
      outputAsText(r.compile.output, r.compile.encoding).trimEnd() || '(no compiler output)',
      '',
    );
  }
  if (r.tests.length > 0) {
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
    for (const t of r.tests) {
      if (t.message && t.verdict !== 'AC') out.push(`test ${t.index}: ${outputAsText(t.message, t.encoding)}`);
    }
  }
  if (r.subtasks) {
    for (const s of r.subtasks)
      out.push(`subtask ${s.name}: ${verdictText(s.verdict, color)} ${s.score}/${s.maxScore}`);
  }
  const verdict = r.verdict ? verdictText(r.verdict, color) : r.status;
  out.push(
    `${verdict}  score ${r.score ?? 0}  time ${r.timeMs ?? 0} ms  memory ${formatMemory(r.memoryKb ?? 0)}` +
      (r.compile?.cached ? '  (compile cached)' : ''),
  );
  if (r.error) out.push(`judge error: ${r.error}`);
  return out.join('\n');
}
