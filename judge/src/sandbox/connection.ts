import type { Duplex } from 'node:stream';
import { SandboxError } from './errors.js';
import { parseReply } from './protocol.js';

interface Pending {
  /** Bytes of payload that follow the answer line, given its fields. */
  payloadSize(fields: Record<string, string>): number;
  resolve(r: { fields: Record<string, string>; payload: Buffer }): void;
  reject(e: Error): void;
  line?: { fields: Record<string, string>; size: number };
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
   * and payload. `timeoutMs` bounds the wait; past it the connection is dead.
   */
  request(
    command: string,
    payload: Uint8Array | undefined,
    payloadSize: (fields: Record<string, string>) => number,
    timeoutMs: number,
  ): Promise<{ fields: Record<string, string>; payload: Buffer }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const p: Pending = { payloadSize, resolve, reject };
      p.timer = setTimeout(
        () =>
          this.fail(new SandboxError(`sandbox did not answer ${command.trim().split(' ')[0]} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.queue.push(p);
      this.stream.write(command);
      if (payload && payload.length > 0) this.stream.write(payload);
    });
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
          this.queue.shift();
          clearTimeout(p.timer);
          p.reject(new SandboxError(`sandbox refused: ${reply.message}`));
          continue;
        }
        p.line = { fields: reply.fields, size: p.payloadSize(reply.fields) };
      }
      if (this.data.length < p.line.size) return;
      this.queue.shift();
      clearTimeout(p.timer);
      p.resolve({ fields: p.line.fields, payload: this.data.take(p.line.size) });
    }
  }
}
