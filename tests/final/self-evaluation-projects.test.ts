/**
 * A 项目支出绩效自评表 table holding several projects (one sheet each, rows keyed "<项目>/…"):
 * the checker scores each sheet on its own, so consistent sheets raise nothing and an error in
 * one project's sheet is reported on that project only.
 */
import { describe, expect, it } from 'vitest';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { exampleRaw, generate, SCORING } from './fixture.ts';

function twoProjects() {
  const raw = exampleRaw() as unknown as { selfEvaluation: { projects: Array<Record<string, unknown>> } };
  const first = raw.selfEvaluation.projects[0] as Record<string, unknown>;
  raw.selfEvaluation.projects.push({ ...structuredClone(first), project: 'HT2023002' });
  return generate(raw);
}

const perf = (pkg: DisclosurePackage, catalogs: ReturnType<typeof generate>['catalogs']) =>
  checkPackage(pkg, loadRuleCatalogs(), { catalogs, scoring: SCORING }).filter(
    (f) => f.ruleId.includes('PERF') && f.severity !== '提示',
  );

describe('self-evaluation sheets of several projects in one table', () => {
  it('raises nothing when every sheet adds up', () => {
    const { pkg, catalogs } = twoProjects();
    const table = pkg.tables.find((t) => t.title === '项目支出绩效自评表')!;
    const funds = table.cells.filter((c) => c.row.endsWith('年度资金总额') && c.column === '得分');
    expect(funds.length).toBe(2);
    expect(perf(pkg, catalogs)).toEqual([]);
  });

  it('reports an altered 总分 on that project’s sheet only', () => {
    const { pkg, catalogs } = twoProjects();
    const table = pkg.tables.find((t) => t.title === '项目支出绩效自评表')!;
    const totals = table.cells.filter((c) => c.row.endsWith('总分') && c.column === '得分');
    expect(totals.length).toBe(2);
    const target = totals[1]!;
    const broken: DisclosurePackage = {
      ...pkg,
      tables: pkg.tables.map((t) =>
        t === table ? { ...t, cells: t.cells.map((c) => (c === target ? { ...c, text: '99.00' } : c)) } : t,
      ),
    };
    const found = perf(broken, catalogs);
    expect(found.map((f) => f.location.row)).toEqual([target.row]);
    expect(found[0]?.message).toContain('与总分 99.00 不符');
  });
});
