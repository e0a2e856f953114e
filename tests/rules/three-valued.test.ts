/**
 * Three-valued evaluation and robust addressing, on small hand-made rules over the generated
 * example: a missing operand gives 无法核对 (never a comparison with 0), a realigned cell makes a
 * 警告 unless the mismatch holds under every reading, labels resolve through one normalisation, and
 * a missing 合计 is computed from the parts.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { bareLabel, numberingOf, resolveLabel } from '../../src/core/rules/labels.ts';
import type { Rule, RuleCatalog } from '../../src/core/rules/schema.ts';
import { generateExample } from '../generate/seed-fixture.ts';

const T06 = '财政拨款收支总表';
const COL = '收入/项目/预算数';

function catalog(rule: Omit<Rule, 'category' | 'severity' | 'title' | 'message'> & Partial<Rule>): RuleCatalog {
  return {
    id: 'test',
    name: 'test',
    templateSets: ['*'],
    rules: [
      {
        title: '测试规则',
        category: '表内',
        severity: '错误',
        message: '{lhs} 与 {rhs} 相差 {diff}',
        ...rule,
      } as Rule,
    ],
  };
}

const incomeRule = (rowKeys: string[], total = '收入总计') =>
  catalog({
    id: 'T-INCOME',
    check: {
      kind: 'compare',
      lhs: [{ table: T06, column: COL, row: { key: total } }],
      op: '=',
      rhs: rowKeys.map((key) => ({ table: T06, column: COL, row: { key } })),
      whenPresent: true,
    },
  });

/** The example as if read from a document (a read package may miss rows). */
function asRead(pkg: DisclosurePackage, edit: (t: PackageTable) => PackageTable = (t) => t): DisclosurePackage {
  return {
    ...pkg,
    origin: { kind: 'parsed', file: 'test.txt' },
    tables: pkg.tables.map((t) =>
      edit({
        ...t,
        cells: t.cells.map(
          (c, i): Cell => ({ ...c, provenance: { kind: 'document', page: 1, line: 1000 + i, raw: c.text } }),
        ),
      }),
    ),
  };
}

const renameRow = (from: string, to: string) => (t: PackageTable) =>
  t.title !== T06
    ? t
    : {
        ...t,
        rows: t.rows.map((r) => (r.key === from ? { ...r, key: to } : r)),
        cells: t.cells.map((c) => (c.row === from ? { ...c, row: to } : c)),
      };
const dropRow = (key: string) => (t: PackageTable) =>
  t.title !== T06
    ? t
    : { ...t, rows: t.rows.filter((r) => r.key !== key), cells: t.cells.filter((c) => c.row !== key) };

describe('three-valued evaluation', () => {
  const example = generateExample('hetang-zfb-2024-budget');
  const rule = incomeRule(['一、本年收入', '二、上年结转']);

  it('holds on the consistent example', () => {
    expect(checkPackage(asRead(example), [rule])).toEqual([]);
  });

  it('says 无法核对 (a 提示 naming the row) when a read document lacks an operand, instead of comparing with 0', () => {
    const f = checkPackage(asRead(example, dropRow('一、本年收入')), [rule]);
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('提示');
    expect(f[0]?.status).toBe('unverifiable');
    expect(f[0]?.message).toContain('没有“一、本年收入”行');
  });

  it('still finds a real mismatch when every operand is read', () => {
    const broken = asRead(example, (t) =>
      t.title !== T06
        ? t
        : {
            ...t,
            cells: t.cells.map((c) =>
              c.row === '收入总计' && c.column === COL && c.value !== null
                ? { ...c, value: c.value + 1_000_000n, text: (Number(c.text) + 1).toFixed(2) }
                : c,
            ),
          },
    );
    const f = checkPackage(broken, [rule]);
    expect(f.map((x) => x.severity)).toEqual(['错误']);
  });

  it('makes a 警告 of a mismatch that rests on a realigned cell when another reading of its line balances', () => {
    const pkg = asRead(example);
    const t = pkg.tables.find((x) => x.title === T06) as PackageTable;
    const total = t.cells.find((c) => c.row === '收入总计' && c.column === COL) as Cell;
    const line = total.provenance.kind === 'document' ? (total.provenance.line as number) : 0;
    // the reader placed 0.00 in 收入总计 and the true total on another column of the same line
    const moved = {
      ...pkg,
      tables: pkg.tables.map((x) =>
        x !== t
          ? x
          : {
              ...x,
              cells: [
                ...x.cells.map((c) => (c === total ? { ...c, value: 0n, text: '0.00' } : c)),
                { ...total, column: '支出/项目/预算数', row: '收入总计-误置' },
              ],
            },
      ),
    };
    const f = checkPackage(moved, [rule], { realignments: [{ table: T06, line }] });
    expect(f.map((x) => x.severity)).toEqual(['警告']);
    expect(f[0]?.reading).toBe('realigned');
    const certain = checkPackage(moved, [rule]);
    expect(certain.map((x) => x.severity)).toEqual(['错误']);
  });
});

describe('robust addressing', () => {
  const example = generateExample('hetang-zfb-2024-budget');

  it('finds a row written with another numbering style or bracket width', () => {
    const rule = incomeRule(['一、本年收入', '二、上年结转']);
    const restyled = asRead(example, renameRow('一、本年收入', '1. 本年收入'));
    expect(checkPackage(restyled, [rule])).toEqual([]);
    expect(resolveLabel('(一) 一般公共预算拨款', ['（一）一般公共预算拨款'])).toEqual({
      key: '（一）一般公共预算拨款',
    });
    expect(resolveLabel('(二) 政府性基金预算拨款', ['2.政府性基金预算拨款'])).toEqual({ key: '2.政府性基金预算拨款' });
  });

  it('never takes a namesake with a different number', () => {
    expect(resolveLabel('2.对个人和家庭的补助', ['3.对个人和家庭的补助'])).toBeUndefined();
    expect(numberingOf('二十一、国有资本经营预算支出')).toEqual([21]);
    expect(numberingOf('（3）公务接待费')).toEqual([3]);
    expect(bareLabel('金额（万元）')).toBe('金额');
  });

  it('takes 总计 for 合计 when only one is printed, and computes a missing 合计 from the parts', () => {
    expect(resolveLabel('合计', ['总计', '201'])).toEqual({ key: '总计' });
    const t = '一般公共预算支出表';
    const pkg = asRead(example);
    const table = pkg.tables.find((x) => x.title === t) as PackageTable;
    const column = table.cells.find((c) => c.row === '合计' && c.value !== null)?.column as string;
    const rule = catalog({
      id: 'T-TOTAL',
      check: {
        kind: 'compare',
        lhs: [{ table: t, column, row: { key: '合计' } }],
        op: '=',
        rhs: [{ table: t, column, row: { kinds: ['unit'] } }],
        whenPresent: true,
      },
    });
    const noTotal = {
      ...pkg,
      tables: pkg.tables.map((x) =>
        x !== table
          ? x
          : { ...x, rows: x.rows.filter((r) => r.key !== '合计'), cells: x.cells.filter((c) => c.row !== '合计') },
      ),
    };
    expect(checkPackage(pkg, [rule])).toEqual([]);
    expect(checkPackage(noTotal, [rule])).toEqual([]);
  });
});
