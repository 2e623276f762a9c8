import type { TestResult } from '@judge/contract';
import type { JudgeRequest, PreparedTest } from '../model/index.js';

/** The subtask a test belongs to, when the problem has subtasks. */
export function subtaskOf(req: JudgeRequest, test: PreparedTest): string | undefined {
  return req.subtasks?.find((s) => s.tests.includes(test.name))?.name;
}

/**
 * Stop at the first failure (`stopOnFailure`), for any pipeline: once a test
 * fails, the later tests are skipped; with subtasks only the later tests of
 * the failing subtask (its score is lost already), the other subtasks run.
 */
export class FailureStop {
  private readonly failed = new Set<string>();

  constructor(private readonly req: JudgeRequest) {}

  private group(test: PreparedTest): string {
    return this.req.subtasks ? `subtask:${subtaskOf(this.req, test) ?? ''}` : '';
  }

  /** Whether the test is to be skipped, not run. */
  skips(test: PreparedTest): boolean {
    return this.req.stopOnFailure === true && this.failed.has(this.group(test));
  }

  /** Records a test's verdict. */
  record(test: PreparedTest, result: TestResult): void {
    if (result.verdict !== 'AC' && result.verdict !== 'SKIP') this.failed.add(this.group(test));
  }
}

/** The result of a test that was not run. */
export function skippedResult(index: number): TestResult {
  return { index, verdict: 'SKIP', timeMs: 0, wallMs: 0, memoryKb: 0, exitCode: null, signal: null };
}
