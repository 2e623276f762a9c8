import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { PackRegistry } from '../languages/index.js';
import { resolveLimits, resolveRequest, UncalibratedError } from './resolve.js';

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

  describe('a time limit for the reference machine', () => {
    const problem = (timeBasis?: 'reference' | 'absolute') => ({
      problem: { id: 'p', samples: [], limits: { timeMs: 1000, memoryMb: 64 }, ...(timeBasis ? { timeBasis } : {}) },
      checker: { type: 'tokens' as const },
      tests: [{ name: '1', input: new Uint8Array(), output: new Uint8Array(), sample: false }],
    });
    const speed = { factor: 1.5, languages: { python: 2.5 } };

    it("is scaled by the language's own factor, and the result says so", () => {
      const r = resolveRequest(
        { language: 'py', source: 's', problem: 'p' },
        { registry, caps, defaults, problem: problem('reference'), speed },
      );
      expect(r.limits).toEqual({ timeMs: 2500, memoryMb: 64, outputKb: 1024 });
      expect(r.calibration).toEqual({ factor: 2.5, referenceTimeMs: 1000 });
      const other = { factor: 0.8, languages: {} };
      const fast = resolveRequest(
        { language: 'py', source: 's', problem: 'p' },
        { registry, caps, defaults, problem: problem('reference'), speed: other },
      );
      expect(fast.limits.timeMs).toBe(800);
    });

    it('is capped by the node like any limit', () => {
      const slow = { factor: 20, languages: {} };
      const r = resolveRequest(
        { language: 'py', source: 's', problem: 'p' },
        { registry, caps, defaults, problem: problem('reference'), speed: slow },
      );
      expect(r.limits.timeMs).toBe(caps.timeMs);
    });

    it("is this machine's when the request sets its own, or the problem's basis is absolute", () => {
      const own = resolveRequest(
        { language: 'py', source: 's', problem: 'p', limits: { timeMs: 300 } },
        { registry, caps, defaults, problem: problem('reference'), speed },
      );
      expect(own.limits.timeMs).toBe(300);
      expect(own.calibration).toEqual({ factor: 2.5 });
      for (const basis of ['absolute', undefined] as const) {
        const r = resolveRequest(
          { language: 'py', source: 's', problem: 'p' },
          { registry, caps, defaults, problem: problem(basis), speed },
        );
        expect(r.limits.timeMs).toBe(1000);
      }
    });

    it('cannot be judged by a machine without a calibration', () => {
      expect(() =>
        resolveRequest(
          { language: 'py', source: 's', problem: 'p' },
          { registry, caps, defaults, problem: problem('reference') },
        ),
      ).toThrow(UncalibratedError);
      const r = resolveRequest(
        { language: 'py', source: 's', problem: 'p' },
        { registry, caps, defaults, problem: problem() },
      );
      expect(r.calibration).toBeUndefined();
    });
  });
});
