/**
 * The text reader's parts on small inputs: the intermediate form (pages, lines, cells), spelling
 * normalisation, title matching, row realignment, unknown tables and template-set choice.
 */
import { describe, expect, it } from 'vitest';
import { amount } from '../../src/core/money/amount.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { alignRow, type ValueField } from '../../src/readers/text/align.ts';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { cellAt, splitDocument } from '../../src/readers/text/lines.ts';
import { cleanCellText, labelKey, titleKey } from '../../src/readers/text/normalise.ts';
import { columnModel, matchTitle } from '../../src/readers/text/templates.ts';
import { loadableSets, seedText, templateExists } from './seed-parse.ts';

const budget2024 = loadTemplateSet('hunan-2024-budget');

describe('intermediate form: pages, lines, cells', () => {
  it('splits tab-separated fields, keeps empty ones and numbers lines from 1', () => {
    const doc = splitDocument('\uFEFF标题\n项目\t\t预算数\n');
    expect(doc.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(doc.lines[1]!.cells.map((c) => [c.col, c.text])).toEqual([
      [0, '项目'],
      [1, ''],
      [2, '预算数'],
    ]);
    expect(doc.lines[2]!.blank).toBe(true);
    expect(doc.pages).toBe(1);
  });

  it('counts pages at form feeds and page-number lines, which are dropped', () => {
    const doc = splitDocument('a\nb\fc\n第 2 页\nd\n- 3 -\ne');
    expect(doc.lines.map((l) => [l.line, l.page, l.raw])).toEqual([
      [1, 1, 'a'],
      [2, 1, 'b'],
      [2, 2, 'c'],
      [4, 3, 'd'],
      [6, 4, 'e'],
    ]);
  });

  it('splits space-aligned text (no tabs anywhere) at runs of two or more spaces, keeping positions', () => {
    const doc = splitDocument('        收入决算表\n合计      307.82    1 234.50');
    expect(doc.split).toBe('spaces');
    expect(doc.lines[1]!.cells.map((c) => [c.col, c.x, c.text])).toEqual([
      [0, 0, '合计'],
      [1, 8, '307.82'],
      [2, 18, '1234.50'],
    ]);
    expect(splitDocument('a\tb').split).toBe('tabs');
  });

  it('cleans cells: stray spaces inside numbers, full-width digits, markdown and <p> tags', () => {
    expect(cleanCellText('365. 55')).toBe('365.55');
    expect(cleanCellText(' 0. 00 ')).toBe('0.00');
    expect(cleanCellText('１２３．４５')).toBe('123.45');
    expect(cleanCellText('**株洲市石峰区人民政府**')).toBe('株洲市石峰区人民政府');
    expect(cleanCellText('<p>(一) 协助</p> <p>(二) 受理</p>')).toBe('(一) 协助 (二) 受理');
    // text keeps its spaces and full-width brackets
    expect(cleanCellText('2020 年（含经济研究中心）')).toBe('2020 年（含经济研究中心）');
    expect(cellAt(splitDocument('a\tb').lines[0]!, 5)).toBe('');
  });

  it('keys labels as printed, without spaces between Chinese characters', () => {
    expect(labelKey('收 入 总 计')).toBe('收入总计');
    expect(labelKey(' (一)  一般公共服务支出 ')).toBe('(一) 一般公共服务支出');
  });
});

describe('titles', () => {
  it('match across dash, bracket-width and spacing variants, and printed prefixes', () => {
    const k = titleKey('一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)');
    expect(titleKey('一般公共预算基本支出表—人员经费（工资福利支出） (按政府预算经济分类)')).toBe(k);
    expect(titleKey('一般公共预算基本支出表-人员经费(工资福利支出)(按政府预算经济分类)')).toBe(k);
    expect(titleKey('2020 年一般公共预算支出情况表')).toBe(titleKey('一般公共预算支出情况表'));
    expect(titleKey('表九：一般公共预算“三公”经费支出表')).toBe(titleKey('一般公共预算"三公"经费支出表'));
  });

  it('are matched against every set, by title, printed title or alias — never by position', () => {
    const sets = loadableSets();
    expect(matchTitle('专项资金支出方向绩效目标表', sets).map((m) => [m.set.id, m.template.id])).toContainEqual([
      'hunan-2024-budget',
      'T22',
    ]);
    expect(matchTitle('收支总表', [budget2024]).map((m) => m.number)).toEqual([1]);
    expect(matchTitle('某某自编表', sets)).toEqual([]);
  });
});

describe('row realignment', () => {
  // 总计 | A/合计 | A/x | A/y | B
  const model = columnModel([
    { path: ['总计'], role: 'amount' },
    { path: ['A', '合计'], role: 'amount' },
    { path: ['A', 'x'], role: 'amount' },
    { path: ['A', 'y'], role: 'amount' },
    { path: ['B'], role: 'amount' },
  ]);
  const v = (field: number, text: string): ValueField => ({ field, text, raw: text, fen: amount(text) });
  const ctx = { columns: model.columns, identities: model.identities, base: 0, step: 10_000n, damaged: false };

  it('derives the identities of the header tree', () => {
    expect(model.identities).toEqual([
      { total: 0, parts: [1, 4] },
      { total: 1, parts: [2, 3] },
    ]);
  });

  it('keeps a consistent row as printed', () => {
    const a = alignRow([v(0, '10.00'), v(1, '6.00'), v(2, '6.00'), v(4, '4.00')], ctx);
    expect(a).toMatchObject({ cols: [0, 1, 2, 4], changed: false, certain: true });
  });

  it('moves a row that lost its first cell back by one column', () => {
    const a = alignRow([v(1, '6.00'), v(2, '6.00'), v(3, '6.00')], { ...ctx, damaged: true });
    expect(a).toMatchObject({ cols: [0, 1, 2], changed: true, certain: true, violations: 0 });
  });

  it('keeps a reading that is as good as any repair', () => {
    const a = alignRow([v(2, '5.00'), v(4, '5.00')], { ...ctx, damaged: true, identities: [] });
    expect(a).toMatchObject({ cols: [2, 4], changed: false, certain: true });
  });

  it('flags the row as uncertain when different repairs are equally good', () => {
    // A | (code) | B: an amount printed in the code column belongs to A or to B — nothing tells
    const m = columnModel([
      { path: ['A'], role: 'amount' },
      { path: ['代码'], role: 'key' },
      { path: ['B'], role: 'amount' },
    ]);
    const a = alignRow([v(1, '5.00')], { ...ctx, columns: m.columns, identities: [], damaged: true });
    expect(a.certain).toBe(false);
    expect(a.reason).toMatch(/无法确定/);
  });

  it('never drops or invents a value', () => {
    const values = [v(0, '1.00'), v(1, '2.00'), v(2, '3.00')];
    const a = alignRow(values, { ...ctx, damaged: true });
    expect(a.cols).toHaveLength(values.length);
  });
});

describe('documents', () => {
  it('reads a table no template knows as a generic table and lists it with the reason', () => {
    const text = [
      '2024年部门预算公开表',
      '单位编码： 004001',
      '收支总表',
      '单位: 004001_某单位',
      '金额单位: 万元',
      '收入\t\t支出\t',
      '项目\t预算数\t项目(按功能分类)\t预算数',
      '一、一般公共预算拨款收入\t1.00\t(一) 一般公共服务支出\t1.00',
      '',
      '某某自编统计表',
      '单位：万元',
      '项目\t金额\t备注',
      '甲\t3.50\t',
      '乙\t1.20\t说明',
    ].join('\n');
    const r = readTextDisclosure(text, 'mini.txt', [budget2024]);
    expect(r.pkg.templateSet).toBe('hunan-2024-budget');
    expect(r.unmatched).toEqual([
      { title: '某某自编统计表', line: 10, reason: '表名与任何报表模板集中的表名、印刷表名或别名都不相符' },
    ]);
    const generic = r.pkg.tables.find((t) => t.title === '某某自编统计表')!;
    expect(generic.id).toBe('X01');
    expect(generic.cells.map((c) => [c.row, c.column, c.text])).toEqual([
      ['甲', '第2列', '3.50'],
      ['乙', '第2列', '1.20'],
    ]);
    const t1 = r.pkg.tables.find((t) => t.id === 'T01')!;
    expect(t1.cells.map((c) => [c.row, c.column, c.text])).toEqual([
      ['一、一般公共预算拨款收入', '收入/项目/预算数', '1.00'],
      ['(一) 一般公共服务支出', '支出/项目(按功能分类)/预算数', '1.00'],
    ]);
  });

  it('chooses the set most tables match, and says why a table of another set is not read with it', () => {
    const sets = loadableSets();
    const r = readTextDisclosure(seedText('000'), 'seed.txt', sets);
    expect(r.pkg.templateSet).toBe('hunan-2024-budget');
    if (templateExists('hunan-2023-final')) {
      const text = `${seedText('000')}\n\n收入决算表\n部门：某单位\n项目\t\t本年收入合计\n合计\t\t1.00\n`;
      const mixed = readTextDisclosure(text, 'mixed.txt', sets);
      expect(mixed.pkg.templateSet).toBe('hunan-2024-budget');
      expect(mixed.unmatched.map((u) => u.title)).toEqual(['收入决算表']);
      expect(mixed.unmatched[0]!.reason).toContain('hunan-2023-final');
    }
  });

  it('converts amounts printed in 元 to the set’s 万元 and says so', () => {
    const text = [
      '2024年部门预算公开表',
      '收支总表',
      '金额单位：元',
      '项目\t预算数\t项目(按功能分类)\t预算数',
      '经费拨款\t12345.67\t\t',
    ].join('\n');
    const r = readTextDisclosure(text, 'yuan.txt', [budget2024]);
    const cell = r.pkg.tables[0]!.cells[0]!;
    expect(cell.value).toBe(1234567n);
    expect(cell.text).toBe('1.234567');
    expect(r.repairs[0]!.what).toMatch(/金额单位为元/);
  });
});
