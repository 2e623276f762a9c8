// Program and compiler output shown in a terminal: never raw bytes. Control
// characters and bytes that are not UTF-8 are escaped, and long output is cut.

const HEX = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n <= 1 || i + n > bytes.length) return n <= 1 ? n : 0;
  for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  const second = bytes[i + 1]!;
  if (b === 0xe0 && second < 0xa0) return 0; // overlong
  if (b === 0xed && second > 0x9f) return 0; // surrogates
  if (b === 0xf0 && second < 0x90) return 0; // overlong
  if (b === 0xf4 && second > 0x8f) return 0; // past U+10FFFF
  return n;
}

/**
 * Bytes as text safe for a terminal: UTF-8 kept, every other byte and every
 * control character but newline and tab written as `\xNN`.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  const decoder = new TextDecoder();
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      out += HEX(bytes[i]!);
      i++;
      continue;
    }
    const b = bytes[i]!;
    if (n === 1) {
      out +=
        (b < 0x20 && b !== 0x0a && b !== 0x09) || b === 0x7f ? (b === 0x0d ? '\\r' : HEX(b)) : String.fromCharCode(b);
    } else {
      const ch = decoder.decode(bytes.subarray(i, i + n));
      // C1 controls (U+0080..U+009F) move terminals around as much as C0 ones.
      const cp = ch.codePointAt(0)!;
      out += cp >= 0x80 && cp <= 0x9f ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
    }
    i += n;
  }
  return out;
}

/** Text as a terminal may show it: control characters but newline and tab escaped. */
export function escapeText(text: string): string {
  return escapeBytes(new TextEncoder().encode(text));
}

/**
 * At most `lines` lines and `chars` characters of `text` (each line at most
 * `width`), saying what was left out.
 */
export function cut(text: string, opts: { lines: number; chars: number; width?: number; more?: string }): string {
  const width = opts.width;
  const all = text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (width !== undefined && l.length > width ? `${l.slice(0, width)}…` : l));
  let kept = all.slice(0, opts.lines).join('\n');
  let truncated = all.length > opts.lines;
  if (kept.length > opts.chars) {
    kept = kept.slice(0, opts.chars);
    truncated = true;
  }
  if (!truncated) return kept;
  const rest = all.length - kept.split('\n').length;
  const more = rest > 0 ? `${rest} more line${rest === 1 ? '' : 's'}` : 'more';
  return `${kept}\n… (${more}${opts.more ? `: ${opts.more}` : ''})`;
}

/** One line of at most `width` characters (an ellipsis marks a cut). */
export function oneLine(text: string, width: number): string {
  const flat = text.replaceAll('\n', '⏎');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
