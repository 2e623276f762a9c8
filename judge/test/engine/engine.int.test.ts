import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, ImageMissingError } from '../../src/index.js';
import { createTestEngine, LANGUAGES_DIR, request } from '../support.js';

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

const CPP = '#include <cstdio>\nint main(){int a,b;std::scanf("%d %d",&a,&b);std::printf("%d\\n",a+b);}\n';

describe('compilation', () => {
  it('caches a compilation by source: the second submission skips the compiler', async () => {
    const src = `${CPP}// ${Date.now()}\n`;
    const first = await engine.judge(request('cpp', src, [['1 2', '3']]));
    expect(first.verdict).toBe('AC');
    expect(first.compile?.cached).toBe(false);
    const second = await engine.judge(request('cpp', src, [['2 2', '4']]));
    expect(second.verdict).toBe('AC');
    expect(second.compile).toMatchObject({ cached: true, exitCode: 0 });
    const other = await engine.judge(request('cpp', `${src}\n`, [['2 2', '4']]));
    expect(other.compile?.cached).toBe(false);
  });

  it('shares the cache between engines on one machine (a disk cache)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-shared-cache-'));
    const a = await Engine.create({ languagesDir: LANGUAGES_DIR, cacheDir: dir, slots: 1 });
    const b = await Engine.create({ languagesDir: LANGUAGES_DIR, cacheDir: dir, slots: 1 });
    try {
      expect((await a.judge(request('c', 'int main(void){return 0;}\n', [['', '']]))).compile?.cached).toBe(false);
      expect((await b.judge(request('c', 'int main(void){return 0;}\n', [['', '']]))).compile?.cached).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('ends a compiler reading /dev/random as CE on its time limit, and the sandbox stays usable', async () => {
    const r = await engine.judge(request('cpp', '#include </dev/random>\nint main(){}\n', [['', '']]));
    expect(r.verdict).toBe('CE');
    expect(r.compile?.output).toMatch(/compilation exceeded its (time|memory) limit|error/);
    expect((await engine.judge(request('cpp', CPP, [['1 1', '2']]))).verdict).toBe('AC');
  }, 120_000);

  it('ends a template explosion as CE', async () => {
    const bomb = 'template<int N> struct A { static const int v = A<N + 1>::v; };\nint main(){ return A<0>::v; }\n';
    const r = await engine.judge(request('cpp', bomb, [['', '']]));
    expect(r.verdict).toBe('CE');
    expect(r.compile?.output).toContain('template instantiation depth');
  });
});

describe('judge errors', () => {
  it('is IE, with the reason, when a custom checker crashes', async () => {
    const r = await engine.judge(
      request('python', 'print(1)', [['', '1']], {
        checker: { type: 'custom', language: 'python', source: 'import sys\nsys.exit(7)\n' },
      }),
    );
    expect(r.verdict).toBe('IE');
    expect(r.error).toContain('the custom checker exited with 7');
  });

  it('passes a custom checker its message through', async () => {
    const checker =
      "import sys\nout = open(sys.argv[2]).read().split()\nprint('got', out)\nsys.exit(0 if out == ['42'] else 1)\n";
    const ok = await engine.judge(
      request('python', 'print(42)', [['', '']], { checker: { type: 'custom', language: 'python', source: checker } }),
    );
    expect(ok.verdict).toBe('AC');
    const wa = await engine.judge(
      request('python', 'print(41)', [['', '']], { checker: { type: 'custom', language: 'python', source: checker } }),
    );
    expect(wa.verdict).toBe('WA');
    expect(wa.tests[0]!.message).toBe("got ['41']");
  });

  it('says which image is missing and how to build it', async () => {
    // A copy of the python pack whose Dockerfile differs: its image tag is new, so it is not built.
    const dir = mkdtempSync(join(tmpdir(), 'judge-langs-'));
    cpSync(join(LANGUAGES_DIR, 'base'), join(dir, 'base'), { recursive: true });
    cpSync(join(LANGUAGES_DIR, 'python'), join(dir, 'python'), { recursive: true });
    appendFileSync(join(dir, 'python', 'Dockerfile'), `# ${Date.now()}\n`);
    const other = await Engine.create({ languagesDir: dir, cacheDir: false, docker: engine.docker });
    try {
      await expect(other.imageFor('python')).rejects.toBeInstanceOf(ImageMissingError);
      await expect(other.imageFor('py')).rejects.toThrow('run `judge lang build python`');
      const r = await other.judge(request('python', 'print(1)', { stdin: '' }));
      expect(r.verdict).toBe('IE');
      expect(r.error).toContain('ImageMissingError');
    } finally {
      await other.close();
    }
  });
});

describe('limits and measurement', () => {
  it('measures CPU time, wall time and memory per test', async () => {
    const src =
      'import time\nx = bytearray(50 * 1024 * 1024)\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\ntime.sleep(0.3)\n';
    const r = await engine.judge(request('python', src, { stdin: '' }));
    const t = r.tests[0]!;
    expect(r.verdict).toBe('AC');
    expect(t.timeMs).toBeGreaterThanOrEqual(300);
    expect(t.wallMs).toBeGreaterThanOrEqual(t.timeMs + 250);
    expect(t.memoryKb).toBeGreaterThan(50 * 1024);
    expect(t.memoryKb).toBeLessThan(120 * 1024);
  });

  it('honours a higher memory limit than the sandbox was made for', async () => {
    const src = 'x = bytearray(600 * 1024 * 1024)\nprint(len(x))\n';
    const low = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 256 } }));
    expect(low.verdict).toBe('MLE');
    const high = await engine.judge(request('python', src, { stdin: '' }, { limits: { memoryMb: 1024 } }));
    expect(high.verdict).toBe('AC');
  });

  it('gives a non-zero exit RE with its exit code, and a signal RE with the signal', async () => {
    const exit = await engine.judge(request('python', 'raise SystemExit(5)', { stdin: '' }));
    expect(exit.tests[0]).toMatchObject({ verdict: 'RE', exitCode: 5, signal: null });
    const sig = await engine.judge(request('python', 'import os\nos.kill(os.getpid(), 11)', { stdin: '' }));
    expect(sig.tests[0]).toMatchObject({ verdict: 'RE', exitCode: null, signal: 11 });
  });
});
