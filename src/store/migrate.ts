/**
 * Forward-only migrations: every `NNNN_name.ts` in src/store/migrations, in name order, each in
 * its own transaction, recorded in schema_migrations. A recorded migration whose file is gone
 * stops the open: the database is newer than this code.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Dialect, MigrationModule } from './ddl.ts';
import type { Database } from './schema.ts';

const MIGRATION_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// .ts under src/, .js once compiled to build/ (scripts/build.mjs)
const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.(ts|js)$/;
const MODULE_EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

export function migrationNames(dir = MIGRATION_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .filter((n, i, all) => all.indexOf(n) === i)
    .sort();
}

export async function migrate(db: Kysely<Database>, dialect: Dialect, dir = MIGRATION_DIR): Promise<string[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const names = migrationNames(dir);
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    // one migrator at a time per PostgreSQL database (several servers may start together)
    if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(72210001)`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
    const unknown = [...done].filter((n) => !names.includes(n));
    if (unknown.length > 0) {
      throw new Error(
        `数据库的结构版本比本程序新（数据库已执行迁移 ${unknown.join('、')}，本程序没有），请升级明账后再打开`,
      );
    }
    for (const name of names) {
      if (done.has(name)) continue;
      const mod = (await import(pathToFileURL(`${dir}/${name}.${MODULE_EXT}`).href)) as MigrationModule;
      // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then
      await mod.up(trx as unknown as Kysely<any>, dialect);
      await trx.insertInto('schema_migrations').values({ name, applied_at: new Date().toISOString() }).execute();
      applied.push(name);
    }
  });
  return applied;
}
