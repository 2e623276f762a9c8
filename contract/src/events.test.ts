import { describe, expect, it } from 'vitest';
import {
  formatSse,
  formatSubmissionEvent,
  type SseFrame,
  SseParser,
  type SubmissionEvent,
  toSubmissionEvent,
} from './events.js';
import type { SubmissionResult, TestResult } from './submission.js';

const test1: TestResult = { index: 1, verdict: 'AC', timeMs: 3, wallMs: 5, memoryKb: 900, exitCode: 0, signal: null };
const result: SubmissionResult = {
  id: 'abc',
  status: 'done',
  verdict: 'AC',
  score: 100,
  language: 'python',
  tests: [test1],
  createdAt: '2026-01-01T00:00:00.000Z',
};
const events: SubmissionEvent[] = [
  { event: 'status', data: { status: 'running' } },
  { event: 'compile', data: { exitCode: 0, output: 'warning:\nline two', timeMs: 120, cached: false } },
  { event: 'test', data: test1 },
  { event: 'done', data: result },
];

function parseAll(chunks: string[]): SseFrame[] {
  const p = new SseParser();
  return [...chunks.flatMap((c) => p.push(c)), ...p.end()];
}

describe('submission events', () => {
  it('come back from their stream text as they went in', () => {
    const text = events.map(formatSubmissionEvent).join('');
    const back = parseAll([text]).map(toSubmissionEvent);
    expect(back).toEqual(events);
  });

  it('survive any split of the stream into chunks', () => {
    const text = `: keep-alive\n\n${events.map(formatSubmissionEvent).join('')}`;
    const whole = parseAll([text]);
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(parseAll(chunks), `chunks of ${size}`).toEqual(whole);
    }
    expect(whole[0]).toEqual({ type: 'comment', text: 'keep-alive' });
  });

  it('refuses data that does not fit its event, and passes over unknown events', () => {
    expect(toSubmissionEvent({ type: 'message', event: 'test', data: '{"index":0}' })).toBeUndefined();
    expect(toSubmissionEvent({ type: 'message', event: 'done', data: 'not json' })).toBeUndefined();
    expect(toSubmissionEvent({ type: 'message', event: 'progress', data: '{}' })).toBeUndefined();
    expect(toSubmissionEvent({ type: 'message', event: 'toString', data: '{}' })).toBeUndefined();
    expect(toSubmissionEvent({ type: 'comment', text: 'x' })).toBeUndefined();
  });
});

describe('the event-stream format', () => {
  it('reads CRLF and CR line ends, multi-line data, ids, default event names and field spacing', () => {
    const frames = parseAll(['event:a\r\ndata: 1\r\ndata:2\r\nid: 7\r\n\r\n', 'data: x\r\rdata: y\n\n']);
    expect(frames).toEqual([
      { type: 'message', event: 'a', data: '1\n2', id: '7' },
      { type: 'message', event: 'message', data: 'x' },
      { type: 'message', event: 'message', data: 'y' },
    ]);
  });

  it('waits for a CRLF split across chunks instead of seeing two line ends', () => {
    expect(parseAll(['data: a\r', '\n\r', '\n'])).toEqual([{ type: 'message', event: 'message', data: 'a' }]);
  });

  it('drops a message cut off before its blank line, and ignores unknown fields', () => {
    expect(parseAll(['retry: 10\nfoo: bar\ndata: whole\n\n', 'data: cut'])).toEqual([
      { type: 'message', event: 'message', data: 'whole' },
    ]);
  });

  it('formats what it parses', () => {
    const frames: SseFrame[] = [
      { type: 'message', event: 'done', data: '{"a":1}\n{"b":2}', id: '3' },
      { type: 'comment', text: 'keep-alive' },
      { type: 'message', event: 'message', data: '' },
    ];
    expect(formatSse(frames[0]!)).toBe('event: done\nid: 3\ndata: {"a":1}\ndata: {"b":2}\n\n');
    expect(parseAll([frames.map(formatSse).join('')])).toEqual(frames);
  });
});
