import { formatSse, type SseFrame, SseParser } from '@judge/contract';
import { rewriteId } from './ids.js';

/** A message whose data is a JSON object with the node id, with the edge id instead; other frames as they are. */
function rewriteFrame(frame: SseFrame, regionId: string, nodeId: string): SseFrame {
  if (frame.type !== 'message' || !frame.data.startsWith('{')) return frame;
  try {
    const value = JSON.parse(frame.data);
    const rewritten = rewriteId(value, regionId, nodeId);
    return rewritten === value ? frame : { ...frame, data: JSON.stringify(rewritten) };
  } catch {
    return frame;
  }
}

/**
 * Passes a node's Server-Sent Events stream on, read and written with the
 * contract's parser and formatter: the node id in each event's data becomes
 * the edge id, and each frame (an event, or a comment such as a keep-alive)
 * goes out as soon as it is complete.
 */
export function rewriteEvents(regionId: string, nodeId: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const parser = new SseParser();
  const emit = (frames: SseFrame[], controller: TransformStreamDefaultController<Uint8Array>) => {
    if (frames.length === 0) return;
    controller.enqueue(encoder.encode(frames.map((f) => formatSse(rewriteFrame(f, regionId, nodeId))).join('')));
  };
  return new TransformStream({
    transform(chunk, controller) {
      emit(parser.push(decoder.decode(chunk, { stream: true })), controller);
    },
    flush(controller) {
      emit([...parser.push(decoder.decode()), ...parser.end()], controller);
    },
  });
}
