/**
 * The schema the migrations build equals the schema the code declares (src/store/schema.ts), on
 * both dialects. tsc keeps COLUMNS equal to the Kysely interfaces, so a column added to the types
 * without a migration — or a migration that changes a declared table without the types — fails
 * here. Migrations are forward only.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationNames } from '../../src/store/migrate.ts';
import { COLUMNS, type ColumnKind } from '../../src/store/schema.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

type Actual = Record<string, Record<string, ColumnKind | string>>;

async function actualSchema(store: Store): Promise<Actual> {
  const out: Actual = {};
  if (store.dialect === 'sqlite') {
    for (const table of Object.keys(COLUMNS)) {
      const cols = await sql<{
        name: string;
        type: string;
      }>`SELECT name, type FROM pragma_table_info(${table})`.execute(store.db);
      if (cols.rows.length === 0) continue;
      out[table] = Object.fromEntries(cols.rows.map((c) => [c.name, sqliteKind(c.type)]));
    }
    return out;
  }
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`.execute(
    store.db,
  );
  for (const c of cols.rows) {
    if (!(c.table_name in COLUMNS)) continue;
    out[c.table_name] ??= {};
    out[c.table_name]![c.column_name] = pgKind(c.data_type);
  }
  return out;
}

function sqliteKind(type: string): ColumnKind | string {
  const t = type.toLowerCase();
  return t === 'integer' ? 'int' : t === 'bigint' ? 'fen' : t === 'text' ? 'text' : t === 'blob' ? 'blob' : t;
}

function pgKind(type: string): ColumnKind | string {
  return type === 'integer'
    ? 'int'
    : type === 'bigint'
      ? 'fen'
      : type === 'text'
        ? 'text'
        : type === 'bytea'
          ? 'blob'
          : type;
}

describe('migration files', () => {
  it('are numbered NNNN_name, unique by number, in the ranges of docs/architecture.md', () => {
    const names = migrationNames();
    expect(names[0]).toBe('0001_initial');
    const numbers = names.map((n) => Number(n.slice(0, 4)));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toBeLessThan(1000);
  });
});

for (const dialect of await storeTargets()) {
  describe(`schema on ${dialect}`, () => {
    const target = withTarget(dialect);
    let store: Store;
    beforeAll(async () => {
      store = await openStore(target.url);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('has exactly the declared tables and columns with their storage classes', async () => {
      const actual = await actualSchema(store);
      const expected = Object.fromEntries(
        Object.entries(COLUMNS).map(([t, cols]) => [t, Object.fromEntries(Object.entries(cols))]),
      );
      expect(actual).toEqual(expected);
    });

    it('re-opening runs no migration twice', async () => {
      expect(await migrate(store.db, store.dialect)).toEqual([]);
      const rows = await store.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual(migrationNames());
    });

    it('a migration that changes a declared table without the types fails the comparison', async () => {
      const url = await target.fresh();
      const other = await openStore(url);
      try {
        await sql`ALTER TABLE disclosures ADD COLUMN sneaky text`.execute(other.db);
        const actual = await actualSchema(other);
        expect(actual.disclosures).toHaveProperty('sneaky');
        expect(Object.keys(actual.disclosures!)).not.toEqual(Object.keys(COLUMNS.disclosures));
      } finally {
        await other.close();
      }
    });

    it('refuses to open a database migrated by newer code', async () => {
      const url = await target.fresh();
      const s = await openStore(url);
      await s.db.insertInto('schema_migrations').values({ name: '0499_from_the_future', applied_at: 'x' }).execute();
      await s.close();
      await expect(openStore(url)).rejects.toThrow(/0499_from_the_future/);
    });
  });
}
