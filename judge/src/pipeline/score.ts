import type { Subtask, SubtaskResult, TestResult, Verdict } from '@judge/contract';

/** A verdict that decides: neither AC nor SKIP (a skipped test follows the failure that decided). */
function failing(t: TestResult | undefined): t is TestResult & { verdict: Verdict } {
  return t !== undefined && t.verdict !== 'AC' && t.verdict !== 'SKIP';
}

/** The first verdict that is not AC (nor SKIP), in test order; AC when all are. */
export function overallVerdict(tests: TestResult[]): Verdict {
  return tests.find(failing)?.verdict ?? 'AC';
}

/**
 * Score 0..100: the share of passed tests, or with subtasks the sum of the
 * subtasks whose tests all passed.
 */
export function score(
  tests: TestResult[],
  names: string[],
  subtasks: Subtask[] | undefined,
): { score: number; subtasks?: SubtaskResult[] } {
  if (!subtasks) {
    if (tests.length === 0) return { score: 0 };
    const passed = tests.filter((t) => t.verdict === 'AC').length;
    return { score: Math.round((10000 * passed) / names.length) / 100 };
  }
  const byName = new Map(tests.map((t) => [names[t.index - 1], t]));
  const results = subtasks.map((s): SubtaskResult => {
    const own = s.tests.map((n) => byName.get(n));
    const decided = own.find(failing);
    // A test missing, or skipped with no failure before it in its subtask, is the judge's fault.
    const lost = own.some((t) => t === undefined || t.verdict === 'SKIP');
    const verdict: Verdict = decided?.verdict ?? (lost ? 'IE' : 'AC');
    return { name: s.name, score: verdict === 'AC' ? s.score : 0, maxScore: s.score, verdict };
  });
  return { score: results.reduce((a, r) => a + r.score, 0), subtasks: results };
}
