import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostCgroup } from './cgroup.js';

// The host's view of a container's cgroup, on files laid out as the kernel does (the real one is written in
// judge/test/engine/accounting.int.test.ts, where a program reads its own quota).

const ID = 'a40f8f79be82c0ffee'.padEnd(64, '0');
const MiB = 1024 * 1024;

function host(procLines: string[], files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'judge-cgroup-'));
  const root = join(dir, 'sys');
  const proc = join(dir, 'proc');
  mkdirSync(join(proc, '42'), { recursive: true });
  writeFileSync(join(proc, '42', 'cgroup'), `${procLines.join('\n')}\n`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, proc, file: (path: string) => readFileSync(join(root, path), 'utf8').trim() };
}

describe('a container cgroup written from the host', () => {
  it('cgroup v1: memory limit and memory + swap limit together, the CPU quota from the period', () => {
    const h = host([`12:memory:/docker/${ID}`, `4:cpu,cpuacct:/docker/${ID}`, `1:name=systemd:/docker/${ID}`], {
      [`memory/docker/${ID}/memory.limit_in_bytes`]: String(512 * MiB),
      [`memory/docker/${ID}/memory.memsw.limit_in_bytes`]: String(512 * MiB),
      [`cpu,cpuacct/docker/${ID}/cpu.cfs_quota_us`]: '100000',
      [`cpu,cpuacct/docker/${ID}/cpu.cfs_period_us`]: '100000',
    });
    const cg = HostCgroup.of(ID, 42, h)!;
    expect(cg.version).toBe('v1');
    expect(cg.read()).toEqual({ memoryBytes: 512 * MiB, cpus: 1 });
    cg.set(1024 * MiB, 2);
    expect(h.file(`memory/docker/${ID}/memory.memsw.limit_in_bytes`)).toBe(String(1024 * MiB));
    expect(cg.read()).toEqual({ memoryBytes: 1024 * MiB, cpus: 2 });
    cg.set(64 * MiB, 1);
    expect(h.file(`memory/docker/${ID}/memory.memsw.limit_in_bytes`)).toBe(String(64 * MiB));
    expect(h.file(`cpu,cpuacct/docker/${ID}/cpu.cfs_quota_us`)).toBe('100000');
    expect(cg.read()).toEqual({ memoryBytes: 64 * MiB, cpus: 1 });
  });

  it('cgroup v2: memory.max and cpu.max in one directory', () => {
    const scope = `system.slice/docker-${ID}.scope`;
    const h = host([`0::/${scope}`], {
      [`${scope}/memory.max`]: String(256 * MiB),
      [`${scope}/cpu.max`]: '100000 100000',
    });
    const cg = HostCgroup.of(ID, 42, h)!;
    expect(cg.version).toBe('v2');
    cg.set(300 * MiB, 2);
    expect(h.file(`${scope}/cpu.max`)).toBe('200000 100000');
    expect(cg.read()).toEqual({ memoryBytes: 300 * MiB, cpus: 2 });
  });

  it('is not found for a process whose cgroup does not name the container, nor where it cannot be written', () => {
    const other = host([`12:memory:/docker/${'b'.repeat(64)}`, `4:cpu,cpuacct:/docker/${'b'.repeat(64)}`], {
      [`memory/docker/${'b'.repeat(64)}/memory.limit_in_bytes`]: '1',
      [`cpu,cpuacct/docker/${'b'.repeat(64)}/cpu.cfs_period_us`]: '100000',
    });
    expect(HostCgroup.of(ID, 42, other)).toBeUndefined();
    expect(HostCgroup.of(ID, 43, other)).toBeUndefined(); // no such process
    expect(HostCgroup.of(ID, 0, other)).toBeUndefined();
    // A file that cannot be written (here a directory in its place, which fails even for root, like a read-only
    // cgroup mount in a container).
    const unwritable = host([`0::/docker/${ID}`], { [`docker/${ID}/cpu.max`]: 'max 100000' });
    mkdirSync(join(unwritable.root, 'docker', ID, 'memory.max'));
    expect(HostCgroup.of(ID, 42, unwritable)).toBeUndefined();
    // A cgroup v2 container at the root is never this one.
    expect(HostCgroup.of(ID, 42, host(['0::/'], {}))).toBeUndefined();
  });
});
