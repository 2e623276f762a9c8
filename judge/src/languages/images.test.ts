import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, HOST_CA_FILE } from './images.js';

function pack(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  writeFileSync(join(dir, '.hidden'), 'x');
  return dir;
}

describe('build context', () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'ca-')), 'extra.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
  const FETCHING = 'FROM x\nCOPY package-lock.json host-ca.pe[m] ./\n';

  it('adds the host CA certificates to a copy when the Dockerfile asks for them', async () => {
    const dir = pack(FETCHING);
    const ctx = await buildContext(dir, { NODE_EXTRA_CA_CERTS: ca });
    expect(ctx.dir).not.toBe(dir);
    expect(readFileSync(join(ctx.dir, HOST_CA_FILE), 'utf8')).toBe('-----BEGIN CERTIFICATE-----\n');
    expect(readFileSync(join(ctx.dir, 'package-lock.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(ctx.dir, '.hidden'))).toBe(false);
    expect(existsSync(join(dir, HOST_CA_FILE))).toBe(false);
    await ctx.dispose();
    expect(existsSync(ctx.dir)).toBe(false);
  });

  it('uses the directory itself without the variable or without the request', async () => {
    const fetching = pack(FETCHING);
    expect((await buildContext(fetching, {})).dir).toBe(fetching);
    const plain = pack('FROM x\n');
    expect((await buildContext(plain, { NODE_EXTRA_CA_CERTS: ca })).dir).toBe(plain);
  });

  it('names the variable when its file cannot be read', async () => {
    await expect(buildContext(pack(FETCHING), { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' })).rejects.toThrow(
      'NODE_EXTRA_CA_CERTS: cannot read /nonexistent/ca.pem',
    );
  });
});
