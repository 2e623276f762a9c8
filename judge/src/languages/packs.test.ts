import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack, loadPacks, PackRegistry } from './packs.js';

function packDir(root: string, id: string, yaml: string): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), yaml);
  return dir;
}

const GOOD = `id: cpp
name: C++
version: "12"
aliases: [c++]
extensions: [.cpp, .cc]
source: main.cpp
compile: { command: [g++, -o, main, main.cpp] }
run: { command: [./main] }
selfTest: { source: "int main(){}", expected: "" }
`;

describe('language packs', () => {
  it('loads a pack with defaults filled in', async () => {
    const root = mkdtempSync(join(tmpdir(), 'packs-'));
    const { pack } = await loadPack(packDir(root, 'cpp', GOOD));
    expect(pack.compile?.limits.memoryMb).toBe(512);
    expect(pack.memory.overheadMb).toBe(0);
    expect(pack.revision).toBe(1);
  });

  it('names the file and the field of a broken pack', async () => {
    const root = mkdtempSync(join(tmpdir(), 'packs-'));
    const dir = packDir(root, 'cpp', GOOD.replace('extensions: [.cpp, .cc]', 'extensions: [cpp]'));
    await expect(loadPack(dir)).rejects.toThrow(`${join(dir, 'pack.yaml')}: extensions.0: extensions start with a dot`);
    const bad = packDir(root, 'other', GOOD);
    await expect(loadPack(bad)).rejects.toThrow('id: "cpp" must match its directory "other"');
    const yaml = packDir(root, 'yaml', 'id: [');
    await expect(loadPack(yaml)).rejects.toThrow('not valid YAML');
  });

  it('collects broken packs as errors and skips directories without a pack', async () => {
    const root = mkdtempSync(join(tmpdir(), 'packs-'));
    packDir(root, 'cpp', GOOD);
    packDir(root, 'broken', 'id: broken\n');
    mkdirSync(join(root, 'base'));
    const { packs, errors } = await loadPacks(root);
    expect(packs.map((p) => p.pack.id)).toEqual(['cpp']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('broken/pack.yaml');
  });

  it('finds packs by alias and by the longest matching extension', async () => {
    const root = mkdtempSync(join(tmpdir(), 'packs-'));
    packDir(root, 'cpp', GOOD);
    const { packs } = await loadPacks(root);
    const reg = new PackRegistry(packs);
    expect(reg.get('C++').pack.id).toBe('cpp');
    expect(reg.forFile('x/Main.CC').pack.id).toBe('cpp');
    expect(() => reg.forFile('main.rs')).toThrow('cannot tell the language of "main.rs"');
  });
});

describe('the packs shipped in languages/', () => {
  const languages = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'languages');

  it('builds the C++ precompiled header with the options of the compile command (GCC ignores it otherwise)', async () => {
    const { pack } = await loadPack(join(languages, 'cpp'));
    const dockerfile = readFileSync(join(languages, 'cpp', 'Dockerfile'), 'utf8');
    const pchFlags = /^ARG PCH_FLAGS="([^"]*)"$/m.exec(dockerfile)?.[1]?.split(' ');
    const options = pack.compile!.command.filter((a) => a.startsWith('-') && a !== '-o' && !a.startsWith('-l'));
    expect(pchFlags).toEqual(options);
  });
});
