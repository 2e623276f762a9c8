import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { PackRegistry } from '../languages/index.js';
import { resolveLimits, resolveRequest } from './resolve.js';

const caps = { timeMs: 10_000, memoryMb: 1024, outputKb: 4096 };
const defaults = { timeMs: 2000, memoryMb: 256, outputKb: 1024 };
const py = LanguagePackSchema.parse({
  id: 'python',
  name: 'Python',
  version: '3.11',
  aliases: ['py'],
  extensions: ['.py'],
  source: 'main.py',
  run: { command: ['python3', 'main.py'] },
  selfTest: { source: 'x', expected: 'y' },
});
const registry = new PackRegistry([{ pack: py, dir: '/x/python' }]);

describe('resolveLimits', () => {
  it('takes the request over the problem over the defaults, capped', () => {
    expect(resolveLimits({ timeMs: 50_000 }, { timeMs: 500, memoryMb: 64 }, defaults, caps)).toEqual({
      timeMs: 10_000,
      memoryMb: 64,
      outputKb: 1024,
    });
  });
});

describe('resolveRequest', () => {
  it('resolves aliases and makes a plain run from stdin', () => {
    const r = resolveRequest({ language: 'PY', source: 'print(1)', stdin: 'x' }, { registry, caps, defaults });
    expect(r.language).toBe('python');
    expect(r.plainRun).toBe(true);
    expect(new TextDecoder().decode(r.tests[0]!.input)).toBe('x');
    expect(r.checker).toEqual({ type: 'tokens' });
  });

  it('turns inline tests into named sample tests', () => {
    const r = resolveRequest(
      {
        language: 'python',
        source: 's',
        tests: [{ input: '1', output: '2' }, { input: '3' }],
        checker: { type: 'exact' },
      },
      { registry, caps, defaults },
    );
    expect(r.plainRun).toBe(false);
    expect(r.tests.map((t) => [t.name, t.sample])).toEqual([
      ['1', true],
      ['2', true],
    ]);
    expect(r.checker).toEqual({ type: 'exact' });
  });

  it('refuses unknown languages, naming the known ones', () => {
    expect(() => resolveRequest({ language: 'cobol', source: 's' }, { registry, caps })).toThrow(
      'unknown language "cobol": known are python',
    );
  });
});
