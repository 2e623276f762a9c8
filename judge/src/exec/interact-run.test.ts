import { LanguagePackSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import type { InteractUsage } from '../sandbox/index.js';
import { classifyInteraction, InteractorFailure } from './interact-run.js';

const pack = LanguagePackSchema.parse({
  id: 'python',
  name: 'Python',
  version: '3',
  extensions: ['.py'],
  source: 'main.py',
  run: { command: ['python3', 'main.py'] },
  memory: { outOfMemoryPattern: 'MemoryError' },
  selfTest: { source: 'x', expected: 'y' },
});
const limits = { timeMs: 1000, memoryMb: 64, outputKb: 64 };
const played: InteractUsage = {
  exitCode: 0,
  signal: null,
  cpuMs: 10,
  wallMs: 30,
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
  interactor: {
    exitCode: 0,
    signal: null,
    cpuMs: 1,
    rssKb: 500,
    cpuTimedOut: false,
    execErrno: 0,
    stderr: new Uint8Array(),
  },
};
const SIGKILL = 9;
const SIGPIPE = 13;
const by = (interactor: Partial<InteractUsage['interactor']>, program: Partial<InteractUsage> = {}) =>
  classifyInteraction({ ...played, ...program, interactor: { ...played.interactor, ...interactor } }, pack, limits);

describe('classifyInteraction', () => {
  it('is AC when both ended well, and the interactor decides otherwise: 1 WA, 2 PE (judged WA)', () => {
    expect(by({})).toEqual({ verdict: 'AC' });
    expect(by({ exitCode: 1 })).toEqual({ verdict: 'WA', reason: 'wrong answer' });
    expect(by({ exitCode: 2 })).toEqual({ verdict: 'WA', reason: 'presentation error' });
  });

  it("puts the program's TLE (CPU, wall, both idle) and MLE before the interactor's word", () => {
    const killed = { exitCode: null, signal: SIGKILL };
    expect(by({ ...killed }, { cpuMs: 1001 }).verdict).toBe('TLE');
    expect(by({ ...killed }, { ...killed, wallTimedOut: true }).verdict).toBe('TLE');
    const idle = by({ ...killed }, { ...killed, idleTimedOut: true });
    expect(idle).toEqual({ verdict: 'TLE', reason: expect.stringContaining('idleness limit') });
    expect(by({ exitCode: 1 }, { ...killed, memoryLimitExceeded: true }).verdict).toBe('MLE');
    expect(by({ ...killed }, { ...killed, outputLimitExceeded: true }).verdict).toBe('OLE');
  });

  it("takes the interactor's WA over the program's death by SIGPIPE, and the program's RE over the interactor's AC", () => {
    expect(by({ exitCode: 1 }, { exitCode: null, signal: SIGPIPE }).verdict).toBe('WA');
    expect(by({ exitCode: 0 }, { exitCode: 1 }).verdict).toBe('RE');
  });

  it('fails (IE, the problem is broken) when the interactor exits 3 or otherwise, crashes, or cannot start', () => {
    expect(() => by({ exitCode: 3 })).toThrow(InteractorFailure);
    expect(() => by({ exitCode: 3 })).toThrow('the interactor exited with 3 (it failed)');
    expect(() => by({ exitCode: 7 })).toThrow('the interactor exited with 7');
    expect(() => by({ exitCode: null, signal: 11 })).toThrow('the interactor was killed by signal 11');
    expect(() => by({ execErrno: 2 })).toThrow('the interactor cannot start (errno 2)');
    expect(() => by({ cpuTimedOut: true })).toThrow('the interactor exceeded its CPU time');
  });
});
