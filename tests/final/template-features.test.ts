/**
 * The template-language features the 决算 format needs, each on its own: consolidated 功能分类 rows
 * (func-summary) from lines, incomes, balances and budgets; a single 合计 row (total-only);
 * side-by-side halves with 行次 and code columns, fund columns and their cell addressing; the 栏次
 * row; notes for empty tables; budgets and 三公 budget figures as measures; and generation of a set
 * whose self-evaluation sheets are reference tables with a generating form (scored when the caller
 * passes the scoring configurations).
 */
import { describe, expect, it } from 'vitest';
import { checkTemplateSet } from '../../src/core/templates/check-set.ts';
import { generatePackage, NotGeneratableError } from '../../src/core/templates/engine.ts';
import { type TemplateSet, TemplateSet as TemplateSetSchema } from '../../src/core/templates/schema.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { exampleRaw, generate, SCORING, SET, TITLES, table, v, variantRaw } from './fixture.ts';

const catalogs = loadBundledCatalogs();

describe('a set whose self-evaluation sheets are reference tables with a generating form', () => {
  const set = loadTemplateSet(SET);
  const { data, catalogs: docCatalogs } = generate(exampleRaw());

  it('is generate: true and passes the set checks (the scoring configuration it names exists)', () => {
    expect(set.generate).toBe(true);
    const reference = set.tables.filter((t) => t.layout === 'reference');
    expect(reference.map((t) => t.title)).toEqual(['部门整体支出绩效自评表', '项目支出绩效自评表']);
    // readers keep reading them by their structure; the generator renders their form
    expect(reference.map((t) => (t.layout === 'reference' ? [t.shape, t.generate?.sheet] : []))).toEqual([
      ['form', 'department'],
      ['form', 'project'],
    ]);
    expect(checkTemplateSet(set, catalogs, Object.keys(SCORING))).toEqual([]);
  });

  it('generates every table when given the scoring configurations', () => {
    const pkg = generatePackage(data, docCatalogs, set, { scoring: SCORING, requireComplete: true });
    expect(pkg.tables.map((t) => t.id)).toEqual([
      'G01',
      'G02',
      'G03',
      'G04',
      'G05',
      'G06',
      'G07',
      'G08',
      'G09',
      'SE1',
      'SE2',
    ]);
    expect(pkg.tables.slice(9).map((t) => t.layout)).toEqual(['form', 'form']);
  });

  it('leaves the self-evaluation sheets out without a scoring configuration, and refuses when every table is required', () => {
    const pkg = generatePackage(data, docCatalogs, set);
    expect(pkg.tables.map((t) => t.id)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09']);
    expect(() => generatePackage(data, docCatalogs, set, { requireComplete: true })).toThrow(NotGeneratableError);
    expect(() => generatePackage(data, docCatalogs, set, { requireComplete: true })).toThrow(
      /“部门整体支出绩效自评表”须按评分规则“hunan”评分，未提供该评分规则/,
    );
  });

  it('a structure-only reference table still makes a set read-only', () => {
    const ro = structuredClone(set);
    const se1 = ro.tables.find((t) => t.id === 'SE1');
    if (se1?.layout !== 'reference') throw new Error('SE1 should be a reference table');
    delete se1.generate;
    expect(checkTemplateSet(ro, catalogs)).toContain(
      `${SET} / SE1 部门整体支出绩效自评表：只有结构定义的表（reference，无 generate）只能用于 generate: false 的模板集`,
    );
    expect(() => generatePackage(data, docCatalogs, ro, { scoring: SCORING })).toThrow(
      /部门整体支出绩效自评表”仅有结构定义/,
    );
    ro.generate = false;
    expect(checkTemplateSet(ro, catalogs)).toEqual([]);
    const pkg = generatePackage(data, docCatalogs, ro, { scoring: SCORING });
    expect(pkg.tables.map((t) => t.id).slice(8)).toEqual(['G09', 'SE2']);
  });

  it('a set of reference tables only still cannot be generated', () => {
    expect(() => generatePackage(data, docCatalogs, loadTemplateSet('hunan-2020-budget'))).toThrow(
      /仅用于解析和审核，不能用于生成/,
    );
  });
});

describe('func-summary rows', () => {
  const { pkg } = generate(exampleRaw());

  it('print 合计, then every 类 with its 款 and 项, keyed by the plain code', () => {
    const t5 = table(pkg, TITLES.T05);
    expect(t5.rows.map((r) => r.key)).toEqual([
      '合计',
      '201',
      '20103',
      '2010301',
      '2010302',
      '2010303',
      '2010399',
      '204',
      '20402',
      '2040299',
      '208',
      '20805',
      '2080501',
      '2080505',
      '2080506',
      '210',
      '21011',
      '2101103',
      '2101199',
      '221',
      '22102',
      '2210201',
    ]);
    expect(t5.rows.slice(0, 4).map((r) => r.kind)).toEqual(['total', 'class', 'kuan', 'item']);
    expect(t5.rows[3]?.texts.slice(0, 2)).toEqual(['2010301', '行政运行']);
  });

  it('take a 项 with a 年初预算数 but no money from budgetByFunc (2101103 公务员医疗补助, 0.00 throughout)', () => {
    for (const title of [TITLES.T02, TITLES.T03, TITLES.T05]) {
      const row = table(pkg, title).rows.find((r) => r.key === '2101103');
      expect(
        row?.texts.slice(2).every((x) => x === '0.00'),
        title,
      ).toBe(true);
    }
    const raw = exampleRaw();
    raw.budgetByFunc = [];
    const without = generate(raw).pkg;
    expect(table(without, TITLES.T05).rows.some((r) => r.key === '2101103')).toBe(false);
  });

  it('follow the table filter: 政府性基金 spending is a row of 03表 and 07表, not of 05表', () => {
    const variant = generate(variantRaw()).pkg;
    const keys = (title: string) => table(variant, title).rows.map((r) => r.key);
    expect(keys(TITLES.T03)).toContain('2120803');
    expect(keys(TITLES.T07)).toEqual(['合计', '212', '21208', '2120803']);
    expect(keys(TITLES.T05)).not.toContain('2120803');
    expect(keys(TITLES.T08)).toEqual(['合计', '223', '22301', '2230105']);
  });
});

describe('side-by-side halves', () => {
  const variant = generate(variantRaw()).pkg;

  it('split a row by fund columns, addressed 支出/<fund>, with 行次 printed beside the label', () => {
    const t4 = table(variant, TITLES.T04);
    expect(t4.columns.map((c) => c.path.join('/'))).toEqual([
      '收入/项目',
      '收入/行次',
      '收入/金额',
      '支出/项目',
      '支出/行次',
      '支出/合计',
      '支出/一般公共预算财政拨款',
      '支出/政府性基金预算财政拨款',
      '支出/国有资本经营预算财政拨款',
    ]);
    const row = t4.rows.find((r) => r.texts[3] === '十一、城乡社区支出');
    expect(row?.texts).toEqual(['', '11', '', '十一、城乡社区支出', '43', '40.00', '0.00', '40.00', '0.00']);
    expect(v(variant, TITLES.T04, '年末财政拨款结转和结余', '支出/国有资本经营预算财政拨款')).toBe(2_000_000n);
  });

  it('print a code column and address cells by the value header alone (06表: 决算数)', () => {
    const t6 = table(variant, TITLES.T06);
    expect(t6.columns.filter((c) => c.role === 'code').length).toBe(3);
    expect(t6.rows[0]?.texts).toEqual([
      '301',
      '工资福利支出',
      '509.72',
      '302',
      '商品和服务支出',
      '84.07',
      '307',
      '债务利息及费用支出',
      '0.00',
    ]);
    expect(new Set(t6.cells.map((c) => c.column))).toEqual(new Set(['决算数']));
    expect(t6.rows.at(-1)?.texts).toEqual(['', '人员经费合计', '545.95', '', '公用经费合计', '85.37', '', '', '']);
  });
});

describe('栏次, empty notes and measures', () => {
  const { pkg, data, catalogs: docCatalogs } = generate(exampleRaw());

  it('number the amount columns under the header, 栏次 over the key columns', () => {
    const last = table(pkg, TITLES.T02).headerRows.at(-1);
    expect(last?.map((h) => [h.text, h.col, h.colSpan])).toEqual([
      ['栏次', 0, 2],
      ['1', 2, 1],
      ['2', 3, 1],
      ['3', 4, 1],
      ['4', 5, 1],
      ['5', 6, 1],
      ['6', 7, 1],
      ['7', 8, 1],
    ]);
    expect(table(pkg, TITLES.T02).headerDepth).toBe(3);
    expect(table(pkg, TITLES.T06).headerDepth).toBe(2);
  });

  it('add the empty note only to a table without data', () => {
    expect(table(pkg, TITLES.T07).note).toContain('故本表无数据');
    const variant = generate(variantRaw()).pkg;
    expect(table(variant, TITLES.T07).empty).toBe(false);
    expect(table(variant, TITLES.T07).note).toBe(
      '注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。',
    );
  });

  it('read 年初预算数 by 项 and the 三公 budget figures', () => {
    const set = TemplateSetSchema.parse({
      id: 'test-final-budgets',
      name: 'test',
      kind: '决算',
      region: '湖南',
      years: [2023, 2023],
      title: '{year}',
      amountUnit: '万元',
      places: 2,
      captions: ['部门：{unitName}'],
      tables: [
        {
          id: 'B1',
          layout: 'grid',
          title: '一般公共预算财政拨款支出决算表（含年初预算数）',
          filter: { fund: ['R11'] },
          showZero: true,
          rows: { kind: 'func-summary', levels: [1, 3], from: ['budgets'] },
          columns: [
            { path: ['科目代码'], field: 'code' },
            { path: ['年初预算数'], measure: { from: 'budgets', figure: 'initial' } },
            { path: ['全年预算数'], measure: { from: 'budgets', figure: 'fullYear' } },
            { path: ['决算数'], measure: { from: 'lines' } },
          ],
        },
        {
          id: 'B2',
          layout: 'grid',
          title: '“三公”经费',
          rows: { kind: 'total-only' },
          columns: [
            { path: ['年初预算数'], measure: { from: 'threePublic', field: 'total', figure: 'initialBudget' } },
            { path: ['全年预算数'], measure: { from: 'threePublic', field: 'reception', figure: 'budget' } },
            { path: ['决算数'], measure: { from: 'threePublic', field: 'total' } },
          ],
        },
      ],
    }) as TemplateSet;
    expect(checkTemplateSet(set, catalogs)).toEqual([]);
    const out = generatePackage(data, docCatalogs, set);
    const text = (t: number, row: string, col: string) =>
      out.tables[t]?.cells.find((c) => c.row === row && c.column === col)?.text;
    expect(text(0, '合计', '年初预算数')).toBe('635.29');
    expect(text(0, '合计', '全年预算数')).toBe('0.00');
    expect(text(0, '2010301', '年初预算数')).toBe('478.07');
    expect(text(0, '2101103', '年初预算数')).toBe('11.01');
    expect(text(0, '2101103', '决算数')).toBe('0.00');
    expect(out.tables[0]?.rows.map((r) => r.key)).not.toContain('20103');
    expect([text(1, '合计', '年初预算数'), text(1, '合计', '全年预算数'), text(1, '合计', '决算数')]).toEqual([
      '1.00',
      '0.67',
      '0.67',
    ]);
  });
});

describe('set checks for the new features', () => {
  const base = () => structuredClone(loadTemplateSet(SET));

  it('flag two rows of side-by-side sections that share a cell address', () => {
    const set = base();
    const t6 = set.tables.find((t) => t.id === 'G06');
    if (t6?.layout !== 'side-by-side') throw new Error('G06 should be side-by-side');
    const dup = t6.sections[0]!.rows[1]!;
    t6.sections[2]!.rows.push({ ...dup });
    expect(checkTemplateSet(set, catalogs)).toContain(
      `${SET} / G06 一般公共预算财政拨款基本支出决算明细表：行“30101”列“决算数”的单元格重复`,
    );
  });

  it('flag unknown fund codes of fund columns and budget measures', () => {
    const set = base();
    const t4 = set.tables.find((t) => t.id === 'G04');
    if (t4?.layout !== 'side-by-side') throw new Error('G04 should be side-by-side');
    t4.sections[1]!.fundColumns![0]!.fund = ['R999'];
    const problems = checkTemplateSet(set, catalogs);
    expect(problems.some((p) => p.includes('列“一般公共预算财政拨款”：未知的资金来源代码 R999'))).toBe(true);
  });

  it('flag a set marked generate: false whose tables all generate', () => {
    const set = base();
    set.generate = false;
    expect(checkTemplateSet(set, catalogs)).toContain(`${SET}：每张表都能生成，generate 应为 true（或省略）`);
  });

  it('flag self-evaluation forms the sheet or the checker cannot work with', () => {
    const set = base();
    const se1 = set.tables.find((t) => t.id === 'SE1');
    const se2 = set.tables.find((t) => t.id === 'SE2');
    if (se1?.layout !== 'reference' || !se1.generate) throw new Error('SE1 should be a generating reference table');
    if (se2?.layout !== 'reference' || !se2.generate) throw new Error('SE2 should be a generating reference table');
    se1.generate.indicators.columns = se1.generate.indicators.columns.filter((c) => c !== '得分');
    se1.generate.funds.sources = [{ source: '上年结转', label: '上年结转' }];
    se1.generate.funds.breakdown[0]!.rows[0]!.measure = { from: 'lines', filter: { fund: ['R999'] } };
    se2.generate.scoring = 'nowhere';
    se2.shape = 'grid';
    const problems = checkTemplateSet(set, catalogs, Object.keys(SCORING));
    const where1 = `${SET} / SE1 部门整体支出绩效自评表`;
    const where2 = `${SET} / SE2 项目支出绩效自评表`;
    expect(problems).toContain(`${where1}：绩效指标缺少“得分”栏`);
    expect(problems).toContain(`${where1}：部门整体自评表没有按资金来源分列的资金行`);
    expect(problems).toContain(`${where1} “按收入性质分：”行“一般公共预算：”：未知的资金来源代码 R999`);
    expect(problems).toContain(`${where2}：未知的评分规则“nowhere”`);
    expect(problems).toContain(`${where2}：按自评表生成的表，shape 应为 form`);
  });
});
