import type { CompileResult, TestResult } from '@judge/contract';
import { formatMemory, verdictText } from './render.js';

/**
 * Live progress on stderr: one rewritten line on a terminal, plain lines
 * elsewhere; silent with --json.
 */
export class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private lineOpen = false;

  constructor(
    private readonly enabled: boolean,
    private readonly total: number,
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
    this.line(
      `test ${t.index}/${this.total}  ${verdictText(t.verdict, this.tty)}  ${t.timeMs} ms  ${formatMemory(t.memoryKb)}`,
    );
    if (t.index < this.total) this.status(`running test ${t.index + 1}/${this.total}…`);
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
