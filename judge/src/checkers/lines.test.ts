import { describe, expect, it } from 'vitest';
import { checkLines } from './lines.js';

const b = (s: string) => new TextEncoder().encode(s);
const lines = (want: string, got: string) => checkLines(b(want), b(got));

describe('lines', () => {
  it('ignores whitespace at the end of lines, CR included', () => {
    expect(lines('a b\nc\n', 'a b  \t\r\nc\r\n')).toEqual({ ok: true });
    expect(lines('a  \nb\n', 'a\nb\n')).toEqual({ ok: true });
  });

  it('ignores blank lines and a missing newline at the end', () => {
    expect(lines('a\n', 'a')).toEqual({ ok: true });
    expect(lines('a', 'a\n\n \n\r\n')).toEqual({ ok: true });
    expect(lines('a\n\n\n', 'a')).toEqual({ ok: true });
    expect(lines('', '')).toEqual({ ok: true });
    expect(lines('', '\n\n')).toEqual({ ok: true });
    expect(lines('\n  \n', '')).toEqual({ ok: true });
  });

  it('keeps leading spaces, inner spaces and blank lines in the middle', () => {
    expect(lines('a b\n', 'a  b\n')).toEqual({
      ok: false,
      where: 'line 1',
      message: 'line 1: expected "a b", got "a  b"',
    });
    expect(lines('a\n', ' a\n')).toEqual({ ok: false, where: 'line 1', message: 'line 1: expected "a", got " a"' });
    expect(lines('a\nb\n', 'a\n\nb\n')).toEqual({
      ok: false,
      where: 'line 2',
      message: 'line 2: expected "b", got ""',
    });
  });

  it('names the first missing or extra line', () => {
    expect(lines('a\nb\n', 'a\n')).toEqual({
      ok: false,
      where: 'line 2',
      message: 'line 2: expected "b", got end of output',
    });
    expect(lines('a\n\n\nb\n', 'a\n')).toEqual({
      ok: false,
      where: 'line 4',
      message: 'line 4: expected "b", got end of output',
    });
    expect(lines('a\n', 'a\n\n  \nzzz\n')).toEqual({
      ok: false,
      where: 'line 4',
      message: 'line 4: expected end of output, got "zzz"',
    });
    expect(lines('5\n', '')).toEqual({
      ok: false,
      where: 'line 1',
      message: 'line 1: expected "5", got end of output',
    });
  });

  it('gives the column of a difference far into a long line', () => {
    const want = `${'x'.repeat(100)}1${'y'.repeat(100)}`;
    const got = `${'x'.repeat(100)}2${'y'.repeat(100)}`;
    const r = lines(want, got);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^line 1, column 101: expected …"x{8}1y+…", got …"x{8}2y+…"$/);
    expect(r.message!.length).toBeLessThanOrEqual(200);
  });
});
