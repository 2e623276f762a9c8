import type { Db } from './db.js';

/** Schema changes in order; never edit one that has shipped, add the next. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'submissions and problems',
    sql: `
      create table submissions (
        id text primary key,
        status text not null,
        language text not null,
        problem text,
        request jsonb not null,
        verdict text,
        score double precision,
        compile jsonb,
        subtasks jsonb,
        time_ms double precision,
        memory_kb double precision,
        error text,
        attempt integer not null default 0,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      create index submissions_unfinished on submissions (created_at) where status <> 'done';
      create table submission_tests (
        submission_id text not null references submissions (id) on delete cascade,
        idx integer not null,
        attempt integer not null,
        result jsonb not null,
        primary key (submission_id, idx)
      );
      create table problems (
        id text primary key,
        spec jsonb not null,
        checker jsonb not null,
        version integer not null default 1,
        test_count integer not null,
        updated_at timestamptz not null default now()
      );
      create table problem_tests (
        problem_id text not null references problems (id) on delete cascade,
        ord integer not null,
        name text not null,
        input bytea not null,
        output bytea not null,
        sample boolean not null,
        primary key (problem_id, ord)
      );
    `,
  },
  {
    version: 2,
    name: 'store identity',
    sql: `
      create table store_identity (
        singleton boolean primary key default true check (singleton),
        id text not null,
        created_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 3,
    name: 'the API a submission came by',
    sql: `
      alter table submissions add column if not exists api text not null default 'v1';
    `,
  },
  {
    version: 4,
    name: 'applied limits and calibration',
    sql: 'alter table submissions add column if not exists limits jsonb; alter table submissions add column if not exists calibration jsonb',
  },
];

/**
 * Brings the schema up to date. Nodes starting together take turns on an
 * advisory lock keyed by the schema name.
 */
export async function migrate(db: Db): Promise<number[]> {
  return db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock(hashtext($1))', [`judge-migrations:${db.schema}`]);
    await q.query(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await q.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql.split(';').map((s) => s.trim())) {
        if (statement) await q.query(statement);
      }
      await q.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
