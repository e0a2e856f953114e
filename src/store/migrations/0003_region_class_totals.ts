/**
 * Running totals by region × year × kind × 功能分类 类, kept in step with the current revisions
 * (each new current revision adds its class totals and subtracts its predecessor's): a region's
 * roll-up reads ≈ 20 rows however many units the region has.
 */
import { type Kysely, sql } from 'kysely';
import { type Dialect, FEN, notNull } from '../ddl.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('region_class_totals')
    .addColumn('region_code', 'text', notNull)
    .addColumn('year', 'integer', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('func_class', 'text', notNull)
    .addColumn('amount_fen', FEN, notNull)
    .addPrimaryKeyConstraint('region_class_totals_pk', ['region_code', 'year', 'kind', 'func_class'])
    .execute();
  // a store migrated before this table existed: build it from the current revisions
  await sql`INSERT INTO region_class_totals (region_code, year, kind, func_class, amount_fen)
    SELECT o.region_code, d.year, d.kind, t.func_class, SUM(t.amount_fen)
    FROM disclosures d JOIN organisations o ON o.code = d.org_code
    JOIN source_class_totals t ON t.revision_id = d.current_revision_id
    WHERE o.region_code IS NOT NULL
    GROUP BY o.region_code, d.year, d.kind, t.func_class`.execute(db);
}
