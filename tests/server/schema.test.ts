/** The server's tables (migration 0500) equal their declared types (SERVER_COLUMNS), on both dialects. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { closeApp, openApp } from '../../src/app/context.ts';
import { SERVER_COLUMNS } from '../../src/app/server-tables.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

for (const dialect of await storeTargets()) {
  describe(`server tables (${dialect})`, () => {
    const target = withTarget(dialect);
    it('have exactly the declared columns and storage classes', async () => {
      const ctx = await openApp({ db: target.url, env: {} });
      try {
        const actual: Record<string, Record<string, string>> = {};
        for (const table of Object.keys(SERVER_COLUMNS)) {
          const rows =
            dialect === 'sqlite'
              ? (
                  await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table})`.execute(
                    ctx.store.db,
                  )
                ).rows
              : (
                  await sql<{
                    name: string;
                    type: string;
                  }>`SELECT column_name AS name, data_type AS type FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name = ${table}`.execute(ctx.store.db)
                ).rows;
          actual[table] = Object.fromEntries(
            rows.map((r) => [
              r.name,
              /^int/i.test(r.type) || r.type === 'integer' ? 'int' : /text/i.test(r.type) ? 'text' : r.type,
            ]),
          );
        }
        expect(actual).toEqual(SERVER_COLUMNS);
      } finally {
        await closeApp(ctx);
      }
    });
  });
}
