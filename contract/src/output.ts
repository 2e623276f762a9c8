import { z } from 'zod';

/**
 * Program output is bytes. A test's `stdout`, `stderr` and `message` (and a
 * compilation's `output`) are UTF-8 text when every one of them is valid
 * UTF-8 without a NUL byte; otherwise the result carries `encoding: "base64"`
 * and each of those fields holds the base64 of the exact bytes.
 */
export const OutputEncodingSchema = z.enum(['base64']);
export type OutputEncoding = z.infer<typeof OutputEncodingSchema>;

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** True when the bytes can travel as text: valid UTF-8, no NUL (which PostgreSQL's jsonb refuses). */
export function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(out);
}

export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Encodes a group of byte fields that share one `encoding` marker: text when
 * all are plain text, base64 for all of them otherwise.
 */
export function encodeOutputs<K extends string>(
  fields: Record<K, Uint8Array>,
): { text: Record<K, string>; encoding?: OutputEncoding } {
  const entries = Object.entries(fields) as [K, Uint8Array][];
  const plain = entries.every(([, b]) => isPlainText(b));
  const text = {} as Record<K, string>;
  for (const [k, b] of entries) text[k] = plain ? strict.decode(b) : toBase64(b);
  return plain ? { text } : { text, encoding: 'base64' };
}

/** The exact bytes of a field written under `encoding`. */
export function decodeOutput(text: string, encoding: OutputEncoding | undefined): Uint8Array {
  return encoding === 'base64' ? fromBase64(text) : encoder.encode(text);
}

/** A field as readable text (invalid UTF-8 shown as U+FFFD), for people and for APIs that only carry text. */
export function outputAsText(text: string, encoding: OutputEncoding | undefined): string {
  return encoding === 'base64' ? lenient.decode(fromBase64(text)) : text;
}

/**
 * Text that did not come from a program but may quote one (the judge's own
 * error messages): made safe to store, NUL shown as U+2400 and invalid UTF-8
 * as U+FFFD. Lossy on purpose; program output goes through {@link encodeOutputs}.
 */
export function safeText(text: string | Uint8Array): string {
  // A round trip through UTF-8 also replaces lone surrogates.
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return lenient.decode(bytes).replaceAll('\u0000', '\u2400');
}
