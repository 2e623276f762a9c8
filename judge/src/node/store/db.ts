import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyError } from '../errors.js';
import { withTimeout } from '../timeout.js';

/** Something SQL runs on: the database or one transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * The node's database: PostgreSQL through `pg` or an embedded PGlite. Both
 * run the same SQL; JSON goes in as text cast to jsonb, counts are cast to int.
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string;
  /**
   * The same database for writes whose loss in a crash of the database
   * server is harmless, because a later write supersedes them (a
   * submission's progress: the final result rewrites it whole). Their commit
   * does not wait for the disk (`synchronous_commit = off`): a fraction of
   * a millisecond instead of a flush. Never for anything a client is told
   * is stored.
   */
  readonly relaxed: Queryable;
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Throws DependencyError when the database cannot be reached. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… ; absent: PGlite in `dataDir`. */
  url?: string;
  dataDir: string;
  /** @defaultValue public */
  schema?: string;
  /** Pool size for PostgreSQL. @defaultValue 10 */
  poolSize?: number;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

function unavailable(e: unknown): DependencyError {
  return new DependencyError('database', `the database is unavailable: ${(e as Error).message ?? String(e)}`);
}

/** `Db.ping` over a trivial query: DependencyError when it fails or takes too long. */
function pinger(query: () => Promise<unknown>): (timeoutMs?: number) => Promise<void> {
  return async (timeoutMs = 2000) => {
    try {
      await withTimeout(query(), timeoutMs, 'database ping');
    } catch (e) {
      throw unavailable(e);
    }
  };
}

/** Errors of reaching the server, as opposed to errors of the SQL itself. */
function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (!err || typeof err !== 'object') return false;
  if (
    err.code &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|57P0[1-3]|08\d\d\d)$/.test(err.code)
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message ?? '',
  );
}

async function openPostgres(url: string, schema: string, poolSize: number): Promise<Db> {
  const { default: pg } = await import('pg');
  // The schema is created before the pool sets it as the search path.
  const setup = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await setup.connect();
    // Nodes starting together would race on the catalogue: one at a time.
    await setup.query('select pg_advisory_lock(hashtext($1))', [`judge-schema:${schema}`]);
    await setup.query(`create schema if not exists ${quoteIdent(schema)}`);
    await setup.query('select pg_advisory_unlock(hashtext($1))', [`judge-schema:${schema}`]);
  } catch (e) {
    throw unavailable(e);
  } finally {
    await setup.end().catch(() => {});
  }
  const newPool = (max: number, settings: string) => {
    const p = new pg.Pool({
      connectionString: url,
      max,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      options: `-c search_path=${schema}${settings}`,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    p.on('error', () => {});
    return p;
  };
  const pool = newPool(poolSize, '');
  const relaxedPool = newPool(Math.max(2, Math.ceil(poolSize / 2)), ' -c synchronous_commit=off');
  const run = async <R>(q: { query: typeof pool.query }, sql: string, params?: unknown[]): Promise<R[]> => {
    try {
      const res = await q.query(sql, params as unknown[]);
      return res.rows as R[];
    } catch (e) {
      throw isConnectionError(e) ? unavailable(e) : e;
    }
  };
  return {
    kind: 'postgres',
    schema,
    query: (sql, params) => run(pool, sql, params),
    relaxed: { query: (sql, params) => run(relaxedPool, sql, params) },
    async tx(fn) {
      let client: import('pg').PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw unavailable(e);
      }
      let broken = false;
      try {
        await client.query('begin');
        const out = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => {
          broken = true;
        });
        throw isConnectionError(e) ? unavailable(e) : e;
      } finally {
        client.release(broken);
      }
    },
    ping: pinger(() => pool.query('select 1')),
    close: async () => {
      await Promise.all([pool.end(), relaxedPool.end()]);
    },
  };
}

async function openPglite(dataDir: string, schema: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  await db.exec(`create schema if not exists ${quoteIdent(schema)}; set search_path to ${quoteIdent(schema)};`);
  const query = async <R>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as R[];
  return {
    kind: 'pglite',
    schema,
    query,
    // One process's embedded database: every commit is as durable as the process that owns it.
    relaxed: { query },
    // PGlite is one connection: its transaction() serialises with other queries.
    tx: (fn) =>
      db.transaction((t) => fn({ query: async (sql, params) => (await t.query(sql, params)).rows as never[] })),
    ping: pinger(() => db.query('select 1')),
    close: () => db.close(),
  };
}

/** PostgreSQL when a URL is given, else the embedded PGlite. */
export function openDb(opts: OpenDbOptions): Promise<Db> {
  const schema = opts.schema ?? 'public';
  return opts.url ? openPostgres(opts.url, schema, opts.poolSize ?? 10) : openPglite(opts.dataDir, schema);
}
