import { z } from 'zod';
import {
  CompileResultSchema,
  StatusSchema,
  type SubmissionResult,
  SubmissionResultSchema,
  TestResultSchema,
} from './submission.js';

// `GET /v1/submissions/:id/events`: Server-Sent Events. One formatter and one
// parser, used by the node that writes the stream, the edge that passes it on
// and the CLI that reads it.

/** One piece of an event stream: a message, or a comment (keep-alives). */
export type SseFrame =
  | { type: 'message'; event: string; data: string; id?: string }
  | { type: 'comment'; text: string };

/** The text of one frame, ending with a blank line. */
export function formatSse(frame: SseFrame): string {
  if (frame.type === 'comment')
    return `${frame.text
      .split(/\r\n|\r|\n/)
      .map((l) => `: ${l}`)
      .join('\n')}\n\n`;
  let out = frame.event === 'message' ? '' : `event: ${frame.event}\n`;
  if (frame.id !== undefined) out += `id: ${frame.id}\n`;
  for (const line of frame.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * An incremental parser of the event-stream format: push text as it arrives,
 * get back each frame as soon as it is complete (a comment at its line). Lines may end in CRLF, LF or
 * CR; a field's value loses one leading space; `data` lines join with a line
 * break; a message without `event` is a `message`; unknown fields are ignored.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  push(text: string): SseFrame[] {
    this.buffer += text;
    const frames: SseFrame[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of a CRLF: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line, frames);
    }
    return frames;
  }

  /** The stream ended: a message without its final blank line is dropped, as the format says. */
  end(): SseFrame[] {
    const frames: SseFrame[] = [];
    if (this.buffer.startsWith(':')) this.line(this.buffer, frames);
    this.buffer = '';
    return frames;
  }

  private line(line: string, frames: SseFrame[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        const frame: SseFrame = { type: 'message', event: this.event || 'message', data: this.data.join('\n') };
        if (this.id !== undefined) frame.id = this.id;
        frames.push(frame);
      }
      this.event = '';
      this.data = [];
      this.id = undefined;
      return;
    }
    if (line.startsWith(':')) {
      // Passed on at once: keep-alives are comments, and they are only useful on time.
      frames.push({ type: 'comment', text: line.slice(1).replace(/^ /, '') });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

/** The events of a submission's stream, by name, with the schema of their data. */
export const SUBMISSION_EVENT_SCHEMAS = {
  /** The submission's status changed (`queued`, `compiling`, `running`). */
  status: z.object({ status: StatusSchema }),
  /** Compilation finished. */
  compile: CompileResultSchema,
  /** A test finished. */
  test: TestResultSchema,
  /** Judging finished: the whole result object; the stream ends after it. */
  done: SubmissionResultSchema,
} as const;

type EventName = keyof typeof SUBMISSION_EVENT_SCHEMAS;

/** One event of a submission's stream. */
export type SubmissionEvent = {
  [K in EventName]: { event: K; data: z.infer<(typeof SUBMISSION_EVENT_SCHEMAS)[K]> };
}[EventName];

/** The stream text of a submission event. */
export function formatSubmissionEvent(e: SubmissionEvent): string {
  return formatSse({ type: 'message', event: e.event, data: JSON.stringify(e.data) });
}

/**
 * A message frame as a submission event: undefined for other event names (a
 * newer node may send more) and for data that does not fit its event's schema.
 */
export function toSubmissionEvent(frame: SseFrame): SubmissionEvent | undefined {
  if (frame.type !== 'message' || !Object.hasOwn(SUBMISSION_EVENT_SCHEMAS, frame.event)) return undefined;
  const event = frame.event as EventName;
  let json: unknown;
  try {
    json = JSON.parse(frame.data);
  } catch {
    return undefined;
  }
  const parsed = SUBMISSION_EVENT_SCHEMAS[event].safeParse(json);
  return parsed.success ? ({ event, data: parsed.data } as SubmissionEvent) : undefined;
}

/** Whether an event ends its stream. */
export function isDone(e: SubmissionEvent): e is { event: 'done'; data: SubmissionResult } {
  return e.event === 'done';
}
