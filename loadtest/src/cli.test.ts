import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './cli.js';

const now = new Date('2026-11-30T12:00:00Z');
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseArgs(argv, env, now);
const usage = (argv: string[]) => {
  try {
    parse(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('npm run load -- …', () => {
  it('takes the commands and options of the harness', () => {
    const o = parse([
      'compilation',
      '--target',
      'http://127.0.0.1:8800/',
      '--node',
      'http://127.0.0.1:3200',
      '--api-key',
      'k1',
      '--rate-scale',
      '0.25',
      '--duration-scale=0.1',
      '--out',
      '/tmp/x',
      '--workers',
      '3',
    ]);
    expect(o).toEqual({
      command: 'compilation',
      target: 'http://127.0.0.1:8800',
      node: 'http://127.0.0.1:3200',
      apiKey: 'k1',
      rateScale: 0.25,
      durationScale: 0.1,
      out: '/tmp/x',
      workers: 3,
    });
    expect(parse(['all', '--rate-scale', 'auto']).rateScale).toBe('auto');
  });

  it('defaults: the local node, full rate and duration, a dated folder under .bench/load', () => {
    const o = parse(['burst'], { API_KEY: 'from-env' });
    expect(o.target).toBe('http://127.0.0.1:3000');
    expect(o.apiKey).toBe('from-env');
    expect(o.rateScale).toBe(1);
    expect(o.durationScale).toBe(1);
    expect(o.workers).toBe(0);
    expect(o.out).toMatch(/\.bench\/load\/2026-11-30T12-00-00-burst$/);
  });

  it('refuses bad usage with one line naming what is wrong', () => {
    expect(usage([])).toMatch(/^usage: npm run load -- <burst\|sustained\|compilation\|soak\|all\|calibrate>/);
    expect(usage(['mixed'])).toBe(
      "unknown command 'mixed': one of burst, sustained, compilation, soak, all, calibrate",
    );
    expect(usage(['burst', '--rate-scale', '0'])).toBe("--rate-scale must be a number > 0 or auto (got '0')");
    expect(usage(['burst', '--rate-scale', 'fast'])).toBe("--rate-scale must be a number > 0 or auto (got 'fast')");
    expect(usage(['burst', '--duration-scale', '-1'])).toBe("--duration-scale must be a number > 0 (got '-1')");
    expect(usage(['burst', '--workers', '1.5'])).toBe("--workers must be an integer from 0 to 64 (got '1.5')");
    expect(usage(['burst', '--target', 'localhost:3000'])).toBe(
      "--target must be an http(s) URL (got 'localhost:3000')",
    );
    expect(usage(['burst', '--target'])).toBe('--target needs a value');
    expect(usage(['burst', '--target', '--out', 'x'])).toBe('--target needs a value');
    expect(usage(['burst', '--scale', '0.1'])).toBe("unknown option '--scale'");
    expect(usage(['calibrate', '--rate-scale', 'auto'])).toBe('calibrate takes no --rate-scale: it measures the rate');
  });
});
