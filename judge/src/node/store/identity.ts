import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';

/** Which store a node keeps its records in: an id made once per database and schema, and a name for people. */
export interface StoreIdentity {
  /** Created with the schema, so every node on the same database and schema reads the same. */
  id: string;
  kind: Db['kind'];
  /** Where it is, without credentials: `PostgreSQL 127.0.0.1:5432/judge, schema public`. */
  label: string;
}

/** A database URL without its credentials. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/** The store's identity, made on first use (after migrations). */
export async function storeIdentity(db: Db, where: { url?: string; dataDir: string }): Promise<StoreIdentity> {
  await db.query('insert into store_identity (id) values ($1) on conflict do nothing', [randomUUID()]);
  const rows = await db.query<{ id: string }>('select id from store_identity');
  const id = rows[0]?.id;
  if (!id) throw new Error('the store has no identity row after creating it');
  const label =
    db.kind === 'postgres' && where.url
      ? `PostgreSQL ${describePostgres(where.url)}, schema ${db.schema}`
      : `PGlite in ${where.dataDir}, schema ${db.schema}`;
  return { id, kind: db.kind, label };
}
