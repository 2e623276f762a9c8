import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { type CachedProgram, compileKey, DiskCompileCache } from './compile-cache.js';

const pack = LanguagePackSchema.parse({
  id: 'c',
  name: 'C',
  version: '12',
  extensions: ['.c'],
  source: 'main.c',
  compile: { command: ['gcc', 'main.c'] },
  run: { command: ['./a.out'] },
  selfTest: { source: 'x', expected: 'y' },
});
const meta = (n: number) => ({ exitCode: 0, output: `out ${n}`, timeMs: 5 });
/** A writer that streams `size` bytes of `n`, in chunks, as the sandbox's export does. */
const writer =
  (n: number, size = 1000) =>
  async (sink: Writable) => {
    for (let left = size; left > 0; left -= 4096) sink.write(new Uint8Array(Math.min(4096, left)).fill(n));
    return size;
  };

async function bytesOf(p: CachedProgram): Promise<Uint8Array> {
  const a = p.archive();
  if (a instanceof Uint8Array) return a;
  const chunks: Uint8Array[] = [];
  for await (const c of a) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('compileKey', () => {
  it('changes with the source, the pack revision and the image', () => {
    const k = compileKey(pack, 'img:1', 'int main(){}');
    expect(compileKey(pack, 'img:1', 'int main(){}')).toBe(k);
    expect(compileKey(pack, 'img:1', 'int main(){ }')).not.toBe(k);
    expect(compileKey(pack, 'img:2', 'int main(){}')).not.toBe(k);
    expect(compileKey({ ...pack, revision: 2 }, 'img:1', 'int main(){}')).not.toBe(k);
  });
});

describe('DiskCompileCache', () => {
  it('returns what was stored, across instances (other processes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    await new DiskCompileCache(dir).set('a', meta(7), writer(7));
    const again = await new DiskCompileCache(dir).get('a');
    expect(again?.output).toBe('out 7');
    expect(again?.exitCode).toBe(0);
    expect(again?.size).toBe(1000);
    expect([...(await bytesOf(again!))]).toEqual([...new Uint8Array(1000).fill(7)]);
    expect(await new DiskCompileCache(dir).get('missing')).toBeUndefined();
  });

  it('keeps a failed compilation without an archive, and its output encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    await new DiskCompileCache(dir).set('ce', { exitCode: 1, output: 'AA==', encoding: 'base64', timeMs: 3 });
    const got = await new DiskCompileCache(dir).get('ce');
    expect(got).toMatchObject({ exitCode: 1, output: 'AA==', encoding: 'base64', size: 0 });
  });

  it('streams a large archive from disk instead of holding it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    const size = 3 * 1024 * 1024 + 17;
    const cache = new DiskCompileCache(dir, { memoryEntryBytes: 1024 * 1024 });
    await cache.set('big', meta(1), writer(9, size));
    const got = await new DiskCompileCache(dir, { memoryEntryBytes: 1024 * 1024 }).get('big');
    expect(got?.size).toBe(size);
    const stream = got!.archive();
    expect(stream instanceof Uint8Array).toBe(false);
    const bytes = await bytesOf(got!);
    expect(bytes.length).toBe(size);
    expect(bytes.every((b) => b === 9)).toBe(true);
  });

  it('refuses an entry over its cap, leaving nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    const cache = new DiskCompileCache(dir, { maxBytes: 80_000, maxEntryBytes: 10_000 });
    expect(cache.maxEntryBytes).toBe(10_000);
    const failing = async () => {
      throw new Error('EXPORT refused: File too large');
    };
    await expect(cache.set('huge', meta(1), failing)).rejects.toThrow(/too large/);
    expect(readdirSync(dir)).toEqual([]);
    expect(await cache.set('huge', meta(1), writer(1, 20_000))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(await cache.set('fits', meta(1), writer(1, 10_000))).toBe(true);
    expect(await cache.get('huge')).toBeUndefined();
    expect(new DiskCompileCache(dir, { maxBytes: 80_000 }).maxEntryBytes).toBe(10_000);
  });

  it('evicts the least recently used entries past its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    const cache = new DiskCompileCache(dir, { maxBytes: 3500, maxEntryBytes: 2000, maxMemoryBytes: 0 });
    for (const n of [1, 2, 3]) await cache.set(`k${n}`, meta(n), writer(n));
    await new Promise((r) => setTimeout(r, 20));
    await cache.get('k1');
    await cache.set('k4', meta(4), writer(4));
    const left = readdirSync(dir).sort();
    expect(left).toContain('k1');
    expect(left).toContain('k4');
    expect(left).not.toContain('k2');
  });
});
