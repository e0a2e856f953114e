/**
 * Helpers for migrations: the few column types whose spelling differs between SQLite and
 * PostgreSQL. A migration module exports `up(db, dialect)`; see src/store/migrate.ts.
 */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** What a migration file exports. */
export interface MigrationModule {
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not the current types
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** An auto-incrementing integer primary key `id`. */
export function withId<T extends string>(
  t: CreateTableBuilder<T, never>,
  dialect: Dialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Money in fen: bigint in both (SQLite gives it INTEGER affinity). */
export const FEN = 'bigint' as const;

export function blobType(dialect: Dialect) {
  return dialect === 'postgres' ? ('bytea' as const) : ('blob' as const);
}

export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

/**
 * Make a table refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) in the database itself.
 * The message is what a caller sees when the refusal surfaces.
 */
// biome-ignore lint/suspicious/noExplicitAny: see MigrationModule
export async function makeImmutable(db: Kysely<any>, dialect: Dialect, table: string, what: string): Promise<void> {
  const message = `${what}不可修改或删除（${table}）`;
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION mz_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION mz_refuse_change('${message}')`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION mz_refuse_change('${message}')`,
    )
    .execute(db);
}
