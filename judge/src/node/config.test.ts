import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, loadConfig, QUEUE_NAME } from './config.js';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'judge-config-')), 'node.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('has the defaults of the issue', () => {
    const c = loadConfig({ env: {}, file: file('{}') });
    expect(c).toMatchObject({
      port: 3000,
      maxWaitMs: 30_000,
      queueName: QUEUE_NAME,
      redisUrl: 'redis://127.0.0.1:6379',
      workers: 2,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(QUEUE_NAME).toBe('code-execution-jobs');
  });

  it('layers flags over env over the file over defaults, caps merged key by key', () => {
    const path = file('port: 4000\nworkers: 3\nmaxQueueDepth: 10\ncaps: { timeMs: 5000, memoryMb: 512 }\n');
    const c = loadConfig({
      file: path,
      env: { JUDGE_WORKERS: '5', JUDGE_CAP_MEMORY_MB: '2048', DATABASE_URL: 'postgres://x/y' },
      flags: { workers: 7, port: undefined },
    });
    expect(c.port).toBe(4000);
    expect(c.workers).toBe(7);
    expect(c.maxQueueDepth).toBe(10);
    expect(c.caps).toEqual({ timeMs: 5000, memoryMb: 2048, outputKb: 65_536 });
    expect(c.databaseUrl).toBe('postgres://x/y');
  });

  it('lists every bad setting, named by key', () => {
    let error: unknown;
    try {
      loadConfig({ env: { JUDGE_PORT: 'eighty', JUDGE_HMAC_SECRET: 'short' }, file: file('workers: -1\nbogus: 1\n') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of ['port', 'workers', 'hmacSecret', 'bogus']) expect(message).toContain(key);
  });

  it('fails on a named config file that cannot be read, not on a missing default one', () => {
    expect(() => loadConfig({ env: {}, file: '/nonexistent/node.yaml' })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { XDG_CONFIG_HOME: '/nonexistent' } })).not.toThrow();
  });
});

describe('isLoopback', () => {
  it('knows the loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', 'localhost'])
      expect(isLoopback(a)).toBe(true);
    for (const a of ['0.0.0.0', '10.0.0.1', '::', '192.168.1.1']) expect(isLoopback(a)).toBe(false);
  });
});
