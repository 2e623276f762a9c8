import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { OWNER_ID, ownerOf } from './docker.js';

describe('the owner label', () => {
  it('names this process by host, pid and start time', () => {
    expect(OWNER_ID).toBe(ownerOf(process.pid));
    expect(OWNER_ID).toMatch(new RegExp(`^${hostname()}:${process.pid}:\\d+$`));
  });

  it('differs for a process that is gone, even with the same pid', () => {
    const child = spawnSync('true');
    const pid = child.pid;
    // The pid is free now: its label has no start time, so it is nobody's (a later process gets its own).
    expect(ownerOf(pid)).toBe(`${hostname()}:${pid}:`);
  });
});
