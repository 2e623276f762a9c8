import { createHash } from 'node:crypto';
import { JUDGE0_LANGUAGES, JUDGE0_STATUSES } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestState,
  eventually,
  json,
  memoryLog,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// Judge0's API on a real node (Redis, PostgreSQL, workers, Docker), driven with the requests of Judge0's
// documentation (docs/api/submissions and statuses_and_languages of judge0/judge0) and checked against the
// answers it documents. Its examples use language id 4, a C compiler of older Judge0 versions; Judge0 CE's C
// is 50, used here instead.

const HELLO_C =
  '#include <stdio.h>\n\nint main(void) {\n  char name[10];\n  scanf("%s", name);\n  printf("hello, %s\\n", name);\n  return 0;\n}';
const HELLO_C_B64 =
  'I2luY2x1ZGUgPHN0ZGlvLmg+CgppbnQgbWFpbih2b2lkKSB7CiAgY2hhciBuYW1lWzEwXTsKICBzY2FuZigiJXMiLCBuYW1lKTsKICBwcmludGYoImhlbGxvLCAlc1xuIiwgbmFtZSk7CiAgcmV0dXJuIDA7Cn0=';

type Judge0View = Record<string, unknown> & { token?: string; status?: { id: number; description: string } };

let node: TestNode;
const { log } = memoryLog();
const config = testConfig();

beforeAll(async () => {
  await requireServices();
  node = await startTestNode(config, { log });
});

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
});

function post(path: string, body: unknown) {
  return node.api(path, { method: 'POST', json: body });
}

/** Polls a token until Judge0 says it is done (a status past Processing). */
async function finished(token: string, query = ''): Promise<Judge0View> {
  return eventually(
    async () => {
      const v = await json<Judge0View>(await node.api(`/submissions/${token}${query}`));
      return v.status && v.status.id > 2 ? v : undefined;
    },
    60_000,
    `submission ${token}`,
  );
}

describe('statuses and languages', () => {
  it('lists the documented statuses', async () => {
    const res = await node.api('/statuses');
    expect(res.status).toBe(200);
    const statuses = await json<{ id: number; description: string }[]>(res);
    // The documented list of 13, and Exec Format Error (14) of Judge0 CE.
    expect(statuses.slice(0, 13)).toEqual([
      { id: 1, description: 'In Queue' },
      { id: 2, description: 'Processing' },
      { id: 3, description: 'Accepted' },
      { id: 4, description: 'Wrong Answer' },
      { id: 5, description: 'Time Limit Exceeded' },
      { id: 6, description: 'Compilation Error' },
      { id: 7, description: 'Runtime Error (SIGSEGV)' },
      { id: 8, description: 'Runtime Error (SIGXFSZ)' },
      { id: 9, description: 'Runtime Error (SIGFPE)' },
      { id: 10, description: 'Runtime Error (SIGABRT)' },
      { id: 11, description: 'Runtime Error (NZEC)' },
      { id: 12, description: 'Runtime Error (Other)' },
      { id: 13, description: 'Internal Error' },
    ]);
    expect(statuses).toEqual(JUDGE0_STATUSES);
  });

  it("lists every pack under Judge0's id for its language, named with its version", async () => {
    const languages = await json<{ id: number; name: string }[]>(await node.api('/languages'));
    expect(languages.map((l) => l.id).sort((a, b) => a - b)).toEqual(
      JUDGE0_LANGUAGES.map((l) => l.id).sort((a, b) => a - b),
    );
    expect(languages.find((l) => l.id === 71)?.name).toMatch(/^Python[ 3]* \(3\.\d+\.\d+\)$/);
    const one = await json<Record<string, unknown>>(await node.api('/languages/54'));
    expect(one).toMatchObject({ id: 54, is_archived: false, source_file: 'main.cpp' });
    expect((await node.api('/languages/9999')).status).toBe(404);
  });
});

describe('POST /submissions and GET /submissions/{token}', () => {
  it('creates a submission (201 with its token), then shows the default attributes once done', async () => {
    const res = await post('/submissions', { source_code: HELLO_C, language_id: 50, stdin: 'world' });
    expect(res.status).toBe(201);
    const created = await json<{ token: string }>(res);
    expect(Object.keys(created)).toEqual(['token']);
    const done = await finished(created.token);
    expect(Object.keys(done).sort()).toEqual(
      ['compile_output', 'memory', 'message', 'status', 'stderr', 'stdout', 'time', 'token'].sort(),
    );
    expect(done).toMatchObject({
      stdout: 'hello, world\n',
      stderr: null,
      token: created.token,
      compile_output: null,
      message: null,
      status: { id: 3, description: 'Accepted' },
    });
    expect(done.time).toMatch(/^\d+\.\d{3}$/);
    expect(done.memory).toEqual(expect.any(Number));
  });

  it('waits for the result with wait=true, compares expected_output (language_id as a string, as documented)', async () => {
    const body = { source_code: HELLO_C, language_id: '50', stdin: 'Judge0', expected_output: 'hello, Judge0' };
    const res = await post('/submissions?wait=true', body);
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      stdout: 'hello, Judge0\n',
      stderr: null,
      compile_output: null,
      message: null,
      status: { id: 3, description: 'Accepted' },
    });
    const wrong = await post('/submissions?wait=true', { ...body, expected_output: 'hello, world' });
    expect(await json(wrong)).toMatchObject({ status: { id: 4, description: 'Wrong Answer' } });
  });

  it('answers the documented validation errors with 422', async () => {
    const blank = await post('/submissions', { source_code: HELLO_C });
    expect(blank.status).toBe(422);
    expect(await json(blank)).toEqual({ language_id: ["can't be blank"] });
    const unknown = await post('/submissions', {
      source_code: HELLO_C,
      language_id: 150000,
      stdin: 'world',
      expected_output: 'hello, world',
    });
    expect(unknown.status).toBe(422);
    expect(await json(unknown)).toEqual({ language_id: ["language with id 150000 doesn't exist"] });
    const limits = await post('/submissions', { source_code: HELLO_C, language_id: 50, cpu_time_limit: 1000 });
    expect(await json(limits)).toEqual({ cpu_time_limit: ['must be less than or equal to 60'] });
    const options = await post('/submissions', {
      source_code: HELLO_C,
      language_id: 50,
      compiler_options: '-o /etc/x',
    });
    expect(options.status).toBe(422);
    expect(Object.keys(await json(options))).toEqual(['compiler_options']);
  });

  it('takes and gives base64 with base64_encoded=true; bytes that are not UTF-8 need it', async () => {
    // The documented request sends `input`, which Judge0 does not know and ignores: the program reads nothing.
    const docs = await post('/submissions?base64_encoded=true', {
      source_code: HELLO_C_B64,
      language_id: 50,
      input: 'SnVkZ2Uw',
    });
    expect(docs.status).toBe(201);
    const res = await post('/submissions?base64_encoded=true&wait=true', {
      source_code: HELLO_C_B64,
      language_id: 50,
      stdin: 'SnVkZ2Uw',
    });
    const done = await json<Judge0View>(res);
    expect(done.status).toEqual({ id: 3, description: 'Accepted' });
    expect(Buffer.from(String(done.stdout), 'base64').toString()).toBe('hello, Judge0\n');

    // The documented case of output that is not UTF-8, with Python 3 for Python 2's print "\xFE".
    const binary = await post('/submissions?wait=true', {
      language_id: 71,
      source_code: 'import sys\nsys.stdout.buffer.write(b"\\xfe\\x00A")\n',
    });
    expect(binary.status).toBe(201);
    const said = await json<{ token: string; error: string }>(binary);
    expect(said).toEqual({
      token: expect.any(String),
      error:
        'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter',
    });
    const plain = await node.api(`/submissions/${said.token}`);
    expect(plain.status).toBe(400);
    expect(await json(plain)).toEqual({ error: said.error });
    const exact = await json<Judge0View>(await node.api(`/submissions/${said.token}?base64_encoded=true`));
    expect(Buffer.from(String(exact.stdout), 'base64')).toEqual(Buffer.from([0xfe, 0x00, 0x41]));
  });

  it('answers the asked fields only, `*` for all, and names the fields that do not exist', async () => {
    const { token } = await json<{ token: string }>(
      await post('/submissions?wait=true&fields=token', { source_code: 'echo hi', language_id: 46 }),
    );
    const some = await json(await node.api(`/submissions/${token}?fields=stdout,stderr,status_id,language_id`));
    expect(some).toEqual({ stdout: 'hi\n', stderr: null, status_id: 3, language_id: 46 });
    const all = await json(await node.api(`/submissions/${token}?fields=*`));
    expect(all).toMatchObject({ source_code: 'echo hi', language_id: 46, token, status_id: 3, exit_code: 0 });
    const bad = await node.api(`/submissions/${token}?fields=stdout,bogus`);
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: 'invalid fields: [bogus]' });
    const missing = await node.api('/submissions/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(Object.keys(await json(missing))).toEqual(['error']);
  });

  it('maps verdicts to statuses: TLE, CE, SIGSEGV, NZEC', async () => {
    const cases: [unknown, number][] = [
      [{ language_id: 71, source_code: 'while True: pass', cpu_time_limit: 0.5 }, 5],
      [{ language_id: 50, source_code: 'int main( {' }, 6],
      [{ language_id: 50, source_code: 'int main(void){volatile int *p = 0; return *p;}' }, 7],
      [{ language_id: 71, source_code: 'import sys\nsys.exit(3)' }, 11],
    ];
    for (const [body, status] of cases) {
      const r = await json<Judge0View>(
        await post('/submissions?wait=true&fields=status,compile_output,exit_code,message', body),
      );
      expect(r.status?.id, JSON.stringify(r)).toBe(status);
      if (status === 6) expect(String(r.compile_output)).toMatch(/error/);
      if (status === 11) expect(r).toMatchObject({ exit_code: 3, message: 'Exited with error status 3' });
    }
  });

  it('passes command_line_arguments as argv, split as a shell splits words, never run by one', async () => {
    const r = await json<Judge0View>(
      await post('/submissions?wait=true', {
        language_id: 71,
        source_code: 'import sys\nprint(sys.argv[1:])',
        command_line_arguments: `a "b c" '$HOME' ;ls`,
      }),
    );
    expect(r.stdout).toBe("['a', 'b c', '$HOME', ';ls']\n");
  });
});

describe('batches', () => {
  it('creates the documented batch and reads it back by tokens', async () => {
    const res = await post('/submissions/batch', {
      submissions: [
        { language_id: 46, source_code: 'echo hello from Bash' },
        { language_id: 71, source_code: 'print("hello from Python")' },
        { language_id: 72, source_code: 'puts("hello from Ruby")' },
      ],
    });
    expect(res.status).toBe(201);
    const tokens = (await json<{ token: string }[]>(res)).map((t) => t.token);
    expect(tokens).toHaveLength(3);
    const query = `tokens=${tokens.join(',')},00000000-0000-0000-0000-000000000000&fields=token,stdout,stderr,status_id,language_id`;
    const batch = await eventually(async () => {
      const b = await json<{ submissions: (Judge0View | null)[] }>(await node.api(`/submissions/batch?${query}`));
      return b.submissions.slice(0, 3).every((s) => s?.status_id === 3) ? b : undefined;
    }, 60_000);
    expect(batch.submissions).toEqual([
      { language_id: 46, stdout: 'hello from Bash\n', status_id: 3, stderr: null, token: tokens[0] },
      { language_id: 71, stdout: 'hello from Python\n', status_id: 3, stderr: null, token: tokens[1] },
      { language_id: 72, stdout: 'hello from Ruby\n', status_id: 3, stderr: null, token: tokens[2] },
      null,
    ]);
  });

  it('answers each submission of a mixed batch on its own, as documented', async () => {
    const res = await post('/submissions/batch', {
      submissions: [
        { language_id: 46, source_code: 'echo hello from Bash' },
        { language_id: 123456789, source_code: 'print("hello from Python")' },
        { language_id: 72, source_code: '' },
      ],
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual([
      { token: expect.any(String) },
      { language_id: ["language with id 123456789 doesn't exist"] },
      { source_code: ["can't be blank"] },
    ]);
    const none = await post('/submissions/batch', { submissions: [{ language_id: 72, source_code: '' }] });
    expect(none.status).toBe(422);
    const empty = await post('/submissions/batch', { submissions: [] });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toEqual({ error: 'there should be at least one submission in a batch' });
  });

  it('judges a batch retried with the same Idempotency-Key once, each of its submissions apart', async () => {
    const body = {
      submissions: [
        { language_id: 46, source_code: 'echo same' },
        { language_id: 46, source_code: 'echo same' },
      ],
    };
    const send = () =>
      node.api('/submissions/batch', {
        method: 'POST',
        json: body,
        headers: { 'idempotency-key': `batch-${Date.now()}` },
      });
    const key = `batch-key-${Date.now()}`;
    const again = () =>
      node.api('/submissions/batch', { method: 'POST', json: body, headers: { 'idempotency-key': key } });
    const first = (await json<{ token: string }[]>(await again())).map((t) => t.token);
    const second = (await json<{ token: string }[]>(await again())).map((t) => t.token);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(2);
    const other = (await json<{ token: string }[]>(await send())).map((t) => t.token);
    expect(other).not.toContain(first[0]);
  });
});

describe('credentials', () => {
  it("takes an API key as Judge0's X-Auth-Token on Judge0's routes, and answers errors as {error}", async () => {
    const key = 'judge0-client-key-0123456789';
    const keyed = testConfig({
      apiKeys: [{ name: 'j0', sha256: createHash('sha256').update(key).digest('hex'), plan: 'standard' }],
    });
    const other = await startTestNode(keyed, { log });
    try {
      const anonymous = await other.api('/statuses');
      expect(anonymous.status).toBe(401);
      expect(Object.keys(await json(anonymous))).toEqual(['error']);
      expect((await other.api('/statuses', { headers: { 'x-auth-token': key } })).status).toBe(200);
      expect((await other.api('/statuses', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      expect((await other.api('/statuses', { headers: { 'x-auth-token': 'wrong-key-0123456789' } })).status).toBe(401);
      // Elsewhere X-Auth-Token means nothing.
      expect((await other.api('/v1/languages', { headers: { 'x-auth-token': key } })).status).toBe(401);
    } finally {
      await other.close();
      await dropTestState(keyed);
    }
  });
});
