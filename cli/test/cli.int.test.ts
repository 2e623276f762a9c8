import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubmissionResult } from '@judge/contract';
import { describe, expect, it } from 'vitest';

// The `judge` binary as a user runs it: a real process, real Docker.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'cli', 'bin', 'run.js');
const home = mkdtempSync(join(tmpdir(), 'judge-cli-'));
const baseEnv = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), JUDGE_CACHE_DIR: join(home, 'cache') };
delete baseEnv.JUDGE_ENDPOINT;

function judge(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(home, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('judge submit', () => {
  it('judges a stored problem and prints the result object with --json (exit 0 on AC)', () => {
    const r = judge(['submit', 'testcases/aplusb/solutions/ac.cpp', '--problem', 'aplusb', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as SubmissionResult;
    expect(result).toMatchObject({ status: 'done', verdict: 'AC', score: 100, language: 'cpp', problem: 'aplusb' });
    expect(result.compile?.exitCode).toBe(0);
    expect(result.tests.length).toBeGreaterThan(1);
  });

  it('shows live progress and a table, and exits 1 on a wrong answer', () => {
    const dir = join(home, 'tests-wa');
    file('tests-wa/01.in', '1 2\n');
    file('tests-wa/01.out', '3\n');
    file('tests-wa/02.in', '2 2\n');
    file('tests-wa/02.out', '4\n');
    const src = file('wa.py', 'a, b = map(int, input().split())\nprint(a * b)\n');
    const r = judge(['submit', src, '--tests', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test 1/2');
    expect(r.stdout).toMatch(/^test\s+verdict\s+time/m);
    expect(r.stdout).toMatch(/^1\s+WA/m);
    expect(r.stdout).toMatch(/^2\s+AC/m);
    expect(r.stdout).toContain('score 50');
  });

  it('prints the compiler output on CE', () => {
    const src = file('ce.cpp', 'int main() { return nope; }\n');
    const r = judge(['submit', src, '--tests', 'testcases/aplusb']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Compilation failed');
    expect(r.stdout).toContain('nope');
    expect(r.stdout).toMatch(/^CE/m);
  });

  it('explains errors a person can act on, with exit code 2', () => {
    const unknown = judge(['submit', file('x.cobol', 'x')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cannot tell the language of "x.cobol"');

    const missing = judge(['submit', join(home, 'nope.cpp')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');

    const lang = judge(['submit', file('y.txt', 'x'), '--language', 'klingon']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('unknown language "klingon"');

    const noDocker = judge(['submit', file('z.py', 'print(1)')], { DOCKER_SOCKET: join(home, 'no.sock') });
    expect(noDocker.code).toBe(2);
    expect(noDocker.stderr).toContain('no Docker engine answers');

    const noTests = judge(['submit', file('w.py', 'print(1)'), '--tests', join(home, 'empty-dir-that-is-missing')]);
    expect(noTests.code).toBe(2);
    expect(noTests.stderr).toContain('empty-dir-that-is-missing');

    const remote = judge(['submit', file('v.py', 'print(1)'), '--endpoint', 'http://127.0.0.1:9']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('cannot reach http://127.0.0.1:9');
  });

  it('gives errors as JSON with --json', () => {
    const r = judge(['submit', file('q.cobol', 'x'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'UnknownLanguageError' } });
  });
});

describe('judge submit: several files, arguments, stop at the first failure', () => {
  it('judges a main file with the files after it beside it', () => {
    const main = file(
      'multi/main.c',
      '#include <stdio.h>\n#include "add.h"\nint main(void){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",add(a,b));return 0;}\n',
    );
    const header = file('multi/add.h', 'long long add(long long, long long);\n');
    const unit = file('multi/add.c', '#include "add.h"\nlong long add(long long a, long long b) { return a + b; }\n');
    const r = judge(['submit', main, unit, header, '--tests', 'testcases/aplusb', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'AC', score: 100 });
    const missing = judge(['submit', main, join(home, 'multi/nope.h'), '--tests', 'testcases/aplusb']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('stops at the first failure with --stop-on-failure: the rest is SKIP, not run', () => {
    const src = file('stop.py', 'a, b = map(int, input().split())\nprint(a * b)\n');
    const r = judge(['submit', src, '--tests', 'testcases/aplusb', '--stop-on-failure', '--json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as SubmissionResult;
    const first = result.tests.findIndex((t) => t.verdict === 'WA');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(result.tests.slice(first + 1).every((t) => t.verdict === 'SKIP')).toBe(true);
    expect(result.tests.length).toBeGreaterThan(first + 1);
    const table = judge(['submit', src, '--tests', 'testcases/aplusb', '--stop-on-failure']);
    expect(table.stdout).toMatch(/^\d+\s+SKIP/m);
  });
});

describe('judge run', () => {
  it("prints the program's output and passes its exit code", () => {
    const input = file('in.txt', 'world\n');
    const ok = judge(['run', file('hello.py', 'print("hello", input())'), '--stdin', input]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('hello world\n');
    const fail = judge(['run', file('exit.py', 'import sys\nprint("out")\nsys.exit(4)')]);
    expect(fail.code).toBe(4);
    expect(fail.stdout).toBe('out\n');
  });

  it('gives the program --args as argv, split like a shell, nothing expanded; a module beside it', () => {
    const main = file('args/main.py', 'import sys, fmt\nprint(fmt.show(sys.argv[1:]))\n');
    const mod = file('args/fmt.py', 'def show(a):\n    return "|".join(a)\n');
    const r = judge(['run', main, mod, '--args', `one "two words" '$HOME' *`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('one|two words|$HOME|*\n');
    const bad = judge(['run', main, '--args', '"open']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--args has an unterminated double quote');
  });
});

describe('judge lang', () => {
  it('lists the twelve required packs', () => {
    const r = judge(['lang', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((p) => p.id);
    for (const id of [
      'c',
      'cpp',
      'python',
      'javascript',
      'typescript',
      'java',
      'rust',
      'go',
      'ruby',
      'php',
      'bash',
      'csharp',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('shows a pack and runs its self-test', () => {
    const show = judge(['lang', 'show', 'c++']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('id: cpp');
    const test = judge(['lang', 'test', 'python']);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^python\s+AC/m);
  });

  it('refuses a broken pack, naming the file and the field', () => {
    const dir = join(home, 'packs', 'bad');
    file(
      'packs/bad/pack.yaml',
      'id: bad\nname: Bad\nversion: "1"\nextensions: [bad]\nsource: a\nrun: {command: [x]}\nselfTest: {source: x, expected: y}\n',
    );
    const r = judge(['lang', 'add', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'pack.yaml')}: extensions.0: extensions start with a dot`);
  });
});

describe('judge problem and config', () => {
  it('validates problems', () => {
    const ok = judge(['problem', 'validate', 'testcases/aplusb']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('aplusb: valid');
    file('broken/problem.yaml', 'id: broken\nsamples: ["09"]\n');
    file('broken/tests/01.in', '1\n');
    file('broken/tests/01.out', '1\n');
    const bad = judge(['problem', 'validate', join(home, 'broken')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('problem.yaml');
    expect(bad.stderr).toContain('09');
  });

  it('stores configuration, with environment variables over the file', () => {
    expect(judge(['config', 'set', 'endpoint', 'http://127.0.0.1:8787']).code).toBe(0);
    expect(judge(['config', 'get', 'endpoint']).stdout.trim()).toBe('http://127.0.0.1:8787');
    expect(judge(['config', 'get', 'endpoint'], { JUDGE_ENDPOINT: 'http://10.0.0.1:3000' }).stdout.trim()).toBe(
      'http://10.0.0.1:3000',
    );
    const bad = judge(['config', 'set', 'endpoint', 'not a url']);
    expect(bad.code).toBe(2);
    expect(judge(['config', 'set', 'endpoint', '--unset']).code).toBe(0);
    expect(judge(['config', 'get', 'endpoint']).stdout.trim()).toBe('');
  });
});
