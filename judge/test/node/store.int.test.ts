import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProblemUploadSchema, type TestResult } from '@judge/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS, migrate, openDb } from '../../src/node/store/index.js';
import { ProblemStore } from '../../src/node/store/problems.js';
import { SubmissionStore } from '../../src/node/store/submissions.js';
import { PG_URL, requireServices } from './helpers.js';

// One schema and one code path for both databases: every case runs on real
// PostgreSQL and on the embedded PGlite.

const test = (index: number, verdict: TestResult['verdict'] = 'AC'): TestResult => ({
  index,
  verdict,
  timeMs: 1,
  wallMs: 2,
  memoryKb: 100,
  exitCode: 0,
  signal: null,
  stdout: `out ${index}`,
});

const kinds = [
  {
    kind: 'postgres',
    open: (schema: string) => openDb({ url: PG_URL, dataDir: tmpdir(), schema }),
  },
  {
    kind: 'pglite',
    open: (schema: string) => openDb({ dataDir: mkdtempSync(join(tmpdir(), 'judge-pglite-')), schema }),
  },
] as const;

describe.each(kinds)('store on $kind', ({ kind, open }) => {
  const schema = `store_${kind}_${Date.now()}`;
  let db: Db;
  let subs: SubmissionStore;
  let problems: ProblemStore;

  beforeAll(async () => {
    if (kind === 'postgres') await requireServices();
    db = await open(schema);
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    subs = new SubmissionStore(db);
    problems = new ProblemStore(db);
  });

  afterAll(async () => {
    await db?.close();
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  });

  it('migrates once: a second run applies nothing', async () => {
    expect(db.kind).toBe(kind);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(rows[0]!.n).toBe(MIGRATIONS.length);
  });

  it('stores a submission as queued and reads it back in the result shape', async () => {
    const created = await subs.create({
      id: 's1',
      language: 'python',
      request: { language: 'py', source: 'print(1)' },
    });
    expect(created).toMatchObject({ id: 's1', status: 'queued', language: 'python', tests: [] });
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
    expect(await subs.get('s1')).toEqual(created);
    expect(await subs.get('nope')).toBeUndefined();
  });

  it('fences writes by attempt: a stale attempt changes nothing, the result is written once', async () => {
    await subs.create({
      id: 's2',
      language: 'cpp',
      request: { language: 'cpp', source: 'x', tests: [{ input: '1' }] },
    });
    const first = await subs.claim('s2');
    expect(first).toMatchObject({ attempt: 1, language: 'cpp', request: { source: 'x' } });
    expect(await subs.progress('s2', 1, { status: 'running', tests: [test(1)] })).toBe(true);
    expect(await subs.get('s2')).toMatchObject({ status: 'running', tests: [{ index: 1, verdict: 'AC' }] });

    // The job is taken up again (its worker was taken for dead): attempt 2 starts clean.
    const second = await subs.claim('s2');
    expect(second?.attempt).toBe(2);
    expect((await subs.get('s2'))?.tests).toEqual([]);
    expect(await subs.progress('s2', 1, { status: 'compiling', tests: [test(1, 'WA')] })).toBe(false);
    expect(await subs.get('s2')).toMatchObject({ status: 'queued', tests: [] });
    const compile = { exitCode: 0, output: '', timeMs: 5, cached: false };
    expect(await subs.progress('s2', 2, { status: 'compiling', compile })).toBe(true);
    expect(await subs.progress('s2', 2, { status: 'running', tests: [test(1)] })).toBe(true);
    expect(await subs.get('s2')).toMatchObject({ status: 'running', compile, tests: [{ index: 1 }] });

    const limits = { timeMs: 1000, memoryMb: 64, outputKb: 64 };
    const outcome = {
      verdict: 'WA' as const,
      score: 50,
      tests: [test(1), test(2, 'WA')],
      timeMs: 1,
      memoryKb: 100,
      limits,
    };
    expect(await subs.finish('s2', 1, outcome)).toBeUndefined();
    const stored = await subs.finish('s2', 2, outcome);
    expect(await subs.finish('s2', 2, { ...outcome, verdict: 'AC', score: 100 })).toBeUndefined();
    expect(await subs.finish('s2', null, { ...outcome, verdict: 'IE' })).toBeUndefined();
    expect(await subs.claim('s2')).toBeUndefined();

    const done = await subs.get('s2');
    // What finish gives back is the stored result, as a read gives it.
    expect(stored).toEqual(done);
    expect(done?.limits).toEqual(limits);
    expect(done).toMatchObject({ status: 'done', verdict: 'WA', score: 50, timeMs: 1, memoryKb: 100 });
    expect(done?.tests.map((t) => [t.index, t.verdict])).toEqual([
      [1, 'AC'],
      [2, 'WA'],
    ]);
    expect(done?.finishedAt).toBeDefined();
  });

  it('lists unfinished submissions past the grace time for the sweeper', async () => {
    await subs.create({ id: 's3', language: 'c', request: { language: 'c', source: 'x' } });
    const ids = (await subs.unfinished(0)).map((s) => s.id);
    expect(ids).toContain('s3');
    expect(ids).not.toContain('s2');
    expect((await subs.unfinished(60_000)).map((s) => s.id)).not.toContain('s3');
  });

  it('keeps problems with their tests (binary safe) and serves a new version after an upload', async () => {
    const upload = ProblemUploadSchema.parse({
      problem: { id: 'sum', title: 'Sum', samples: ['01'], limits: { timeMs: 500 } },
      tests: [
        { name: '01', input: '1 2\n', output: '3\n' },
        { name: '02', input: Buffer.from([0, 255, 1]).toString('base64'), output: 'AA==', encoding: 'base64' },
      ],
    });
    expect(await problems.put(upload)).toBe(1);
    expect(await problems.info('sum')).toEqual({
      id: 'sum',
      title: 'Sum',
      limits: { timeMs: 500 },
      checker: { type: 'tokens' },
      tests: 2,
      samples: ['01'],
    });
    const resolved = await problems.resolve('sum');
    expect(resolved?.tests.map((t) => [t.name, t.sample])).toEqual([
      ['01', true],
      ['02', false],
    ]);
    expect([...resolved!.tests[1]!.input]).toEqual([0, 255, 1]);
    expect([...resolved!.tests[1]!.output!]).toEqual([0]);

    const v2 = ProblemUploadSchema.parse({ problem: { id: 'sum' }, tests: [{ name: 'a', input: '', output: 'x' }] });
    expect(await problems.put(v2)).toBe(2);
    expect((await problems.resolve('sum'))?.tests.map((t) => t.name)).toEqual(['a']);
    expect((await problems.list()).map((p) => p.id)).toEqual(['sum']);
  });

  it('rejects an upload whose samples and subtasks name missing tests, listing each', () => {
    const r = ProblemUploadSchema.safeParse({
      problem: { id: 'bad', samples: ['09'], subtasks: [{ name: 'a', score: 100, tests: ['01', '08'] }] },
      tests: [
        { name: '01', input: '', output: '' },
        { name: '01', input: '', output: '' },
        { name: '02', input: '', output: '' },
      ],
    });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'duplicate test "01"',
        'no test "09"',
        'no test "08"',
        'test "02" belongs to no subtask',
      ]),
    );
  });
});

describe('migrations on PostgreSQL', () => {
  it('let nodes starting together migrate one at a time', async () => {
    await requireServices();
    const schema = `store_race_${Date.now()}`;
    const dbs = await Promise.all([0, 1, 2].map(() => openDb({ url: PG_URL, dataDir: tmpdir(), schema })));
    try {
      const applied = await Promise.all(dbs.map((d) => migrate(d)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  });
});
