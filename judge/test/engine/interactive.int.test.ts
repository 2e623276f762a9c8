import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKey } from '../../src/cache/compile-cache.js';
import { type Engine, type JudgeRequest, staticPack } from '../../src/index.js';
import { createTestEngine, request } from '../support.js';

// The engine's interactive pipeline in the real sandbox: a C interactor,
// compiled statically in a sandbox of its own and run beside programs in
// other languages; what each side's way of ending makes of a test; and
// the check step of interpreted languages.

const utf8 = new TextEncoder();

/**
 * Echo the number back: the test's input holds n and a mode; the program
 * must print n. Mode 1: exit 3 (a broken test), 2: crash, 3: PE on anything
 * but digits; 4: quit at once (WA) before the program writes.
 */
const INTERACTOR = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  FILE *in = fopen(argv[1], "r");
  long n, mode = 0, got;
  if (!in || fscanf(in, "%ld %ld", &n, &mode) < 1) { fprintf(stderr, "fail: no n in the test\\n"); return 3; }
  if (mode == 1) { fprintf(stderr, "fail: secret %ld is out of range\\n", n); return 3; }
  if (mode == 2) { volatile int *p = 0; return *p; }
  if (mode == 4) { fprintf(stderr, "wrong answer: too slow to start\\n"); return 1; }
  printf("%ld\\n", n);
  fflush(stdout);
  if (scanf("%ld", &got) != 1) { fprintf(stderr, mode == 3 ? "presentation error: not a number\\n" : "wrong answer: no number\\n"); return mode == 3 ? 2 : 1; }
  if (got != n) { fprintf(stderr, "wrong answer: %ld instead of %ld\\n", got, n); return 1; }
  fprintf(stderr, "ok: %ld\\n", n);
  return 0;
}
`;

const ECHO_PY = 'print(int(input()), flush=True)\n';
// One line, not the whole of stdin: the interactor keeps its end open until it has the answer.
const ECHO_JS = `process.stdin.once('data', (d) => {
  require('fs').writeSync(1, String(d).split('\\n')[0] + '\\n');
  process.exit(0);
});
`;

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 1 });
});

afterAll(async () => {
  await engine?.close();
});

function interactive(language: string, source: string, inputs: string[], samples = inputs.length): JudgeRequest {
  const req = request(language, source, []);
  req.tests = inputs.map((input, i) => ({ name: String(i + 1), input: utf8.encode(input), sample: i < samples }));
  req.interactor = { language: 'c', source: INTERACTOR };
  req.limits = { timeMs: 5000, memoryMb: 256, outputKb: 64 };
  return req;
}

describe('interactive judging', () => {
  it('judges programs in any language against a static C interactor; a sample shows its message', async () => {
    const py = await engine.judge(interactive('python', ECHO_PY, ['7\n', '42\n'], 1));
    expect(py.verdict, py.error).toBe('AC');
    expect(py.tests[0]?.message).toBe('ok: 7');
    expect(py.tests[1]?.message).toBeUndefined();
    expect(py.limits).toEqual({ timeMs: 5000, memoryMb: 256, outputKb: 64 });
    // Node.js's image has no compiler at all: the interactor needs nothing from it.
    const js = await engine.judge(interactive('javascript', ECHO_JS, ['5\n']));
    expect(js.verdict, js.error).toBe('AC');
  });

  it("is WA on the interactor's 1 and PE (2), quoting it for samples only; the program's SIGPIPE is not RE", async () => {
    const wrong = await engine.judge(interactive('python', 'print(int(input()) + 1, flush=True)\n', ['3\n', '4\n'], 1));
    expect(wrong.tests.map((t) => t.verdict)).toEqual(['WA', 'WA']);
    expect(wrong.tests[0]?.message).toBe('wrong answer: 4 instead of 3');
    expect(wrong.tests[1]?.message).toBe('wrong answer');
    const pe = await engine.judge(interactive('python', 'input()\nprint("x", flush=True)\n', ['3 3\n']));
    expect(pe.tests[0]).toMatchObject({ verdict: 'WA', message: 'presentation error: not a number' });
    // The interactor quits at once; the program, writing on, dies of SIGPIPE: the interactor's WA.
    const flood = 'import sys\nwhile True:\n    sys.stdout.write("1\\n" * 1000)\n    sys.stdout.flush()\n';
    const quit = await engine.judge(interactive('python', flood, ['3 4\n']));
    expect(quit.tests[0]?.verdict).toBe('WA');
  });

  it('is TLE when both sides wait for each other (the idleness limit), long before the wall clock', async () => {
    const silent = 'import sys\nsys.stdin.readline()\nsys.stdin.readline()\n';
    const r = await engine.judge(interactive('python', silent, ['3\n']));
    expect(r.tests[0]?.verdict).toBe('TLE');
    expect(r.tests[0]?.message).toContain('idleness limit');
    // The idleness limit is the time limit (5 s here); the wall clock would have waited twice that and more.
    expect(r.tests[0]!.wallMs).toBeLessThan(2 * 5000);
  });

  it("is RE when the program fails and the interactor had no complaint, MLE on the program's memory", async () => {
    const re = await engine.judge(
      interactive('python', 'print(int(input()), flush=True)\nraise SystemExit(3)\n', ['3\n']),
    );
    expect(re.tests[0]).toMatchObject({ verdict: 'RE', exitCode: 3 });
    const hog = 'x = bytearray(400 << 20)\nprint(int(input()), flush=True)\n';
    const mle = await engine.judge(interactive('python', hog, ['3\n']));
    expect(mle.tests[0]?.verdict).toBe('MLE');
  });

  it('is IE when the interactor fails (exit 3) or crashes, with its words on a sample and none on a hidden test', async () => {
    const sample = await engine.judge(interactive('python', ECHO_PY, ['3 1\n']));
    expect(sample.verdict).toBe('IE');
    expect(sample.error).toContain(
      'the interactor exited with 3 (it failed) on test 1: fail: secret 3 is out of range',
    );
    const hidden = await engine.judge(interactive('python', ECHO_PY, ['3\n', '9 1\n'], 1));
    expect(hidden.verdict).toBe('IE');
    expect(hidden.error).toContain('the interactor exited with 3 (it failed) on test 2');
    expect(hidden.error).not.toContain('secret');
    const crash = await engine.judge(interactive('python', ECHO_PY, ['3 2\n']));
    expect(crash.error).toContain('the interactor was killed by signal 11');
  });

  it('is IE when the interactor does not compile, and CE when the program does not', async () => {
    const broken = interactive('python', ECHO_PY, ['1\n']);
    broken.interactor = { language: 'c', source: 'int main() { return nope; }\n' };
    const r = await engine.judge(broken);
    expect(r.verdict).toBe('IE');
    expect(r.error).toContain('the interactor does not compile');
    expect(r.error).toContain('nope');
    const ce = await engine.judge(interactive('cpp', 'int main() { return nope; }\n', ['1\n']));
    expect(ce.verdict).toBe('CE');
  });

  it('compiles an interactor once: linked statically, under a cache key of its own', async () => {
    const c = engine.resolveLanguage('c')!;
    const image = await engine.imageFor('c');
    expect(staticPack(c).compile?.command.at(-1)).toBe('-static');
    expect(compileKey(staticPack(c), image, INTERACTOR)).not.toBe(compileKey(c, image, INTERACTOR));
    const first = await engine.judge(interactive('python', ECHO_PY, ['2\n']));
    const started = performance.now();
    const again = await engine.judge(interactive('python', ECHO_PY, ['2\n']));
    expect([first.verdict, again.verdict]).toEqual(['AC', 'AC']);
    // From the cache: no compiler ran (a static link alone takes longer than this judging).
    expect(performance.now() - started).toBeLessThan(first.tests[0]!.wallMs + 5000);
  });
});

describe('the check step of interpreted languages', () => {
  it('makes a syntax error CE with its message, and leaves a real RE alone', async () => {
    const syntax = await engine.judge(request('python', 'print("a"\n', [['1\n', '1\n']]));
    expect(syntax.verdict).toBe('CE');
    expect(syntax.compile?.output).toContain("SyntaxError: '(' was never closed");
    expect(syntax.tests).toEqual([]);
    const js = await engine.judge(request('javascript', 'console.log(1;\n', [['', '1\n']]));
    expect(js.verdict).toBe('CE');
    expect(js.compile?.output).toContain('SyntaxError');
    const re = await engine.judge(request('python', 'print(1 // 0)\n', [['', '1\n']]));
    expect(re.verdict).toBe('RE');
    expect(re.compile).toBeUndefined();
    // A plain run keeps the interpreter's own complaint on stderr, as Piston's and Judge0's runs do.
    const plain = await engine.judge(request('python', 'print("a"\n', { stdin: '' }));
    expect(plain.verdict).toBe('RE');
    expect(plain.tests[0]?.stderr).toContain('SyntaxError');
  });

  it('shows the expected output beside a wrong answer on a sample only', async () => {
    const req = request('python', 'print(2)\n', [
      ['', '1\n'],
      ['', '1\n'],
    ]);
    req.tests[1]!.sample = false;
    const r = await engine.judge(req);
    expect(r.tests.map((t) => t.expected)).toEqual(['1\n', undefined]);
  });
});
