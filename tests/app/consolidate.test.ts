/**
 * 部门汇总 kept in step with its units: every unit change gives the department a new consolidated
 * revision whose package totals are exactly the units' sums; a department imported whole is left alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidateDepartment } from '../../src/app/consolidate.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { generateRevision } from '../../src/app/generate.ts';
import { importSource } from '../../src/app/ingest.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { withTarget } from '../support/pg.ts';

const total = (pkg: DisclosurePackage) =>
  pkg.tables
    .find((t) => t.title === '收支总表')!
    .cells.find((c) => c.row === '收入总计' && c.column === '收入/项目/预算数')!.value!;

describe('department consolidation (SQLite)', () => {
  const target = withTarget('sqlite');
  let ctx: AppContext;
  const units = syntheticDistrict({ departments: 1, minUnits: 2, maxUnits: 2, years: [2024] });
  beforeAll(async () => {
    ctx = await openApp({ db: target.url, env: {} });
  });
  afterAll(async () => {
    if (ctx) await closeApp(ctx);
  });

  async function unitTotals(): Promise<bigint> {
    let sum = 0n;
    for (const u of units) {
      const d = (await ctx.store.repos.findDisclosure(u.unitCode, 2024, '预算'))!;
      sum += total((await generateRevision(ctx, d.current_revision_id!)).pkg);
    }
    return sum;
  }

  it('the department’s package is exactly the sum of its units, after every unit import', async () => {
    for (const [i, u] of units.entries()) {
      const r = await importSource(ctx, { fileName: u.fileName, bytes: u.bytes() });
      expect(r.consolidation?.status).toBe('created');
      const dept = (await ctx.store.repos.findDisclosure('201', 2024, '预算'))!;
      expect(dept.consolidated).toBe(1);
      const rev = await ctx.store.repos.mustGetRevision(dept.current_revision_id!);
      expect(JSON.parse(rev.derived_from!)).toHaveLength(i + 1);
    }
    const dept = (await ctx.store.repos.findDisclosure('201', 2024, '预算'))!;
    const pkg = (await generateRevision(ctx, dept.current_revision_id!)).pkg;
    expect(pkg.unit.code).toBe('201');
    expect(total(pkg)).toBe(await unitTotals());
  });

  it('a changed unit moves the department by exactly the change; re-consolidating changes nothing', async () => {
    const dept0 = (await ctx.store.repos.findDisclosure('201', 2024, '预算'))!;
    const before = total((await generateRevision(ctx, dept0.current_revision_id!)).pkg);
    const raw = structuredClone(units[1]!.raw) as {
      lines: { amount: string; fund: string }[];
      incomes: { fund: string; amount: string; carryover?: boolean }[];
    };
    const line = raw.lines[0]!;
    line.amount = (Number(line.amount) + 500).toFixed(2);
    const income = raw.incomes.find((x) => x.fund === line.fund && !x.carryover)!;
    income.amount = (Number(income.amount) + 500).toFixed(2);
    const r = await importSource(ctx, { fileName: 'changed.json', bytes: Buffer.from(JSON.stringify(raw)) });
    expect(r.consolidation?.status).toBe('created');
    const dept = (await ctx.store.repos.findDisclosure('201', 2024, '预算'))!;
    expect(dept.version).toBe(dept0.version + 1);
    expect(total((await generateRevision(ctx, dept.current_revision_id!)).pkg)).toBe(before + 50000n);
    const again = await consolidateDepartment(ctx, { departmentCode: '201', year: 2024, kind: '预算' });
    expect(again?.status).toBe('unchanged');
    expect((await ctx.store.repos.listRevisions(dept.id)).length).toBe(units.length + 1);
  });

  it('a department imported as one whole file is not overwritten by consolidation', async () => {
    const whole = await importSource(ctx, {
      fileName: 'demo.json',
      bytes: readFileSync('examples/demo-two-units-2024-budget/source.json'),
    });
    expect(whole.subject?.level).toBe('department');
    const c = await consolidateDepartment(ctx, { departmentCode: '118', year: 2024, kind: '预算' });
    expect(c?.status).toBe('direct');
    const d = (await ctx.store.repos.findDisclosure('118', 2024, '预算'))!;
    expect(d.current_revision_id).toBe(whole.revisionId);
  });
});
