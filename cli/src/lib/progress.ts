import type { CompileResult, TestResult } from '@judge/contract';
import { formatMemory, verdictText } from './render.js';

/**
 * Live progress on stderr: one rewritten line on a terminal, plain lines
 * elsewhere; silent with --json.
 */
export class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private lineOpen = false;

  /** Tests in the submission, once known (a remote problem's count is not). */
  total: number | undefined;

  constructor(
    private readonly enabled: boolean,
    /** Colours (a terminal, without NO_COLOR or --no-color). */
    private readonly color = false,
  ) {}

  /** A passing state ("compiling…"): shown on a terminal only, where the next line replaces it. */
  status(text: string): void {
    if (!this.enabled || !this.tty) return;
    process.stderr.write(`\r\x1b[2K${text}`);
    this.lineOpen = true;
  }

  compiled(c: CompileResult): void {
    const how = c.cached ? 'cached' : `${c.timeMs} ms`;
    this.line(c.exitCode === 0 ? `compiled (${how})` : 'compilation failed');
  }

  test(t: TestResult): void {
    const of = (i: number) => (this.total === undefined ? `${i}` : `${i}/${this.total}`);
    this.line(
      `test ${of(t.index)}  ${verdictText(t.verdict, this.color)}  ${t.timeMs} ms  ${formatMemory(t.memoryKb)}`,
    );
    if (this.total === undefined || t.index < this.total) this.status(`running test ${of(t.index + 1)}…`);
  }

  done(): void {
    if (this.enabled && this.tty && this.lineOpen) process.stderr.write('\r\x1b[2K');
    this.lineOpen = false;
  }

  private line(text: string): void {
    if (!this.enabled) return;
    if (this.tty) process.stderr.write(`\r\x1b[2K${text}\n`);
    else process.stderr.write(`${text}\n`);
    this.lineOpen = false;
  }
}
