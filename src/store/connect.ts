/**
 * Opening a database: a SQLite file (better-sqlite3) or a PostgreSQL URL (pg), the same Kysely
 * types for both, and the value conventions of src/store/schema.ts enforced on every result row:
 * columns ending in `_fen` are bigint, every other integer is a number.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  type QueryResult,
  type RootOperationNode,
  SqliteDialect,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import type { Dialect } from './ddl.ts';
import type { Database } from './schema.ts';

export interface Connection {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** where it points, without any password */
  readonly location: string;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export function connect(target: string): Connection {
  if (isPostgresUrl(target)) {
    const pool = new pg.Pool({
      connectionString: target,
      max: 8,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          // int8 → BigInt (the plugin turns non-money ones into numbers); numeric (sum()) stays a string
          oid === 20 ? (v: string) => BigInt(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // an idle client's error (server restart) must not crash the process
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new ValueConventions()] });
    return { dialect: 'postgres', db, location: target.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') };
  }
  if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
  const sqlite = new SqliteDatabase(target);
  sqlite.defaultSafeIntegers(true);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new ValueConventions()],
  });
  return { dialect: 'sqlite', db, location: target };
}

/** Result rows: `*_fen` → bigint (pg returns sums as strings), other bigints → number. */
export class ValueConventions implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) convertRow(row);
    return args.result;
  }
}

export function convertRow(row: UnknownRow): UnknownRow {
  for (const key in row) {
    const v = row[key];
    if (key.endsWith('_fen')) {
      if (typeof v === 'string' || typeof v === 'number') row[key] = BigInt(v);
    } else if (typeof v === 'bigint') {
      row[key] = Number(v);
    }
  }
  return row;
}
