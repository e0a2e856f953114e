/**
 * The 决算 identities of DOMAIN.md §5.3 hold exactly (in fen) in the generated packages: I1–I5,
 * X1–X12 and X16 on the seed-002 example, and with X13–X15 also on a variant that has money in
 * every fund and balance (tests/final/fixture.ts), so that no identity holds only because its
 * terms are zero. X17 (三公 ≥ 基本支出 items) is a 核实性 relation, checked as ≥.
 */
import { describe, expect, it } from 'vitest';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import type { SideBySideTemplate } from '../../src/core/templates/schema.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { exampleRaw, generate, rowKeys, SET, sum, TITLES, table, v, variantRaw } from './fixture.ts';

const { T01, T02, T03, T04, T05, T06, T07, T08, T09 } = TITLES;
const IN = '收入/金额';
const OUT = '支出/金额';
const FIN_OUT = [
  '支出/合计',
  '支出/一般公共预算财政拨款',
  '支出/政府性基金预算财政拨款',
  '支出/国有资本经营预算财政拨款',
];
const INCOME_ROWS = [
  '一、一般公共预算财政拨款收入',
  '二、政府性基金预算财政拨款收入',
  '三、国有资本经营预算财政拨款收入',
  '四、上级补助收入',
  '五、事业收入',
  '六、经营收入',
  '七、附属单位上缴收入',
  '八、其他收入',
];
const INCOME_COLUMNS = ['财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'];
const EXP_COLUMNS = ['基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];

/** 01/04表 类 rows (label → 功能分类 class code) as the template prints them. */
function classRows(id: string, section: number): Array<[string, string]> {
  const t = loadTemplateSet(SET).tables.find((x) => x.id === id) as SideBySideTemplate;
  return (t.sections[section]?.rows ?? []).flatMap((r) => {
    const m = r.measure;
    const code = m?.from === 'lines' ? m.filter?.func?.[0] : undefined;
    return code ? [[r.label, code] as [string, string]] : [];
  });
}

/** Every 类/款/项 row of a 功能分类 table equals the sum of its children, and 合计 the sum of the 类. */
function hierarchy(pkg: DisclosurePackage, title: string, column: string): void {
  const keys = rowKeys(pkg, title, column);
  const codes = keys.filter((k) => /^\d+$/.test(k));
  for (const k of codes.filter((c) => c.length < 7)) {
    const children = codes.filter((c) => c.length === k.length + 2 && c.startsWith(k));
    expect(sum(children.map((c) => v(pkg, title, c, column))), `${title} ${k} ${column}`).toBe(
      v(pkg, title, k, column),
    );
  }
  const classes = codes.filter((c) => c.length === 3);
  expect(sum(classes.map((c) => v(pkg, title, c, column))), `${title} 合计 ${column}`).toBe(
    v(pkg, title, '合计', column),
  );
}

const cases: Array<[string, () => unknown]> = [
  ['the seed-002 example', exampleRaw],
  ['the variant with every fund and balance', variantRaw],
];

for (const [name, raw] of cases) {
  describe(`决算 identities in the package generated from ${name}`, () => {
    const { pkg } = generate(raw());
    const variant = name.startsWith('the variant');

    it('I1 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余', () => {
      expect(v(pkg, T01, '总计', IN)).toBe(
        v(pkg, T01, '本年收入合计', IN) +
          v(pkg, T01, '使用非财政拨款结余和专用结余', IN) +
          v(pkg, T01, '年初结转和结余', IN),
      );
      if (variant) expect(v(pkg, T01, '年初结转和结余', IN)).toBeGreaterThan(0n);
    });

    it('I2 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余', () => {
      expect(v(pkg, T01, '总计', OUT)).toBe(
        v(pkg, T01, '本年支出合计', OUT) + v(pkg, T01, '结余分配', OUT) + v(pkg, T01, '年末结转和结余', OUT),
      );
      if (variant) expect(v(pkg, T01, '结余分配', OUT)).toBeGreaterThan(0n);
    });

    it('I3 收入总计 = 支出总计', () => {
      expect(v(pkg, T01, '总计', IN)).toBe(v(pkg, T01, '总计', OUT));
      expect(v(pkg, T01, '总计', IN)).toBe(variant ? 954_807_800n : 878_807_800n);
    });

    it('I4 本年收入合计 = Σ 八项收入', () => {
      expect(sum(INCOME_ROWS.map((r) => v(pkg, T01, r, IN)))).toBe(v(pkg, T01, '本年收入合计', IN));
    });

    it('I5 本年支出合计 = Σ 功能分类 类', () => {
      const rows = classRows('G01', 1);
      expect(rows.length).toBe(26);
      expect(sum(rows.map(([label]) => v(pkg, T01, label, OUT)))).toBe(v(pkg, T01, '本年支出合计', OUT));
    });

    it('X1 02.合计.本年收入合计 = 01.本年收入合计', () => {
      expect(v(pkg, T02, '合计', '本年收入合计')).toBe(v(pkg, T01, '本年收入合计', IN));
    });

    it('X2 02.合计.财政拨款收入 = 01 一 + 二 + 三', () => {
      expect(v(pkg, T02, '合计', '财政拨款收入')).toBe(sum(INCOME_ROWS.slice(0, 3).map((r) => v(pkg, T01, r, IN))));
      // and the other five columns equal their 01 rows
      INCOME_COLUMNS.slice(1).forEach((c, i) => {
        expect(v(pkg, T02, '合计', c), c).toBe(v(pkg, T01, INCOME_ROWS[3 + i] as string, IN));
      });
    });

    it('X3 02 row: 本年收入合计 = Σ six income columns; 类 = Σ款 = Σ项', () => {
      const rows = rowKeys(pkg, T02, '本年收入合计');
      expect(rows.length).toBeGreaterThan(variant ? 22 : 21);
      for (const r of rows)
        expect(sum(INCOME_COLUMNS.map((c) => v(pkg, T02, r, c))), r).toBe(v(pkg, T02, r, '本年收入合计'));
      for (const c of ['本年收入合计', ...INCOME_COLUMNS]) hierarchy(pkg, T02, c);
    });

    it('X4 03.合计.本年支出合计 = 01.本年支出合计', () => {
      expect(v(pkg, T03, '合计', '本年支出合计')).toBe(v(pkg, T01, '本年支出合计', OUT));
    });

    it('X5 03 row: 本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助; 类 = Σ款 = Σ项', () => {
      for (const r of rowKeys(pkg, T03, '本年支出合计'))
        expect(sum(EXP_COLUMNS.map((c) => v(pkg, T03, r, c))), r).toBe(v(pkg, T03, r, '本年支出合计'));
      for (const c of ['本年支出合计', ...EXP_COLUMNS]) hierarchy(pkg, T03, c);
    });

    it('X6 03 类 rows = 01 类 rows', () => {
      const printed = new Set(rowKeys(pkg, T03, '本年支出合计'));
      for (const [label, code] of classRows('G01', 1)) {
        expect(v(pkg, T01, label, OUT), label).toBe(printed.has(code) ? v(pkg, T03, code, '本年支出合计') : 0n);
      }
    });

    it('X7 04: 收入总计 = 本年收入合计 + 年初财政拨款结转和结余; 支出总计 = 本年支出合计 + 年末; 收入总计 = 支出总计', () => {
      const income = v(pkg, T04, '总计', IN);
      expect(income).toBe(v(pkg, T04, '本年收入合计', IN) + v(pkg, T04, '年初财政拨款结转和结余', IN));
      expect(v(pkg, T04, '年初财政拨款结转和结余', IN)).toBe(
        sum(
          ['一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'].map((r) => v(pkg, T04, r, IN)),
        ),
      );
      for (const c of FIN_OUT)
        expect(v(pkg, T04, '总计', c), c).toBe(
          v(pkg, T04, '本年支出合计', c) + v(pkg, T04, '年末财政拨款结转和结余', c),
        );
      expect(v(pkg, T04, '总计', '支出/合计')).toBe(income);
      // every row: 合计 = the three funds
      for (const [label] of classRows('G04', 1)) {
        expect(sum(FIN_OUT.slice(1).map((c) => v(pkg, T04, label, c))), label).toBe(v(pkg, T04, label, '支出/合计'));
      }
    });

    it('X8 04 income by fund = 01 rows 一/二/三', () => {
      const fin = ['一、一般公共预算财政拨款', '二、政府性基金预算财政拨款', '三、国有资本经营预算财政拨款'];
      fin.forEach((r, i) => {
        expect(v(pkg, T04, r, IN), r).toBe(v(pkg, T01, INCOME_ROWS[i] as string, IN));
      });
      expect(v(pkg, T04, '本年收入合计', IN)).toBe(sum(fin.map((r) => v(pkg, T04, r, IN))));
    });

    it('X9 04.本年支出.一般公共预算财政拨款 = 05.合计.小计 (and each 类)', () => {
      expect(v(pkg, T04, '本年支出合计', '支出/一般公共预算财政拨款')).toBe(v(pkg, T05, '合计', '本年支出/小计'));
      const printed = new Set(rowKeys(pkg, T05, '本年支出/小计'));
      for (const [label, code] of classRows('G04', 1)) {
        const gpb = printed.has(code) ? v(pkg, T05, code, '本年支出/小计') : 0n;
        expect(v(pkg, T04, label, '支出/一般公共预算财政拨款'), label).toBe(gpb);
      }
    });

    it('X10 05 row: 小计 = 基本 + 项目; 类 = Σ款 = Σ项 (3/5/7-digit codes)', () => {
      const rows = rowKeys(pkg, T05, '本年支出/小计');
      for (const r of rows)
        expect(v(pkg, T05, r, '本年支出/基本支出') + v(pkg, T05, r, '本年支出/项目支出'), r).toBe(
          v(pkg, T05, r, '本年支出/小计'),
        );
      expect(rows.filter((r) => r.length === 7).length).toBeGreaterThanOrEqual(11);
      for (const c of ['本年支出/小计', '本年支出/基本支出', '本年支出/项目支出']) hierarchy(pkg, T05, c);
    });

    it('X11 06: 人员经费合计 + 公用经费合计 = 05.合计.基本支出', () => {
      expect(v(pkg, T06, '人员经费合计', '决算数') + v(pkg, T06, '公用经费合计', '决算数')).toBe(
        v(pkg, T05, '合计', '本年支出/基本支出'),
      );
    });

    it('X12 06: 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 307 + 310 + 399; each class = Σ its 款', () => {
      const d = (r: string) => v(pkg, T06, r, '决算数');
      expect(d('人员经费合计')).toBe(d('301') + d('303'));
      expect(d('公用经费合计')).toBe(d('302') + d('307') + d('310') + d('399'));
      const keys = rowKeys(pkg, T06, '决算数');
      for (const cls of ['301', '302', '303', '307', '310', '399']) {
        const kuan = keys.filter((k) => k.length === 5 && k.startsWith(cls));
        expect(kuan.length, cls).toBeGreaterThan(1);
        expect(sum(kuan.map(d)), cls).toBe(d(cls));
      }
    });

    it('X13 07 row: 年末 = 年初 + 本年收入 − 本年支出; 本年支出.小计 = 基本 + 项目 (08 likewise)', () => {
      for (const title of [T07, T08]) {
        for (const r of rowKeys(pkg, title, '本年收入')) {
          const x = (c: string) => v(pkg, title, r, c);
          expect(x('年末结转和结余'), `${title} ${r}`).toBe(x('年初结转和结余') + x('本年收入') - x('本年支出/小计'));
          expect(x('本年支出/小计'), `${title} ${r}`).toBe(x('本年支出/基本支出') + x('本年支出/项目支出'));
        }
        for (const c of ['年初结转和结余', '本年收入', '本年支出/小计', '年末结转和结余']) hierarchy(pkg, title, c);
      }
      if (variant) expect(v(pkg, T07, '2120803', '年末结转和结余')).toBe(20_000_000n);
    });

    it('X14/X15 07/08.合计 = 04 by fund (本年收入, 年初, 本年支出, 年末)', () => {
      for (const [title, income, carryIn, out] of [
        [T07, '二、政府性基金预算财政拨款', '政府性基金预算财政拨款', '支出/政府性基金预算财政拨款'],
        [T08, '三、国有资本经营预算财政拨款', '国有资本经营预算财政拨款', '支出/国有资本经营预算财政拨款'],
      ] as const) {
        expect(v(pkg, title, '合计', '本年收入')).toBe(v(pkg, T04, income, IN));
        expect(v(pkg, title, '合计', '年初结转和结余')).toBe(v(pkg, T04, carryIn, IN));
        expect(v(pkg, title, '合计', '本年支出/小计')).toBe(v(pkg, T04, '本年支出合计', out));
        expect(v(pkg, title, '合计', '年末结转和结余')).toBe(v(pkg, T04, '年末财政拨款结转和结余', out));
      }
      expect(table(pkg, T07).empty).toBe(!variant);
    });

    it('X16 09 (预算数 and 决算数): 合计 = 出国 + 公务用车购置及运行维护 + 接待; 公务用车 = 购置 + 运行维护', () => {
      for (const g of ['预算数', '决算数']) {
        const x = (c: string) => v(pkg, T09, '合计', `${g}/${c}`);
        const car = '公务用车购置及运行维护费';
        expect(x(`${car}/小计`), g).toBe(x(`${car}/公务用车购置费`) + x(`${car}/公务用车运行维护费`));
        expect(x('合计'), g).toBe(x('因公出国(境)费') + x(`${car}/小计`) + x('公务接待费'));
        expect(x('合计'), g).toBe(670_000n);
      }
    });

    it('X17 09 决算数 ≥ the 06 items it includes (公务接待费 ≥ 30217, 运行维护费 ≥ 30231, 购置费 ≥ 31013, 出国 ≥ 30212)', () => {
      const x = (c: string) => v(pkg, T09, '合计', `决算数/${c}`);
      const d = (r: string) => v(pkg, T06, r, '决算数');
      expect(x('公务接待费')).toBeGreaterThanOrEqual(d('30217'));
      expect(x('公务用车购置及运行维护费/公务用车运行维护费')).toBeGreaterThanOrEqual(d('30231'));
      expect(x('公务用车购置及运行维护费/公务用车购置费')).toBeGreaterThanOrEqual(d('31013'));
      expect(x('因公出国(境)费')).toBeGreaterThanOrEqual(d('30212'));
    });
  });
}
