/**
 * Per-revision totals by 功能分类 类 (the first three digits of the 功能分类 code), written with
 * the revision's line items: a region's roll-up by 类 reads these (≈ 15 rows per unit) instead of
 * every line item.
 */
import type { Kysely } from 'kysely';
import { type Dialect, FEN, notNull } from '../ddl.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('source_class_totals')
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('source_revisions.id'))
    .addColumn('func_class', 'text', notNull)
    .addColumn('amount_fen', FEN, notNull)
    .addPrimaryKeyConstraint('source_class_totals_pk', ['revision_id', 'func_class'])
    .execute();
  // roll-ups join the current revisions of a year's disclosures
  await db.schema.createIndex('disclosures_year_kind').on('disclosures').columns(['year', 'kind']).execute();
}
