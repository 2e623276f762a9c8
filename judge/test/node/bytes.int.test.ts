import { decodeOutput, type SubmissionResult } from '@judge/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestState, json, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

// Program output is bytes, all the way through a real node: the engine, PostgreSQL (whose jsonb refuses
// NUL), the HTTP answer and the Piston endpoint. No byte a program writes may make a verdict IE, and the
// bytes come back exactly.

let node: TestNode;
const config = testConfig({ workers: 2 });

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config);
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

/** Writes the bytes of its hex source to stdout, and reversed to stderr. */
const echoBytes = (bytes: Uint8Array) => {
  const hex = Buffer.from(bytes).toString('hex');
  return `import sys\nb = bytes.fromhex('${hex}')\nsys.stdout.buffer.write(b)\nsys.stderr.buffer.write(b[::-1])\n`;
};

async function submitAndWait(body: unknown): Promise<SubmissionResult> {
  const res = await node.api('/v1/submissions?wait=true', { method: 'POST', json: body });
  expect(res.status, await res.clone().text()).toBe(200);
  return json<SubmissionResult>(res);
}

describe('program output as bytes through the node', () => {
  it('every byte 0..255, alone, comes back exactly on stdout and stderr; never IE', async () => {
    // Each test writes one byte: a lone byte >= 0x80 is invalid UTF-8, and 0 is the NUL jsonb refuses.
    const src =
      'import sys\nk = int(sys.stdin.readline())\nsys.stdout.buffer.write(bytes([k]))\nsys.stderr.buffer.write(bytes([k, k]))\n';
    for (const start of [0, 128]) {
      const tests = Array.from({ length: 128 }, (_, i) => ({ input: `${start + i}\n`, output: '' }));
      const r = await submitAndWait({ language: 'python', source: src, tests, checker: { type: 'exact' } });
      expect(r.verdict).not.toBe('IE');
      expect(r.tests).toHaveLength(128);
      const stored = await json<SubmissionResult>(await node.api(`/v1/submissions/${r.id}`));
      for (const result of [r, stored]) {
        for (const [i, t] of result.tests.entries()) {
          const k = start + i;
          // The exact checker: any byte against an empty answer is a wrong answer, never an error.
          expect(t.verdict).toBe('WA');
          expect([...decodeOutput(t.stdout!, t.encoding)]).toEqual([k]);
          expect([...decodeOutput(t.stderr!, t.encoding)]).toEqual([k, k]);
        }
      }
    }
  });

  it('random byte strings round-trip exactly through the API and PostgreSQL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const r = await submitAndWait({ language: 'python', source: echoBytes(bytes), stdin: '' });
        expect(r.verdict).toBe('AC');
        const stored = await json<SubmissionResult>(await node.api(`/v1/submissions/${r.id}`));
        for (const t of [r.tests[0]!, stored.tests[0]!]) {
          expect(Buffer.from(decodeOutput(t.stdout!, t.encoding)).equals(Buffer.from(bytes))).toBe(true);
          expect(Buffer.from(decodeOutput(t.stderr!, t.encoding)).equals(Buffer.from(bytes).reverse())).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('compiler output with raw bytes is stored and returned', async () => {
    // GCC quotes the offending bytes of a source line in its diagnostics.
    const r = await submitAndWait({
      language: 'c',
      source: 'int main(void) { return "\u0001\u00ff" + ; }\n',
      stdin: '',
    });
    expect(r.verdict).toBe('CE');
    expect(r.compile?.output.length).toBeGreaterThan(0);
  });

  it('the Piston endpoint answers NUL bytes as text, not an internal error', async () => {
    const res = await node.api('/api/v2/execute', {
      method: 'POST',
      json: { language: 'python', version: '*', files: [{ content: echoBytes(new Uint8Array([65, 0, 66])) }] },
    });
    expect(res.status).toBe(200);
    const body = await json<{ run: { stdout: string; status: string | null } }>(res);
    expect(body.run.status).toBeNull();
    expect(body.run.stdout).toBe('A\u0000B');
  });
});
