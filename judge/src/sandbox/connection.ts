import { once } from 'node:events';
import type { Duplex, Writable } from 'node:stream';
import { SandboxError } from './errors.js';
import { parseReply } from './protocol.js';

/** One command sent to the runner. */
export interface RequestOptions {
  /** Bytes sent after the command line: in memory, or streamed (a file) without holding them. */
  payload?: Uint8Array | AsyncIterable<Uint8Array>;
  /** Bytes of payload that follow the answer line, given its fields. @defaultValue none */
  answerSize?(fields: Record<string, string>): number;
  /** Where the answer's payload is written instead of memory (with backpressure). */
  sink?: Writable;
  /** Past it the connection is dead. */
  timeoutMs: number;
}

interface Pending {
  opts: RequestOptions;
  resolve(r: { fields: Record<string, string>; payload: Buffer }): void;
  reject(e: Error): void;
  line?: { fields: Record<string, string>; size: number };
  /** Payload bytes already handed to the sink. */
  sunk: number;
  timer?: NodeJS.Timeout;
}

/** Bytes received but not consumed, kept as a queue of chunks. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  /** Index of the first newline, or -1. */
  indexOfNewline(): number {
    let base = 0;
    for (const c of this.chunks) {
      const i = c.indexOf(10);
      if (i >= 0) return base + i;
      base += c.length;
    }
    return -1;
  }

  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - off);
      c.copy(out, off, 0, k);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.length -= n;
    return out;
  }
}

/**
 * Talks to judge-runner over a Docker attach stream (stdout and stderr
 * multiplexed in 8-byte-header frames). Requests may be pipelined: answers
 * come back in order.
 */
export class RunnerConnection {
  private frames = new ChunkQueue();
  private data = new ChunkQueue();
  private queue: Pending[] = [];
  private failure: Error | undefined;
  private frameLeft = 0;
  private frameStream = 1;
  private writing: Promise<void> = Promise.resolve();
  private paused = false;

  constructor(
    private readonly stream: Duplex,
    private readonly onDiagnostic: (text: string) => void = () => {},
  ) {
    stream.on('data', (b: Buffer) => this.onFrames(b));
    stream.on('error', (e) => this.fail(new SandboxError(`sandbox stream failed: ${e.message}`)));
    stream.on('close', () => this.fail(new SandboxError('sandbox exited')));
    stream.on('end', () => this.fail(new SandboxError('sandbox exited')));
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  /**
   * Sends a command (and its payload) and resolves with the answer's fields
   * and payload. Requests may be pipelined; their bytes never interleave.
   */
  request(command: string, opts: RequestOptions): Promise<{ fields: Record<string, string>; payload: Buffer }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const p: Pending = { opts, resolve, reject, sunk: 0 };
      p.timer = setTimeout(
        () =>
          this.fail(
            new SandboxError(`sandbox did not answer ${command.trim().split(' ')[0]} within ${opts.timeoutMs} ms`),
          ),
        opts.timeoutMs,
      );
      this.queue.push(p);
      this.writing = this.writing.then(() => this.send(command, opts.payload)).catch((e) => this.fail(e as Error));
    });
  }

  private async send(command: string, payload: RequestOptions['payload']): Promise<void> {
    if (this.failure) return;
    this.stream.write(command);
    if (!payload) return;
    if (payload instanceof Uint8Array) {
      if (payload.length > 0) this.stream.write(payload);
      return;
    }
    for await (const chunk of payload) {
      if (this.failure) return;
      if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    }
  }

  /** Fails every waiting request and refuses new ones. */
  fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.stream.destroy();
  }

  private onFrames(b: Buffer): void {
    this.frames.push(b);
    for (;;) {
      if (this.frameLeft === 0) {
        if (this.frames.length < 8) break;
        const header = this.frames.take(8);
        this.frameStream = header[0]!;
        this.frameLeft = header.readUInt32BE(4);
        continue;
      }
      if (this.frames.length === 0) break;
      const body = this.frames.take(Math.min(this.frameLeft, this.frames.length));
      this.frameLeft -= body.length;
      if (this.frameStream === 2) this.onDiagnostic(body.toString('utf8'));
      else this.data.push(body);
    }
    this.drain();
  }

  private drain(): void {
    for (;;) {
      const p = this.queue[0];
      if (!p) {
        if (this.data.length > 0) this.fail(new SandboxError('sandbox sent an unrequested answer'));
        return;
      }
      if (!p.line) {
        const nl = this.data.indexOfNewline();
        if (nl < 0) return;
        const line = this.data.take(nl + 1).toString('utf8', 0, nl);
        const reply = parseReply(line);
        if (!reply.ok) {
          this.settle(p);
          p.reject(new SandboxError(`sandbox refused: ${reply.message}`));
          continue;
        }
        p.line = { fields: reply.fields, size: p.opts.answerSize?.(reply.fields) ?? 0 };
      }
      const sink = p.opts.sink;
      if (sink) {
        const n = Math.min(p.line.size - p.sunk, this.data.length);
        if (n > 0) {
          p.sunk += n;
          if (!sink.write(this.data.take(n)) && !this.paused) {
            // The sink is slower than the sandbox: hold the stream, not the bytes.
            this.paused = true;
            this.stream.pause();
            sink.once('drain', this.resume);
          }
        }
        if (p.sunk < p.line.size) return;
        // The sink has every byte; whether it has flushed them is its caller's business.
        sink.off('drain', this.resume);
        this.resume();
        this.settle(p);
        p.resolve({ fields: p.line.fields, payload: Buffer.alloc(0) });
        continue;
      }
      if (this.data.length < p.line.size) return;
      this.settle(p);
      p.resolve({ fields: p.line.fields, payload: this.data.take(p.line.size) });
    }
  }

  private readonly resume = (): void => {
    if (!this.paused) return;
    this.paused = false;
    this.stream.resume();
  };

  private settle(p: Pending): void {
    this.queue.shift();
    clearTimeout(p.timer);
  }
}
