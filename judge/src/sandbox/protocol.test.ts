import { describe, expect, it } from 'vitest';
import { encodePut, encodeRun, parseReply, usageFromFields } from './protocol.js';

describe('runner protocol', () => {
  it('percent-encodes argv and env so spaces and newlines survive', () => {
    const line = encodeRun({
      argv: ['/bin/sh', '-c', 'echo a b\necho %'],
      env: { PATH: '/usr/bin:/bin', X: 'a=b' },
      stdin: 'input',
      cpuMs: 1000.4,
      wallMs: 3000,
      stdoutBytes: 10,
      stderrBytes: 20,
      fileSizeBytes: 30,
      memoryKb: 40,
    });
    expect(line).toBe(
      'RUN arg=%2Fbin%2Fsh arg=-c arg=echo%20a%20b%0Aecho%20%25 env=PATH%3D%2Fusr%2Fbin%3A%2Fbin env=X%3Da%3Db stdin=input cpu=1001 wall=3000 out=10 err=20 fsize=30 mem=40\n',
    );
    expect(line.split('\n')).toHaveLength(2);
  });

  it('encodes PUT with the payload size', () => {
    expect(encodePut('in', 'my file', 12)).toBe('PUT in my%20file 12\n');
  });

  it('parses answers and errors', () => {
    expect(parseReply('OK')).toEqual({ ok: true, fields: {} });
    expect(parseReply('OK exit=0 stdout=5')).toEqual({ ok: true, fields: { exit: '0', stdout: '5' } });
    expect(parseReply('ERR PUT:%20Invalid%20argument')).toEqual({ ok: false, message: 'PUT: Invalid argument' });
    expect(parseReply('garbage').ok).toBe(false);
  });

  it('maps answer fields to usage', () => {
    const u = usageFromFields(
      {
        exit: '-1',
        signal: '9',
        cpu: '12',
        wall: '15',
        rss: '2048',
        oom: '1',
        walltimeout: '0',
        cputimeout: '1',
        olimit: '0',
        execerr: '0',
      },
      new Uint8Array([1]),
      new Uint8Array(),
    );
    expect(u).toMatchObject({
      exitCode: null,
      signal: 9,
      cpuMs: 12,
      wallMs: 15,
      rssKb: 2048,
      oomKilled: true,
      cpuTimedOut: true,
    });
    expect(u.wallTimedOut).toBe(false);
  });
});
