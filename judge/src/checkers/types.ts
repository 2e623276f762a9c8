/** A checker's answer: accepted or not, and where the first difference is. */
export interface CheckOutcome {
  ok: boolean;
  message?: string;
}

const MAX_SHOWN = 40;

/** A token or line for a message: quoted, shortened. */
export function show(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'end of output';
  const text = Buffer.from(bytes.subarray(0, MAX_SHOWN)).toString('utf8');
  return JSON.stringify(bytes.length > MAX_SHOWN ? `${text}…` : text);
}
