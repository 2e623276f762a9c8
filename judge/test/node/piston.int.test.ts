import { IDEMPOTENCY_KEY_MAX } from '@judge/contract';
import piston from 'piston-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestState,
  json,
  memoryLog,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// The Piston-compatible endpoints, driven by the piston-client npm package as an outside client would
// (it posts JSON as text/plain and picks the newest version from /api/v2/runtimes).

interface Stage {
  stdout: string;
  stderr: string;
  output: string;
  code: number | null;
  signal: string | null;
}
interface PistonResult {
  language: string;
  version: string;
  run: Stage;
  compile?: Stage;
  message?: string;
}

let node: TestNode;
const config = testConfig();
const { log, lines } = memoryLog();
let client: ReturnType<typeof piston>;

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config, { log });
  client = piston({ server: node.url });
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

describe('piston-client against the node', () => {
  it('lists runtimes with Piston-style numeric versions', async () => {
    const runtimes = (await client.runtimes()) as { language: string; version: string; aliases: string[] }[];
    const python = runtimes.find((r) => r.language === 'python');
    expect(python?.version).toMatch(/^\d+(\.\d+)+$/);
    expect(python?.aliases).toContain('py');
    expect(runtimes.map((r) => r.language)).toEqual(expect.arrayContaining(['c', 'cpp', 'java', 'javascript']));
  });

  it('executes an interpreted program with stdin', async () => {
    const r = (await client.execute('python', 'import sys\nprint(sys.stdin.read().upper())', {
      stdin: 'hello',
    })) as PistonResult;
    expect(r, JSON.stringify(r)).toHaveProperty('language', 'python');
    expect(r.run).toMatchObject({ stdout: 'HELLO\n', stderr: '', output: 'HELLO\n', code: 0, signal: null });
    expect(r.compile).toBeUndefined();
  });

  it('executes a compiled program: compile stage, exit code, stderr', async () => {
    const r = (await client.execute(
      'cpp',
      '#include <cstdio>\nint main(){std::puts("out");std::fputs("err\\n", stderr);return 3;}\n',
    )) as PistonResult;
    expect(r.compile?.code).toBe(0);
    expect(r.run).toMatchObject({ stdout: 'out\n', stderr: 'err\n', code: 3, signal: null });
  });

  it('reports a compilation error in the compile stage, with no run stage (the program never ran)', async () => {
    const r = (await client.execute('c', 'int main( {')) as PistonResult;
    expect(r.compile?.code).not.toBe(0);
    expect(r.compile?.output).toMatch(/error/);
    expect(r).not.toHaveProperty('run');
  });

  it('runs the first file as the program, with the other files beside it', async () => {
    const py = (await client.execute({
      language: 'python',
      files: [
        { name: 'solution.py', content: 'import helper\nprint(helper.shout(input()))\n' },
        { name: 'helper.py', content: 'def shout(s):\n    return s.upper() + "!"\n' },
      ],
      stdin: 'hi',
    })) as PistonResult;
    expect(py.run).toMatchObject({ stdout: 'HI!\n', code: 0 });
    const cpp = (await client.execute({
      language: 'cpp',
      files: [
        {
          name: 'main.cpp',
          content: '#include <cstdio>\n#include "twice.h"\nint main(){std::printf("%d\\n", twice(21));}\n',
        },
        { name: 'twice.h', content: 'int twice(int);\n' },
        { name: 'twice.cpp', content: '#include "twice.h"\nint twice(int x){return 2*x;}\n' },
      ],
    })) as PistonResult;
    expect(cpp.compile?.code, cpp.compile?.output).toBe(0);
    expect(cpp.run.stdout).toBe('42\n');
  });

  it('gives the program its args as argv, never through a shell', async () => {
    const r = (await client.execute('python', 'import sys\nprint(sys.argv[1:])\n', {
      args: ['two words', '$HOME', '*'],
    })) as PistonResult;
    expect(r.run.stdout).toBe("['two words', '$HOME', '*']\n");
  });

  it('refuses a file in a directory, or a second file without a name, naming it', async () => {
    const post = (files: unknown) =>
      node.api('/api/v2/execute', { method: 'POST', json: { language: 'python', version: '*', files } });
    const dir = await post([{ content: 'print(1)' }, { name: 'lib/x.py', content: '' }]);
    expect(dir.status).toBe(400);
    expect(((await json(dir)) as { message: string }).message).toMatch(/^files\[1\]\.name: .*no directories/);
    const nameless = await post([{ content: 'print(1)' }, { content: '' }]);
    expect(((await json(nameless)) as { message: string }).message).toBe(
      'files[1].name is needed for every file but the first',
    );
    const clash = await post([{ content: 'print(1)' }, { name: 'main.py', content: '' }]);
    expect(((await json(clash)) as { message: string }).message).toBe(
      'files[1].name: main.py is the main source of python: give it as source',
    );
  });

  it('reports a killed program with its signal name', async () => {
    const r = (await client.execute(
      'python',
      'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n',
    )) as PistonResult;
    expect(r.run.signal).toBe('SIGKILL');
    expect(r.run.code).toBeNull();
  });

  it('answers an unknown runtime with a Piston-style 400 message', async () => {
    const r = (await client.execute({
      language: 'cobol',
      version: '1.0.0',
      files: [{ content: 'x' }],
    })) as PistonResult;
    expect(r.message).toBe('cobol-1.0.0 runtime is unknown');
    const res = await node.api('/api/v2/execute', { method: 'POST', json: { language: 'python' } });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['message']);
  });

  it('judges an execution retried with the same Idempotency-Key once, like a submission', async () => {
    const key = `exec-${Date.now()}`;
    const body = { language: 'python', version: '*', files: [{ content: 'print(input()[::-1])' }], stdin: 'once' };
    const post = (b: unknown, k: string | null = key) =>
      node.api('/api/v2/execute', {
        method: 'POST',
        json: b,
        headers: k === null ? {} : { 'idempotency-key': k },
      });
    // Two at once (an edge retry racing its first try), then one after the first finished.
    const answers = [...(await Promise.all([post(body), post(body)])), await post(body)];
    const ids = answers.map((r) => r.headers.get('x-judge-submission'));
    expect(ids[0]).toBeTruthy();
    expect(new Set(ids).size).toBe(1);
    for (const r of answers) {
      expect(r.status).toBe(200);
      expect(((await json(r)) as unknown as PistonResult).run.stdout).toBe('ecno\n');
    }
    const judged = lines.filter((l) => l.msg === 'submission' && l.id === ids[0] && l.status === 'done');
    expect(judged).toHaveLength(1);

    // Another key, or none, is another execution; a key past the contract's longest is refused, Piston-style.
    const other = await post(body, `${key}-other`);
    expect(other.headers.get('x-judge-submission')).not.toBe(ids[0]);
    const none = await post(body, null);
    expect(none.headers.get('x-judge-submission')).not.toBe(ids[0]);
    const bad = await post(body, 'k'.repeat(IDEMPOTENCY_KEY_MAX + 1));
    expect(bad.status).toBe(400);
    expect(Object.keys(await json(bad))).toEqual(['message']);
  });
});
