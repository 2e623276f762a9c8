import { rewriteId } from './ids.js';

/**
 * Passes a Server-Sent Events stream through line by line, rewriting the node
 * id in `data:` lines that hold a JSON object with that `id` to the edge id.
 * Every other byte goes through unchanged, and each line as soon as it is complete.
 */
export function rewriteEvents(regionId: string, nodeId: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const rewriteLine = (line: string): string => {
    if (!line.startsWith('data:')) return line;
    const cr = line.endsWith('\r') ? '\r' : '';
    const payload = line.slice(5, line.length - cr.length).trimStart();
    if (!payload.startsWith('{')) return line;
    try {
      const value = JSON.parse(payload);
      const rewritten = rewriteId(value, regionId, nodeId);
      return rewritten === value ? line : `data: ${JSON.stringify(rewritten)}${cr}`;
    } catch {
      return line;
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      const complete = pending.slice(0, end + 1);
      pending = pending.slice(end + 1);
      controller.enqueue(encoder.encode(complete.split('\n').map(rewriteLine).join('\n')));
    },
    flush(controller) {
      pending += decoder.decode();
      if (pending) controller.enqueue(encoder.encode(rewriteLine(pending)));
    },
  });
}
