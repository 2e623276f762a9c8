import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import type { RunUsage } from '../sandbox/index.js';
import { classifyRun } from './classify.js';
import { compileMemoryMb, expand, runMemoryMb, SANDBOX_SLACK_MB } from './spec.js';

const pack = LanguagePackSchema.parse({
  id: 'java',
  name: 'Java',
  version: '17',
  extensions: ['.java'],
  source: 'Main.java',
  run: { command: ['java', '-Xmx{memoryMb}m', 'Main'] },
  memory: { overheadMb: 32, outOfMemoryPattern: 'java.lang.OutOfMemoryError' },
  selfTest: { source: 'x', expected: 'y' },
});
const limits = { timeMs: 1000, memoryMb: 64, outputKb: 64 };
const ok: RunUsage = {
  exitCode: 0,
  signal: null,
  cpuMs: 10,
  wallMs: 12,
  rssKb: 1000,
  oomKilled: false,
  wallTimedOut: false,
  idleTimedOut: false,
  cpuTimedOut: false,
  outputLimitExceeded: false,
  memoryLimitExceeded: false,
  execErrno: 0,
  clean: true,
  stdout: new Uint8Array(),
  stderr: new Uint8Array(),
};

describe('classifyRun', () => {
  it('leaves a clean exit to the checker', () => {
    expect(classifyRun(ok, pack, limits)).toBeUndefined();
  });

  it('judges memory against the limit plus the runtime allowance', () => {
    expect(classifyRun({ ...ok, rssKb: (64 + 32) * 1024 }, pack, limits)).toBeUndefined();
    expect(classifyRun({ ...ok, rssKb: (64 + 32) * 1024 + 1 }, pack, limits)).toBe('MLE');
    expect(classifyRun({ ...ok, exitCode: null, signal: 9, oomKilled: true }, pack, limits)).toBe('MLE');
    expect(classifyRun({ ...ok, exitCode: null, signal: 9, memoryLimitExceeded: true }, pack, limits)).toBe('MLE');
    const stderr = new TextEncoder().encode('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space');
    expect(classifyRun({ ...ok, exitCode: 1, stderr }, pack, limits)).toBe('MLE');
  });

  it('puts MLE before TLE, TLE before OLE, OLE before RE', () => {
    expect(classifyRun({ ...ok, oomKilled: true, wallTimedOut: true }, pack, limits)).toBe('MLE');
    expect(classifyRun({ ...ok, cpuMs: 1001 }, pack, limits)).toBe('TLE');
    expect(classifyRun({ ...ok, wallTimedOut: true, signal: 9, exitCode: null }, pack, limits)).toBe('TLE');
    expect(classifyRun({ ...ok, outputLimitExceeded: true, signal: 9, exitCode: null }, pack, limits)).toBe('OLE');
    expect(classifyRun({ ...ok, exitCode: 3 }, pack, limits)).toBe('RE');
    expect(classifyRun({ ...ok, exitCode: null, signal: 11 }, pack, limits)).toBe('RE');
  });
});

describe('spec helpers', () => {
  it('expands placeholders and leaves unknown ones', () => {
    expect(expand(['java', '-Xmx{memoryMb}m', '{nope}', '{source}'], { memoryMb: 64, source: 'Main.java' })).toEqual([
      'java',
      '-Xmx64m',
      '{nope}',
      'Main.java',
    ]);
  });

  it('sizes the container for the run while running, not for the compiler', () => {
    expect(runMemoryMb(pack, limits)).toBe(64 + 32 + SANDBOX_SLACK_MB);
    expect(runMemoryMb(pack, limits, 10 * 1024 * 1024 + 1)).toBe(64 + 32 + SANDBOX_SLACK_MB + 11);
    const compiled = {
      ...pack,
      compile: { command: ['javac', 'Main.java'], limits: { timeMs: 1, wallMs: 1, memoryMb: 512, processes: 1 } },
    };
    expect(compileMemoryMb(compiled)).toBeGreaterThan(runMemoryMb(compiled, limits));
    expect(() => compileMemoryMb(pack)).toThrow(/no compile step/);
  });
});
