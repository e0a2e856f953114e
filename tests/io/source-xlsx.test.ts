import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, hasErrors } from '../../src/core/diagnostics.ts';
import { parseAmount } from '../../src/core/money/amount.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { Category, type RawSource, SourceSchema } from '../../src/core/source/schema.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { readSourceWorkbook } from '../../src/io/source-workbook/reader.ts';
import { writeSourceWorkbook } from '../../src/io/source-workbook/writer.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'mingzhang-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const tmp = (name: string) => join(dir, `${++seq}-${name}.xlsx`);

const EXAMPLE = resolve(import.meta.dirname, '../../examples/hetang-zfb-2024-budget/source.json');

const DATA_SHEETS = [
  '基本信息',
  '单位',
  '单位职责',
  '收入',
  '年终结转结余',
  '使用非财政拨款结余',
  '结余分配',
  '功能分类预算数',
  '支出明细',
  '项目',
  '项目绩效指标',
  '部门年履职目标',
  '部门年度主要任务',
  '部门整体绩效指标',
  '三公经费',
  '会议费培训费',
  '政府采购',
  '国有资产',
  '上年数',
  '部门整体自评',
  '部门整体自评指标',
  '项目自评',
  '项目自评资金',
  '项目自评指标',
  '说明填写',
  '目录补充',
];
const CODE_SHEETS = ['代码-功能分类', '代码-经济分类', '代码-资金来源', '代码-模板集', '代码-说明插槽'];

/** A source exercising every part of the schema; it normalises without errors. */
function richSource(): RawSource {
  return {
    schemaVersion: 1,
    kind: '预算',
    year: 2024,
    templateSet: 'hunan-2024-budget',
    amountUnit: '万元',
    region: '湖南省株洲市荷塘区',
    department: { code: '101', name: '荷塘区示例局' },
    units: [
      {
        code: '101001',
        name: '荷塘区示例局（本级）',
        kind: '行政',
        parent: '101',
        duties: ['贯彻执行国家有关方针政策。', '承办区委、区政府交办的其他事项。'],
        dutiesBasis: '株荷办发〔2019〕39号',
        organisation: '内设综合股、业务股。\n下属事业单位 1 个。',
        authorisedStaff: 20,
        actualStaff: 18,
        retiredStaff: 5,
      },
      { code: '101002', name: '荷塘区示例服务中心', kind: '事业', parent: '101', authorisedStaff: 10 },
    ],
    incomes: [
      { unit: '101001', fund: 'R111', amount: '300.5' },
      { unit: '101001', fund: '财政专户管理资金', amount: 20 },
      { unit: '101002', fund: '经费拨款', amount: '150.123456' },
      { unit: '101002', fund: 'R31', amount: '7' },
      { unit: '101002', fund: 'R31', amount: '5', carryover: true },
      { unit: '101002', fund: 'R111', amount: '0', carryover: false },
    ],
    yearEndCarryover: [{ unit: '101002', fund: '事业收入', amount: '2' }],
    lines: [
      { unit: '101001', func: '2010301', econ: '30101', category: '基本', fund: 'R111', amount: '120.25' },
      {
        unit: '101001',
        func: '2010301',
        funcName: '行政运行',
        econ: '30201',
        econName: '办公费',
        category: '基本',
        basicKind: '公用',
        fund: 'R111',
        amount: 30.25,
      },
      {
        unit: '101001',
        func: '2010302',
        econ: '30227',
        govEcon: '50205',
        category: '项目',
        project: '43020224T000000001',
        fund: 'R111',
        amount: '150.000',
        note: '含委托业务',
      },
      {
        unit: '101001',
        func: '2010302',
        econ: '30299',
        category: '项目',
        project: '43020224T000000001',
        fund: 'R2',
        amount: '20',
      },
      {
        unit: '101002',
        func: '2010350',
        econ: '30107',
        category: '基本',
        basicKind: '人员',
        fund: 'R111',
        amount: '100.123456',
      },
      { unit: '101002', func: '2010350', econ: '30216', category: '基本', fund: 'R111', amount: '50' },
      {
        unit: '101002',
        func: '2010399',
        econ: '31002',
        category: '项目',
        project: '0430202',
        fund: 'R31',
        amount: '10',
      },
    ],
    projects: [
      {
        code: '43020224T000000001',
        name: '示例业务专项',
        unit: '101001',
        category: '特定目标类',
        special: true,
        performanceName: '示例业务专项（绩效）',
        period: '2024年1-12月',
        budgetMethod: '项目库',
        goal: '完成年度各项业务工作。',
        indicators: [
          { level1: '产出指标', level2: '数量指标', level3: '开展检查', value: '12次', op: '≥', measureUnit: '次' },
          {
            level1: '效益指标',
            level2: '社会效益指标',
            level3: '群众满意度',
            value: '95%',
            content: '',
            op: '定量',
            note: '问卷调查',
          },
        ],
      },
      {
        code: '0430202',
        name: '设备购置',
        unit: '101002',
        category: '其他运转类',
        special: false,
        indicators: [{ level1: '产出指标', level2: '质量指标', level3: '设备验收合格率', value: '', op: '定性' }],
      },
    ],
    departmentPerformance: {
      goals: ['保障机关正常运转。', '完成年度重点任务。'],
      tasks: [
        { name: '机关运转', content: '保障人员工资和日常公用支出' },
        { name: '专项工作', content: '' },
      ],
      indicators: [
        {
          level1: '产出指标',
          level2: '时效指标',
          level3: '按时完成率',
          value: '100%',
          content: '年度任务按时完成',
          op: '=',
          measureUnit: '%',
          note: '按季度统计',
        },
        { level1: '满意度指标', level2: '服务对象满意度', level3: '满意度', value: '≥90%', op: '定性' },
      ],
    },
    threePublic: [
      {
        unit: '101001',
        abroad: '0',
        vehiclePurchase: '0',
        vehicleOperation: '3.5',
        reception: '1.2',
        abroadGroups: 0,
        abroadPeople: 0,
        vehiclesPurchased: 0,
        vehiclesHeld: 2,
        receptionGroups: 10,
        receptionGuests: 80,
      },
      { unit: '101002', abroad: 0, vehiclePurchase: 0, vehicleOperation: 0, reception: '0.3' },
    ],
    meetingTraining: [
      {
        unit: '101002',
        meeting: '1',
        training: '50',
        meetingCount: 2,
        meetingPeople: 60,
        trainingCount: 3,
        trainingPeople: 90,
      },
    ],
    officeOperation: '1,234.5',
    procurement: { goods: '10', works: '0', services: '20.5', smeReserved: '5', smallMicro: '3.25' },
    assets: {
      asOf: '2023年12月31日',
      floorArea: '1234.5',
      vehicles: [
        { kind: '一般公务用车', count: 2 },
        { kind: '执法执勤用车', count: 1 },
      ],
      largeEquipment: 0,
      largeEquipmentThreshold: '200万元',
    },
    priorYear: {
      year: 2023,
      basis: '年初预算',
      incomeTotal: '450',
      expenditureTotal: '450',
      basic: '300',
      project: '150',
      generalPublicBudget: '430',
      threePublic: '5.1',
      abroad: '0',
      vehiclePurchase: '0',
      vehicleOperation: '3.9',
      reception: '1.2',
      officeOperation: '140',
      note: '2023年部门预算公开数',
    },
    reasons: { 收支增减原因: '人员增加，工资标准调整。', 三公增减原因: '' },
    catalogAdditions: [{ catalog: '功能分类', code: '2010399', name: '其他政府办公厅（室）及相关机构事务支出' }],
  };
}

/**
 * A 决算 source filling every final-account field (balances per unit and fund, 功能分类 on
 * incomes and carry-over, 预算数 of 三公, 授予中小企业, 绩效自评); it normalises without errors.
 * Unit 101001 spends its 经费拨款 by function; unit 101002 balances 本年收入 70 + 使用非财政拨款结余 2
 * + 年初结转和结余 5 = 本年支出 65 + 结余分配 3 + 年末结转和结余 9.
 */
function richFinalSource(): RawSource {
  return {
    schemaVersion: 1,
    kind: '决算',
    year: 2023,
    templateSet: 'hunan-2023-final',
    amountUnit: '元',
    region: '湖南省株洲市荷塘区',
    department: { code: '101', name: '荷塘区示例局' },
    units: [
      { code: '101001', name: '荷塘区示例局（本级）', kind: '行政', parent: '101' },
      { code: '101002', name: '荷塘区示例服务中心', kind: '事业', parent: '101' },
    ],
    incomes: [
      { unit: '101001', fund: 'R111', func: '2010301', funcName: '行政运行', amount: '1000000' },
      { unit: '101001', fund: 'R111', func: '2010302', amount: '500000.5' },
      { unit: '101002', fund: 'R111', func: '2010350', amount: '400000' },
      { unit: '101002', fund: 'R31', func: '2010350', amount: '300000' },
      { unit: '101002', fund: 'R31', amount: '50000', carryover: true },
    ],
    yearEndCarryover: [{ unit: '101002', fund: 'R31', func: '2010350', funcName: '事业运行', amount: '90000' }],
    balanceUse: [{ unit: '101002', fund: '事业收入', func: '2010350', funcName: '事业运行', amount: '20000' }],
    balanceDistribution: [{ unit: '101002', fund: 'R31', func: '2010350', funcName: '事业运行', amount: '30000' }],
    budgetByFunc: [
      {
        unit: '101001',
        func: '2010301',
        funcName: '行政运行',
        fund: 'R111',
        initialBudget: '900000',
        fullYearBudget: '1000000',
      },
      { unit: '101001', func: '2010302', fund: 'R111', fullYearBudget: '500000.5' },
      { unit: '101002', func: '2010350', fund: 'R111', initialBudget: '400000' },
    ],
    lines: [
      { unit: '101001', func: '2010301', econ: '30101', category: '基本', fund: 'R111', amount: '1000000' },
      {
        unit: '101001',
        func: '2010302',
        econ: '30299',
        category: '项目',
        project: '0432023',
        fund: 'R111',
        amount: '500000.5',
      },
      { unit: '101002', func: '2010350', econ: '30107', category: '基本', fund: 'R111', amount: '400000' },
      { unit: '101002', func: '2010350', econ: '30216', category: '基本', fund: 'R31', amount: '250000' },
    ],
    projects: [{ code: '0432023', name: '督查专项', unit: '101001', category: '特定目标类', special: true }],
    threePublic: [
      {
        unit: '101001',
        abroad: '0',
        vehiclePurchase: '0',
        vehicleOperation: '0',
        reception: '6700',
        budget: { abroad: '0', vehiclePurchase: '0', vehicleOperation: '0', reception: '6700' },
        initialBudget: { abroad: 0, vehiclePurchase: '0', vehicleOperation: '0', reception: '10000' },
        receptionGroups: 3,
        receptionGuests: 60,
      },
      { unit: '101002', abroad: '0', vehiclePurchase: '0', vehicleOperation: '0', reception: '0' },
    ],
    officeOperation: '853740',
    officeOperationBudget: '922600',
    procurement: {
      goods: '260500',
      works: '107800',
      services: '568800',
      smeAwarded: {
        total: '937100',
        smallMicro: '900000.25',
        goods: '260500',
        works: '107800',
        services: '568800',
      },
    },
    priorYear: {
      year: 2022,
      basis: '决算',
      incomeTotal: '2000000',
      expenditureTotal: '2000000',
      fiscalTotal: '1800000',
      note: '2022 年决算数',
    },
    selfEvaluation: {
      department: {
        initialBudget: '2000000',
        fullYearBudget: '2150000.5',
        executed: '2150000.5',
        goal: { expected: '积极履职，保障运转。', actual: '' },
        executionWeight: 10,
        executionScore: 9.5,
        indicators: [
          {
            level1: '产出指标',
            level2: '数量指标',
            level3: '收文份数',
            target: '1500 份',
            actual: '1597 份',
            weight: 3,
            score: 2.75,
            reason: '收文减少',
          },
          { level1: '满意度指标', level3: '群众满意度', target: '', actual: '100%', weight: 10 },
        ],
        totalWeight: 100,
        totalScore: 97.54,
        note: '总分栏为印刷值',
      },
      projects: [
        {
          project: '0432023',
          competentDepartment: '荷塘区示例局',
          implementingUnit: '荷塘区示例局（本级）',
          funds: [
            { source: '当年财政拨款', initialBudget: '416000', fullYearBudget: '500000.5', executed: '500000.5' },
            { source: '上年结转', initialBudget: '0', fullYearBudget: 0, executed: '0' },
          ],
          goal: { expected: '完成督查任务。', actual: '完成了督查任务。' },
          executionWeight: 10,
          executionScore: 10,
          indicators: [
            { level1: '产出指标', level3: '督查次数', target: '12 次', actual: '20 次', weight: 6, score: 6 },
            {
              level1: '效益指标',
              level2: '社会效益指标',
              level3: '决策支持',
              target: '有效',
              actual: '有效',
              weight: 1.5,
              score: 0.333,
              reason: '部分事项未办结',
            },
          ],
          totalWeight: 100,
          totalScore: 98,
          note: '项目自评备注',
        },
      ],
    },
    reasons: { 收支增减原因: '部分上年未支付资金当年已支付。' },
  };
}

/** Every leaf of a zod schema as a path, arrays written as "[]" (zod 4 `def` introspection). */
function schemaLeaves(schema: unknown, prefix = ''): string[] {
  const def = (
    schema as { def: { type: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown } }
  ).def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([k, v]) => schemaLeaves(v, prefix ? `${prefix}.${k}` : k));
    case 'optional':
    case 'default':
    case 'nullable':
      return schemaLeaves(def.innerType, prefix);
    case 'array':
      return schemaLeaves(def.element, `${prefix}[]`);
    default:
      return [prefix];
  }
}

/** Whether some value exists at a leaf path (any array element will do). */
function hasValueAt(data: unknown, path: string): boolean {
  const [head = '', ...rest] = path.split('.');
  const arrays = head.endsWith('[]');
  const key = head.replace(/\[\]$/, '');
  const v = key === '' ? data : (data as Record<string, unknown> | undefined)?.[key];
  if (v === undefined) return false;
  if (arrays) {
    const inner = head.slice(key.length, -2);
    const items = (v as unknown[]).flatMap((x) => (inner ? (x as unknown[]) : [x]));
    return rest.length === 0 ? items.length > 0 : items.some((x) => hasValueAt(x, rest.join('.')));
  }
  return rest.length === 0 || hasValueAt(v, rest.join('.'));
}

function normalised(raw: unknown) {
  const r = normaliseSource(raw, loadBundledCatalogs());
  return { data: r.data, issues: r.issues.map((i) => ({ severity: i.severity, message: i.message, path: i.path })) };
}

async function roundTrip(source: unknown, name: string) {
  const file = tmp(name);
  await writeSourceWorkbook(file, SourceSchema.parse(source) as RawSource);
  return readSourceWorkbook(file);
}

/** Open a workbook written by us, change it, save it under a new name. */
async function edit(from: string, change: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  change(wb);
  const out = tmp('edited');
  await wb.xlsx.writeFile(out);
  return out;
}

function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, col) => {
    if (cell.text.replace(/\*$/, '') === header) found = col;
  });
  if (!found) throw new Error(`no column ${header} in ${ws.name}`);
  return found;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

type Validations = { model: Record<string, ExcelJS.DataValidation | undefined> };
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: Validations }).dataValidations.model;

describe('blank template', () => {
  const file = tmp('blank');

  it('has every sheet, frozen bold headers, text/number formats and dropdowns', async () => {
    await writeSourceWorkbook(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', ...DATA_SHEETS, ...CODE_SHEETS]);

    const lines = sheet(wb, '支出明细');
    const headers: string[] = [];
    lines.getRow(1).eachCell((c) => headers.push(c.text));
    expect(headers).toEqual([
      '单位编码*',
      '功能分类编码*',
      '功能分类名称',
      '部门经济分类编码*',
      '部门经济分类名称',
      '政府经济分类编码',
      '支出类别*',
      '人员/公用',
      '项目代码',
      '资金来源*',
      '金额*',
      '备注',
    ]);
    expect(lines.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(lines.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(lines.getColumn(columnOf(lines, '功能分类编码')).numFmt).toBe('@');
    expect(lines.getColumn(columnOf(lines, '金额')).numFmt).toBe('0.00####');

    const dv = validations(lines);
    const at = (header: string, row = 2) => dv[`${lines.getColumn(columnOf(lines, header)).letter}${row}`];
    expect(at('支出类别')).toMatchObject({ type: 'list', formulae: [`"${Category.options.join(',')}"`] });
    expect(Category.options).toEqual(expect.arrayContaining(['基本', '项目']));
    expect(at('人员/公用', 500)).toMatchObject({ type: 'list', formulae: ['"人员,公用"'] });
    expect(at('资金来源')?.formulae[0]).toMatch(/^'代码-资金来源'!\$B\$2:\$B\$\d+$/);
    expect(at('单位编码')?.formulae[0]).toMatch(/^'单位'!\$A\$2:\$A\$\d+$/);
    expect(at('项目代码')?.formulae[0]).toMatch(/^'项目'!\$A\$2:\$A\$\d+$/);

    const units = sheet(wb, '单位');
    expect(validations(units)[`${units.getColumn(columnOf(units, '单位类型')).letter}2`]).toMatchObject({
      type: 'list',
      formulae: ['"行政,参公,事业"'],
    });
    expect(validations(units)[`${units.getColumn(columnOf(units, '编制人数')).letter}2`]).toMatchObject({
      type: 'whole',
    });
    const ind = sheet(wb, '项目绩效指标');
    expect(validations(ind)[`${ind.getColumn(columnOf(ind, '指标值类型')).letter}2`]?.formulae[0]).toBe(
      '"≥,≤,=,>,<,定性,定量"',
    );
    const proj = sheet(wb, '项目');
    expect(validations(proj)[`${proj.getColumn(columnOf(proj, '是否专项')).letter}2`]?.formulae[0]).toBe('"是,否"');

    // 决算 columns and sheets
    const incomeHeaders: string[] = [];
    sheet(wb, '收入')
      .getRow(1)
      .eachCell((c) => incomeHeaders.push(c.text));
    expect(incomeHeaders).toEqual(['单位编码*', '功能分类编码', '功能分类名称', '资金来源*', '金额*', '是否上年结转']);
    const byFunc = sheet(wb, '功能分类预算数');
    expect(byFunc.getColumn(columnOf(byFunc, '功能分类编码')).numFmt).toBe('@');
    expect(byFunc.getColumn(columnOf(byFunc, '全年预算数')).numFmt).toBe('0.00####');
    const tp = sheet(wb, '三公经费');
    expect(tp.getColumn(columnOf(tp, '公务接待费（全年预算数）')).numFmt).toBe('0.00####');
    const selfInd = sheet(wb, '项目自评指标');
    expect(validations(selfInd)[`${selfInd.getColumn(columnOf(selfInd, '分值')).letter}2`]).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
    });
    expect(selfInd.getColumn(columnOf(selfInd, '项目代码')).numFmt).toBe('@');
    const selfFunds = sheet(wb, '项目自评资金');
    expect(validations(selfFunds)[`${selfFunds.getColumn(columnOf(selfFunds, '资金来源')).letter}2`]?.formulae[0]).toBe(
      '"当年财政拨款,上年结转,其他资金"',
    );

    // key/value sheet: 模板版本 prefilled, 金额单位 with a dropdown
    const basic = sheet(wb, '基本信息');
    const keys: string[] = [];
    basic.eachRow((row) => keys.push(row.getCell(1).text.replace(/\*$/, '')));
    expect(keys).toEqual(
      expect.arrayContaining([
        '模板版本',
        '类型',
        '年度',
        '报表模板集',
        '金额单位',
        '地区',
        '部门编码',
        '部门名称',
        '机关运行经费',
        '机关运行经费年初预算数',
        '绩效自评',
      ]),
    );
    expect(basic.getRow(keys.indexOf('模板版本') + 1).getCell(2).value).toBe(1);
    expect(validations(basic)[`B${keys.indexOf('金额单位') + 1}`]?.formulae[0]).toBe('"元,万元"');

    // code lists from the bundled catalogs; the fund dropdown covers the whole list
    const catalogs = loadBundledCatalogs();
    const funds = sheet(wb, '代码-资金来源');
    expect(funds.getRow(2).getCell(1).text).toBe(catalogs.funds[0]?.code);
    expect(at('资金来源')?.formulae[0]).toBe(`'代码-资金来源'!$B$2:$B$${catalogs.funds.length + 1}`);
    expect(sheet(wb, '代码-功能分类').getCell('A2').text).toMatch(/^\d{3}$/);
    expect(sheet(wb, '代码-经济分类').actualRowCount).toBeGreaterThan(100);
    expect(sheet(wb, '填写说明').getCell('A1').text).toContain('填写说明');

    // template sets and 说明 slots: dropdowns over code sheets that give their Chinese names
    const sets = sheet(wb, '代码-模板集');
    const setRows: string[][] = [];
    sets.eachRow((row, n) => {
      if (n > 1) setRows.push([row.getCell(1).text, row.getCell(2).text, row.getCell(3).text]);
    });
    expect(setRows.map((r) => r[0]).sort()).toEqual(listTemplateSets());
    expect(setRows.find((r) => r[0] === 'hunan-2023-final')?.slice(1)).toEqual([
      loadTemplateSet('hunan-2023-final').name,
      '决算',
    ]);
    const setDv = validations(basic)[`B${keys.indexOf('报表模板集') + 1}`];
    expect(setDv).toMatchObject({ type: 'list', formulae: [`'代码-模板集'!$A$2:$A$${setRows.length + 1}`] });
    expect(setDv?.prompt).toContain('hunan-2024-budget：湖南省 2024 年部门预算公开表');
    const slots = sheet(wb, '代码-说明插槽');
    const slotRows = new Map<string, string>();
    slots.eachRow((row, n) => {
      if (n > 1) slotRows.set(row.getCell(1).text, row.getCell(2).text);
    });
    expect(slotRows.get('三公增减原因')).toBe('“三公”经费增减变化的主要原因');
    expect(slotRows.get('政府采购预算')).toBe('政府采购预算（货物、工程、服务）');
    expect([...slotRows.keys()].some((k) => k.startsWith('决算预算差异/'))).toBe(true);
    const reasons = sheet(wb, '说明填写');
    expect(validations(reasons)[`${reasons.getColumn(columnOf(reasons, '插槽名')).letter}2`]?.formulae[0]).toBe(
      `'代码-说明插槽'!$A$2:$A$${slotRows.size + 1}`,
    );
  });

  it('reads back without a crash: only located errors about missing data', async () => {
    const res = await readSourceWorkbook(file);
    expect(res.issues).toEqual([]);
    expect(res.raw).toBeDefined();
    const n = normaliseSource(res.raw, loadBundledCatalogs());
    expect(n.data).toBeUndefined();
    expect(n.issues.length).toBeGreaterThan(0);
    for (const issue of n.issues) {
      const loc = res.locate(issue.path);
      expect(loc, formatIssue(issue)).toBeDefined();
      expect(loc?.sheet).toBeTruthy();
    }
    expect(res.locate(['year'])).toMatchObject({ sheet: '基本信息', column: 'B' });
    expect(res.locate(['units'])).toMatchObject({ sheet: '单位' });
  });
});

describe('round trip', () => {
  it('uses sources that together fill every field of SourceSchema (so the workbook must carry them all)', () => {
    const missing = schemaLeaves(SourceSchema)
      .filter((p) => p !== '$schema')
      .filter((p) => !hasValueAt(richSource(), p) && !hasValueAt(richFinalSource(), p));
    expect(missing, '新增的 SourceSchema 字段需要加入工作簿和本测试的数据').toEqual([]);
  });

  it('keeps the normalised model of a rich 决算 source', async () => {
    const src = richFinalSource();
    const before = normalised(src);
    expect(before.data, before.issues.map((i) => i.message).join('\n')).toBeDefined();
    expect(before.issues).toEqual([]);
    const res = await roundTrip(src, 'rich-final');
    expect(res.issues).toEqual([]);
    expect(normalised(res.raw)).toEqual(before);
    const raw = SourceSchema.parse(res.raw);
    // nested objects of a row come back whole; scores keep their decimals
    expect(raw.threePublic[0]?.initialBudget).toEqual({
      abroad: '0',
      vehiclePurchase: '0',
      vehicleOperation: '0',
      reception: '10000',
    });
    expect(raw.threePublic[1]?.budget).toBeUndefined();
    expect(raw.procurement?.smeAwarded?.smallMicro).toBe('900000.25');
    expect(raw.selfEvaluation?.department?.goal).toEqual({ expected: '积极履职，保障运转。', actual: '' });
    expect(raw.selfEvaluation?.department?.indicators[1]).toEqual({
      level1: '满意度指标',
      level3: '群众满意度',
      target: '',
      actual: '100%',
      weight: 10,
    });
    expect(raw.selfEvaluation?.projects[0]?.indicators[1]?.score).toBe(0.333);
    expect(raw.selfEvaluation?.projects[0]?.funds.map((f) => f.source)).toEqual(['当年财政拨款', '上年结转']);
    expect(raw.selfEvaluation?.projects[0]?.project).toBe('0432023');
    expect(raw.incomes[4]?.func).toBeUndefined();

    // the workbook itself: 分值 are number cells, 三公 预算数 are columns of the 三公经费 row
    const file = tmp('rich-final-cells');
    await writeSourceWorkbook(file, src);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ind = sheet(wb, '项目自评指标');
    expect(ind.getRow(3).getCell(columnOf(ind, '得分')).value).toBe(0.333);
    expect(ind.getRow(3).getCell(columnOf(ind, '项目代码')).value).toBe('0432023');
    const tp = sheet(wb, '三公经费');
    expect(tp.getRow(2).getCell(columnOf(tp, '公务接待费（年初预算数）')).value).toBe(10000);
    const funds = sheet(wb, '项目自评资金');
    expect(funds.getRow(3).getCell(columnOf(funds, '资金来源')).value).toBe('上年结转');
  });

  it('keeps an empty 绩效自评 and an absent one apart, and a half-filled goal whole', async () => {
    const withEmpty = { ...richFinalSource(), selfEvaluation: { projects: [] } };
    const res = await roundTrip(withEmpty, 'empty-self');
    expect(SourceSchema.parse(res.raw).selfEvaluation).toEqual({ projects: [] });
    expect(normalised(res.raw)).toEqual(normalised(withEmpty));

    const { selfEvaluation: _s, ...bare } = richFinalSource();
    const res2 = await roundTrip(bare, 'absent-self');
    expect(SourceSchema.parse(res2.raw).selfEvaluation).toBeUndefined();
    expect(normalised(res2.raw)).toEqual(normalised(bare));

    // LibreOffice drops empty text cells: the other half of a goal still reads as ""
    const base = tmp('half-goal');
    await writeSourceWorkbook(base, richFinalSource());
    const edited = await edit(base, (wb) => {
      const ws = sheet(wb, '部门整体自评');
      ws.eachRow((row) => {
        if (row.getCell(1).text === '年度总体目标：实际完成情况') row.getCell(2).value = null;
      });
      const p = sheet(wb, '项目自评');
      p.getRow(2).getCell(columnOf(p, '预期目标')).value = null;
    });
    const res3 = await readSourceWorkbook(edited);
    expect(res3.issues).toEqual([]);
    const raw3 = SourceSchema.parse(res3.raw);
    expect(raw3.selfEvaluation?.department?.goal).toEqual({ expected: '积极履职，保障运转。', actual: '' });
    expect(raw3.selfEvaluation?.projects[0]?.goal).toEqual({ expected: '', actual: '完成了督查任务。' });
  });

  it('keeps the normalised model of a rich source', async () => {
    const src = richSource();
    const before = normalised(src);
    expect(before.data, before.issues.map((i) => i.message).join('\n')).toBeDefined();
    const res = await roundTrip(src, 'rich');
    expect(res.issues).toEqual([]);
    expect(normalised(res.raw)).toEqual(before);
    // empty texts survive as empty texts, not as missing values
    const raw = SourceSchema.parse(res.raw);
    expect(raw.reasons.三公增减原因).toBe('');
    expect(raw.projects[0]?.indicators[1]?.content).toBe('');
    expect(raw.departmentPerformance?.tasks[1]?.content).toBe('');
    // codes stay text, leading zeros included
    expect(raw.projects[1]?.code).toBe('0430202');
    expect(raw.lines[6]?.project).toBe('0430202');
  });

  it('keeps present-but-empty optional sections and absent ones apart', async () => {
    const src = { ...richSource(), departmentPerformance: { goals: [], tasks: [], indicators: [] }, assets: {} };
    const res = await roundTrip(src, 'empty-sections');
    const raw = SourceSchema.parse(res.raw);
    expect(raw.departmentPerformance).toEqual({ goals: [], tasks: [], indicators: [] });
    expect(raw.assets).toEqual({ vehicles: [] });
    expect(normalised(res.raw)).toEqual(normalised(src));

    const {
      departmentPerformance: _p,
      assets: _a,
      procurement: _c,
      priorYear: _y,
      officeOperation: _o,
      ...bare
    } = richSource();
    const res2 = await roundTrip(bare, 'absent-sections');
    const raw2 = SourceSchema.parse(res2.raw);
    expect(raw2.departmentPerformance).toBeUndefined();
    expect(raw2.assets).toBeUndefined();
    expect(raw2.procurement).toBeUndefined();
    expect(raw2.priorYear).toBeUndefined();
    expect(raw2.officeOperation).toBeUndefined();
    expect(normalised(res2.raw)).toEqual(normalised(bare));
  });

  it('keeps every amount exactly (number cells when exact, text otherwise)', async () => {
    const fen = fc.sample(fc.bigInt({ min: 0n, max: 10n ** 17n }), { numRuns: 300, seed: 20240101 });
    const asWan = (f: bigint) => {
      const s = f.toString().padStart(7, '0');
      return `${s.slice(0, -6)}.${s.slice(-6)}`;
    };
    const amounts: Array<string | number> = [
      ...fen.map(asWan),
      '0.000001',
      '99999999.999999',
      '123456789012.345678',
      '0.1',
      '559.570',
      '9,501,164',
      '１２３．４５',
      '+7',
      '-0',
      '.5',
      '1e-7',
      '-',
      '',
      '十二万',
      '12.3456789',
      0.1,
      1234567.89,
      0.1 + 0.2,
      1e21,
      5e-7,
    ];
    const src = richSource();
    const line = src.lines[0] as RawSource['lines'][number];
    const many = { ...src, lines: amounts.map((amount) => ({ ...line, amount })) };
    const res = await roundTrip(many, 'amounts');
    const lines = SourceSchema.parse(res.raw).lines;
    expect(lines).toHaveLength(amounts.length);
    const parse = (v: string | number) => parseAmount(typeof v === 'number' ? String(v) : v, '万元');
    amounts.forEach((a, i) => {
      expect(parse(lines[i]?.amount as string), `amount ${JSON.stringify(a)}`).toMatchObject(
        (({ places: _, ...rest }) => rest)(parse(a) as { places?: number }),
      );
    });

    // exact decimals are number cells; the rest stay text exactly as written
    const file = tmp('amount-cells');
    await writeSourceWorkbook(file, many);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = sheet(wb, '支出明细');
    const col = columnOf(ws, '金额');
    const cellOf = (a: string | number) => ws.getRow(amounts.indexOf(a) + 2).getCell(col).value;
    expect(cellOf('99999999.999999')).toBe(99999999.999999);
    expect(cellOf('9,501,164')).toBe(9501164);
    expect(cellOf('123456789012.345678')).toBe('123456789012.345678');
    expect(cellOf('十二万')).toBe('十二万');
    expect(cellOf(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  const examplesDir = resolve(import.meta.dirname, '../../examples');
  const others = existsSync(examplesDir)
    ? readdirSync(examplesDir)
        .map((d) => join(examplesDir, d, 'source.json'))
        .filter((f) => f !== EXAMPLE && existsSync(f))
    : [];
  it.each(others)('round-trips %s', async (file) => {
    const src = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const res = await roundTrip(src, 'other-example');
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(normalised(res.raw)).toEqual(normalised(src));
  });

  it('round-trips the 荷塘区 example source.json', async (ctx) => {
    if (!existsSync(EXAMPLE)) ctx.skip(`示例文件 ${EXAMPLE} 尚不存在，跳过`);
    const src = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as unknown;
    const parsed = SourceSchema.safeParse(src);
    expect(parsed.success, '示例 source.json 应通过 SourceSchema').toBe(true);
    const res = await roundTrip(src, 'example');
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(normalised(res.raw)).toEqual(normalised(src));
  });
});

describe('located errors', () => {
  const base = tmp('base');
  const write = writeSourceWorkbook(base, richSource());

  it('names a missing required sheet and returns no raw object', async () => {
    await write;
    const file = await edit(base, (wb) => wb.removeWorksheet(sheet(wb, '支出明细').id));
    const res = await readSourceWorkbook(file);
    expect(res.raw).toBeUndefined();
    const issue = res.issues.find((i) => i.severity === 'error');
    expect(issue?.message).toBe('缺少工作表“支出明细”');
    expect(issue?.location).toMatchObject({ sheet: '支出明细', file: expect.stringMatching(/\.xlsx$/) });
  });

  it('maps a text amount, reported by the normaliser, to its cell', async () => {
    await write;
    let row = 0;
    let letter = '';
    const file = await edit(base, (wb) => {
      const ws = sheet(wb, '支出明细');
      const col = columnOf(ws, '金额');
      row = 4;
      letter = ws.getColumn(col).letter;
      ws.getRow(row).getCell(col).value = '十二万';
    });
    const res = await readSourceWorkbook(file);
    expect(res.issues).toEqual([]);
    expect((res.raw as { lines: Array<{ amount: unknown }> }).lines[row - 2]?.amount).toBe('十二万');
    const n = normaliseSource(res.raw, loadBundledCatalogs());
    const issue = n.issues.find((i) => i.message.includes('十二万'));
    expect(issue?.path).toEqual(['lines', row - 2, 'amount']);
    const loc = res.locate(issue?.path ?? []);
    expect(loc).toMatchObject({ sheet: '支出明细', row });
    expect(loc?.column).toBe(`${letter}（金额）`);
    expect(formatIssue({ ...(issue as NonNullable<typeof issue>), location: loc })).toContain(
      '工作表“支出明细”，第 4 行',
    );
  });

  it('reports a non-integer head count at its cell', async () => {
    await write;
    const file = await edit(base, (wb) => {
      const ws = sheet(wb, '单位');
      ws.getRow(3).getCell(columnOf(ws, '编制人数')).value = 12.5;
      ws.getRow(2).getCell(columnOf(ws, '实有人数')).value = '十八';
    });
    const res = await readSourceWorkbook(file);
    const errors = res.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      path: ['units', 0, 'actualStaff'],
      location: { sheet: '单位', row: 2, column: expect.stringContaining('实有人数') },
    });
    expect(errors[0]?.message).toContain('十八');
    expect(errors[1]).toMatchObject({
      path: ['units', 1, 'authorisedStaff'],
      location: { sheet: '单位', row: 3, column: expect.stringContaining('编制人数') },
    });
    expect(errors[1]?.message).toContain('12.5');
  });

  it('reads numeric code cells as text codes', async () => {
    await write;
    const file = await edit(base, (wb) => {
      const ws = sheet(wb, '支出明细');
      ws.getRow(2).getCell(columnOf(ws, '功能分类编码')).value = 2010301;
      ws.getRow(2).getCell(columnOf(ws, '部门经济分类编码')).value = 30101;
      const units = sheet(wb, '单位');
      units.getRow(2).getCell(columnOf(units, '编制人数')).value = '20';
    });
    const res = await readSourceWorkbook(file);
    expect(res.issues).toEqual([]);
    const raw = res.raw as {
      lines: Array<{ func: unknown; econ: unknown }>;
      units: Array<{ authorisedStaff: unknown }>;
    };
    expect(raw.lines[0]?.func).toBe('2010301');
    expect(raw.lines[0]?.econ).toBe('30101');
    expect(raw.units[0]?.authorisedStaff).toBe(20);
    expect(normalised(res.raw)).toEqual(normalised(richSource()));
  });

  it('names the sheet and column of a missing header', async () => {
    await write;
    const file = await edit(base, (wb) => {
      const ws = sheet(wb, '支出明细');
      ws.getRow(1).getCell(columnOf(ws, '金额')).value = '金额数';
    });
    const res = await readSourceWorkbook(file);
    expect(res.raw).toBeUndefined();
    expect(res.issues.find((i) => i.severity === 'error')).toMatchObject({
      message: '工作表“支出明细”缺少“金额”列',
      location: { sheet: '支出明细', row: 1 },
    });
    expect(res.issues.find((i) => i.severity === 'warning')?.message).toBe('未识别的列“金额数”，已忽略');
  });

  it('tolerates reordered columns, extra sheets, rich text and blank rows', async () => {
    await write;
    const file = await edit(base, (wb) => {
      const ws = sheet(wb, '收入');
      ws.spliceColumns(1, 0, []); // a new empty column A shifts every column
      ws.getRow(1).getCell(1).value = '序号';
      ws.spliceRows(3, 0, [], []); // two blank rows inside the data
      const lines = sheet(wb, '支出明细');
      lines.getRow(2).getCell(columnOf(lines, '备注')).value = { richText: [{ text: '富' }, { text: '文本' }] };
      wb.addWorksheet('我的草稿').getCell('A1').value = '随手记';
    });
    const res = await readSourceWorkbook(file);
    expect(res.issues).toEqual([
      expect.objectContaining({ severity: 'warning', message: '未识别的工作表“我的草稿”，已忽略' }),
    ]);
    const raw = SourceSchema.parse(res.raw);
    expect(raw.lines[0]?.note).toBe('富文本');
    expect(raw.incomes).toHaveLength(richSource().incomes?.length ?? 0);
    expect(res.locate(['incomes', 1, 'amount'])).toMatchObject({ sheet: '收入', row: 5, column: 'F（金额）' });
    const n = normaliseSource(res.raw, loadBundledCatalogs());
    expect(hasErrors(n.issues)).toBe(false);
  });

  it('reports bad 是/否 cells, unknown project codes and unknown units at their cells', async () => {
    await write;
    const file = await edit(base, (wb) => {
      const p = sheet(wb, '项目');
      p.getRow(2).getCell(columnOf(p, '是否专项')).value = '可能';
      const ind = sheet(wb, '项目绩效指标');
      ind.getRow(2).getCell(columnOf(ind, '项目代码')).value = 'NOPE';
      const duties = sheet(wb, '单位职责');
      duties.getRow(2).getCell(columnOf(duties, '单位编码')).value = '999';
    });
    const res = await readSourceWorkbook(file);
    const messages = res.issues.map(formatIssue);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/工作表“项目”，第 2 行，E（是否专项） 列：“是否专项”应填写“是”或“否”/),
        expect.stringMatching(/工作表“项目绩效指标”，第 2 行，A（项目代码） 列：项目代码“NOPE”不在“项目”表中/),
        expect.stringMatching(/工作表“单位职责”，第 2 行，A（单位编码） 列：单位编码“999”不在“单位”表中/),
      ]),
    );
  });

  it('locates errors of the 决算 sheets: scores, partial 三公 预算数, self-evaluation rows', async () => {
    const finalBase = tmp('final-base');
    await writeSourceWorkbook(finalBase, richFinalSource());
    const file = await edit(finalBase, (wb) => {
      const ind = sheet(wb, '部门整体自评指标');
      ind.getRow(2).getCell(columnOf(ind, '得分')).value = '三分';
      ind.getRow(3).getCell(columnOf(ind, '分值')).value = '１０．５';
      const funds = sheet(wb, '项目自评资金');
      funds.getRow(3).getCell(columnOf(funds, '项目代码')).value = 'NOPE';
      const tp = sheet(wb, '三公经费');
      tp.getRow(3).getCell(columnOf(tp, '公务接待费（全年预算数）')).value = 5;
    });
    const res = await readSourceWorkbook(file);
    expect(res.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/工作表“部门整体自评指标”，第 2 行，G（得分） 列：“得分”应填写数字，实际为“三分”/),
      expect.stringMatching(/工作表“项目自评资金”，第 3 行，A（项目代码） 列：项目代码“NOPE”不在“项目自评”表中/),
    ]);
    const raw = res.raw as { selfEvaluation: { department: { indicators: Array<{ weight: unknown }> } } };
    expect(raw.selfEvaluation.department.indicators[1]?.weight).toBe(10.5);

    // the schema's complaint about the three blank 预算数 cells of 101002 lands on those cells
    const n = normaliseSource(res.raw, loadBundledCatalogs());
    const missing = n.issues.filter((i) => i.path[0] === 'threePublic');
    expect(missing.map((i) => i.path)).toEqual([
      ['threePublic', 1, 'budget', 'abroad'],
      ['threePublic', 1, 'budget', 'vehiclePurchase'],
      ['threePublic', 1, 'budget', 'vehicleOperation'],
    ]);
    expect(res.locate(missing[0]?.path ?? [])).toMatchObject({
      sheet: '三公经费',
      row: 3,
      column: expect.stringContaining('因公出国（境）费（全年预算数）'),
    });
    expect(res.locate(['selfEvaluation', 'department', 'executed'])).toMatchObject({
      sheet: '部门整体自评',
      column: 'B',
    });
    expect(res.locate(['procurement', 'smeAwarded', 'total'])).toMatchObject({ sheet: '政府采购', column: 'B' });
    expect(res.locate(['selfEvaluation', 'projects', 0, 'funds', 0, 'executed'])).toMatchObject({
      sheet: '项目自评资金',
      row: 2,
    });
  });

  it('honours the 绩效自评 有/无 row', async () => {
    const finalBase = tmp('final-flag');
    await writeSourceWorkbook(finalBase, richFinalSource());
    const setFlag = (value: string) => (wb: ExcelJS.Workbook) => {
      sheet(wb, '基本信息').eachRow((row) => {
        if (row.getCell(1).text === '绩效自评') row.getCell(2).value = value;
      });
    };
    const off = await readSourceWorkbook(await edit(finalBase, setFlag('无')));
    expect(off.issues).toEqual([
      expect.objectContaining({ severity: 'warning', location: expect.objectContaining({ sheet: '基本信息' }) }),
    ]);
    expect((off.raw as { selfEvaluation?: unknown }).selfEvaluation).toBeUndefined();

    const { selfEvaluation: _s, ...bare } = richFinalSource();
    const bareFile = tmp('final-flag-bare');
    await writeSourceWorkbook(bareFile, bare);
    const on = await readSourceWorkbook(await edit(bareFile, setFlag('有')));
    expect(on.issues).toEqual([]);
    expect(SourceSchema.parse(on.raw).selfEvaluation).toEqual({ projects: [] });
  });
});
