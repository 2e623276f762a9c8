import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMIT_FIELDS } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { ConfigError, envKeys, isLoopback, loadConfig, QUEUE_NAME, settings } from './config.js';

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
      // Slots as this machine's calibration finds best (issue #12), the calibration measured when missing.
      workers: 'auto',
      calibrate: 'auto',
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(QUEUE_NAME).toBe('code-execution-jobs');
  });

  it('takes workers as a number or auto, from a flag, the environment or the file, and names a bad one', () => {
    expect(loadConfig({ env: { JUDGE_WORKERS: '3' }, file: file('{}') }).workers).toBe(3);
    expect(loadConfig({ env: { JUDGE_WORKERS: 'auto' }, file: file('workers: 2') }).workers).toBe('auto');
    expect(loadConfig({ env: {}, file: file('workers: 0') }).workers).toBe(0);
    expect(loadConfig({ env: {}, flags: { workers: '5' }, file: file('{}') }).workers).toBe(5);
    expect(() => loadConfig({ env: { JUDGE_WORKERS: 'many' }, file: file('{}') })).toThrow(
      /JUDGE_WORKERS: a number of worker slots \(0 to 256\) or auto/,
    );
    const flags = { flags: { workers: '300' }, flagNames: { workers: '--workers' } };
    expect(() => loadConfig({ env: {}, ...flags, file: file('{}') })).toThrow(/--workers: .*256/);
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

  it('lists every bad setting on one line, named as the user gave it: variable, flag, or file and key', () => {
    let error: unknown;
    const path = file('workers: -1\nbogus: 1\ncaps: { memoryMb: 0 }\n');
    try {
      loadConfig({
        env: { JUDGE_PORT: 'eighty', JUDGE_HMAC_SECRET: 'short', JUDGE_ADMIN_TOKEN: 'admin' },
        file: path,
        flags: { maxWaitMs: -5 },
        flagNames: { maxWaitMs: '--max-wait-ms' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    for (const named of [
      'JUDGE_PORT: ',
      'JUDGE_HMAC_SECRET: the HMAC secret needs at least 16 characters',
      'JUDGE_ADMIN_TOKEN: the admin token needs at least 8 characters',
      '--max-wait-ms: ',
      `${path}: workers: `,
      `${path}: caps.memoryMb: `,
      'bogus',
    ]) {
      expect(message).toContain(named);
    }
    expect(message).not.toMatch(/(^|[ ;])adminToken:/);
  });

  it('takes API keys and plans as the same JSON as the edge, and checks that each key has its plan', () => {
    const sha256 = createHash('sha256').update('k-1').digest('hex');
    const keys = JSON.stringify([{ name: 'ci', sha256, plan: 'tiny', admin: true }]);
    const c = loadConfig({
      env: { JUDGE_API_KEYS: keys, JUDGE_PLANS: '{"tiny":{"ratePerMinute":6,"burst":2}}' },
      file: file('{}'),
    });
    expect(c.apiKeys).toEqual([{ name: 'ci', sha256, plan: 'tiny', admin: true }]);
    expect(c.plans.tiny).toEqual({ ratePerMinute: 6, burst: 2 });
    expect(() => loadConfig({ env: { JUDGE_API_KEYS: keys }, file: file('{}') })).toThrow(
      'JUDGE_API_KEYS (0.plan): no plan tiny',
    );
    expect(() => loadConfig({ env: { JUDGE_API_KEYS: 'not json' }, file: file('{}') })).toThrow(
      /^invalid node configuration: JUDGE_API_KEYS: /,
    );
  });

  it("bounds caps and defaults with the contract's limit fields", () => {
    for (const group of ['caps', 'defaults'] as const) {
      for (const [key, field] of Object.entries(LIMIT_FIELDS)) {
        const at = (value: number) => () => loadConfig({ env: {}, file: file(`${group}: { ${key}: ${value} }\n`) });
        expect(at(field.maxValue!)).not.toThrow();
        expect(at(field.maxValue! + 1)).toThrow(`${group}.${key}`);
        expect(at(field.minValue! - 1)).toThrow(`${group}.${key}`);
      }
    }
  });

  it('documents every setting, and every variable is read', () => {
    const all = settings();
    expect(all.map((s) => s.key)).toEqual(expect.arrayContaining(['port', 'caps.timeMs', 'apiKeys', 'hmacSecret']));
    for (const s of all) expect(s.doc.description.length, `${s.key}: document it with setting()`).toBeGreaterThan(10);
    const names = [...envKeys().keys()];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(JUDGE_[A-Z_]+|PORT|REDIS_URL|DATABASE_URL)$/);
    expect(
      loadConfig({ env: { JUDGE_CAP_TIME_MS: '1234', PORT: '1', JUDGE_PORT: '2' }, file: file('{}') }),
    ).toMatchObject({
      caps: { timeMs: 1234 },
      port: 2,
    });
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
