/**
 * A region's roll-up by 功能分类 类 for one year: Σ over the current revision of every disclosure
 * of the region (units and whole-department imports; consolidated department revisions carry no
 * line items, so nothing counts twice) — read from the per-revision class totals.
 */
import type { AppContext } from './context.ts';

export interface RollupRow {
  /** 功能分类 类 code, e.g. 205 */
  funcClass: string;
  /** its name from the catalogs, when known */
  name?: string;
  amount: bigint;
}

export async function regionRollup(
  ctx: AppContext,
  input: { regionCode: string; year: number; kind: '预算' | '决算' },
): Promise<RollupRow[]> {
  const rows = await ctx.store.db
    .selectFrom('disclosures as d')
    .innerJoin('organisations as o', 'o.code', 'd.org_code')
    .innerJoin('source_class_totals as t', 't.revision_id', 'd.current_revision_id')
    .select(['t.func_class', (eb) => eb.fn.sum<bigint>('t.amount_fen').as('amount_fen')])
    .where('o.region_code', '=', input.regionCode)
    .where('d.year', '=', input.year)
    .where('d.kind', '=', input.kind)
    .groupBy('t.func_class')
    .orderBy('t.func_class')
    .execute();
  return rows.map((r) => {
    const entries = ctx.catalogs.func.byCode.get(r.func_class);
    const name = entries?.[entries.length - 1]?.name;
    return { funcClass: r.func_class, ...(name ? { name } : {}), amount: r.amount_fen };
  });
}
