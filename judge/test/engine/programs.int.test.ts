import { DEFAULT_LIMITS, type SubmissionRequest, SubmissionRequestSchema, toBase64 } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, type JudgeRequest, programIssues, resolveRequest } from '../../src/index.js';
import { createTestEngine } from '../support.js';

// Programs of several files, program arguments, compiler options, exact bytes and stop-at-first-failure,
// each from a native request (the contract's shape) resolved as a node resolves it, judged in real sandboxes.

let engine: Engine;

beforeAll(async () => {
  engine = await createTestEngine({ slots: 2 });
});

afterAll(async () => {
  await engine?.close();
});

const CAPS = { timeMs: 10_000, memoryMb: 1024, outputKb: 1024 };

function resolve(body: SubmissionRequest, problem?: Parameters<typeof resolveRequest>[1]['problem']): JudgeRequest {
  const parsed = SubmissionRequestSchema.parse(body);
  return resolveRequest(parsed, { registry: engine.registry, caps: CAPS, defaults: DEFAULT_LIMITS, problem });
}

const SUM = [{ input: '2 3\n', output: '5\n' }];

/** In every language: a main file that reads two numbers and adds them with a function from another file. */
const MULTI_FILE: Record<string, { source: string; files: { name: string; content: string }[] }> = {
  python: {
    source: 'import helper\nprint(helper.add(*map(int, input().split())))\n',
    files: [{ name: 'helper.py', content: 'def add(a, b):\n    return a + b\n' }],
  },
  javascript: {
    source:
      "const { add } = require('./helper.js');\nconst [a, b] = require('fs').readFileSync(0, 'utf8').split(/\\s+/).map(Number);\nconsole.log(add(a, b));\n",
    files: [{ name: 'helper.js', content: 'module.exports = { add: (a, b) => a + b };\n' }],
  },
  typescript: {
    source:
      "import { add } from './helper';\nconst [a, b] = require('fs').readFileSync(0, 'utf8').split(/\\s+/).map(Number);\nconsole.log(add(a, b));\n",
    files: [
      { name: 'helper.ts', content: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
    ],
  },
  ruby: {
    source: "require_relative 'helper'\na, b = STDIN.read.split.map(&:to_i)\nputs add(a, b)\n",
    files: [{ name: 'helper.rb', content: 'def add(a, b)\n  a + b\nend\n' }],
  },
  php: {
    source:
      "<?php\nrequire __DIR__ . '/helper.php';\n[$a, $b] = array_map('intval', preg_split('/\\s+/', trim(stream_get_contents(STDIN))));\necho add($a, $b), \"\\n\";\n",
    files: [{ name: 'helper.php', content: '<?php\nfunction add($a, $b) { return $a + $b; }\n' }],
  },
  bash: {
    source: 'source "$(dirname "$0")/helper.sh"\nread a b\nadd "$a" "$b"\n',
    files: [{ name: 'helper.sh', content: 'add() { echo $(( $1 + $2 )); }\n' }],
  },
  c: {
    source:
      '#include <stdio.h>\n#include "helper.h"\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",add(a,b));return 0;}\n',
    files: [
      { name: 'helper.h', content: 'int add(int a, int b);\n' },
      { name: 'helper.c', content: '#include "helper.h"\nint add(int a, int b) { return a + b; }\n' },
    ],
  },
  cpp: {
    source:
      '#include <iostream>\n#include "helper.hpp"\nint main(){int a,b;std::cin>>a>>b;std::cout<<add(a,b)<<"\\n";}\n',
    files: [
      { name: 'helper.hpp', content: 'int add(int a, int b);\n' },
      { name: 'helper.cpp', content: '#include "helper.hpp"\nint add(int a, int b) { return a + b; }\n' },
    ],
  },
  go: {
    source:
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int\n\tfmt.Scan(&a, &b)\n\tfmt.Println(add(a, b))\n}\n',
    files: [{ name: 'helper.go', content: 'package main\n\nfunc add(a, b int) int { return a + b }\n' }],
  },
  rust: {
    source:
      'mod helper;\nuse std::io::Read;\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n    println!("{}", helper::add(v[0], v[1]));\n}\n',
    files: [{ name: 'helper.rs', content: 'pub fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n' }],
  },
  java: {
    source:
      'import java.util.Scanner;\n\npublic class Main {\n  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n    System.out.println(Helper.add(in.nextInt(), in.nextInt()));\n  }\n}\n',
    files: [
      { name: 'Helper.java', content: 'public class Helper {\n  static int add(int a, int b) { return a + b; }\n}\n' },
    ],
  },
  csharp: {
    source:
      "using System;\nclass Program {\n  static void Main() {\n    var p = Console.ReadLine().Split(' ');\n    Console.WriteLine(Helper.Add(int.Parse(p[0]), int.Parse(p[1])));\n  }\n}\n",
    files: [
      {
        name: 'helper.cs',
        content: 'static class Helper {\n  public static int Add(int a, int b) { return a + b; }\n}\n',
      },
    ],
  },
};

describe('programs of several files', () => {
  it('covers every pack', () => {
    expect(Object.keys(MULTI_FILE).sort()).toEqual(
      engine
        .packs()
        .map((p) => p.id)
        .sort(),
    );
  });

  for (const [language, program] of Object.entries(MULTI_FILE)) {
    it(`${language}: the main file uses a function from another file`, async () => {
      const r = await engine.judge(resolve({ language, ...program, tests: SUM }));
      expect(r.verdict, JSON.stringify(r.compile ?? r.tests)).toBe('AC');
    }, 120_000);
  }

  it('compiles a changed helper anew (the compile cache keys every file)', async () => {
    const c = MULTI_FILE.c!;
    const first = await engine.judge(resolve({ language: 'c', ...c, tests: SUM }));
    expect(first.verdict).toBe('AC');
    const changed = c.files.map((f) =>
      f.name === 'helper.c' ? { ...f, content: f.content.replace('a + b', 'a * b') } : f,
    );
    const second = await engine.judge(resolve({ language: 'c', source: c.source, files: changed, tests: SUM }));
    expect(second.compile?.cached).toBe(false);
    expect(second.verdict).toBe('WA');
  });

  it('refuses a file named like the main source', () => {
    const python = engine.resolveLanguage('python')!;
    expect(
      programIssues(python, { language: 'python', source: 'x', files: [{ name: 'main.py', content: '' }] }),
    ).toEqual([{ path: 'files.0.name', message: 'main.py is the main source of python: give it as source' }]);
  });
});

describe('program arguments', () => {
  const ARGS = ['plain', 'two words', '$HOME', "it's", '*', ''];

  for (const [language, source] of [
    ['python', 'import sys\nprint(repr(sys.argv[1:]))\n'],
    [
      'c',
      '#include <stdio.h>\nint main(int c, char **v){for(int i=1;i<c;i++)printf("[%s]",v[i]);puts("");return 0;}\n',
    ],
    [
      'java',
      'public class Main { public static void main(String[] a) { StringBuilder s = new StringBuilder(); for (String x : a) s.append("[").append(x).append("]"); System.out.println(s); } }\n',
    ],
  ] as const) {
    it(`${language}: reach the program as argv, with no shell between`, async () => {
      const r = await engine.judge(resolve({ language, source, args: [...ARGS], stdin: '' }));
      expect(r.verdict, JSON.stringify(r)).toBe('AC');
      const expected =
        language === 'python'
          ? `${JSON.stringify(ARGS).replaceAll('"', "'").replace("'it's'", '"it\'s"').replaceAll(',', ', ')}\n`
          : `${ARGS.map((a) => `[${a}]`).join('')}\n`;
      expect(r.tests[0]?.stdout).toBe(expected);
    }, 120_000);
  }
});

describe('compiler options', () => {
  const SOURCE = '#include <stdio.h>\nint main(void){printf("%d\\n", VALUE);return 0;}\n';

  it('passes allowed options to the compiler', async () => {
    const r = await engine.judge(
      resolve({ language: 'c', source: SOURCE, compilerOptions: ['-DVALUE=42', '-O0'], stdin: '' }),
    );
    expect(r.verdict, r.compile?.output).toBe('AC');
    expect(r.tests[0]?.stdout).toBe('42\n');
    const other = await engine.judge(
      resolve({ language: 'c', source: SOURCE, compilerOptions: ['-DVALUE=7'], stdin: '' }),
    );
    expect(other.compile?.cached).toBe(false);
    expect(other.tests[0]?.stdout).toBe('7\n');
  });

  it('refuses the others, naming them', () => {
    const c = engine.resolveLanguage('c')!;
    const issues = programIssues(c, {
      language: 'c',
      source: 'x',
      compilerOptions: ['-O2', '-o/tmp/x', '-Wl,-rpath=/tmp', '-include/etc/passwd', '@args', '-fplugin=x.so'],
    });
    expect(issues.map((i) => i.path)).toEqual([
      'compilerOptions.1',
      'compilerOptions.2',
      'compilerOptions.3',
      'compilerOptions.4',
      'compilerOptions.5',
    ]);
    const python = engine.resolveLanguage('python')!;
    expect(programIssues(python, { language: 'python', source: 'x', compilerOptions: ['-O'] })).toEqual([
      { path: 'compilerOptions.0', message: 'python has no compiler to give options to' },
    ]);
  });
});

describe('exact bytes', () => {
  it('takes a base64 source and input, and the program sees those bytes', async () => {
    // A C string literal holding 0xFF, which is not UTF-8: the text API could not carry it.
    const source = new Uint8Array([
      ...new TextEncoder().encode('#include <stdio.h>\nint main(void){int c=getchar();fputs("'),
      0xff,
      ...new TextEncoder().encode('", stdout);printf("%d\\n", c);return 0;}\n'),
    ]);
    const r = await engine.judge(
      resolve({ language: 'c', encoding: 'base64', source: toBase64(source), stdin: toBase64(new Uint8Array([0xfe])) }),
    );
    expect(r.verdict, r.compile?.output).toBe('AC');
    expect(r.tests[0]?.encoding).toBe('base64');
    expect(Buffer.from(r.tests[0]!.stdout!, 'base64')).toEqual(Buffer.from([0xff, ...Buffer.from('254\n')]));
  });
});

describe('stop at the first failure', () => {
  const ECHO = 'print(input())\n';
  const tests = ['1', '2', '3', '4'].map((n) => ({ input: `${n}\n`, output: n === '2' ? 'x\n' : `${n}\n` }));

  it('skips the tests after the first failure, asked by the request', async () => {
    const seen: string[] = [];
    const r = await engine.judge(resolve({ language: 'python', source: ECHO, tests, stopOnFailure: true }), {
      onTest: (t) => seen.push(`${t.index}:${t.verdict}`),
    });
    expect(r.tests.map((t) => t.verdict)).toEqual(['AC', 'WA', 'SKIP', 'SKIP']);
    expect(seen).toEqual(['1:AC', '2:WA', '3:SKIP', '4:SKIP']);
    expect(r.tests[2]).toEqual({
      index: 3,
      verdict: 'SKIP',
      timeMs: 0,
      wallMs: 0,
      memoryKb: 0,
      exitCode: null,
      signal: null,
    });
    expect(r.verdict).toBe('WA');
    expect(r.score).toBe(25);
    const all = await engine.judge(resolve({ language: 'python', source: ECHO, tests }));
    expect(all.tests.map((t) => t.verdict)).toEqual(['AC', 'WA', 'AC', 'AC']);
  });

  it("follows the problem's stopOnFailure, which the request may turn off; with subtasks it skips within the failing one", async () => {
    const utf8 = new TextEncoder();
    const prepared = tests.map((t, i) => ({
      name: `0${i + 1}`,
      input: utf8.encode(t.input),
      output: utf8.encode(i === 0 ? 'x\n' : t.output),
      sample: false,
    }));
    const problem = {
      problem: {
        id: 'icpc',
        samples: [],
        stopOnFailure: true,
        subtasks: [
          { name: 'a', score: 50, tests: ['01', '02'] },
          { name: 'b', score: 50, tests: ['03', '04'] },
        ],
      },
      checker: { type: 'tokens' as const },
      tests: prepared,
    };
    const r = await engine.judge(resolve({ language: 'python', source: ECHO, problem: 'icpc' }, problem));
    expect(r.tests.map((t) => `${t.subtask}:${t.verdict}`)).toEqual(['a:WA', 'a:SKIP', 'b:AC', 'b:AC']);
    expect(r.subtasks).toEqual([
      { name: 'a', score: 0, maxScore: 50, verdict: 'WA' },
      { name: 'b', score: 50, maxScore: 50, verdict: 'AC' },
    ]);
    expect(r.score).toBe(50);
    const off = await engine.judge(
      resolve({ language: 'python', source: ECHO, problem: 'icpc', stopOnFailure: false }, problem),
    );
    expect(off.tests.map((t) => t.verdict)).toEqual(['WA', 'WA', 'AC', 'AC']);
  });
});
