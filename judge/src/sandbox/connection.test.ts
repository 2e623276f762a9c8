import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import { RunnerConnection } from './connection.js';

function frame(stream: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** A duplex whose writes we read, and whose reads we feed. */
function pipe() {
  const toRunner = new PassThrough();
  const fromRunner = new PassThrough();
  const duplex = Object.assign(fromRunner, {
    write: (c: string | Buffer) => toRunner.write(c),
  }) as unknown as import('node:stream').Duplex;
  return { duplex, toRunner, fromRunner };
}

describe('RunnerConnection', () => {
  it('demultiplexes frames split at any byte and matches answers in order', async () => {
    const { duplex, fromRunner } = pipe();
    const diagnostics: string[] = [];
    const conn = new RunnerConnection(duplex, (t) => diagnostics.push(t));
    const first = conn.request('PING\n', { timeoutMs: 1000 });
    const second = conn.request('RUN\n', { answerSize: (f) => Number(f.stdout), timeoutMs: 1000 });
    const bytes = Buffer.concat([frame(1, 'OK\nOK stdout=11\nhello'), frame(2, 'warning\n'), frame(1, ' world')]);
    for (let i = 0; i < bytes.length; i += 3) fromRunner.emit('data', bytes.subarray(i, i + 3));
    expect((await first).fields).toEqual({});
    const r = await second;
    expect(r.fields.stdout).toBe('11');
    expect(r.payload.toString()).toBe('hello world');
    expect(diagnostics.join('')).toBe('warning\n');
  });

  it('rejects a refused command and keeps going', async () => {
    const { duplex, fromRunner } = pipe();
    const conn = new RunnerConnection(duplex);
    const bad = conn.request('PUT x\n', { timeoutMs: 1000 });
    const good = conn.request('PING\n', { timeoutMs: 1000 });
    fromRunner.emit('data', frame(1, 'ERR PUT:%20bad\nOK\n'));
    await expect(bad).rejects.toThrow('sandbox refused: PUT: bad');
    await expect(good).resolves.toBeDefined();
    expect(conn.alive).toBe(true);
  });

  it('fails every waiting request when the sandbox goes away or times out', async () => {
    const { duplex, fromRunner } = pipe();
    const conn = new RunnerConnection(duplex);
    const p = conn.request('RUN\n', { timeoutMs: 1000 });
    fromRunner.emit('close');
    await expect(p).rejects.toThrow('sandbox exited');
    expect(conn.alive).toBe(false);
    await expect(conn.request('PING\n', { timeoutMs: 1000 })).rejects.toThrow('sandbox exited');

    const other = pipe();
    const slow = new RunnerConnection(other.duplex);
    await expect(slow.request('RUN\n', { timeoutMs: 20 })).rejects.toThrow('did not answer RUN within 20 ms');
    expect(slow.alive).toBe(false);
  });

  it('streams a payload into a slow sink without holding it, then goes on', async () => {
    const { duplex, fromRunner } = pipe();
    const paused: boolean[] = [];
    Object.assign(duplex, { pause: () => paused.push(true), resume: () => paused.push(false) });
    const conn = new RunnerConnection(duplex);
    const received: Buffer[] = [];
    // A sink that asks for a pause after every chunk.
    const sink = new Writable({
      highWaterMark: 1,
      write: (c, _e, done) => {
        received.push(c);
        setImmediate(done);
      },
    });
    const exported = conn.request('EXPORT 100\n', { answerSize: (f) => Number(f.size), sink, timeoutMs: 1000 });
    const next = conn.request('PING\n', { timeoutMs: 1000 });
    const body = Buffer.alloc(5000, 7);
    fromRunner.emit('data', frame(1, Buffer.concat([Buffer.from('OK size=5000\n'), body.subarray(0, 2000)])));
    fromRunner.emit('data', frame(1, Buffer.concat([body.subarray(2000), Buffer.from('OK\n')])));
    const r = await exported;
    expect(r.payload.length).toBe(0);
    sink.end();
    await finished(sink);
    expect(Buffer.concat(received).equals(body)).toBe(true);
    expect(paused).toContain(true);
    expect(paused.at(-1)).toBe(false);
    await expect(next).resolves.toBeDefined();
  });

  it('streams a request payload from an iterable, in order with other requests', async () => {
    const { duplex, toRunner, fromRunner } = pipe();
    const sent: Buffer[] = [];
    toRunner.on('data', (c: Buffer) => sent.push(c));
    const conn = new RunnerConnection(duplex);
    async function* chunks() {
      yield Buffer.from('ab');
      await new Promise((r) => setTimeout(r, 5));
      yield Buffer.from('cd');
    }
    const imported = conn.request('IMPORT 4\n', { payload: chunks(), timeoutMs: 1000 });
    const ping = conn.request('PING\n', { timeoutMs: 1000 });
    // The second command goes out only after the first one's whole payload.
    await vi.waitFor(() => expect(Buffer.concat(sent).toString()).toBe('IMPORT 4\nabcdPING\n'));
    fromRunner.emit('data', frame(1, 'OK\nOK\n'));
    await Promise.all([imported, ping]);
  });
});
