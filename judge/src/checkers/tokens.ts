import { type CheckOutcome, show } from './types.js';

function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/** Walks the whitespace-separated tokens of a buffer without copying it. */
export class TokenReader {
  private pos = 0;
  count = 0;

  constructor(private readonly buf: Uint8Array) {}

  next(): Uint8Array | undefined {
    const b = this.buf;
    let i = this.pos;
    while (i < b.length && isSpace(b[i]!)) i++;
    if (i >= b.length) {
      this.pos = i;
      return undefined;
    }
    const start = i;
    while (i < b.length && !isSpace(b[i]!)) i++;
    this.pos = i;
    this.count++;
    return b.subarray(start, i);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/**
 * Compares token by token with `same`; the default checker uses byte
 * equality, the float checker numeric closeness.
 */
export function compareTokens(
  expected: Uint8Array,
  actual: Uint8Array,
  same: (e: Uint8Array, a: Uint8Array) => string | undefined = (e, a) => (sameBytes(e, a) ? undefined : ''),
): CheckOutcome {
  const want = new TokenReader(expected);
  const got = new TokenReader(actual);
  for (;;) {
    const e = want.next();
    const a = got.next();
    if (e === undefined && a === undefined) return { ok: true };
    const n = Math.max(want.count, got.count);
    if (e === undefined) return { ok: false, message: `token ${n}: expected end of output, got ${show(a)}` };
    if (a === undefined) return { ok: false, message: `token ${n}: expected ${show(e)}, got end of output` };
    const why = same(e, a);
    if (why !== undefined) return { ok: false, message: `token ${n}: expected ${show(e)}, got ${show(a)}${why}` };
  }
}

/** Whitespace-separated tokens must be equal; how they are spaced does not matter. */
export function checkTokens(expected: Uint8Array, actual: Uint8Array): CheckOutcome {
  return compareTokens(expected, actual);
}
