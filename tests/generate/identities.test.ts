/**
 * Every identity of DOMAIN.md §5.1 (B1–B8) and the Hunan 2024 specifics (H1–H10) holds, exactly
 * (in fen), in the package generated from every bundled example. One test per identity and
 * example, so a broken template or engine names the identity it breaks.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { exampleSource, generateExample, ROOT } from './seed-fixture.ts';

// B1–B8 and H1–H10 are identities of the Hunan 2024 budget format; 决算 examples have theirs in tests/final
const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => (exampleSource(name) as { templateSet?: string }).templateSet === 'hunan-2024-budget');

function table(pkg: DisclosurePackage, id: string): PackageTable {
  const t = pkg.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

/** exact value of a cell; 0 for a row the table does not print (nothing to print there) */
function v(pkg: DisclosurePackage, id: string, row: string, column: string): bigint {
  const c = table(pkg, id).cells.find((x) => x.row === row && x.column === column);
  return c?.value ?? 0n;
}

/** all rows of a table with a value in the column */
function rows(pkg: DisclosurePackage, id: string, column: string): Map<string, bigint> {
  return new Map(
    table(pkg, id)
      .cells.filter((c) => c.column === column && c.value !== null)
      .map((c) => [c.row, c.value as bigint]),
  );
}

const sum = (xs: Iterable<bigint>) => [...xs].reduce((a, b) => a + b, 0n);

for (const name of examples) {
  describe(`identities in the package generated from examples/${name}`, () => {
    const pkg = generateExample(name);
    const T1 = [
      '收入/项目/预算数',
      '支出/项目(按功能分类)/预算数',
      '支出/项目(按部门预算经济分类)/预算数',
      '支出/项目(按政府预算经济分类)/预算数',
    ] as const;
    const [INC, FUNC, DEPT, GOV] = T1;

    it('B1 收支总表: 收入总计 = 本年收入合计 + 上年结转结余; 支出总计 = 本年支出合计 + 年终结转结余; 收入总计 = 支出总计', () => {
      const income = v(pkg, 'T01', '收入总计', INC);
      expect(income).toBe(v(pkg, 'T01', '本年收入合计', INC) + v(pkg, 'T01', '上年结转结余', INC));
      for (const col of [FUNC, DEPT, GOV]) {
        expect(v(pkg, 'T01', '支出总计', col)).toBe(
          v(pkg, 'T01', '本年支出合计', col) + v(pkg, 'T01', '年终结转结余', col),
        );
        expect(v(pkg, 'T01', '支出总计', col)).toBe(income);
      }
      expect(income).toBeGreaterThan(0n);
    });

    it('B2 收入总表 row: 合计 = Σ sources', () => {
      const parts = [
        '一般公共预算拨款/小计',
        '政府性基金预算拨款',
        '国有资本经营预算拨款',
        '社会保障基金预算资金',
        '财政专户管理资金收入',
        '上级财政补助收入',
        '事业收入',
        '事业单位经营收入',
        '上级单位补助收入',
        '附属单位上缴收入',
        '其他收入',
        '上年结转',
      ];
      const totals = rows(pkg, 'T02', '合计');
      expect(totals.size).toBeGreaterThanOrEqual(3);
      for (const [row, total] of totals) expect(sum(parts.map((p) => v(pkg, 'T02', row, p))), row).toBe(total);
      expect(totals.get('合计')).toBe(v(pkg, 'T01', '收入总计', INC));
    });

    it('B3 支出总表 row: 合计 = 基本 + 项目 + 经营 + 上缴上级 + 对附属单位补助', () => {
      const parts = ['基本支出', '项目支出', '事业单位经营支出', '上缴上级支出', '对附属单位补助支出'];
      for (const [row, total] of rows(pkg, 'T03', '合计'))
        expect(sum(parts.map((p) => v(pkg, 'T03', row, p))), row).toBe(total);
      expect(v(pkg, 'T03', '合计', '合计')).toBe(v(pkg, 'T01', '本年支出合计', FUNC));
    });

    it('B4 财政拨款收支总表: 一般公共预算拨款 = 一般公共预算支出表.合计; 政府性基金拨款 = 政府性基金预算支出表.合计', () => {
      const gpbIn =
        v(pkg, 'T06', '(一) 一般公共预算拨款', '收入/项目/预算数') +
        v(pkg, 'T06', '二、上年结转/(一) 一般公共预算拨款', '收入/项目/预算数');
      expect(gpbIn).toBe(v(pkg, 'T07', '合计', '合计'));
      const gfIn =
        v(pkg, 'T06', '(二) 政府性基金预算拨款', '收入/项目/预算数') +
        v(pkg, 'T06', '二、上年结转/(二) 政府性基金预算拨款', '收入/项目/预算数');
      expect(gfIn).toBe(v(pkg, 'T16', '合计', '合计'));
      expect(v(pkg, 'T06', '收入总计', '收入/项目/预算数')).toBe(v(pkg, 'T06', '支出总计', '支出/项目/预算数'));
    });

    it('B5 一般公共预算支出表: 合计 = 基本 + 项目 per row; 类 = Σ款, 款 = Σ项 per unit; units add up to the department', () => {
      const total = rows(pkg, 'T07', '合计');
      for (const [row, t] of total)
        expect(v(pkg, 'T07', row, '基本支出/小计') + v(pkg, 'T07', row, '项目支出'), row).toBe(t);
      for (const [row, t] of total) {
        const m = /^(\d+)\/(\d{3}|\d{5})$/.exec(row);
        if (!m) continue;
        const [, unit, code] = m as unknown as [string, string, string];
        const children = [...total].filter(
          ([r]) => r.startsWith(`${unit}/${code}`) && r.length === unit.length + 1 + code.length + 2,
        );
        expect(sum(children.map(([, x]) => x)), row).toBe(t);
      }
      const kinds = new Map(table(pkg, 'T07').rows.map((r) => [r.key, r.kind]));
      const unitRows = [...total].filter(([r]) => kinds.get(r) === 'unit');
      const dept = [...total].find(([r]) => kinds.get(r) === 'department');
      expect(unitRows.length).toBeGreaterThan(0);
      expect(sum(unitRows.map(([, x]) => x))).toBe(total.get('合计'));
      expect(dept?.[1]).toBe(total.get('合计'));
    });

    it('B6 基本支出表: 人员 + 公用 = 合计 = 一般公共预算支出表.基本支出; 政府经济分类版 = 部门经济分类版', () => {
      const t8 = (col: string) => v(pkg, 'T08', '合计', `本年一般公共预算基本支出/${col}`);
      expect(t8('人员经费') + t8('公用经费')).toBe(t8('合计'));
      expect(t8('合计')).toBe(v(pkg, 'T07', '合计', '基本支出/小计'));
      expect(
        v(pkg, 'T09', '合计', '总计') +
          v(pkg, 'T11', '合计', '总计') +
          v(pkg, 'T13', '合计', '总计') +
          v(pkg, 'T08', '310', '本年一般公共预算基本支出/合计'),
      ).toBe(t8('合计'));
    });

    it('B7 三公表: 合计 = 出国 + 公务用车购置及运行 + 接待; 公务用车 = 购置 + 运行', () => {
      for (const [row, total] of rows(pkg, 'T15', '“三公”经费合计')) {
        const car = v(pkg, 'T15', row, '公务用车购置及运行费/小计');
        expect(car).toBe(
          v(pkg, 'T15', row, '公务用车购置及运行费/公务用车购置费') +
            v(pkg, 'T15', row, '公务用车购置及运行费/公务用车运行费'),
        );
        expect(v(pkg, 'T15', row, '因公出国（境）费') + car + v(pkg, 'T15', row, '公务接待费'), row).toBe(total);
      }
      expect(rows(pkg, 'T15', '“三公”经费合计').get('合计')).toBeGreaterThan(0n);
    });

    it('B8 every 按政府预算经济分类 table equals its 按部门预算经济分类 twin, row by row', () => {
      for (const [gov, dept] of [
        ['T04', 'T05'],
        ['T09', 'T10'],
        ['T11', 'T12'],
        ['T13', 'T14'],
        ['T17', 'T18'],
      ] as const) {
        expect(rows(pkg, gov, '总计'), `${gov} vs ${dept}`).toEqual(rows(pkg, dept, '总计'));
      }
      expect(v(pkg, 'T04', '合计', '总计')).toBe(v(pkg, 'T01', '本年支出合计', GOV));
    });

    it('H1 收支总表: the 功能, 部门经济 and 政府经济 columns each sum to 本年支出合计', () => {
      const body = (col: string, pred: (label: string) => boolean) =>
        sum(
          table(pkg, 'T01')
            .cells.filter((c) => c.column === col && pred(c.row))
            .map((c) => c.value ?? 0n),
        );
      const total = v(pkg, 'T01', '本年支出合计', FUNC);
      expect(body(FUNC, (r) => /^\(/.test(r))).toBe(total);
      expect(body(DEPT, (r) => /^[一二三]、/.test(r))).toBe(total);
      expect(body(GOV, (r) => /^[一二三四五六七八九十]+、/.test(r))).toBe(total);
    });

    it('H2 收支总表 部门经济: 基本支出 = 工资福利 + 商品和服务 (incl. basic 310) + 对个人和家庭的补助', () => {
      expect(
        v(pkg, 'T01', '工资福利支出', DEPT) +
          v(pkg, 'T01', '商品和服务支出', DEPT) +
          v(pkg, 'T01', '对个人和家庭的补助', DEPT),
      ).toBe(v(pkg, 'T01', '一、基本支出', DEPT));
    });

    it('H3 一般公共预算支出表 row: 基本支出.小计 = 工资福利 + 对个人和家庭的补助 + 公用经费', () => {
      for (const [row, sub] of rows(pkg, 'T07', '基本支出/小计')) {
        const parts = ['基本支出/人员经费/工资福利支出', '基本支出/人员经费/对个人和家庭的补助', '基本支出/公用经费'];
        expect(sum(parts.map((p) => v(pkg, 'T07', row, p))), row).toBe(sub);
      }
    });

    it('H4/H5 基本支出表 classes match the detail tables: 301 = T9 = T10, 303 = T11 = T12, 302 = T13 = T14', () => {
      const t8 = (code: string) => v(pkg, 'T08', code, '本年一般公共预算基本支出/合计');
      expect(t8('301') + t8('303')).toBe(v(pkg, 'T08', '合计', '本年一般公共预算基本支出/人员经费'));
      for (const [code, a, b] of [
        ['301', 'T09', 'T10'],
        ['303', 'T11', 'T12'],
        ['302', 'T13', 'T14'],
      ] as const) {
        expect(v(pkg, a, '合计', '总计'), `${code} ${a}`).toBe(t8(code));
        expect(v(pkg, b, '合计', '总计'), `${code} ${b}`).toBe(t8(code));
      }
    });

    it('H6 工资福利 detail: 工资津补贴 = 30101+30102+30103+30107 and T9 工资奖金津补贴 = T10 工资津补贴 (行政 units)', () => {
      const parts = ['基本工资', '津贴补贴', '奖金', '绩效工资'].map((p) => v(pkg, 'T10', '合计', `工资津补贴/${p}`));
      expect(sum(parts)).toBe(v(pkg, 'T10', '合计', '工资津补贴/合计'));
      const sy = v(pkg, 'T09', '合计', '对事业单位经常性补助/合计');
      expect(v(pkg, 'T09', '合计', '机关工资福利支出/合计') + sy).toBe(v(pkg, 'T10', '合计', '总计'));
    });

    it('H7 财政拨款收支总表 功能 rows = 一般公共预算 + 政府性基金 + 国有资本经营 spending by 类', () => {
      for (const c of table(pkg, 'T06').cells.filter((x) => x.column === '支出/项目/预算数' && /^\(/.test(x.row))) {
        const gpb = v(pkg, 'T01', c.row, FUNC);
        expect(c.value ?? 0n, c.row).toBeLessThanOrEqual(gpb);
      }
      expect(v(pkg, 'T06', '一、本年支出', '支出/项目/预算数')).toBe(
        v(pkg, 'T07', '合计', '合计') + v(pkg, 'T16', '合计', '合计') + v(pkg, 'T19', '合计', '合计'),
      );
    });

    it('H9 专项资金预算汇总表 总计 = Σ 专项 rows', () => {
      const r = rows(pkg, 'T21', '总计');
      const projects = [...r].filter(([k]) => k.includes('/'));
      expect(sum(projects.map(([, x]) => x))).toBe(r.get('合计') ?? 0n);
    });

    it('H10 整体支出绩效目标表 资金总额 = 收支总表 收入总计; 基本/项目 = 支出总表 合计 row', () => {
      const b = (col: string) => v(pkg, 'T23', '预算情况', col);
      expect(b('资金总额')).toBe(v(pkg, 'T01', '收入总计', INC));
      expect(b('按支出性质分/基本支出')).toBe(v(pkg, 'T03', '合计', '基本支出'));
      expect(b('按支出性质分/项目支出')).toBe(v(pkg, 'T03', '合计', '项目支出'));
    });
  });
}
