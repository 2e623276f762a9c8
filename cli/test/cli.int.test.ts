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
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'unknown-language' } });
    const missing = judge(['run', join(home, 'nope.py'), '--json']);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'file-not-found' } });
    const remote = judge(['submit', file('r.py', 'print(1)'), '--endpoint', 'http://127.0.0.1:9', '--json']);
    expect(JSON.parse(remote.stdout)).toMatchObject({ error: { code: 'unreachable' } });
    file('bad-problem/problem.yaml', 'id: bad-problem\nsamples: ["7"]\nlimits: { timeMs: -1 }\n');
    file('bad-problem/tests/1.in', '1\n');
    file('bad-problem/tests/1.out', '1\n');
    const problem = judge(['problem', 'validate', join(home, 'bad-problem'), '--json']);
    expect(problem.code).toBe(2);
    const { error } = JSON.parse(problem.stdout) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid-problem');
    expect(error.issues.map((i) => i.path)).toEqual(['limits.timeMs']);
  });

  it('shows a wrong answer on a sample side by side with the expected output, an RE its stderr, and the limits', () => {
    const dir = join(home, 'tests-sample');
    file('tests-sample/problem.yaml', 'id: s\nsamples: ["1"]\nlimits: { timeMs: 3000 }\n');
    file('tests-sample/tests/1.in', '1 2\n');
    file('tests-sample/tests/1.out', '3\n');
    file('tests-sample/tests/2.in', '2 2\n');
    file('tests-sample/tests/2.out', '4\n');
    const wa = judge(['submit', file('wa2.py', 'a, b = map(int, input().split())\nprint(a * b)\n'), '--tests', dir]);
    expect(wa.code).toBe(1);
    expect(wa.stdout).toMatch(/expected\s+│ received/);
    expect(wa.stdout).toMatch(/> 3\s+│ 2/);
    // The hidden test's verdict only: test 2 is AC here (2 * 2 = 2 + 2), and nothing of its data shows.
    expect(wa.stdout).toContain('limits: 3000 ms CPU, 256 MB memory, 1024 KB output per test');
    const re = judge(['submit', file('re2.py', 'import sys\nsys.exit("broken: no input")\n'), '--tests', dir]);
    expect(re.stdout).toMatch(/test 1: RE\n\s+broken: no input/);
  });

  it('makes a syntax error CE with its message, and never prints raw bytes of a binary source', () => {
    const syntax = judge(['submit', file('syntax.py', 'print("a"\n'), '--tests', 'testcases/aplusb']);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout).toContain('Compilation failed');
    expect(syntax.stdout).toContain("SyntaxError: '(' was never closed");
    expect(syntax.stdout).toMatch(/^CE/m);
    const garbage = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 151 + 7) % 256));
    const binary = join(home, 'garbage.cpp');
    writeFileSync(binary, garbage);
    const r = judge(['submit', binary, '--tests', 'testcases/aplusb']);
    expect(r.stdout).toMatch(/^CE/m);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(r.stdout.length).toBeLessThan(16_000);
  });

  it('judges an interactive problem locally', () => {
    const r = judge(['submit', 'testcases/guess/solutions/ac.cpp', '--problem', 'guess', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as SubmissionResult;
    expect(result).toMatchObject({ verdict: 'AC', score: 100, problem: 'guess', limits: { timeMs: 1000 } });
    expect(result.tests[0]?.message).toMatch(/^ok: found in \d+ guesses$/);
  });
});

describe('judge problem test', () => {
  it("judges every solution, checks each against its name's promise, and exits 1 on a mismatch", () => {
    const dir = join(home, 'setter');
    file('setter/problem.yaml', 'id: setter\nlimits: { timeMs: 2000 }\n');
    file('setter/tests/1.in', '1 2\n');
    file('setter/tests/1.out', '3\n');
    file('setter/tests/2.in', '5 5\n');
    file('setter/tests/2.out', '10\n');
    file('setter/solutions/ac.py', 'a, b = map(int, input().split())\nprint(a + b)\n');
    file('setter/solutions/wa-product.py', 'a, b = map(int, input().split())\nprint(a * b)\n');
    file('setter/solutions/re.py', 'raise SystemExit(1)\n');
    file('setter/solutions/partial-first.py', 'print(3)\n');
    file('setter/solutions/tle.py', 'while True: pass\n');
    const ok = judge(['problem', 'test', dir, '--json']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as {
      ok: boolean;
      solutions: { file: string; verdict: string; ok: boolean }[];
    };
    expect(report.solutions.map((s) => [s.file, s.verdict, s.ok])).toEqual([
      ['ac.py', 'AC', true],
      ['partial-first.py', 'WA', true],
      ['re.py', 'RE', true],
      ['tle.py', 'TLE', true],
      ['wa-product.py', 'WA', true],
    ]);
    // An "ac" that is wrong, and a name that promises nothing.
    file('setter/solutions/ac-wrong.py', 'print(0)\n');
    file('setter/solutions/notes.py', 'print(0)\n');
    const bad = judge(['problem', 'test', dir, '--time-limit', '500']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^ac-wrong\.py\s+ac\s+WA.*MISMATCH$/m);
    expect(bad.stdout).toContain('ac-wrong.py: ac promises AC, not WA');
    expect(bad.stdout).toContain('notes.py: the name promises no verdict');
    expect(bad.stdout).toContain('limits: 500 ms');
    expect(bad.stdout).toContain('setter: 2 of 7 solutions do not get what their names promise');
  });
});

describe('the terminal', () => {
  /** The command under a pseudo-terminal (util-linux `script`), as a person at a terminal runs it. */
  function onTerminal(args: string[], env: Record<string, string> = {}) {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: REPO,
      env: { ...baseEnv, TERM: 'xterm', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout };
  }

  it('colours verdicts on a terminal, but not with NO_COLOR or --no-color', () => {
    const src = 'testcases/aplusb/solutions/ac.py';
    expect(onTerminal(['submit', src, '--problem', 'aplusb']).out).toContain('\x1b[32mAC');
    const noColor = onTerminal(['submit', src, '--problem', 'aplusb'], { NO_COLOR: '1' });
    expect(noColor.code).toBe(0);
    expect(noColor.out).toMatch(/^AC\s+score 100/m);
    expect(noColor.out).not.toContain('\x1b[3');
    expect(onTerminal(['submit', src, '--problem', 'aplusb', '--no-color']).out).not.toContain('\x1b[3');
  });

  it('suggests the command a typo meant, with exit code 2', () => {
    const r = judge(['sbumit', 'x.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"sbumit" is not a judge command: did you mean "judge submit"?');
    const topic = judge(['problem', 'tets']);
    expect(topic.stderr).toContain('did you mean "judge problem test"?');
    const json = judge(['sbumit', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'unknown-command', suggestion: 'submit' } });
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

  it('reads its input from a pipe', () => {
    const src = 'testcases/aplusb/solutions/ac.py';
    const r = spawnSync('sh', ['-c', `echo 40 2 | '${process.execPath}' '${BIN}' run ${src}`], {
      cwd: REPO,
      env: baseEnv,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('42\n');
  });

  it('says which limit a run hit', () => {
    const r = judge(['run', file('spin.py', 'while True: pass\n'), '--time-limit', '300']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('judge: TLE (limits: 300 ms CPU');
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
