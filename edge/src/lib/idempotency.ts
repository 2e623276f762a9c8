import { readIdempotencyKey, sha256Hex } from '@judge/contract';
import { EdgeError } from '../errors.js';

/**
 * The idempotency keys of a submission or an execution: the client's own
 * (checked with the contract's rule) or a fresh one, and the key sent to the
 * node, `sha256(caller + "\n" + client key)`: per caller, so two callers' keys
 * never meet; the same on every retry, so the node judges it once.
 */
export async function idempotencyKeys(
  header: string | undefined,
  callerId: string,
): Promise<{ givenKey: string | undefined; clientKey: string; nodeKey: string }> {
  const read = readIdempotencyKey(header);
  if ('error' in read) {
    throw new EdgeError(400, 'invalid_request', read.error, {
      issues: [{ path: 'headers.idempotency-key', message: read.error }],
    });
  }
  const clientKey = read.key ?? crypto.randomUUID();
  return { givenKey: read.key, clientKey, nodeKey: await sha256Hex(`${callerId}\n${clientKey}`) };
}
