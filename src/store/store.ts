/**
 * The store: a migrated database behind one repository interface (src/store/repositories.ts),
 * with transactions. Dialect-neutral: callers never see SQLite or PostgreSQL differences.
 */
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
    transaction: (fn) => conn.db.transaction().execute((trx) => fn(new Repositories(trx, conn.dialect))),
    close: () => conn.db.destroy(),
  };
}
