import piston from 'piston-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestState, json, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

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
let client: ReturnType<typeof piston>;

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config);
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

  it('reports a compilation error in the compile stage', async () => {
    const r = (await client.execute('c', 'int main( {')) as PistonResult;
    expect(r.compile?.code).not.toBe(0);
    expect(r.compile?.output).toMatch(/error/);
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
});
