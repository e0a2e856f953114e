/**
 * The store: a migrated database behind one repository interface (src/store/repositories.ts),
 * with transactions. Dialect-neutral: callers never see SQLite or PostgreSQL differences.
 */
import { sql } from 'kysely';
import { type Connection, connect } from './connect.ts';
import type { Dialect } from './ddl.ts';
import { migrate } from './migrate.ts';
import { Repositories } from './repositories.ts';

export interface Store {
  readonly dialect: Dialect;
  readonly location: string;
  /** repositories outside any transaction (each call is its own statement) */
  readonly repos: Repositories;
  /** the Kysely instance, for queries the repositories do not offer (reads, reports) */
  readonly db: Connection['db'];
  /** run fn in one transaction: everything or nothing */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Open (and migrate) the database at a SQLite path or a postgres:// URL. */
export async function openStore(target: string): Promise<Store> {
  const conn = connect(target);
  try {
    await migrate(conn.db, conn.dialect);
  } catch (e) {
    await conn.db.destroy();
    throw e;
  }
  return {
    dialect: conn.dialect,
    location: conn.location,
    db: conn.db,
    repos: new Repositories(conn.db, conn.dialect),
    transaction:
      conn.dialect === 'sqlite'
        ? (fn) => sqliteImmediate(conn, fn)
        : (fn) => conn.db.transaction().execute((trx) => fn(new Repositories(trx, conn.dialect))),
    close: () => conn.db.destroy(),
  };
}

/**
 * SQLite transactions take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that
 * read first and writes later fails with SQLITE_BUSY when another process wrote in between, where
 * an immediate one waits (busy_timeout) and then sees the other's commit — so the optimistic
 * version check, not a lock error, decides.
 */
async function sqliteImmediate<T>(conn: Connection, fn: (repos: Repositories) => Promise<T>): Promise<T> {
  return conn.db.connection().execute(async (c) => {
    await sql`BEGIN IMMEDIATE`.execute(c);
    try {
      const result = await fn(new Repositories(c, conn.dialect));
      await sql`COMMIT`.execute(c);
      return result;
    } catch (e) {
      await sql`ROLLBACK`.execute(c).catch(() => {});
      throw e;
    }
  });
}
