import { describe, expect, it } from 'vitest';
import { rewriteEvents } from './sse.js';

async function run(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
      c.close();
    },
  });
  const out: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of source.pipeThrough(rewriteEvents('eu', 'n1'))) out.push(decoder.decode(chunk));
  return out;
}

describe('SSE id rewriting', () => {
  it('rewrites the node id in data lines and leaves the rest byte for byte', async () => {
    const out = await run([
      'event: status\ndata: {"id":"n1","status":"running"}\n\n',
      ': keep-alive\n\nevent: test\ndata: {"index":1}\n\n',
    ]);
    expect(out.join('')).toBe(
      'event: status\ndata: {"id":"eu.n1","status":"running"}\n\n: keep-alive\n\nevent: test\ndata: {"index":1}\n\n',
    );
  });

  it('joins lines split across chunks and emits each complete line at once', async () => {
    const out = await run(['event: done\nda', 'ta: {"id":"n1"', '}\r\n\r\n']);
    expect(out).toEqual(['event: done\n', 'data: {"id":"eu.n1"}\r\n\r\n']);
  });

  it('does not touch other ids or text that is not JSON', async () => {
    const out = await run(['data: {"id":"other"}\ndata: not json {\n', 'data: {"id":"n1"}']);
    expect(out.join('')).toBe('data: {"id":"other"}\ndata: not json {\ndata: {"id":"eu.n1"}');
  });
});
