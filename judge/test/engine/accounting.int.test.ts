import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeOutput } from '@judge/contract';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareProgram } from '../../src/exec/compile.js';
import type { Engine } from '../../src/index.js';
import { OWNER_ID, OWNER_LABEL, SANDBOX_LABEL, Sandbox, UID_LABEL } from '../../src/index.js';
import { HostCgroup } from '../../src/sandbox/index.js';
import { createTestEngine, request } from '../support.js';

// The whole run, accounted: CPU and memory of every process of a run (the
// container's cgroup), tmpfs counted as memory, the container sized for the
// run, cleanup that cannot be defeated, compile output capped, output as bytes.

let engine: Engine;
let docker: Docker;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 1 });
  docker = engine.docker;
  await engine.imageFor('c');
  await engine.imageFor('python');
});

afterAll(async () => {
  await engine?.close();
});

function stdoutOf(r: Awaited<ReturnType<Engine['judge']>>): string {
  const t = r.tests[0]!;
  return Buffer.from(decodeOutput(t.stdout ?? '', t.encoding)).toString('utf8');
}

/** A C program whose child burns `childMs` of CPU (its own clock) and reports through a pipe. */
function cpuInChild(childMs: number, parentWaits: boolean): string {
  return `#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int p[2]; pipe(p);
  if (fork() == 0) {
    volatile unsigned long x = 0;
    while (clock() < (clock_t)${childMs} * (CLOCKS_PER_SEC / 1000)) x++;
    write(p[1], "done\\n", 5);
    _exit(0);
  }
  char buf[8] = {0};
  read(p[0], buf, 5);
  ${parentWaits ? 'wait(NULL);' : ''}
  printf("%s", buf);
  return 0;
}
`;
}

describe('CPU of every process', () => {
  it('counts a child the parent never waits for: TLE, and the whole run is stopped', async () => {
    const r = await engine.judge(request('c', cpuInChild(4000, false), { stdin: '' }, { limits: { timeMs: 500 } }));
    expect(r.verdict).toBe('TLE');
    const t = r.tests[0]!;
    // Past the CPU limit, or (on a machine too busy to give it the CPU) past the wall limit: 2 × 500 + 1000 ms.
    expect(t.timeMs >= 500 || t.wallMs >= 2000, JSON.stringify(t)).toBe(true);
    // Stopped near the limit, not after the child's four seconds.
    expect(t.timeMs).toBeLessThan(4000);
  });

  it("reports the total of parent and children as the run's time", async () => {
    const r = await engine.judge(request('c', cpuInChild(300, true), { stdin: '' }, { limits: { timeMs: 5000 } }));
    expect(r.verdict).toBe('AC');
    expect(stdoutOf(r)).toBe('done\n');
    expect(r.tests[0]!.timeMs).toBeGreaterThanOrEqual(290);
  });
});

describe('memory of the whole run', () => {
  const heldByChild = (mb: number) => `#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  if (fork() == 0) {
    size_t n = (size_t)${mb} << 20;
    char *p = malloc(n);
    memset(p, 1, n);
    usleep(300000);
    /* Read back at a place the compiler cannot know, so the memory is really used. */
    _exit(p[(size_t)getpid() % n] == 1 ? 0 : 1);
  }
  wait(NULL);
  return 0;
}
`;

  it('counts memory held by a child: MLE', async () => {
    const r = await engine.judge(request('c', heldByChild(200), { stdin: '' }, { limits: { memoryMb: 64 } }));
    expect(r.verdict).toBe('MLE');
  });

  it('counts files written to /tmp (tmpfs is memory): MLE', async () => {
    const src = `
# Many files, each under the per-file size limit.
for i in range(12):
    with open(f'/tmp/fill{i}', 'wb') as f:
        for _ in range(16):
            f.write(b'x' * (1 << 20))
print('wrote 192 MiB')
`;
    const r = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 64 } }));
    expect(r.verdict).toBe('MLE');
  });

  it('counts POSIX shared memory in /dev/shm: MLE', async () => {
    const src = `
import mmap, os
fd = os.open('/dev/shm/held', os.O_CREAT | os.O_RDWR)
try:
    for i in range(60):
        os.write(fd, b'y' * (1 << 20))
    print('wrote')
except OSError as e:
    print('stopped', e.errno)
import time; time.sleep(0.3)
`;
    const r = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 32 } }));
    // Either the accounting stops it past 32 MiB (+ Python's allowance), or /dev/shm's 64 MiB fills: never AC with 60 MiB held.
    expect(r.verdict === 'MLE' || stdoutOf(r).startsWith('stopped')).toBe(true);
  });

  it('reports what a run holds in tmpfs as its memory', async () => {
    const src = `
with open('/tmp/keep', 'wb') as f:
    f.write(b'z' * (24 << 20))
print('ok')
`;
    const r = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 256 } }));
    expect(r.verdict).toBe('AC');
    expect(r.tests[0]!.memoryKb).toBeGreaterThanOrEqual(24 * 1024);
  });

  it('sizes the container for the run, not for the compiler, while tests run', async () => {
    const r = await engine.judge(request('c', 'int main(void){return 0;}', [['', '']], { limits: { memoryMb: 48 } }));
    expect(r.verdict).toBe('AC');
    const boxes = await docker.listContainers({ filters: { label: [SANDBOX_LABEL] } });
    const pack = engine.resolveLanguage('c')!;
    const compileCeiling = pack.compile!.limits.memoryMb;
    // What the cgroup holds, read on the host (the engine writes it there; Docker's record keeps the start's).
    const memories = await Promise.all(
      boxes.map(async (b) => {
        const { State } = await docker.getContainer(b.Id).inspect();
        return HostCgroup.of(b.Id, State.Pid)?.read().memoryBytes ?? 0;
      }),
    );
    // The idle C sandbox kept the ceiling of its last phase: the run's (48 MiB + slack), well under the compiler's.
    expect(memories.some((m) => m > 0 && m < compileCeiling * 1024 * 1024)).toBe(true);
  });
});

describe('CPUs per phase', () => {
  it("gives the compiler the machine's cores and the program one CPU", async () => {
    // The compiler reads the container's CPU quota into the program (include_str! of the cgroup file); the program
    // reads its own at run time. cgroup v1, as on this machine: quota / period = CPUs.
    const source = `const COMPILED: &str = include_str!("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
fn main() {
    let read = |f: &str| std::fs::read_to_string(f).unwrap_or_default().trim().to_string();
    println!("{} {} {}", COMPILED.trim(), read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), read("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
}
`;
    const r = await engine.judge(request('rust', source, { stdin: '' }));
    expect(r.verdict, JSON.stringify(r.compile)).toBe('AC');
    const [compiled, running, period] = stdoutOf(r).trim().split(' ').map(Number) as [number, number, number];
    expect(period).toBeGreaterThan(0);
    expect(compiled / period).toBe(availableParallelism());
    expect(running / period).toBe(1);
  });
});

describe('cleanup that cannot be defeated', () => {
  const HOST = 'import socket\nprint(socket.gethostname())\n';

  it('removes a directory chain deeper than any descriptor limit, and the next submission sees nothing', async () => {
    const src = `
import os, socket
os.chdir('/tmp')
depth = 0
try:
    for depth in range(30000):
        os.mkdir('d')
        os.chdir('d')
except OSError as e:
    pass
try:
    open('stash', 'w').write('hidden input')
except OSError:
    pass
print(socket.gethostname(), depth)
`;
    const r = await engine.judge(request('python', src, { stdin: '' }, { limits: { timeMs: 10_000 } }));
    expect(r.verdict).toBe('AC');
    const [host, depth] = stdoutOf(r).trim().split(' ');
    // Bounded by the scratch space's inode limit, far deeper than one descriptor per level allows.
    expect(Number(depth)).toBeGreaterThan(10_000);
    const probe = await engine.judge(
      request('python', `${HOST}import os\nprint(sorted(os.listdir('/tmp')))\n`, { stdin: '' }),
    );
    const [probeHost, tmp] = stdoutOf(probe).trim().split('\n');
    expect(probeHost).toBe(host);
    expect(tmp).toBe('[]');
  });

  it('never reuses a sandbox it could not bring back to its baseline', async () => {
    // Unremovable by design: nothing a program can make is; so this checks the answer's flag is honoured
    // through a real clean run and the bookkeeping of a dirty one.
    const src = `${HOST}import os\nos.makedirs('/tmp/a/b/c', exist_ok=True)\nos.chmod('/tmp/a/b', 0)\nos.chmod('/tmp/a', 0)\n`;
    const r = await engine.judge(request('python', src, { stdin: '' }));
    expect(r.verdict).toBe('AC');
    const probe = await engine.judge(
      request('python', `${HOST}import os\nprint(sorted(os.listdir('/tmp')))\n`, { stdin: '' }),
    );
    expect(stdoutOf(probe).trim().split('\n')[1]).toBe('[]');
  });
});

describe('compile output capped', () => {
  it('refuses an executable over 64 MiB as CE, without holding it', async () => {
    const before = process.memoryUsage().rss;
    const r = await engine.judge(
      request('c', 'char big[120 << 20] = {1};\nint main(void) { return big[0] - 1; }\n', [['', '']]),
    );
    expect(r.verdict).toBe('CE');
    expect(r.compile?.output).toMatch(/executable too large/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('streams a large program into the cache and back, never whole in memory', async () => {
    const src = 'char big[40 << 20] = {1};\nint main(void) { return big[0] - 1; }\n';
    const before = process.memoryUsage().rss;
    const first = await engine.judge(request('c', src, [['', '']]));
    expect(first.verdict).toBe('AC');
    expect(first.compile?.cached).toBe(false);
    const second = await engine.judge(request('c', src, [['', '']]));
    expect(second.verdict).toBe('AC');
    expect(second.compile?.cached).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('output is bytes', () => {
  it('returns every byte 0..255 exactly, on stdout and stderr', async () => {
    const src = 'import sys\nb = bytes(range(256))\nsys.stdout.buffer.write(b)\nsys.stderr.buffer.write(b[::-1])\n';
    const r = await engine.judge(request('python', src, { stdin: '' }));
    expect(r.verdict).toBe('AC');
    const t = r.tests[0]!;
    expect(t.encoding).toBe('base64');
    expect([...decodeOutput(t.stdout!, t.encoding)]).toEqual([...Array(256).keys()]);
    expect([...decodeOutput(t.stderr!, t.encoding)]).toEqual([...Array(256).keys()].reverse());
  });

  it('keeps a NUL byte in compiler output', async () => {
    const r = await engine.judge(request('c', '#error "a\\0b"\nint main(void){}\n', [['', '']]));
    expect(r.verdict).toBe('CE');
  });
});

describe('a narrower kernel surface', () => {
  it('refuses io_uring and vsock, and runs each sandbox as a user of its own', async () => {
    const src = `#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
int main(void) {
  long r = syscall(425 /* io_uring_setup */, 8, (void *)0);
  printf("io_uring %ld %d\\n", r, r < 0 ? errno : 0);
  int s = socket(40 /* AF_VSOCK */, SOCK_STREAM, 0);
  printf("vsock %d %d\\n", s, s < 0 ? errno : 0);
  printf("uid %d\\n", (int)getuid());
  return 0;
}
`;
    const r = await engine.judge(request('c', src, { stdin: '' }));
    expect(r.verdict).toBe('AC');
    const lines = stdoutOf(r).trim().split('\n');
    expect(lines[0]).toBe('io_uring -1 38'); // ENOSYS
    expect(lines[1]).toBe('vsock -1 97'); // EAFNOSUPPORT
    const uid = Number(lines[2]!.split(' ')[1]);
    expect(uid).not.toBe(65534);
    const py = await engine.judge(request('python', 'import os\nprint(os.getuid())\n', { stdin: '' }));
    // This engine's sandboxes (other processes may run their own meanwhile).
    const boxes = await docker.listContainers({ filters: { label: [UID_LABEL, `${OWNER_LABEL}=${OWNER_ID}`] } });
    const uids = new Set(boxes.map((b) => b.Labels[UID_LABEL]));
    expect(uids.size).toBe(boxes.length);
    expect(uids.has(String(uid))).toBe(true);
    expect(uids.has(stdoutOf(py).trim())).toBe(true);
    expect(stdoutOf(py).trim()).not.toBe(String(uid));
  });
});

describe('hidden tests', () => {
  it('say where a wrong answer differs, never quoting the expected output', async () => {
    const req = request('python', 'print("wrong answer here")\n', [['', 'the secret expected answer\n']]);
    req.tests[0]!.sample = false;
    req.checker = { type: 'exact' };
    const r = await engine.judge(req);
    expect(r.verdict).toBe('WA');
    expect(r.tests[0]!.message).toMatch(/^line 1, column 1 \(byte 1\): differs from the expected output$/);
    expect(JSON.stringify(r)).not.toMatch(/secret/);
    req.tests[0]!.sample = true;
    const sample = await engine.judge(req);
    expect(sample.tests[0]!.message).toMatch(/secret/);
  });
});

describe('cgroup v1 and v2', () => {
  it('reads the CPU and memory of a cgroup v2 layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg2-'));
    writeFileSync(join(dir, 'cgroup.controllers'), 'cpu memory pids\n');
    writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n');
    writeFileSync(join(dir, 'memory.stat'), 'anon 1048576\nfile 999\nshmem 2097152\nanon_thp 0\nshmem_thp 0\n');
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 3\n');
    const image = await engine.imageFor('c');
    const out = spawnSync(
      'docker',
      ['run', '--rm', '-i', '--network', 'none', '-e', 'JUDGE_CGROUP_ROOT=/cg', '-v', `${dir}:/cg:ro`, image],
      { input: 'PING\nSTATS\n', encoding: 'utf8', timeout: 60_000 },
    );
    expect(out.stderr).toBe('');
    const [ping, stats] = out.stdout.trim().split('\n');
    expect(ping).toBe('OK cgroup=v2 uid=65534 judge=65533');
    expect(stats).toBe(`OK cgroup=v2 cpu=1234567000 mem=${3 * 1048576} oom=3`);
  });
});

describe('an overloaded machine', () => {
  it('does not call a starved compilation CE: the compiler ran out of wall time, not of CPU', async () => {
    const c = engine.resolveLanguage('c')!;
    const pack = { ...c, compile: { ...c.compile!, limits: { ...c.compile!.limits, wallMs: 1000 } } };
    const image = await engine.imageFor('c');
    // A fiftieth of a CPU: the compiler is starved as on a machine far past its capacity.
    const box = await Sandbox.create(docker, { image, memoryMb: 700, pids: 64, cpus: 0.02 });
    try {
      await expect(prepareProgram(box, pack, image, 'int main(void) { return 0; }\n', undefined)).rejects.toThrow(
        /overloaded/,
      );
    } finally {
      await box.destroy();
    }
  });
});
