/**
 * A region's roll-up by 功能分类 类 for one year: Σ over the current revision of every disclosure
 * of the region (units and whole-department imports; consolidated department revisions carry no
 * line items, so nothing counts twice) — read from the running region totals that every new
 * current revision updates (src/app/ingest.ts), so the cost does not grow with the units.
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
    .selectFrom('region_class_totals')
    .select(['func_class', 'amount_fen'])
    .where('region_code', '=', input.regionCode)
    .where('year', '=', input.year)
    .where('kind', '=', input.kind)
    .where('amount_fen', '!=', 0n)
    .orderBy('func_class')
    .execute();
  return rows.map((r) => {
    const entries = ctx.catalogs.func.byCode.get(r.func_class);
    const name = entries?.[entries.length - 1]?.name;
    return { funcClass: r.func_class, ...(name ? { name } : {}), amount: r.amount_fen };
  });
}
