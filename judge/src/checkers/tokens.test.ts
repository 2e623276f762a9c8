import { describe, expect, it } from 'vitest';
import { checkTokens } from './tokens.js';

const b = (s: string) => new TextEncoder().encode(s);
const tokens = (want: string, got: string) => checkTokens(b(want), b(got));

describe('tokens', () => {
  it('compares tokens whatever the whitespace between them', () => {
    expect(tokens('1 2 3\n', '1\n2\t\t3')).toEqual({ ok: true });
    expect(tokens('1 2\r\n', '  1 2')).toEqual({ ok: true });
    expect(tokens('a\fb\vc', 'a b c')).toEqual({ ok: true });
  });

  it('accepts empty against blank', () => {
    expect(tokens('', '')).toEqual({ ok: true });
    expect(tokens('', '  \n\r\n')).toEqual({ ok: true });
    expect(tokens('\n', '')).toEqual({ ok: true });
  });

  it('names the first differing token', () => {
    expect(tokens('1 2 3', '1 2 4')).toEqual({
      ok: false,
      where: 'token 3',
      message: 'token 3: expected "3", got "4"',
    });
    expect(tokens('YES', 'yes')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected "YES", got "yes"',
    });
  });

  it('compares bytes, not numbers', () => {
    expect(tokens('0', '-0').ok).toBe(false);
    expect(tokens('1', '1.0').ok).toBe(false);
    expect(tokens('007', '7').ok).toBe(false);
  });

  it('reports missing and extra tokens with the counts', () => {
    expect(tokens('1 2', '1')).toEqual({
      ok: false,
      where: 'token 2',
      message: 'token 2: expected "2", got end of output (1 token)',
    });
    expect(tokens('5', '')).toEqual({
      ok: false,
      where: 'token 1',
      message: 'token 1: expected "5", got end of output (0 tokens)',
    });
    expect(tokens('1', '1 2')).toEqual({
      ok: false,
      where: 'token 2',
      message: 'token 2: expected end of output (1 token), got "2"',
    });
    expect(tokens('1 2', '1 2 3 4')).toEqual({
      ok: false,
      where: 'token 3',
      message: 'token 3: expected end of output (2 tokens), got "3"',
    });
  });

  it('does not join tokens across whitespace', () => {
    expect(tokens('12', '1 2')).toEqual({ ok: false, where: 'token 1', message: 'token 1: expected "12", got "1"' });
  });

  it('shortens long tokens in messages', () => {
    const r = tokens('a', 'x'.repeat(100));
    expect(r).toEqual({ ok: false, where: 'token 1', message: `token 1: expected "a", got "${'x'.repeat(48)}…"` });
    const huge = tokens(`${'7'.repeat(5000)}1`, `${'7'.repeat(5000)}2`).message!;
    expect(huge.length).toBeLessThanOrEqual(200);
    expect(huge).toMatch(/^token 1: expected …"7{8}1", got …"7{8}2"$/);
  });

  it('escapes control characters in messages', () => {
    expect(tokens('a', 'a\u0000b').message).toBe('token 1: expected "a", got "a\\u0000b"');
  });
});
