import { describe, expect, it } from 'vitest';
import { checkExact } from './exact.js';

const b = (s: string) => new TextEncoder().encode(s);
const exact = (want: string, got: string) => checkExact(b(want), b(got));

describe('exact', () => {
  it('accepts identical bytes, including empty outputs', () => {
    expect(exact('1 2\n', '1 2\n')).toEqual({ ok: true });
    expect(exact('', '')).toEqual({ ok: true });
    expect(checkExact(new Uint8Array([0, 255, 10]), new Uint8Array([0, 255, 10]))).toEqual({ ok: true });
  });

  it('names line, column and byte of the first difference', () => {
    expect(exact('a\nb\n', 'a\nc\n')).toEqual({
      ok: false,
      where: 'line 2, column 1 (byte 3)',
      message: 'line 2, column 1 (byte 3): expected "b\\n", got "c\\n"',
    });
    expect(exact('12 34\n', '12 35\n').message).toBe('line 1, column 5 (byte 5): expected "4\\n", got "5\\n"');
  });

  it('tells a missing end from an extra one', () => {
    expect(exact('1 2\n', '1 2').message).toBe('line 1, column 4 (byte 4): expected "\\n", got end of output');
    expect(exact('1\n', '1\n2\n').message).toBe('line 2, column 1 (byte 3): expected end of output, got "2\\n"');
    expect(exact('', 'x').message).toBe('line 1, column 1 (byte 1): expected end of output, got "x"');
    expect(exact('x', '').message).toBe('line 1, column 1 (byte 1): expected "x", got end of output');
  });

  it('does not forgive whitespace: trailing spaces, CRLF', () => {
    expect(exact('1\n', '1 \n').message).toBe('line 1, column 2 (byte 2): expected "\\n", got " \\n"');
    expect(exact('1\n', '1\r\n').message).toBe('line 1, column 2 (byte 2): expected "\\n", got "\\r\\n"');
  });

  it('keeps messages short on long lines', () => {
    const r = exact(`${'a'.repeat(500)}\n`, `${'a'.repeat(499)}b\n`);
    expect(r.ok).toBe(false);
    expect(r.message).toBe('line 1, column 500 (byte 500): expected "a\\n", got "b\\n"');
    const long = exact('x'.repeat(1000), 'y'.repeat(1000)).message!;
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^line 1, column 1 \(byte 1\): expected "x{48}…", got "y{48}…"$/);
  });

  it('shows invalid UTF-8 without failing', () => {
    const r = checkExact(new Uint8Array([0x41, 0xff]), new Uint8Array([0x41, 0xfe]));
    expect(r).toEqual({
      ok: false,
      where: 'line 1, column 2 (byte 2)',
      message: 'line 1, column 2 (byte 2): expected "\uFFFD", got "\uFFFD"',
    });
  });
});
