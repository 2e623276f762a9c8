import type { SubmissionResult, TestResult } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { renderResult, sideBySide } from './render.js';
import { cut, escapeBytes } from './text.js';

const test = (t: Partial<TestResult>): TestResult => ({
  index: 1,
  verdict: 'AC',
  timeMs: 1,
  wallMs: 2,
  memoryKb: 100,
  exitCode: 0,
  signal: null,
  ...t,
});
const result = (r: Partial<SubmissionResult>): SubmissionResult => ({
  id: 'x',
  status: 'done',
  language: 'python',
  tests: [],
  createdAt: '2026-01-01T00:00:00Z',
  ...r,
});

describe('escapeBytes', () => {
  it('keeps UTF-8 text, newlines and tabs, and escapes control characters and bytes that are not UTF-8', () => {
    expect(escapeBytes(new TextEncoder().encode('héllo\tworld\n'))).toBe('héllo\tworld\n');
    expect(escapeBytes(Uint8Array.from([0x41, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0d, 0xff, 0xc3]))).toBe(
      'A\\x00\\x1b[2J\\r\\xff\\xc3',
    );
    // An overlong encoding and a surrogate are not UTF-8.
    expect(escapeBytes(Uint8Array.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))).toBe('\\xc0\\xaf\\xed\\xa0\\x80');
  });
});

describe('cut', () => {
  it('keeps the first lines, cuts long lines, and says how much it left out', () => {
    expect(cut('a\nb\nc\nd\n', { lines: 2, chars: 100, more: '--json shows all' })).toBe(
      'a\nb\n… (2 more lines: --json shows all)',
    );
    expect(cut(`${'x'.repeat(10)}\ny`, { lines: 5, chars: 100, width: 4 })).toBe('xxxx…\ny');
    expect(cut('short', { lines: 5, chars: 100 })).toBe('short');
  });
});

describe('renderResult', () => {
  it('shows expected and received lines side by side for a wrong answer on a sample, and nothing for a hidden test', () => {
    const out = renderResult(
      result({
        verdict: 'WA',
        tests: [
          test({ verdict: 'WA', stdout: '1\n2\n5\n', expected: '1\n2\n3\n', message: 'line 3: expected "3", got "5"' }),
          test({ index: 2, verdict: 'WA', message: 'token 1: differs from the expected output' }),
        ],
        limits: { timeMs: 1000, memoryMb: 256, outputKb: 1024 },
      }),
      false,
    );
    expect(out).toContain('test 1: WA  line 3: expected "3", got "5"');
    expect(out).toMatch(/expected\s+│ received/);
    expect(out).toMatch(/> 3\s+│ 5/);
    expect(out).toMatch(/ {3}1\s+│ 1/);
    expect(out).toContain('test 2: WA  token 1: differs from the expected output');
    expect(out.match(/│ received/g)).toHaveLength(1);
    expect(out).toContain('limits: 1000 ms CPU, 256 MB memory, 1024 KB output per test');
  });

  it("shows the first lines of an RE's stderr", () => {
    const stderr = `Traceback (most recent call last):\n${'  frame\n'.repeat(30)}ZeroDivisionError: division by zero\n`;
    const out = renderResult(result({ verdict: 'RE', tests: [test({ verdict: 'RE', exitCode: 1, stderr })] }), false);
    expect(out).toContain('  Traceback (most recent call last):');
    expect(out).toContain('more lines: --json shows all');
    expect(out).not.toContain('ZeroDivisionError');
  });

  it('never dumps raw bytes: compiler output that is not text is escaped and cut', () => {
    const garbage = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 37) % 256));
    const out = renderResult(
      result({
        verdict: 'CE',
        compile: { exitCode: 1, output: garbage.toString('base64'), encoding: 'base64', timeMs: 1, cached: false },
      }),
      false,
    );
    expect(out).toContain('Compilation failed:');
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(out.length).toBeLessThan(12_000);
    expect(out).toContain('--json shows all');
  });

  it("shows a plain run's output, and colours only when asked", () => {
    const plain = result({ verdict: 'AC', tests: [test({ stdout: 'hello\n', stderr: 'warn\n' })] });
    const out = renderResult(plain, false, { plainRun: true });
    expect(out.startsWith('hello\nstderr:\n  warn\n')).toBe(true);
    expect(out).not.toContain('\x1b[');
    expect(renderResult(plain, true, { plainRun: true })).toContain('\x1b[32mAC');
  });
});

describe('sideBySide', () => {
  it('starts a little before the first difference and marks each differing line', () => {
    const expected = Array.from({ length: 20 }, (_, i) => String(i)).join('\n');
    const received = expected.replace('\n10\n', '\n99\n');
    const rows = sideBySide(expected, received, false).split('\n');
    expect(rows[1]).toMatch(/^ {4}8\s+│ 8$/);
    expect(rows[3]).toMatch(/^ {2}> 10\s+│ 99$/);
    expect(rows.at(-1)).toMatch(/… \d+ more lines/);
  });
});
