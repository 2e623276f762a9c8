import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index.js';
import { SANDBOX_LABEL } from '../../src/index.js';
import { createTestEngine, request } from '../support.js';

// Hostile programs: each must be contained, and the sandbox it ran in must
// come back healthy and empty for the next submission.

/** Lists what the next program in a reused sandbox can still see. */
const INSPECT = `
import os
others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
print('procs', len(others))
print('tmp', sorted(os.listdir('/tmp')))
print('work', sorted(os.listdir('/box/work')))
print('in', sorted(os.listdir('/box/in')))
`;

let engine: Engine;
let docker: Docker;

async function sandboxCount(): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } })).length;
}

/** After a hostile run, the same (reused) python sandbox must look brand new. */
async function expectCleanSandbox(): Promise<void> {
  const r = await engine.judge(request('python', INSPECT, { stdin: '' }));
  expect(r.verdict).toBe('AC');
  expect(r.tests[0]!.stdout).toBe("procs 0\ntmp []\nwork ['main.py']\nin ['input']\n");
}

beforeAll(async () => {
  engine = await createTestEngine({ slots: 1 });
  docker = engine.docker;
  await engine.imageFor('python');
  await engine.imageFor('c');
});

afterAll(async () => {
  await engine?.close();
});

describe('hostile programs', () => {
  it('runs as an unprivileged user of its own with an empty environment, a read-only root and no network', async () => {
    const src = `
import os, socket
print(os.getuid(), os.getgid())
print(sorted(os.environ))
try:
    open('/etc/judge-was-here', 'w')
    print('root writable')
except OSError as e:
    print('root read-only', e.errno)
try:
    socket.create_connection(('1.1.1.1', 80), timeout=2)
    print('network open')
except OSError as e:
    print('no network')
print(sorted(os.listdir('/sys/class/net')))
`;
    const r = await engine.judge(request('python', src, { stdin: '' }));
    expect(r.verdict).toBe('AC');
    const lines = r.tests[0]!.stdout!.trim().split('\n');
    // A host uid of its own, no account's, unprivileged.
    const [uid, gid] = lines[0]!.split(' ').map(Number);
    expect(uid).toBe(gid);
    expect(uid).toBeGreaterThanOrEqual(1_000_000);
    const envKeys = JSON.parse(lines[1]!.replace(/'/g, '"')) as string[];
    const pack = engine.resolveLanguage('python')!;
    expect(envKeys.sort()).toEqual(Object.keys(pack.env).sort());
    expect(lines[2]).toBe('root read-only 30');
    expect(lines[3]).toBe('no network');
    expect(lines[4]).toBe("['lo']");
  });

  it('contains a fork bomb (TLE or RE) and leaves no process', async () => {
    const src = '#include <unistd.h>\nint main(void) { for (;;) fork(); }\n';
    const before = await sandboxCount();
    const r = await engine.judge(request('c', src, { stdin: '' }, { limits: { timeMs: 1000 } }));
    expect(['TLE', 'RE']).toContain(r.verdict);
    await expectCleanSandbox();
    expect(await sandboxCount()).toBeLessThanOrEqual(before + 1);
  });

  it('stops a memory bomb with MLE', async () => {
    const src = `#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 24); if (!p) return 3; memset(p, 1, 1 << 24); } }
`;
    const r = await engine.judge(request('c', src, { stdin: '' }, { limits: { memoryMb: 64 } }));
    expect(r.verdict).toBe('MLE');
    await expectCleanSandbox();
  });

  it('cuts infinite output with OLE', async () => {
    const r = await engine.judge(
      request(
        'python',
        'import sys\nwhile True: sys.stdout.write("x" * 4096)\n',
        { stdin: '' },
        { limits: { outputKb: 64 } },
      ),
    );
    expect(r.verdict).toBe('OLE');
    await expectCleanSandbox();
  });

  it('contains a disk fill and empties the scratch space afterwards', async () => {
    const src = `
n = 0
try:
    with open('/tmp/fill', 'wb') as f:
        while True:
            f.write(b'x' * (1 << 20)); f.flush(); n += 1
except OSError as e:
    print('stopped after', n, 'MiB', e.errno)
`;
    const r = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 256 } }));
    // The file size limit (SIGXFSZ), the tmpfs size or the memory ceiling ends it.
    expect(['AC', 'RE', 'MLE']).toContain(r.verdict);
    await expectCleanSandbox();
  });

  it('ends a sleeping program by wall time with TLE', async () => {
    const r = await engine.judge(
      request('python', 'import time\ntime.sleep(30)\n', { stdin: '' }, { limits: { timeMs: 500 } }),
    );
    expect(r.verdict).toBe('TLE');
    expect(r.tests[0]!.wallMs).toBeLessThan(5000);
    await expectCleanSandbox();
  });

  it('kills a process that outlives its parent', async () => {
    const src = `
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(600):
            open('/tmp/still-here', 'w').write('x'); time.sleep(0.05)
    os._exit(0)
print('parent done')
`;
    const r = await engine.judge(request('python', src, { stdin: '' }));
    expect(r.verdict).toBe('AC');
    await new Promise((res) => setTimeout(res, 200));
    await expectCleanSandbox();
  });

  it("cannot read another run's files", async () => {
    const writer = `
open('/tmp/secret', 'w').write('s3cret')
try:
    open('/box/work/secret', 'w').write('s3cret')
    print('work writable')
except OSError:
    print('work read-only')
`;
    const w = await engine.judge(request('python', writer, { stdin: '' }));
    expect(w.tests[0]!.stdout).toBe('work read-only\n');
    const reader = `
import os
for p in ('/tmp/secret', '/box/work/secret', '/dev/shm/secret'):
    print(p, os.path.exists(p))
`;
    const r = await engine.judge(request('python', reader, { stdin: '' }));
    expect(r.tests[0]!.stdout).toBe('/tmp/secret False\n/box/work/secret False\n/dev/shm/secret False\n');
  });

  it('removes every sandbox container on close', async () => {
    const ids = async () =>
      new Set((await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } })).map((c) => c.Id));
    const before = await ids();
    const other = await createTestEngine({ slots: 1 });
    await other.judge(request('python', 'print(1)', { stdin: '' }));
    const created = [...(await ids())].filter((id) => !before.has(id));
    expect(created.length).toBeGreaterThan(0);
    await other.close();
    const after = await ids();
    expect(created.filter((id) => after.has(id))).toEqual([]);
  });
});
