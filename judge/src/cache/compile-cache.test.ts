import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { compileKey, DiskCompileCache } from './compile-cache.js';

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
const artifact = (n: number) => ({ exitCode: 0, output: `out ${n}`, timeMs: 5, archive: new Uint8Array(1000).fill(n) });

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
    await new DiskCompileCache(dir).set('a', artifact(7));
    const again = await new DiskCompileCache(dir).get('a');
    expect(again?.output).toBe('out 7');
    expect(again?.exitCode).toBe(0);
    expect([...(again?.archive ?? [])]).toEqual([...artifact(7).archive]);
    expect(await new DiskCompileCache(dir).get('missing')).toBeUndefined();
  });

  it('evicts the least recently used entries past its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    const cache = new DiskCompileCache(dir, 3500, 0);
    for (const n of [1, 2, 3]) await cache.set(`k${n}`, artifact(n));
    await new Promise((r) => setTimeout(r, 20));
    await cache.get('k1');
    await cache.set('k4', artifact(4));
    const left = readdirSync(dir).sort();
    expect(left).toContain('k1');
    expect(left).toContain('k4');
    expect(left).not.toContain('k2');
  });
});
