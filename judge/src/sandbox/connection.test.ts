import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
    const first = conn.request('PING\n', undefined, () => 0, 1000);
    const second = conn.request('RUN\n', undefined, (f) => Number(f.stdout), 1000);
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
    const bad = conn.request('PUT x\n', undefined, () => 0, 1000);
    const good = conn.request('PING\n', undefined, () => 0, 1000);
    fromRunner.emit('data', frame(1, 'ERR PUT:%20bad\nOK\n'));
    await expect(bad).rejects.toThrow('sandbox refused: PUT: bad');
    await expect(good).resolves.toBeDefined();
    expect(conn.alive).toBe(true);
  });

  it('fails every waiting request when the sandbox goes away or times out', async () => {
    const { duplex, fromRunner } = pipe();
    const conn = new RunnerConnection(duplex);
    const p = conn.request('RUN\n', undefined, () => 0, 1000);
    fromRunner.emit('close');
    await expect(p).rejects.toThrow('sandbox exited');
    expect(conn.alive).toBe(false);
    await expect(conn.request('PING\n', undefined, () => 0, 1000)).rejects.toThrow('sandbox exited');

    const other = pipe();
    const slow = new RunnerConnection(other.duplex);
    await expect(slow.request('RUN\n', undefined, () => 0, 20)).rejects.toThrow('did not answer RUN within 20 ms');
    expect(slow.alive).toBe(false);
  });
});
