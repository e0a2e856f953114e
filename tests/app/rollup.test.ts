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

    it('follows a changed unit: the replaced revision no longer counts', async () => {
      const before = new Map(
        (await regionRollup(ctx, { regionCode: '明账示范区', year: 2024, kind: '预算' })).map((r) => [
          r.funcClass,
          r.amount,
        ]),
      );
      const raw = structuredClone(files[0]!.raw) as {
        lines: { func: string; fund: string; amount: string }[];
        incomes: { fund: string; amount: string; carryover?: boolean }[];
      };
      const line = raw.lines[0]!;
      line.amount = (Number(line.amount) + 1).toFixed(2);
      const income = raw.incomes.find((x) => x.fund === line.fund && !x.carryover)!;
      income.amount = (Number(income.amount) + 1).toFixed(2);
      const r = await importSource(ctx, { fileName: 'changed.json', bytes: Buffer.from(JSON.stringify(raw)) });
      expect(r.status).toBe('created');
      const after = new Map(
        (await regionRollup(ctx, { regionCode: '明账示范区', year: 2024, kind: '预算' })).map((x) => [
          x.funcClass,
          x.amount,
        ]),
      );
      const cls = line.func.slice(0, 3);
      expect(after.get(cls)).toBe(before.get(cls)! + 100n);
      for (const [k, v] of before) if (k !== cls) expect(after.get(k)).toBe(v);
    });
  });
}
