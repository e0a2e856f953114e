import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { importSource } from '../../src/app/ingest.ts';
import { regionRollup } from '../../src/app/rollup.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

for (const dialect of await storeTargets()) {
  describe(`region roll-up by 功能分类 类 on ${dialect}`, () => {
    const target = withTarget(dialect);
    let ctx: AppContext;
    const files = syntheticDistrict({ departments: 2, minUnits: 1, maxUnits: 1, years: [2024] });
    beforeAll(async () => {
      ctx = await openApp({ db: target.url, env: {} });
      for (const f of files) await importSource(ctx, { fileName: f.fileName, bytes: f.bytes() });
    });
    afterAll(async () => {
      if (ctx) await closeApp(ctx);
    });

    it('equals the sum of every unit’s current line items, once (consolidations do not count twice)', async () => {
      const rows = await regionRollup(ctx, { regionCode: '明账示范区', year: 2024, kind: '预算' });
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.find((r) => r.funcClass === '205')?.name).toBe('教育支出');
      const expected = new Map<string, bigint>();
      for (const f of files) {
        const d = (await ctx.store.repos.findDisclosure(f.unitCode, 2024, '预算'))!;
        for (const l of await ctx.store.repos.linesOf(d.current_revision_id!)) {
          expected.set(l.func.slice(0, 3), (expected.get(l.func.slice(0, 3)) ?? 0n) + l.amount_fen);
        }
      }
      expect(new Map(rows.map((r) => [r.funcClass, r.amount]))).toEqual(expected);
      expect(typeof rows[0]!.amount).toBe('bigint');
      expect(await regionRollup(ctx, { regionCode: '明账示范区', year: 2023, kind: '预算' })).toEqual([]);
    });
  });
}
