/**
 * Web range (0800–0999, owned by src/web and src/app/search.ts): the Chinese full-text index over
 * published tables and 说明. `search_docs` holds one row per searchable piece of a published
 * version (a table title, a table row, a text cell, a 说明 paragraph); SQLite indexes its text
 * with an FTS5 trigram table, PostgreSQL with a pg_trgm GIN index. `search_indexed` records
 * which published versions are in the index (they are immutable, so indexing happens once).
 */
import { type Kysely, sql } from 'kysely';
import { type Dialect, notNull, withId } from '../ddl.ts';

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable('search_docs')
    .$call((t) => withId(t, dialect))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('published_versions.id'))
    .addColumn('type', 'text', notNull)
    .addColumn('table_id', 'text')
    .addColumn('table_title', 'text')
    .addColumn('row_no', 'integer')
    .addColumn('col_no', 'integer')
    .addColumn('anchor', 'text')
    .addColumn('text', 'text', notNull)
    .execute();
  await s.createIndex('search_docs_version').on('search_docs').column('version_id').execute();
  await s
    .createTable('search_indexed')
    .addColumn('version_id', 'integer', (c) => c.primaryKey().references('published_versions.id'))
    .addColumn('docs', 'integer', notNull)
    .addColumn('indexed_at', 'text', notNull)
    .execute();
  if (dialect === 'sqlite') {
    // external-content FTS5 table over search_docs.text, trigram tokenizer (CJK without a segmenter)
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_docs', content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX search_docs_trgm ON search_docs USING gin (text gin_trgm_ops)`.execute(db);
  }
}
