import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpec } from '../../src/exec/spec.js';
import { type Engine, Sandbox } from '../../src/index.js';
import { createTestEngine } from '../support.js';

// The runner's INTERACT: a program and an interactor in one sandbox, connected by pipes, as two users.
// The interactor is a static C binary compiled in another sandbox (so it runs in any language's image).

const utf8 = new TextEncoder();

/** Guess the number: the secret is in the input file; "<", ">" or "="; at most 40 guesses. */
const INTERACTOR = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv) {
  FILE *in = fopen(argv[1], "r");
  long secret, burn_ms = 0, hog_mb = 0;
  if (!in || fscanf(in, "%ld %ld %ld", &secret, &burn_ms, &hog_mb) < 1) { fprintf(stderr, "bad input\\n"); return 3; }
  if (hog_mb) { char *p = malloc(hog_mb << 20); memset(p, 7, hog_mb << 20); if (p[hog_mb] != 7) return 3; }
  volatile long x = 0;
  while (clock() < burn_ms * (CLOCKS_PER_SEC / 1000)) x++;
  for (int q = 1; q <= 40; q++) {
    long g;
    if (scanf("%ld", &g) != 1) { fprintf(stderr, "wrong answer: no guess\\n"); return 1; }
    if (g == secret) { printf("=\\n"); fflush(stdout); fprintf(stderr, "ok %d guesses\\n", q); return 0; }
    printf(g < secret ? "<\\n" : ">\\n");
    fflush(stdout);
  }
  fprintf(stderr, "wrong answer: too many guesses\\n");
  return 1;
}
`;

const BINARY_SEARCH = `
lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    r = input().strip()
    if r == '=':
        break
    if r == '<':
        lo = mid + 1
    else:
        hi = mid - 1
`;

let engine: Engine;
let archive: Buffer;
const held: Sandbox[] = [];

beforeAll(async () => {
  engine = await createTestEngine({ slots: 1 });
  const c = engine.resolveLanguage('c')!;
  const cImage = await engine.imageFor('c');
  const builder = await Sandbox.create(engine.docker, { image: cImage, memoryMb: 700, pids: 64, role: 'checker' });
  held.push(builder);
  await builder.put('work', 'interactor.c', utf8.encode(INTERACTOR));
  const cc = await builder.run({
    ...runSpec(c, { timeMs: 20_000, memoryMb: 512, outputKb: 64 }, undefined),
    argv: ['gcc', '-O2', '-static', '-o', 'interactor', 'interactor.c'],
    memoryKb: 0,
    fileSizeBytes: 64 << 20,
  });
  expect(cc.exitCode, Buffer.from(cc.stderr).toString()).toBe(0);
  await builder.seal();
  const chunks: Buffer[] = [];
  await builder.exportWork(
    new Writable({
      write(chunk, _e, done) {
        chunks.push(chunk);
        done();
      },
    }),
    64 << 20,
  );
  archive = Buffer.concat(chunks);
});

afterAll(async () => {
  await Promise.all(held.map((s) => s.destroy()));
  await engine?.close();
});

/** A Python sandbox holding the interactor in the judge's directory and the solution in the work directory. */
async function pythonWith(solution: string): Promise<Sandbox> {
  const image = await engine.imageFor('python');
  const box = await Sandbox.create(engine.docker, { image, memoryMb: 512, pids: 64 });
  held.push(box);
  await box.importWork(archive, archive.length, 'judge');
  await box.put('work', 'main.py', utf8.encode(solution));
  await box.seal();
  return box;
}

function play(box: Sandbox, input: string, limits = { timeMs: 2000, memoryMb: 64, outputKb: 64 }, idleMs = 1500) {
  const python = engine.resolveLanguage('python')!;
  return box
    .put('judge', 'input', utf8.encode(input))
    .then(() =>
      box.interact(
        runSpec(python, limits, undefined),
        { argv: ['./interactor', 'input', 'tout'], env: {}, cpuMs: 10_000, stderrBytes: 4096 },
        idleMs,
      ),
    );
}

const said = (b: Uint8Array) => Buffer.from(b).toString();

describe('INTERACT', () => {
  it('connects the program and the interactor; the interactor says how it went', async () => {
    const box = await pythonWith(BINARY_SEARCH);
    const u = await play(box, '123456789\n');
    expect(u.exitCode).toBe(0);
    expect(u.interactor.exitCode).toBe(0);
    expect(said(u.interactor.stderr)).toMatch(/^ok \d+ guesses/);
    const wrong = await play(box, '2000000000\n');
    expect(wrong.interactor.exitCode).toBe(1);
    expect(said(wrong.interactor.stderr)).toMatch(/wrong answer/);
  });

  it("accounts the interactor's CPU and memory to it, not to the program", async () => {
    const box = await pythonWith(BINARY_SEARCH);
    const plain = await play(box, '77\n');
    const busy = await play(box, '77 400 100\n', { timeMs: 2000, memoryMb: 64, outputKb: 64 }, 5000);
    expect(busy.interactor.exitCode, said(busy.interactor.stderr)).toBe(0);
    expect(busy.interactor.cpuMs).toBeGreaterThanOrEqual(390);
    expect(busy.interactor.rssKb).toBeGreaterThanOrEqual(100 * 1024);
    // The program is charged what it used, not the interactor's 400 ms and 100 MiB.
    expect(busy.cpuMs).toBeLessThan(plain.cpuMs + 200);
    expect(busy.memoryLimitExceeded).toBe(false);
    expect(busy.rssKb).toBeLessThan(64 * 1024);
  });

  it("keeps the judge's directory (the interactor, the test's input) from the program", async () => {
    const box = await pythonWith(
      "import os\ntry:\n    print(open('/box/judge/input').read(), flush=True)\nexcept OSError as e:\n    print(e.errno, flush=True)\n",
    );
    const u = await play(box, '5\n');
    // EACCES: it could only guess; the interactor saw "13", a wrong guess.
    expect(u.interactor.exitCode).toBe(1);
    expect(u.exitCode).toBe(0);
  });

  it('stops a program and an interactor waiting on each other: idleness', async () => {
    const box = await pythonWith('import sys\nsys.stdout.write("1")\ninput()\n');
    const u = await play(box, '5\n', { timeMs: 5000, memoryMb: 64, outputKb: 64 }, 800);
    expect(u.idleTimedOut).toBe(true);
    expect(u.wallMs).toBeLessThan(5000);
  });

  it("counts the program's own memory", async () => {
    const box = await pythonWith('x = bytearray(200 << 20)\nprint(1, flush=True)\ninput()\n');
    const u = await play(box, '1\n');
    expect(u.memoryLimitExceeded || u.oomKilled).toBe(true);
  });
});
