import { formatSubmissionEvent, type SubmissionResult } from '@judge/contract';
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

const done: SubmissionResult = { id: 'n1', status: 'done', verdict: 'AC', language: 'c', tests: [], createdAt: 'x' };

describe('SSE id rewriting', () => {
  it("rewrites the node id in the node's events and passes keep-alives on", async () => {
    const out = await run([
      formatSubmissionEvent({ event: 'status', data: { status: 'running' } }),
      ': keep-alive\n\n',
      formatSubmissionEvent({ event: 'done', data: done }),
    ]);
    expect(out.join('')).toBe(
      `event: status\ndata: {"status":"running"}\n\n: keep-alive\n\n${formatSubmissionEvent({ event: 'done', data: { ...done, id: 'eu.n1' } })}`,
    );
  });

  it('joins events split across chunks and sends each as soon as it is complete', async () => {
    const out = await run(['event: done\nda', 'ta: {"id":"n1"', '}\r\n\r\n']);
    expect(out).toEqual(['event: done\ndata: {"id":"eu.n1"}\n\n']);
  });

  it('does not touch other ids or data that is not JSON', async () => {
    const out = await run(['data: {"id":"other"}\n\ndata: not json {\n\n', 'data: {"id":"n1"}\n\n']);
    expect(out.join('')).toBe('data: {"id":"other"}\n\ndata: not json {\n\ndata: {"id":"eu.n1"}\n\n');
  });
});
