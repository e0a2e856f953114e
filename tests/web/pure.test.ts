/** The web layer's pure parts on the bundled examples: chart figures, comparisons, escaping, CSV safety. */
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/app/build.ts';
import { formatWan } from '../../src/core/money/amount.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { basicProject, chartsFor, functionalTable, functionalTree, sangong } from '../../src/web/chart-data.ts';
import { chartCsv, chartTable, neutraliseFormula } from '../../src/web/charts.ts';
import { comparePeers, compareYears, staffCount } from '../../src/web/compare.ts';
import { html, raw } from '../../src/web/html.ts';
import { EXAMPLES } from './support/fixture.ts';

async function pkgOf(name: string): Promise<DisclosurePackage> {
  const l = await loadSourceFile(`${EXAMPLES}/${name}/source.json`);
  return buildPackage(l.data!, l.catalogs).pkg;
}

const budget = await pkgOf('demo-two-units-2024-budget');
const final = await pkgOf('hetang-zfb-2023-final');

describe('chart figures', () => {
  it('the 功能分类 tree sums to the functional table’s total row, exactly, in both kinds', () => {
    for (const pkg of [budget, final]) {
      const t = functionalTable(pkg)!;
      const total = t.rows.find((r) => r.kind === 'total')!;
      const col = t.columns.findIndex((c) => c.role === 'amount');
      const tree = functionalTree(pkg)!;
      expect(tree.reduce((n, r) => n + (r.values[0] ?? 0n), 0n)).toBe(total.values[col]);
      for (const cls of tree) expect(cls.children!.reduce((n, k) => n + (k.values[0] ?? 0n), 0n)).toBe(cls.values[0]);
    }
  });

  it('基本 + 项目 and 三公 come from the printed totals', () => {
    const [basic, project] = basicProject(budget)!;
    expect(formatWan(basic!.values[0]!)).toBe('819.83');
    expect(formatWan(project!.values[0]!)).toBe('812.92');
    expect(sangong(budget)!.map((v) => formatWan(v!))).toEqual(['3.80', '25.58', '4.04']);
    // a 决算 table prints 预算数 and 决算数: the chart uses the outturn
    const t = final.tables.find((x) => /三公/.test(x.title))!;
    const outturn = t.columns.findIndex((c) => c.path[0] === '决算数' && /接待/.test(c.path.at(-1)!));
    expect(sangong(final)![2]).toBe(t.rows[0]!.values[outturn]);
  });

  it('every chart has a data table whose figures are the exact 万元 text, and a formula-safe CSV', () => {
    const charts = chartsFor(budget);
    expect(charts.map((c) => c.id)).toEqual(['functional', 'basic-project', 'economic', 'sangong']);
    for (const c of charts) {
      const t = chartTable(c);
      expect(t.rows.length).toBeGreaterThan(0);
      for (const r of t.rows) for (const cell of r.slice(-c.series.length)) expect(cell).toMatch(/^(-?\d+\.\d{2}|)$/);
      expect(chartCsv(c).startsWith('\ufeff')).toBe(true);
    }
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseFormula('-12.30')).toBe('-12.30');
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('comparisons', () => {
  it('years align by code; the change is the exact difference; reasons come from the later 说明', () => {
    const cmp = compareYears([
      { year: 2023, pkg: final },
      { year: 2024, pkg: budget },
    ]);
    expect(cmp.years).toEqual([2023, 2024]);
    const edu = cmp.rows.find((r) => r.code === '205')!;
    expect(edu.values[0]).toBeNull(); // the 2023 office has no 教育支出
    expect(formatWan(edu.values[1]!)).toBe('1103.15');
    const gen = cmp.rows.find((r) => r.code === '201')!;
    expect(gen.values[0]).not.toBeNull();
    expect(cmp.reasons.get('total')?.text).toMatch(/主要/);
    expect(cmp.reasons.get('total')?.anchor).toMatch(/^s-/);
  });

  it('peers per person use the 实有人数 the 说明 states, and none when it states none', () => {
    expect(staffCount(budget)).toBe(53);
    const rows = comparePeers([
      { name: 'a', href: '/a', pkg: budget },
      { name: 'b', href: '/b', pkg: { ...budget, sections: [] } },
    ]);
    expect(rows[0]!.staff).toBe(53);
    expect(rows[1]!.staff).toBeNull();
    expect(rows[0]!.total).toBe(rows[1]!.total);
  });
});

describe('html builder', () => {
  it('escapes every interpolation except Raw, arrays joined', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</p>',
    );
    expect(html`${[raw('<b>'), 'x<', null, false, undefined, 0]}`.value).toBe('<b>x&lt;0');
  });
});
