// Byte-level helpers shared by the checkers: whitespace classes, token and
// line cursors that never copy the data, and message formatting.

/** Longest message a checker returns. */
export const MAX_MESSAGE = 200;
/** Longest excerpt of one side of a difference shown in a message. */
const MAX_EXCERPT = 48;

import type { CheckOutcome } from './types.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Space, tab, LF, VT, FF, CR: what separates tokens. */
export function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/** Whitespace that may trail a line (everything in {@link isSpace} but LF). */
export function isLineSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 11 || b === 12 || b === 13;
}

/** Byte equality of `a[aStart, aEnd)` and `b[bStart, bEnd)`. */
export function rangeEquals(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number) {
  const n = aEnd - aStart;
  if (n !== bEnd - bStart) return false;
  for (let i = 0; i < n; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** Walks the whitespace-separated tokens of a buffer; `start`/`end` bound the current one. */
export class TokenCursor {
  start = 0;
  end = 0;
  /** 1-based index of the current token, 0 before the first. */
  index = 0;
  constructor(readonly data: Uint8Array) {}

  /** Moves to the next token; false at the end of the data. */
  next(): boolean {
    const d = this.data;
    const n = d.length;
    let i = this.end;
    while (i < n && isSpace(d[i]!)) i++;
    if (i >= n) {
      this.start = this.end = n;
      return false;
    }
    const s = i;
    while (i < n && !isSpace(d[i]!)) i++;
    this.start = s;
    this.end = i;
    this.index++;
    return true;
  }
}

/**
 * Walks the lines of a buffer (split on LF); `start`/`end` bound the current line
 * with its trailing whitespace (CR included) cut off.
 */
export class LineCursor {
  start = 0;
  end = 0;
  /** 1-based number of the current line, 0 before the first. */
  number = 0;
  private pos = 0;
  constructor(readonly data: Uint8Array) {}

  /** Moves to the next line (a final LF does not start another one); false at the end. */
  next(): boolean {
    const d = this.data;
    const n = d.length;
    if (this.pos >= n) return false;
    const s = this.pos;
    let nl = d.indexOf(10, s);
    if (nl < 0) nl = n;
    let e = nl;
    while (e > s && isLineSpace(d[e - 1]!)) e--;
    this.start = s;
    this.end = e;
    this.pos = nl + 1;
    this.number++;
    return true;
  }
}

/** A JSON-quoted excerpt of `data[start, end)`, cut at {@link MAX_EXCERPT} characters. */
export function quote(data: Uint8Array, start: number, end: number): string {
  const cut = end - start > MAX_EXCERPT;
  const text = decoder.decode(data.subarray(start, cut ? start + MAX_EXCERPT : end));
  return cut ? `${JSON.stringify(text).slice(0, -1)}…"` : JSON.stringify(text);
}

/**
 * Describes how `exp[es, ee)` and `act[as, ae)` differ: both excerpts, starting a few
 * bytes before the first difference when it is far into the range.
 */
export function describeDifference(
  exp: Uint8Array,
  es: number,
  ee: number,
  act: Uint8Array,
  as: number,
  ae: number,
): { column: number; text: string } {
  let k = 0;
  const common = Math.min(ee - es, ae - as);
  while (k < common && exp[es + k] === act[as + k]) k++;
  const skip = k > MAX_EXCERPT / 2 ? k - 8 : 0;
  const lead = skip > 0 ? '…' : '';
  const e = quote(exp, es + skip, ee);
  const a = quote(act, as + skip, ae);
  return { column: k + 1, text: `expected ${lead}${e}, got ${lead}${a}` };
}

/** A wrong answer: where it differs, and the detail (which may quote the expected output). */
export function failure(where: string, detail: string): CheckOutcome {
  return { ok: false, where, message: truncate(`${where}: ${detail}`) };
}

/** Cuts a message to {@link MAX_MESSAGE} characters. */
export function truncate(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
