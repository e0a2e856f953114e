/**
 * The XLSX workbook form of the canonical source data (源数据工作簿).
 *
 * `writeSourceWorkbook` produces a workbook finance staff can fill in (blank template) or a
 * workbook holding an existing source; `readSourceWorkbook` turns a filled workbook into the same
 * raw object a parsed `source.json` is, plus the problems met while reading and a map from JSON
 * paths to the cells the values came from, so that every later message (zod, normaliser) can
 * name 工作表 / 行 / 列.
 *
 * Layout (see also docs/source-workbook.md and the 填写说明 sheet the writer generates):
 * - key/value sheets (项目 | 内容 | 说明) for the singletons: 基本信息, 政府采购, 国有资产 (with a
 *   车辆 block below the keys), 上年数, 部门整体自评 (selfEvaluation.department);
 * - one-row-per-item table sheets with a frozen header row for every list of the schema; nested
 *   objects of an item are columns with dotted keys (三公经费: budget.abroad …, 项目自评: goal.expected),
 *   nested lists are child sheets keyed by the parent's code (单位职责, 项目绩效指标, 项目自评资金,
 *   项目自评指标);
 * - code-list sheets 代码-* built from the bundled catalogs, referenced by dropdowns.
 * Columns are found by their header text, so users may reorder them; a trailing “*” marks a
 * required column and is ignored when matching.
 *
 * Not expressed: `$schema` (an editor hint of the JSON file, no data).
 *
 * Absent versus empty. A cell without a value is an absent optional field; the writer stores an
 * empty string as an explicit empty text cell, which reads back as "" (a value, so a row or
 * section holding only such cells is not skipped). Excel keeps such cells; LibreOffice drops them
 * on saving, after which an optional "" reads as absent — required texts that may be empty
 * (指标值, 主要内容, 说明内容, 年度指标值, 实际完成值) read a blank cell as "" anyway, and so does
 * the other half of a 年度总体目标 of which one half is filled. Optional sections and nested
 * objects (三公 budget/initialBudget, smeAwarded, goal) are present when their cells hold any
 * value; 部门整体绩效, 国有资产 and 绩效自评, which can be present yet empty, also have a 有/无 row
 * on 基本信息.
 *
 * Locations name the file by its base name, the sheet, the 1-based row and the column as
 * "K（金额）" (letter and header); on key/value sheets the column is "B".
 *
 * Reading never validates what SourceSchema / normaliseSource check (amount syntax, enums,
 * codes, cross references between values): those values are passed through as written and the
 * later messages are located through `locate`. The reader itself reports what the raw object
 * cannot carry: structure (sheets, headers, key rows), cells that are not integers / numbers /
 * 是否, error values, formulas without results, and child rows that refer to a unit or project
 * the workbook lacks (单位职责 → 单位, 项目绩效指标 → 项目, 项目自评资金/指标 → 项目自评).
 *
 * Amount exactness. Amounts are written as *number* cells whenever that is exact, because that
 * is what finance staff expect (SUM works, no green “number stored as text” triangles, the
 * '0.00####' format shows two decimals and up to six, i.e. one fen in 万元, so nothing is hidden).
 * A number is written only when the decimal written in the source survives the trip through an
 * IEEE double: Excel keeps 15 significant digits, so a number cell is read back as its value
 * rounded to 15 significant digits and printed without exponent. Any decimal of at most 15
 * significant digits comes back digit for digit (and float noise from formulas such as
 * =0.1+0.2 is removed the way Excel itself displays it). Everything else — more than 15
 * significant digits, text that is not a plain decimal ("十二万", "1e-7", "-") — is written as a
 * text cell and passed to the normaliser exactly as written. No float ever changes an amount.
 */
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import type { Catalog } from '../core/catalogs/catalog.ts';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import type { Issue, Location } from '../core/diagnostics.ts';
import { normaliseAmountText } from '../core/money/amount.ts';
import {
  BasicKind,
  CatalogAdditionSchema,
  Category,
  IndicatorOp,
  ProjectSelfEvaluationSchema,
  type RawSource,
  SourceSchema,
  UnitKind,
} from '../core/source/schema.ts';
import { excelDecimal } from '../readers/xlsx/display.ts';
import { loadBundledCatalogs } from './catalog-files.ts';

export interface WorkbookReadResult {
  /** the raw source object (same shape as a parsed source.json), or undefined if the workbook structure is unusable */
  raw: unknown;
  /** problems found while reading (missing sheet, text in a number cell, bad header …), each with location {file, sheet, row, column} */
  issues: Issue[];
  /** maps a JSON path of the raw object (e.g. ['lines', 3, 'amount']) to the workbook cell it came from */
  locate(path: ReadonlyArray<string | number>): Location | undefined;
}

// ---------------------------------------------------------------------------------------------
// Sheet and column specification (shared by writer and reader)

const SHEET = {
  guide: '填写说明',
  basic: '基本信息',
  units: '单位',
  duties: '单位职责',
  incomes: '收入',
  carryover: '年终结转结余',
  balanceUse: '使用非财政拨款结余',
  balanceDistribution: '结余分配',
  budgetByFunc: '功能分类预算数',
  lines: '支出明细',
  projects: '项目',
  projectIndicators: '项目绩效指标',
  goals: '部门年履职目标',
  tasks: '部门年度主要任务',
  deptIndicators: '部门整体绩效指标',
  threePublic: '三公经费',
  meetingTraining: '会议费培训费',
  procurement: '政府采购',
  assets: '国有资产',
  priorYear: '上年数',
  deptSelfEvaluation: '部门整体自评',
  deptSelfIndicators: '部门整体自评指标',
  projectSelfEvaluation: '项目自评',
  projectSelfFunds: '项目自评资金',
  projectSelfIndicators: '项目自评指标',
  reasons: '说明填写',
  additions: '目录补充',
  codeFunc: '代码-功能分类',
  codeEcon: '代码-经济分类',
  codeFund: '代码-资金来源',
} as const;

const REQUIRED_SHEETS: readonly string[] = [SHEET.basic, SHEET.units, SHEET.lines];
const KNOWN_SHEETS: ReadonlySet<string> = new Set(Object.values(SHEET));

/**
 * code: identifiers, kept as text; text/long: free text (long wraps); amount: decimal in the
 * document's unit; int: non-negative integer; number: a non-negative decimal that is not an amount
 * (分值、得分); bool: 是/否; flag: 有/无 (section present or not).
 */
type Kind = 'code' | 'text' | 'long' | 'amount' | 'int' | 'number' | 'bool' | 'flag';

/** A dropdown: fixed values (strict: other input is refused) or a range of another sheet. */
type Choice =
  | { readonly values: readonly string[]; readonly strict: boolean }
  | { readonly ref: 'fund' | 'unit' | 'project' };

interface Field {
  /** property in the JSON object, dotted for nested ones ('department.code', 'budget.abroad'); '#…' for flags */
  readonly key: string;
  /** column header (tables) or key label (key/value sheets), in Chinese */
  readonly label: string;
  readonly kind: Kind;
  /** the column / key row must exist and the value must be filled (marked “*”) */
  readonly required?: boolean;
  /** a blank cell means the empty text (for required text that may be empty) */
  readonly blankIsEmpty?: boolean;
  readonly choice?: Choice;
  readonly width?: number;
  /** explanation: header note and 填写说明 */
  readonly help: string;
  readonly aliases?: readonly string[];
}

interface TableSpec {
  readonly sheet: string;
  readonly purpose: string;
  readonly fields: readonly Field[];
}

interface KvSpec {
  readonly sheet: string;
  readonly purpose: string;
  readonly valueHeader: string;
  readonly fields: readonly Field[];
}

const strict = (values: readonly string[]): Choice => ({ values, strict: true });
const loose = (values: readonly string[]): Choice => ({ values, strict: false });
const YES_NO = strict(['是', '否']);
const HAVE = strict(['有', '无']);

const unitField: Field = {
  key: 'unit',
  label: '单位编码',
  kind: 'code',
  required: true,
  choice: { ref: 'unit' },
  help: '“单位”表中登记的单位编码',
};
const fundField: Field = {
  key: 'fund',
  label: '资金来源',
  kind: 'text',
  required: true,
  choice: { ref: 'fund' },
  width: 26,
  help: '资金来源名称或代码，见“代码-资金来源”（也接受其中列出的别名）',
};
const amountField = (key: string, label: string, help: string, required = true): Field => ({
  key,
  label,
  kind: 'amount',
  required,
  help: `${help}；按“基本信息”中的金额单位填写`,
});
const intField = (key: string, label: string, help: string): Field => ({
  key,
  label,
  kind: 'int',
  help: `${help}（整数）`,
});
const numberField = (key: string, label: string, help: string, required = false): Field => ({
  key,
  label,
  kind: 'number',
  required,
  help: `${help}（数字，可有小数）`,
});
const funcField = (help: string, required: boolean): Field => ({
  key: 'func',
  label: '功能分类编码',
  kind: 'code',
  required,
  help: `${help}，见“代码-功能分类”`,
});
const funcNameField: Field = {
  key: 'funcName',
  label: '功能分类名称',
  kind: 'text',
  width: 24,
  help: '可选；目录中没有的科目必须填写名称',
};

const INDICATOR_FIELDS: readonly Field[] = [
  { key: 'level1', label: '一级指标', kind: 'text', required: true, help: '如 产出指标、效益指标、满意度指标' },
  { key: 'level2', label: '二级指标', kind: 'text', required: true, help: '如 数量指标、质量指标、时效指标、成本指标' },
  { key: 'level3', label: '三级指标', kind: 'text', required: true, width: 28, help: '具体指标名称' },
  { key: 'value', label: '指标值', kind: 'text', required: true, blankIsEmpty: true, help: '如 12次、100%、量质齐升' },
  { key: 'content', label: '指标值内容', kind: 'text', width: 24, help: '可选' },
  { key: 'measureUnit', label: '度量单位', kind: 'text', help: '可选，如 次、%、万元' },
  {
    key: 'op',
    label: '指标值类型',
    kind: 'text',
    required: true,
    choice: strict(IndicatorOp.options),
    help: `从下拉列表选择：${IndicatorOp.options.join('、')}`,
  },
  { key: 'note', label: '备注', kind: 'text', help: '可选' },
];

const BASIC: KvSpec = {
  sheet: SHEET.basic,
  purpose: '文件的基本信息，每项一行：年度、预算/决算、金额单位、部门等。',
  valueHeader: '内容',
  fields: [
    {
      key: 'schemaVersion',
      label: '模板版本',
      kind: 'int',
      required: true,
      help: '工作簿格式版本，固定为 1，请勿修改',
    },
    {
      key: 'kind',
      label: '类型',
      kind: 'text',
      required: true,
      choice: strict(SourceSchema.shape.kind.options),
      help: '预算 或 决算',
    },
    { key: 'year', label: '年度', kind: 'int', required: true, help: '预算（决算）年度，四位数字，如 2024' },
    {
      key: 'templateSet',
      label: '报表模板集',
      kind: 'text',
      required: true,
      help: '公开报表使用的模板集，如 hunan-2024-budget',
    },
    {
      key: 'amountUnit',
      label: '金额单位',
      kind: 'text',
      required: true,
      choice: strict(SourceSchema.shape.amountUnit.options),
      help: '元 或 万元。本工作簿所有金额都按此单位填写，只在这里设定一次',
    },
    { key: 'region', label: '地区', kind: 'text', help: '可选，如 湖南省株洲市荷塘区' },
    { key: 'department.code', label: '部门编码', kind: 'code', required: true, help: '部门（单位）编码，按文本填写' },
    { key: 'department.name', label: '部门名称', kind: 'text', required: true, help: '部门全称' },
    {
      key: 'officeOperation',
      label: '机关运行经费',
      kind: 'amount',
      help: '可选；机关运行经费合计（预算：预算数；决算：支出数），按金额单位填写',
    },
    {
      key: 'officeOperationBudget',
      label: '机关运行经费年初预算数',
      kind: 'amount',
      help: '可选，仅决算：机关运行经费年初预算数，按金额单位填写',
    },
    {
      key: '#departmentPerformance',
      label: '部门整体绩效目标',
      kind: 'flag',
      choice: HAVE,
      help: '有 / 无 / 留空。留空时按“部门年履职目标”“部门年度主要任务”“部门整体绩效指标”三张表是否有数据判断；填“有”时即使三张表为空也输出该部分；填“无”时不读这三张表',
    },
    {
      key: '#assets',
      label: '国有资产占用情况',
      kind: 'flag',
      choice: HAVE,
      help: '有 / 无 / 留空。留空时按“国有资产”表是否有数据判断；填“有”时即使该表为空也输出该部分；填“无”时不读该表',
    },
    {
      key: '#selfEvaluation',
      label: '绩效自评',
      kind: 'flag',
      choice: HAVE,
      help: '仅决算。有 / 无 / 留空。留空时按“部门整体自评”“部门整体自评指标”“项目自评”“项目自评资金”“项目自评指标”五张表是否有数据判断；填“有”时即使五张表为空也输出该部分；填“无”时不读这五张表',
    },
  ],
};

const UNITS: TableSpec = {
  sheet: SHEET.units,
  purpose: '部门本级及所属单位，一个单位一行（至少一行）。单位职责另填“单位职责”表。',
  fields: [
    { key: 'code', label: '单位编码', kind: 'code', required: true, help: '单位编码，按文本填写，保留前导 0' },
    { key: 'name', label: '单位名称', kind: 'text', required: true, width: 30, help: '单位全称' },
    {
      key: 'kind',
      label: '单位类型',
      kind: 'text',
      required: true,
      choice: strict(UnitKind.options),
      help: '行政、参公（参照公务员法管理）或事业',
    },
    { key: 'parent', label: '上级部门编码', kind: 'code', help: '所属单位填写部门编码；可选' },
    { key: 'dutiesBasis', label: '职责依据', kind: 'text', width: 26, help: '可选，如 株石办发〔2019〕39号' },
    { key: 'organisation', label: '机构设置', kind: 'long', help: '可选，机构设置说明' },
    intField('authorisedStaff', '编制人数', '可选'),
    intField('actualStaff', '实有人数', '可选'),
    intField('retiredStaff', '离退休人数', '可选'),
  ],
};

const DUTIES: TableSpec = {
  sheet: SHEET.duties,
  purpose: '部门（单位）职责，每条职责一行，按顺序排列。',
  fields: [unitField, { key: 'duty', label: '职责', kind: 'long', required: true, width: 80, help: '一条职责' }],
};

const INCOMES: TableSpec = {
  sheet: SHEET.incomes,
  purpose: '收入，按单位和资金来源各一行；决算的本年收入还按功能分类项级科目分行（收入决算表按功能分类列示）。',
  fields: [
    unitField,
    funcField('决算的本年收入必填（上年结转可省略）：收入对应的支出功能分类项级科目编码（7 位）；预算留空', false),
    funcNameField,
    fundField,
    amountField('amount', '金额', '收入金额'),
    {
      key: 'carryover',
      label: '是否上年结转',
      kind: 'bool',
      choice: YES_NO,
      help: '是：上年结转（决算：年初结转和结余）；否或留空：本年收入',
    },
  ],
};

/** 年终结转结余, 使用非财政拨款结余, 结余分配: the same columns. */
const balanceSpec = (sheet: string, purpose: string, amountHelp: string): TableSpec => ({
  sheet,
  purpose,
  fields: [
    unitField,
    funcField(
      '可选：支出功能分类项级科目编码（7 位）；政府性基金、国有资本经营预算财政拨款收入支出决算表按功能分类列示时填写',
      false,
    ),
    funcNameField,
    fundField,
    amountField('amount', '金额', amountHelp),
  ],
});

const CARRYOVER = balanceSpec(
  SHEET.carryover,
  '年终结转结余（决算：年末结转和结余），按单位和资金来源（需要时再按功能分类）各一行。',
  '年终结转结余金额',
);

const BALANCE_USE = balanceSpec(
  SHEET.balanceUse,
  '仅决算：使用非财政拨款结余（和专用结余）弥补当年收支差额的金额，按单位和资金来源各一行；预算留空。',
  '使用非财政拨款结余金额',
);

const BALANCE_DISTRIBUTION = balanceSpec(
  SHEET.balanceDistribution,
  '仅决算：结余分配，按单位和资金来源各一行；预算留空。',
  '结余分配金额',
);

const BUDGET_BY_FUNC: TableSpec = {
  sheet: SHEET.budgetByFunc,
  purpose:
    '仅决算：按功能分类项级科目的年初预算数和全年预算数（用于预算完成情况），按单位 × 功能分类 × 资金来源各一行；预算留空。',
  fields: [
    unitField,
    funcField('支出功能分类项级科目编码（7 位）', true),
    funcNameField,
    fundField,
    amountField('initialBudget', '年初预算数', '年初预算数；与全年预算数至少填写一项', false),
    amountField('fullYearBudget', '全年预算数', '全年预算数（按规定程序调整后）；与年初预算数至少填写一项', false),
  ],
};

const LINES: TableSpec = {
  sheet: SHEET.lines,
  purpose: '支出明细：单位 × 功能分类 × 经济分类 × 支出类别 × 项目 × 资金来源，每个组合一行。',
  fields: [
    unitField,
    funcField('支出功能分类项级科目编码（7 位）', true),
    funcNameField,
    {
      key: 'econ',
      label: '部门经济分类编码',
      kind: 'code',
      required: true,
      help: '部门预算支出经济分类款级科目编码（5 位），见“代码-经济分类”',
    },
    { key: 'econName', label: '部门经济分类名称', kind: 'text', width: 24, help: '可选；目录中没有的科目必须填写名称' },
    { key: 'govEcon', label: '政府经济分类编码', kind: 'code', help: '可选；留空时按单位类型自动对照' },
    {
      key: 'category',
      label: '支出类别',
      kind: 'text',
      required: true,
      choice: strict(Category.options),
      help: `从下拉列表选择：${Category.options.join('、')}`,
    },
    {
      key: 'basicKind',
      label: '人员/公用',
      kind: 'text',
      choice: strict(BasicKind.options),
      help: '可选，仅基本支出：人员 或 公用；留空时 301、303 为人员经费，其余为公用经费',
    },
    {
      key: 'project',
      label: '项目代码',
      kind: 'code',
      choice: { ref: 'project' },
      help: '项目支出必填，“项目”表中的项目代码',
    },
    fundField,
    amountField('amount', '金额', '支出金额'),
    { key: 'note', label: '备注', kind: 'text', help: '可选' },
  ],
};

const PROJECTS: TableSpec = {
  sheet: SHEET.projects,
  purpose: '项目，一个项目一行；绩效指标另填“项目绩效指标”表。',
  fields: [
    { key: 'code', label: '项目代码', kind: 'code', required: true, width: 24, help: '项目代码，按文本填写' },
    { key: 'name', label: '项目名称', kind: 'text', required: true, width: 30, help: '项目名称' },
    unitField,
    {
      key: 'category',
      label: '项目类别',
      kind: 'text',
      required: true,
      choice: loose(['人员类', '公用经费', '其他运转类', '特定目标类']),
      help: '如 特定目标类、其他运转类（可填列表以外的类别）',
    },
    {
      key: 'special',
      label: '是否专项',
      kind: 'bool',
      choice: YES_NO,
      help: '是：列入专项资金预算汇总表；否或留空：不是',
    },
    {
      key: 'performanceName',
      label: '绩效目标表项目名称',
      kind: 'text',
      width: 26,
      help: '可选，与项目名称不同时填写',
    },
    { key: 'period', label: '实施期', kind: 'text', help: '可选，如 2024年1-12月' },
    { key: 'budgetMethod', label: '预算编制方式', kind: 'text', help: '可选' },
    { key: 'goal', label: '年度绩效目标', kind: 'long', help: '可选，本年度绩效目标' },
  ],
};

const PROJECT_INDICATORS: TableSpec = {
  sheet: SHEET.projectIndicators,
  purpose: '项目绩效指标，一个指标一行，用项目代码关联到“项目”表。',
  fields: [
    {
      key: 'project',
      label: '项目代码',
      kind: 'code',
      required: true,
      width: 24,
      choice: { ref: 'project' },
      help: '“项目”表中的项目代码',
    },
    ...INDICATOR_FIELDS,
  ],
};

const GOALS: TableSpec = {
  sheet: SHEET.goals,
  purpose: '部门整体绩效目标表的年履职目标，每条一行。',
  fields: [{ key: 'goal', label: '年履职目标', kind: 'long', required: true, width: 90, help: '一条履职目标' }],
};

const TASKS: TableSpec = {
  sheet: SHEET.tasks,
  purpose: '部门整体绩效目标表的年度主要任务，每项任务一行。',
  fields: [
    { key: 'name', label: '任务名称', kind: 'text', required: true, width: 30, help: '任务名称' },
    {
      key: 'content',
      label: '主要内容',
      kind: 'long',
      required: true,
      blankIsEmpty: true,
      width: 80,
      help: '任务的主要内容',
    },
  ],
};

const DEPT_INDICATORS: TableSpec = {
  sheet: SHEET.deptIndicators,
  purpose: '部门整体绩效指标，一个指标一行。',
  fields: INDICATOR_FIELDS,
};

/** The four 三公 amounts of one figure, as columns with a suffix (全年预算数, 年初预算数). */
const threePublicAmountFields = (prefix: string, suffix: string, what: string): Field[] =>
  (
    [
      ['abroad', '因公出国（境）费', '因公出国（境）费'],
      ['vehiclePurchase', '公务用车购置费', '公务用车购置费'],
      ['vehicleOperation', '公务用车运行维护费', '公务用车运行（维护）费'],
      ['reception', '公务接待费', '公务接待费'],
    ] as const
  ).map(([key, label, item]) =>
    amountField(
      `${prefix}.${key}`,
      `${label}（${suffix}）`,
      `可选，仅决算：${item}的${what}；“（${suffix}）”四列要么都填，要么都空`,
      false,
    ),
  );

const THREE_PUBLIC: TableSpec = {
  sheet: SHEET.threePublic,
  purpose:
    '一般公共预算“三公”经费，一个单位一行；金额含基本支出和项目支出。预算填预算数；决算填决算数，并按需填写全年预算数、年初预算数（各四列，填写时四列都要填）。',
  fields: [
    unitField,
    amountField('abroad', '因公出国（境）费', '因公出国（境）费（预算：预算数；决算：决算数）'),
    amountField('vehiclePurchase', '公务用车购置费', '公务用车购置费（预算：预算数；决算：决算数）'),
    amountField('vehicleOperation', '公务用车运行维护费', '公务用车运行（维护）费（预算：预算数；决算：决算数）'),
    amountField('reception', '公务接待费', '公务接待费（预算：预算数；决算：决算数）'),
    ...threePublicAmountFields('budget', '全年预算数', '全年预算数（按规定程序调整后）'),
    ...threePublicAmountFields('initialBudget', '年初预算数', '年初预算数'),
    intField('abroadGroups', '出国团组数', '可选，因公出国（境）团组数'),
    intField('abroadPeople', '出国人次', '可选，因公出国（境）人次'),
    intField('vehiclesPurchased', '购置车辆数', '可选，公务用车购置数（辆）'),
    intField('vehiclesHeld', '公务用车保有量', '可选，公务用车保有量（辆）'),
    intField('receptionGroups', '接待批次', '可选，公务接待批次'),
    intField('receptionGuests', '接待人次', '可选，公务接待人次'),
  ],
};

const MEETING_TRAINING: TableSpec = {
  sheet: SHEET.meetingTraining,
  purpose: '会议费、培训费，一个单位一行。',
  fields: [
    unitField,
    amountField('meeting', '会议费', '会议费'),
    amountField('training', '培训费', '培训费'),
    intField('meetingCount', '会议次数', '可选'),
    intField('meetingPeople', '参会人次', '可选'),
    intField('trainingCount', '培训次数', '可选'),
    intField('trainingPeople', '培训人次', '可选'),
  ],
};

const PROCUREMENT: KvSpec = {
  sheet: SHEET.procurement,
  purpose:
    '政府采购（预算：政府采购预算；决算：政府采购支出和授予中小企业合同金额），每项一行；不公开政府采购时整表留空。',
  valueHeader: '金额',
  fields: [
    amountField('procurement.goods', '货物', '货物类采购金额；本表有数据时必填'),
    amountField('procurement.works', '工程', '工程类采购金额；本表有数据时必填'),
    amountField('procurement.services', '服务', '服务类采购金额；本表有数据时必填'),
    amountField('procurement.smeReserved', '面向中小企业预留', '可选，面向中小企业预留金额', false),
    amountField('procurement.smallMicro', '其中：小微企业', '可选，其中面向小微企业的金额', false),
    amountField(
      'procurement.smeAwarded.total',
      '授予中小企业合同金额',
      '可选，仅决算：授予中小企业合同金额；填写下面四项中任何一项时必填',
      false,
    ),
    amountField('procurement.smeAwarded.smallMicro', '其中：授予小微企业合同金额', '可选，仅决算', false),
    amountField(
      'procurement.smeAwarded.goods',
      '货物采购授予中小企业合同金额',
      '可选，仅决算；货物、工程、服务三项都填写时，其和应等于授予中小企业合同金额',
      false,
    ),
    amountField('procurement.smeAwarded.works', '工程采购授予中小企业合同金额', '可选，仅决算', false),
    amountField('procurement.smeAwarded.services', '服务采购授予中小企业合同金额', '可选，仅决算', false),
  ],
};

const ASSETS: KvSpec = {
  sheet: SHEET.assets,
  purpose: '国有资产占用情况：上方每项一行；下方“车辆类型”表按车辆类型每类一行。',
  valueHeader: '内容',
  fields: [
    { key: 'assets.asOf', label: '截止日期', kind: 'text', help: '可选，如 2023年12月31日' },
    { key: 'assets.floorArea', label: '办公及业务用房面积（平方米）', kind: 'text', help: '可选，平方米' },
    {
      key: 'assets.largeEquipment',
      label: '单位价值较大的设备（台/套）',
      kind: 'int',
      help: '可选，大型设备台（套）数（整数）',
    },
    { key: 'assets.largeEquipmentThreshold', label: '大型设备价值标准', kind: 'text', help: '可选，如 200万元' },
  ],
};

const VEHICLES: TableSpec = {
  sheet: SHEET.assets,
  purpose: '车辆，按车辆类型每类一行。',
  fields: [
    {
      key: 'kind',
      label: '车辆类型',
      kind: 'text',
      required: true,
      help: '如 一般公务用车、执法执勤用车、特种专业技术用车、其他用车',
    },
    { key: 'count', label: '数量（辆）', kind: 'int', required: true, aliases: ['数量'], help: '车辆数（整数）' },
  ],
};

const PRIOR_YEAR: KvSpec = {
  sheet: SHEET.priorYear,
  purpose: '上年数，用于说明中的增减变化比较；每项一行，不比较时整表留空。',
  valueHeader: '内容',
  fields: [
    {
      key: 'priorYear.year',
      label: '上年年度',
      kind: 'int',
      required: true,
      help: '上年年度，如 2023；本表有数据时必填',
    },
    {
      key: 'priorYear.basis',
      label: '口径',
      kind: 'text',
      choice: strict(['年初预算', '决算']),
      help: '年初预算 或 决算；留空为年初预算',
    },
    amountField('priorYear.incomeTotal', '收入合计', '可选', false),
    amountField('priorYear.expenditureTotal', '支出合计', '可选', false),
    amountField('priorYear.basic', '基本支出', '可选', false),
    amountField('priorYear.project', '项目支出', '可选', false),
    amountField('priorYear.generalPublicBudget', '一般公共预算拨款', '可选', false),
    amountField('priorYear.fiscalTotal', '财政拨款收支总计', '可选', false),
    amountField('priorYear.threePublic', '“三公”经费合计', '可选', false),
    amountField('priorYear.abroad', '因公出国（境）费', '可选', false),
    amountField('priorYear.vehiclePurchase', '公务用车购置费', '可选', false),
    amountField('priorYear.vehicleOperation', '公务用车运行维护费', '可选', false),
    amountField('priorYear.reception', '公务接待费', '可选', false),
    amountField('priorYear.officeOperation', '机关运行经费', '可选', false),
    { key: 'priorYear.note', label: '数据来源说明', kind: 'text', help: '可选，上年数的来源' },
  ],
};

/** Indicator columns of a 绩效自评表 (部门整体 and 项目). */
const SELF_INDICATOR_FIELDS: readonly Field[] = [
  {
    key: 'level1',
    label: '一级指标',
    kind: 'text',
    required: true,
    help: '如 产出指标、效益指标、满意度指标、成本指标',
  },
  { key: 'level2', label: '二级指标', kind: 'text', help: '可选（项目自评表可无二级指标），如 数量指标、质量指标' },
  { key: 'level3', label: '三级指标', kind: 'text', required: true, width: 28, help: '具体指标名称' },
  {
    key: 'target',
    label: '年度指标值',
    kind: 'text',
    required: true,
    blankIsEmpty: true,
    help: '如 1500 份、100%',
  },
  { key: 'actual', label: '实际完成值', kind: 'text', required: true, blankIsEmpty: true, help: '如 1597 份、100%' },
  numberField('weight', '分值', '该指标的分值', true),
  numberField('score', '得分', '可选，自评表印出的得分'),
  { key: 'reason', label: '偏差原因分析及改进措施', kind: 'long', width: 40, help: '可选' },
];

/** Printed totals and notes shared by the two kinds of 绩效自评表 (keys below `prefix`). */
const selfSheetFields = (prefix: string, goalLabel: string): Field[] => [
  {
    key: `${prefix}goal.expected`,
    label: `${goalLabel}预期目标`,
    kind: 'long',
    help: '可选，年度总体目标的预期目标；与实际完成情况填写其一时，另一项留空视为空白',
  },
  {
    key: `${prefix}goal.actual`,
    label: `${goalLabel}实际完成情况`,
    kind: 'long',
    help: '可选，年度总体目标的实际完成情况；与预期目标填写其一时，另一项留空视为空白',
  },
  numberField(`${prefix}executionWeight`, '预算执行率分值', '可选，预算执行率一行的分值'),
  numberField(`${prefix}executionScore`, '预算执行率得分', '可选，自评表印出的预算执行率得分'),
  numberField(`${prefix}totalWeight`, '总分分值', '可选，自评表总分栏印出的分值'),
  numberField(`${prefix}totalScore`, '总分得分', '可选，自评表总分栏印出的得分'),
  { key: `${prefix}note`, label: '备注', kind: 'text', help: '可选' },
];

const DEPT_SELF: KvSpec = {
  sheet: SHEET.deptSelfEvaluation,
  purpose:
    '仅决算：部门整体支出绩效自评表的资金、年度总体目标和分值，每项一行；指标另填“部门整体自评指标”表。没有部门整体自评时整表留空。',
  valueHeader: '内容',
  fields: [
    amountField('selfEvaluation.department.initialBudget', '年初预算数', '年初预算数；本表有数据时必填'),
    amountField('selfEvaluation.department.fullYearBudget', '全年预算数', '全年预算数；本表有数据时必填'),
    amountField('selfEvaluation.department.executed', '全年执行数', '全年执行数；本表有数据时必填'),
    ...selfSheetFields('selfEvaluation.department.', '年度总体目标：'),
  ],
};

const DEPT_SELF_INDICATORS: TableSpec = {
  sheet: SHEET.deptSelfIndicators,
  purpose: '仅决算：部门整体支出绩效自评的指标，一个指标一行，按自评表中的顺序排列。',
  fields: SELF_INDICATOR_FIELDS,
};

const selfProjectField: Field = {
  key: 'project',
  label: '项目代码',
  kind: 'code',
  required: true,
  width: 24,
  choice: { ref: 'project' },
  help: '“项目”表中的项目代码',
};

const PROJECT_SELF: TableSpec = {
  sheet: SHEET.projectSelfEvaluation,
  purpose:
    '仅决算：项目支出绩效自评，一个项目一行；项目资金另填“项目自评资金”表，指标另填“项目自评指标”表（都用项目代码关联到本表）。',
  fields: [
    selfProjectField,
    { key: 'competentDepartment', label: '主管部门', kind: 'text', width: 26, help: '可选' },
    { key: 'implementingUnit', label: '实施单位', kind: 'text', width: 26, help: '可选' },
    ...selfSheetFields('', ''),
  ],
};

const SELF_FUND_SOURCES = ProjectSelfEvaluationSchema.shape.funds.element.shape.source.options;

const PROJECT_SELF_FUNDS: TableSpec = {
  sheet: SHEET.projectSelfFunds,
  purpose: `仅决算：项目支出绩效自评的项目资金，按项目和资金来源（${SELF_FUND_SOURCES.join('、')}）各一行，每个项目至少一行；年度资金总额是各行之和，不必填写。`,
  fields: [
    { ...selfProjectField, help: '“项目自评”表中的项目代码' },
    {
      key: 'source',
      label: '资金来源',
      kind: 'text',
      required: true,
      choice: strict(SELF_FUND_SOURCES),
      help: `从下拉列表选择：${SELF_FUND_SOURCES.join('、')}`,
    },
    amountField('initialBudget', '年初预算数', '年初预算数'),
    amountField('fullYearBudget', '全年预算数', '全年预算数'),
    amountField('executed', '全年执行数', '全年执行数'),
  ],
};

const PROJECT_SELF_INDICATORS: TableSpec = {
  sheet: SHEET.projectSelfIndicators,
  purpose: '仅决算：项目支出绩效自评的指标，一个指标一行，用项目代码关联到“项目自评”表，按自评表中的顺序排列。',
  fields: [{ ...selfProjectField, help: '“项目自评”表中的项目代码' }, ...SELF_INDICATOR_FIELDS],
};

const REASONS: TableSpec = {
  sheet: SHEET.reasons,
  purpose: '说明中需要人工填写的内容（增减原因等），每个插槽一行。',
  fields: [
    { key: 'slot', label: '插槽名', kind: 'text', required: true, width: 30, help: '报表模板中的插槽名' },
    { key: 'content', label: '内容', kind: 'long', required: true, blankIsEmpty: true, width: 90, help: '填写的文字' },
  ],
};

const ADDITIONS: TableSpec = {
  sheet: SHEET.additions,
  purpose: '本文件补充的科目（目录中没有的功能分类、经济分类科目），每个科目一行。',
  fields: [
    {
      key: 'catalog',
      label: '目录',
      kind: 'text',
      required: true,
      choice: strict(CatalogAdditionSchema.shape.catalog.options),
      help: '功能分类、部门经济分类 或 政府经济分类',
    },
    { key: 'code', label: '科目编码', kind: 'code', required: true, help: '科目编码，按文本填写' },
    { key: 'name', label: '科目名称', kind: 'text', required: true, width: 30, help: '科目名称' },
  ],
};

/** Data sheets in workbook order (after 填写说明). */
const DATA_SHEETS: ReadonlyArray<{ readonly table: TableSpec } | { readonly kv: KvSpec }> = [
  { kv: BASIC },
  { table: UNITS },
  { table: DUTIES },
  { table: INCOMES },
  { table: CARRYOVER },
  { table: BALANCE_USE },
  { table: BALANCE_DISTRIBUTION },
  { table: BUDGET_BY_FUNC },
  { table: LINES },
  { table: PROJECTS },
  { table: PROJECT_INDICATORS },
  { table: GOALS },
  { table: TASKS },
  { table: DEPT_INDICATORS },
  { table: THREE_PUBLIC },
  { table: MEETING_TRAINING },
  { kv: PROCUREMENT },
  { kv: ASSETS },
  { kv: PRIOR_YEAR },
  { kv: DEPT_SELF },
  { table: DEPT_SELF_INDICATORS },
  { table: PROJECT_SELF },
  { table: PROJECT_SELF_FUNDS },
  { table: PROJECT_SELF_INDICATORS },
  { table: REASONS },
  { table: ADDITIONS },
];

// ---------------------------------------------------------------------------------------------
// Numbers and text

/**
 * The decimal a number cell holds, as Excel shows it: rounded to 15 significant digits, never in
 * exponent notation. Exact for every decimal of at most 15 significant digits.
 */
function numberText(n: number): string {
  return excelDecimal(n);
}

/** Canonical spelling of a plain decimal ("+007.50" → "7.5"), or undefined. */
function canonicalDecimal(s: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (!m[2] && !m[3])) return undefined;
  const int = (m[2] ?? '').replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** The cell value for an amount: a number when that is exact, otherwise the text as written. */
function amountCellValue(v: string | number): string | number {
  const text = typeof v === 'number' ? String(v) : v;
  const plain = normaliseAmountText(text);
  const canonical = canonicalDecimal(plain);
  if (canonical === undefined) return text;
  const n = Number(plain);
  if (!Number.isFinite(n)) return text;
  return canonicalDecimal(numberText(n)) === canonical ? n : text;
}

function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Header / key labels compared without spaces, “*” marks and full/half-width bracket variants. */
function labelKey(s: string): string {
  return s
    .replace(/[\s\u3000*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[“”"]/g, '')
    .replace(/：/g, ':');
}

function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// ---------------------------------------------------------------------------------------------
// Writing

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const KEY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
/** two decimals always, up to six (one fen in 万元) when present: nothing is hidden */
const AMOUNT_FORMAT = '0.00####';
/** rows below the data that carry dropdowns and formats in a table sheet */
const SPARE_ROWS = 500;
const MIN_ROWS = 1000;

function numFmtOf(kind: Kind): string {
  switch (kind) {
    case 'amount':
      return AMOUNT_FORMAT;
    case 'int':
    case 'number':
      // not '0': that format would display 12.5 as 13 while the reader reports 12.5
      return 'General';
    default:
      return '@';
  }
}

function widthOf(f: Field): number {
  if (f.width) return f.width;
  switch (f.kind) {
    case 'long':
      return 50;
    case 'amount':
      return 16;
    case 'code':
      return 16;
    default:
      return Math.max(12, f.label.length * 2 + 4);
  }
}

function headerText(f: Field): string {
  return f.required ? `${f.label}*` : f.label;
}

interface ListRanges {
  readonly fund: string;
  readonly unit: string;
  readonly project: string;
}

/** The data validation of a field, or undefined. */
function validationOf(f: Field, ranges: ListRanges): ExcelJS.DataValidation | undefined {
  const c = f.choice;
  if (c) {
    if ('ref' in c) {
      const what = c.ref === 'fund' ? '资金来源' : c.ref === 'unit' ? '单位编码' : '项目代码';
      return {
        type: 'list',
        allowBlank: true,
        formulae: [ranges[c.ref]],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '请核对',
        error: `该${what}不在列表中。确需使用请点“是”。`,
      };
    }
    return {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: c.strict ? 'stop' : 'warning',
      errorTitle: c.strict ? '输入有误' : '请核对',
      error: c.strict ? `请从下拉列表中选择：${c.values.join('、')}` : '该值不在列表中。确需使用请点“是”。',
    };
  }
  if (f.kind === 'int') {
    return {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: '请填写非负整数',
    };
  }
  if (f.kind === 'number') {
    return {
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: '请填写不小于 0 的数字',
    };
  }
  return undefined;
}

/** ExcelJS 4.4 has `worksheet.dataValidations` (range addresses allowed) but does not declare it. */
function addValidation(ws: ExcelJS.Worksheet, range: string, dv: ExcelJS.DataValidation): void {
  (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    dv,
  );
}

function cellValueOf(kind: Kind, v: unknown): ExcelJS.CellValue | undefined {
  if (v === undefined || v === null) return undefined;
  switch (kind) {
    case 'amount':
      return typeof v === 'number' || typeof v === 'string' ? amountCellValue(v) : String(v);
    case 'bool':
      return v === true ? '是' : v === false ? '否' : String(v);
    case 'flag':
      return v === true ? '有' : v === false ? '无' : String(v);
    case 'int':
    case 'number':
      return typeof v === 'number' ? v : String(v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

function styleHeader(cell: ExcelJS.Cell, required: boolean): void {
  cell.font = { bold: true, ...(required ? { color: { argb: 'FFC00000' } } : {}) };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function getPath(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const k of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function tableLastRow(rows: number): number {
  return 1 + Math.max(MIN_ROWS, rows + SPARE_ROWS);
}

function addTableSheet(
  wb: ExcelJS.Workbook,
  spec: TableSpec,
  records: ReadonlyArray<Record<string, unknown>>,
  ranges: ListRanges,
): void {
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  spec.fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = widthOf(f);
    col.numFmt = numFmtOf(f.kind);
    if (f.kind === 'long') col.alignment = { wrapText: true, vertical: 'top' };
  });
  const header = ws.getRow(1);
  spec.fields.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(f);
    styleHeader(cell, f.required === true);
    cell.note = f.help;
  });
  header.height = 30;
  records.forEach((rec, r) => {
    const row = ws.getRow(r + 2);
    spec.fields.forEach((f, i) => {
      const v = cellValueOf(f.kind, getPath(rec, f.key));
      if (v !== undefined) row.getCell(i + 1).value = v;
    });
  });
  const last = tableLastRow(records.length);
  spec.fields.forEach((f, i) => {
    const dv = validationOf(f, ranges);
    const letter = columnLetter(i + 1);
    if (dv) addValidation(ws, `${letter}2:${letter}${last}`, dv);
  });
}

function addKvRows(
  ws: ExcelJS.Worksheet,
  fields: readonly Field[],
  values: (f: Field) => unknown,
  firstRow: number,
  ranges: ListRanges,
): number {
  let r = firstRow;
  for (const f of fields) {
    const row = ws.getRow(r);
    const key = row.getCell(1);
    key.value = headerText(f);
    key.font = { bold: true, ...(f.required ? { color: { argb: 'FFC00000' } } : {}) };
    key.fill = KEY_FILL;
    key.border = THIN;
    const cell = row.getCell(2);
    cell.numFmt = numFmtOf(f.kind);
    cell.border = THIN;
    if (f.kind === 'long') cell.alignment = { wrapText: true, vertical: 'top' };
    const v = cellValueOf(f.kind, values(f));
    if (v !== undefined) cell.value = v;
    const dv = validationOf(f, ranges);
    if (dv) addValidation(ws, `B${r}`, dv);
    const help = row.getCell(3);
    help.value = f.help;
    help.alignment = { wrapText: true, vertical: 'top' };
    help.font = { color: { argb: 'FF595959' } };
    r++;
  }
  return r;
}

function addKvSheet(
  wb: ExcelJS.Workbook,
  spec: KvSpec,
  values: (f: Field) => unknown,
  ranges: ListRanges,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 36;
  ws.getColumn(3).width = 70;
  ['项目', spec.valueHeader, '说明'].forEach((h, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.value = h;
    styleHeader(cell, false);
  });
  addKvRows(ws, spec.fields, values, 2, ranges);
  return ws;
}

function addVehicleBlock(
  ws: ExcelJS.Worksheet,
  vehicles: ReadonlyArray<Record<string, unknown>>,
  ranges: ListRanges,
): void {
  const headerRow = ASSETS.fields.length + 3;
  const title = ws.getRow(headerRow - 1).getCell(1);
  title.value = '车辆情况（按车辆类型每类一行，如 一般公务用车、执法执勤用车、特种专业技术用车）';
  title.font = { bold: true };
  VEHICLES.fields.forEach((f, i) => {
    const cell = ws.getRow(headerRow).getCell(i + 1);
    cell.value = headerText(f);
    styleHeader(cell, true);
    cell.note = f.help;
  });
  const noteCell = ws.getRow(headerRow).getCell(3);
  noteCell.value = '说明';
  styleHeader(noteCell, false);
  const last = headerRow + Math.max(50, vehicles.length + 20);
  for (let r = headerRow + 1; r <= last; r++) {
    ws.getRow(r).getCell(1).numFmt = '@';
    ws.getRow(r).getCell(2).numFmt = 'General';
  }
  vehicles.forEach((v, i) => {
    const row = ws.getRow(headerRow + 1 + i);
    VEHICLES.fields.forEach((f, c) => {
      const value = cellValueOf(f.kind, v[f.key]);
      if (value !== undefined) row.getCell(c + 1).value = value;
    });
  });
  const dv = validationOf(VEHICLES.fields[1] as Field, ranges);
  if (dv) addValidation(ws, `B${headerRow + 1}:B${last}`, dv);
}

function addGuideSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEET.guide);
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 22;
  ws.getColumn(3).width = 90;
  let r = 1;
  const put = (a: string, b = '', c = '', bold = false) => {
    const row = ws.getRow(r++);
    [a, b, c].forEach((v, i) => {
      const cell = row.getCell(i + 1);
      if (v) cell.value = v;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (bold) cell.font = { bold: true };
    });
  };
  const title = ws.getRow(r++).getCell(1);
  title.value = '明账 源数据工作簿 填写说明';
  title.font = { bold: true, size: 16 };
  put('模板版本', '1');
  r++;
  put('一、基本规则', '', '', true);
  const rules = [
    '本工作簿与明账的源数据文件（source.json）内容一一对应：填好后由明账读入，校验后生成公开报表。读入时发现的问题会指明工作表、行和列。',
    '金额单位只在“基本信息”表的“金额单位”中设定一次（元 或 万元），所有工作表的金额都按该单位填写；单元格中不要写“元”“万元”。金额最多精确到分：以元计最多 2 位小数，以万元计最多 6 位小数。',
    '各种编码（单位编码、部门编码、科目编码、项目代码）一律按文本填写，编码列已设为文本格式，请保留前导 0；从其他表格复制时请用“选择性粘贴—数值”，并确认编码没有变成科学计数法。',
    '明细表一行一条记录：不要合并单元格，不要插入小计、合计或标题行；空行会被忽略。',
    '第 1 行是表头，请勿修改列名；列的顺序可以调整，不需要的可选列可以删除。带 * 的列和项目（红色）必须填写；“政府采购”“上年数”“部门整体自评”中带 * 的项目在该表有数据时必须填写。',
    '有下拉列表的列请从列表中选择；资金来源、单位编码、项目代码的下拉列表只是提示，也可以填写资金来源的代码或别名。',
    '“是否专项”“是否上年结转”填写“是”或“否”；人数、次数、车辆数填写整数；绩效自评的分值、得分填写数字（可有小数）。',
    '不适用的表保持空白即可，不要删除工作表。必需的工作表：基本信息、单位、支出明细。“部门整体绩效目标”“国有资产占用情况”“绩效自评”是否公开，可在“基本信息”中填写“有”或“无”；留空时按相应工作表是否有数据判断。',
    '决算专用（编制预算时留空）：“使用非财政拨款结余”“结余分配”“功能分类预算数”表，“部门整体自评”“部门整体自评指标”“项目自评”“项目自评资金”“项目自评指标”五张绩效自评表，“三公经费”表的全年预算数、年初预算数列，“政府采购”表的授予中小企业合同金额各项，以及“基本信息”中的机关运行经费年初预算数。决算的本年收入须在“收入”表中填写功能分类编码。',
    '以“代码-”开头的工作表是根据明账内置目录生成的代码表，仅供查阅，读入时忽略。目录中没有的科目请在“支出明细”中同时填写名称，或在“目录补充”表登记。',
  ];
  rules.forEach((t, i) => {
    put(`${i + 1}.`, '', t);
  });
  r++;
  put('二、各工作表', '', '', true);
  put('工作表 / 列', '要求', '说明', true);
  const describe = (sheet: string, purpose: string, fields: readonly Field[]) => {
    put(sheet, REQUIRED_SHEETS.includes(sheet) ? '必需' : '可空', purpose, true);
    for (const f of fields) put(`　${f.label}`, f.required ? '必填' : '可选', f.help);
  };
  for (const s of DATA_SHEETS) {
    if ('kv' in s) {
      describe(s.kv.sheet, `${s.kv.purpose}（每行一项：A 列为项目名称，B 列填写内容）`, s.kv.fields);
      if (s.kv === ASSETS) for (const f of VEHICLES.fields) put(`　${f.label}`, '车辆表', f.help);
    } else describe(s.table.sheet, s.table.purpose, s.table.fields);
  }
  put(SHEET.codeFunc, '只读', '支出功能分类科目（内置目录，可能不完整），含适用年度');
  put(SHEET.codeEcon, '只读', '部门预算支出经济分类和政府预算支出经济分类科目，以及部门→政府经济分类对照');
  put(SHEET.codeFund, '只读', '资金来源代码、名称、资金性质和别名');
}

function catalogRows(
  catalog: Catalog,
): ReadonlyArray<{ code: string; name: string; level: number; parent: string; from: string; to: string }> {
  const out: Array<{ code: string; name: string; level: number; parent: string; from: string; to: string }> = [];
  for (const [code, entries] of catalog.byCode) {
    for (const e of entries) {
      out.push({
        code,
        name: e.name,
        level: e.level,
        parent: e.parent ?? '',
        from: e.validFrom === null ? '' : String(e.validFrom),
        to: e.validTo === null ? '' : String(e.validTo),
      });
    }
  }
  return out;
}

function addCodeSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headers: ReadonlyArray<readonly [string, number]>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    properties: { tabColor: { argb: 'FF808080' } },
  });
  headers.forEach(([h, w], i) => {
    const col = ws.getColumn(i + 1);
    col.width = w;
    col.numFmt = '@';
    const cell = ws.getRow(1).getCell(i + 1);
    cell.value = h;
    styleHeader(cell, false);
  });
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    values.forEach((v, c) => {
      if (v !== '') row.getCell(c + 1).value = v;
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

const LEVEL_NAME: Record<string, Record<number, string>> = {
  func: { 1: '类', 2: '款', 3: '项' },
  econ: { 1: '类', 2: '款' },
};

function addCodeSheets(wb: ExcelJS.Workbook, catalogs: Catalogs): number {
  addCodeSheet(
    wb,
    SHEET.codeFunc,
    [
      ['编码', 12],
      ['名称', 40],
      ['级次', 8],
      ['上级编码', 12],
      ['起始年度', 10],
      ['终止年度', 10],
    ],
    catalogRows(catalogs.func).map((e) => [
      e.code,
      e.name,
      LEVEL_NAME.func?.[e.level] ?? String(e.level),
      e.parent,
      e.from,
      e.to,
    ]),
  );
  const mapped = (code: string, kind: '行政' | '事业') => catalogs.mapping.byKey.get(`${code}|${kind}`)?.govCode ?? '';
  addCodeSheet(
    wb,
    SHEET.codeEcon,
    [
      ['目录', 16],
      ['编码', 10],
      ['名称', 34],
      ['级次', 8],
      ['上级编码', 10],
      ['起始年度', 10],
      ['终止年度', 10],
      ['对应政府经济分类（行政、参公单位）', 20],
      ['对应政府经济分类（事业单位）', 20],
    ],
    [
      ...catalogRows(catalogs.deptEcon).map((e) => [
        '部门经济分类',
        e.code,
        e.name,
        LEVEL_NAME.econ?.[e.level] ?? String(e.level),
        e.parent,
        e.from,
        e.to,
        mapped(e.code, '行政'),
        mapped(e.code, '事业'),
      ]),
      ...catalogRows(catalogs.govEcon).map((e) => [
        '政府经济分类',
        e.code,
        e.name,
        LEVEL_NAME.econ?.[e.level] ?? String(e.level),
        e.parent,
        e.from,
        e.to,
        '',
        '',
      ]),
    ],
  );
  addCodeSheet(
    wb,
    SHEET.codeFund,
    [
      ['编码', 10],
      ['名称', 40],
      ['资金性质', 16],
      ['是否财政拨款', 12],
      ['别名', 60],
    ],
    catalogs.funds.map((f) => [f.code, f.name, f.fundNature, f.fiscal ? '是' : '否', (f.aliases ?? []).join('、')]),
  );
  return catalogs.funds.length;
}

type Rec = Record<string, unknown>;
const recs = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);

/** Write the workbook form of `data`, or the blank template when `data` is undefined. */
export async function writeSourceWorkbook(file: string, data?: RawSource): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '明账';
  const d = (data ?? {}) as Rec;
  const units = recs(d.units);
  const projects = recs(d.projects);
  const perf = d.departmentPerformance as Rec | undefined;
  const assets = d.assets as Rec | undefined;
  const selfEvaluation = d.selfEvaluation as Rec | undefined;
  const selfProjects = recs(selfEvaluation?.projects);
  const catalogs = loadBundledCatalogs();
  const ranges: ListRanges = {
    fund: `'${SHEET.codeFund}'!$B$2:$B$${catalogs.funds.length + 1}`,
    unit: `'${SHEET.units}'!$A$2:$A$${tableLastRow(units.length)}`,
    project: `'${SHEET.projects}'!$A$2:$A$${tableLastRow(projects.length)}`,
  };

  addGuideSheet(wb);
  const tableRecords: Record<string, Rec[]> = {
    [SHEET.units]: units,
    [SHEET.duties]: units.flatMap((u) =>
      (Array.isArray(u.duties) ? (u.duties as unknown[]) : []).map((duty) => ({ unit: u.code, duty })),
    ),
    [SHEET.incomes]: recs(d.incomes),
    [SHEET.carryover]: recs(d.yearEndCarryover),
    [SHEET.balanceUse]: recs(d.balanceUse),
    [SHEET.balanceDistribution]: recs(d.balanceDistribution),
    [SHEET.budgetByFunc]: recs(d.budgetByFunc),
    [SHEET.lines]: recs(d.lines),
    [SHEET.projects]: projects,
    [SHEET.projectIndicators]: projects.flatMap((p) => recs(p.indicators).map((ind) => ({ project: p.code, ...ind }))),
    [SHEET.goals]: (Array.isArray(perf?.goals) ? (perf.goals as unknown[]) : []).map((goal) => ({ goal })),
    [SHEET.tasks]: recs(perf?.tasks),
    [SHEET.deptIndicators]: recs(perf?.indicators),
    [SHEET.threePublic]: recs(d.threePublic),
    [SHEET.meetingTraining]: recs(d.meetingTraining),
    [SHEET.deptSelfIndicators]: recs((selfEvaluation?.department as Rec | undefined)?.indicators),
    [SHEET.projectSelfEvaluation]: selfProjects,
    [SHEET.projectSelfFunds]: selfProjects.flatMap((p) => recs(p.funds).map((f) => ({ project: p.project, ...f }))),
    [SHEET.projectSelfIndicators]: selfProjects.flatMap((p) =>
      recs(p.indicators).map((ind) => ({ project: p.project, ...ind })),
    ),
    [SHEET.reasons]: Object.entries((d.reasons as Record<string, unknown> | undefined) ?? {}).map(
      ([slot, content]) => ({
        slot,
        content,
      }),
    ),
    [SHEET.additions]: recs(d.catalogAdditions),
  };
  for (const s of DATA_SHEETS) {
    if ('table' in s) {
      addTableSheet(wb, s.table, tableRecords[s.table.sheet] ?? [], ranges);
      continue;
    }
    const values = (f: Field): unknown => {
      if (!data) return f.key === 'schemaVersion' ? 1 : undefined;
      if (f.key === '#departmentPerformance') return perf ? true : undefined;
      if (f.key === '#assets') return assets ? true : undefined;
      if (f.key === '#selfEvaluation') return selfEvaluation ? true : undefined;
      return getPath(d, f.key);
    };
    const ws = addKvSheet(wb, s.kv, values, ranges);
    if (s.kv === ASSETS) addVehicleBlock(ws, recs(assets?.vehicles), ranges);
  }
  addCodeSheets(wb, catalogs);
  await wb.xlsx.writeFile(file);
}

// ---------------------------------------------------------------------------------------------
// Reading

type CellRead =
  | { readonly t: 'empty' }
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'number'; readonly n: number; readonly percent: boolean }
  | { readonly t: 'bool'; readonly b: boolean };

const EMPTY: CellRead = { t: 'empty' };

type Path = ReadonlyArray<string | number>;

class Reader {
  readonly issues: Issue[] = [];
  private readonly places = new Map<string, Location>();
  /** a structural problem: the raw object would be misleading, so none is returned */
  unusable = false;

  constructor(readonly file: string) {}

  at(sheet: string, row?: number, column?: string): Location {
    return {
      file: this.file,
      sheet,
      ...(row !== undefined ? { row } : {}),
      ...(column !== undefined ? { column } : {}),
    };
  }

  place(path: Path, loc: Location): void {
    this.places.set(JSON.stringify(path), loc);
  }

  locate(path: Path): Location | undefined {
    for (let n = path.length; n > 0; n--) {
      const hit = this.places.get(JSON.stringify(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  }

  error(message: string, location: Location, path: Path = []): void {
    this.issues.push({ severity: 'error', message, path, location });
  }

  warn(message: string, location: Location, path: Path = []): void {
    this.issues.push({ severity: 'warning', message, path, location });
  }

  structural(message: string, location: Location): void {
    this.unusable = true;
    this.error(message, location);
  }
}

/** One cell's value, classified; error values and formulas without a cached result are reported. */
function readCell(cell: ExcelJS.Cell, report: (message: string) => void): CellRead {
  const classify = (v: ExcelJS.CellValue | undefined): CellRead => {
    if (v === null || v === undefined) return EMPTY;
    if (typeof v === 'string') return { t: 'text', s: v };
    if (typeof v === 'number') return { t: 'number', n: v, percent: /%/.test(cell.numFmt ?? '') };
    if (typeof v === 'boolean') return { t: 'bool', b: v };
    if (v instanceof Date) return { t: 'text', s: chineseDate(v) };
    if ('richText' in v) return { t: 'text', s: v.richText.map((r) => r.text).join('') };
    if ('error' in v) {
      report(`单元格是错误值 ${v.error}，请改为实际数据`);
      return EMPTY;
    }
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined) {
        report('公式没有计算结果：请在 Excel/WPS 中打开并保存，或改为直接填写数值');
        return EMPTY;
      }
      return classify(v.result as ExcelJS.CellValue);
    }
    if ('hyperlink' in v) {
      const t = v.text as unknown;
      if (typeof t === 'string') return { t: 'text', s: t };
      if (t && typeof t === 'object' && 'richText' in t) {
        return { t: 'text', s: (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') };
      }
      return { t: 'text', s: cell.text };
    }
    return { t: 'text', s: cell.text };
  };
  return classify(cell.value);
}

function isBlank(c: CellRead): boolean {
  return c.t === 'empty';
}

const TRUE_TEXT: Record<'bool' | 'flag', ReadonlySet<string>> = {
  bool: new Set(['是', 'Y', 'YES', 'TRUE', '√']),
  flag: new Set(['有', '是']),
};
const FALSE_TEXT: Record<'bool' | 'flag', ReadonlySet<string>> = {
  bool: new Set(['否', 'N', 'NO', 'FALSE', '×']),
  flag: new Set(['无', '否']),
};
/** Headers of note columns the writer adds next to data (never data themselves). */
const NOTE_HEADERS: ReadonlySet<string> = new Set(['说明', '序号']);

/**
 * Convert a cell for a field: undefined when blank (or the empty text for `blankIsEmpty`), and
 * undefined plus an error when an integer or 是/否 cell holds something else.
 */
function convert(f: Field, c: CellRead, fail: (message: string) => void): unknown {
  if (c.t === 'empty') return f.blankIsEmpty ? '' : undefined;
  switch (f.kind) {
    case 'code':
      if (c.t === 'number') {
        if (Number.isInteger(c.n) && Math.abs(c.n) >= 1e15) {
          fail(
            `编码以数字形式保存，超过 15 位的数字会被 Excel 改写（读为“${numberText(c.n)}”）；请将该列设为文本格式后重新输入`,
          );
        }
        return numberText(c.n);
      }
      return c.t === 'text' ? c.s : String(c.b).toUpperCase();
    case 'amount':
      return c.t === 'number' ? numberText(c.n) : c.t === 'text' ? c.s : String(c.b).toUpperCase();
    case 'text':
    case 'long':
      if (c.t === 'number') return c.percent ? `${numberText(c.n * 100)}%` : numberText(c.n);
      return c.t === 'text' ? c.s : c.b ? '是' : '否';
    case 'int': {
      let n: number | undefined;
      if (c.t === 'number') n = c.n;
      else if (c.t === 'text') {
        const t = normaliseAmountText(c.s);
        if (t === '') return undefined;
        if (/^[+-]?\d+(\.0*)?$/.test(t)) n = Number(t);
      }
      if (n === undefined || !Number.isInteger(n)) {
        fail(
          `“${f.label}”应填写整数，实际为“${c.t === 'number' ? numberText(c.n) : c.t === 'text' ? c.s : c.b ? 'TRUE' : 'FALSE'}”`,
        );
        return undefined;
      }
      return n;
    }
    case 'number': {
      let n: number | undefined;
      // rounded as Excel shows it, so float noise of a formula (=0.1+0.2) is not read
      if (c.t === 'number') n = Number(numberText(c.n));
      else if (c.t === 'text') {
        const t = normaliseAmountText(c.s);
        if (t === '') return undefined;
        if (canonicalDecimal(t) !== undefined) n = Number(t);
      }
      if (n === undefined || !Number.isFinite(n)) {
        fail(
          `“${f.label}”应填写数字，实际为“${c.t === 'text' ? c.s : c.t === 'bool' ? (c.b ? 'TRUE' : 'FALSE') : ''}”`,
        );
        return undefined;
      }
      return n;
    }
    case 'bool':
    case 'flag': {
      if (c.t === 'bool') return c.b;
      const t = c.t === 'text' ? c.s.trim().toUpperCase() : c.t === 'number' ? numberText(c.n) : '';
      if (t === '') return undefined;
      if (TRUE_TEXT[f.kind].has(t)) return true;
      if (FALSE_TEXT[f.kind].has(t)) return false;
      fail(
        f.kind === 'bool' ? `“${f.label}”应填写“是”或“否”，实际为“${t}”` : `“${f.label}”应填写“有”或“无”，实际为“${t}”`,
      );
      return undefined;
    }
  }
}

function setPath(obj: Rec, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next && typeof next === 'object') cur = next as Rec;
    else {
      const created: Rec = {};
      cur[p] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1] as string] = value;
}

interface ColumnRef {
  readonly col: number;
  /** location column text, e.g. "K（金额）" */
  readonly label: string;
}

interface TableRow {
  readonly row: number;
  readonly cells: ReadonlyMap<string, { readonly cell: ExcelJS.Cell; readonly read: CellRead }>;
}

interface Table {
  readonly sheet: string;
  readonly columns: ReadonlyMap<string, ColumnRef>;
  readonly rows: readonly TableRow[];
}

function fieldByLabel(fields: readonly Field[]): Map<string, Field> {
  const m = new Map<string, Field>();
  for (const f of fields) {
    m.set(labelKey(f.label), f);
    for (const a of f.aliases ?? []) m.set(labelKey(a), f);
  }
  return m;
}

function rowTexts(ws: ExcelJS.Worksheet, r: number): Map<number, string> {
  const out = new Map<number, string>();
  ws.getRow(r).eachCell((cell, col) => {
    const t = cell.text.trim();
    if (t) out.set(col, t);
  });
  return out;
}

/**
 * Read a table sheet: the header row is the one among `headerFrom..headerFrom+9` (or exactly
 * `headerRow`) matching the most known headers; rows below it up to `lastRow` that have a value
 * in a known column are returned.
 */
function readTable(
  r: Reader,
  ws: ExcelJS.Worksheet,
  spec: TableSpec,
  options: { headerRow?: number; lastRow?: number } = {},
): Table | undefined {
  const byLabel = fieldByLabel(spec.fields);
  // A sheet cleared completely (no header either) simply holds no rows.
  if (ws.actualRowCount === 0) return { sheet: spec.sheet, columns: new Map(), rows: [] };
  let headerRow = options.headerRow;
  if (headerRow === undefined) {
    let best = 0;
    for (let row = 1; row <= Math.min(10, ws.rowCount); row++) {
      let hits = 0;
      for (const t of rowTexts(ws, row).values()) if (byLabel.has(labelKey(t))) hits++;
      if (hits > best) {
        best = hits;
        headerRow = row;
      }
    }
  }
  if (headerRow === undefined) {
    r.structural(
      `工作表“${spec.sheet}”找不到表头行（应包含 ${spec.fields.map((f) => `“${f.label}”`).join('、')} 等列）`,
      r.at(spec.sheet, 1),
    );
    return undefined;
  }
  const columns = new Map<string, ColumnRef>();
  for (const [col, text] of rowTexts(ws, headerRow)) {
    const f = byLabel.get(labelKey(text));
    const letter = columnLetter(col);
    if (!f) {
      if (!NOTE_HEADERS.has(labelKey(text))) r.warn(`未识别的列“${text}”，已忽略`, r.at(spec.sheet, headerRow, letter));
      continue;
    }
    if (columns.has(f.key)) {
      r.structural(`“${f.label}”列重复出现`, r.at(spec.sheet, headerRow, letter));
      continue;
    }
    columns.set(f.key, { col, label: `${letter}（${f.label}）` });
  }
  let ok = true;
  for (const f of spec.fields) {
    if (f.required && !columns.has(f.key)) {
      r.structural(`工作表“${spec.sheet}”缺少“${f.label}”列`, r.at(spec.sheet, headerRow));
      ok = false;
    }
  }
  if (!ok) return undefined;
  const rows: TableRow[] = [];
  const last = options.lastRow ?? ws.rowCount;
  for (let row = headerRow + 1; row <= last; row++) {
    const wsRow = ws.getRow(row);
    const cells = new Map<string, { cell: ExcelJS.Cell; read: CellRead }>();
    let blank = true;
    for (const [key, ref] of columns) {
      const cell = wsRow.getCell(ref.col);
      const read = readCell(cell, (m) => r.error(m, r.at(spec.sheet, row, ref.label)));
      cells.set(key, { cell, read });
      if (!isBlank(read)) blank = false;
    }
    if (!blank) rows.push({ row, cells });
  }
  return { sheet: spec.sheet, columns, rows };
}

/**
 * Turn one table row into a record of `fields` (registering every field's cell under
 * `prefix`), converting per kind. Merged cells are refused for numbers: a merged range repeats
 * its value in every cell when read, which would count an amount twice.
 */
function rowRecord(
  r: Reader,
  table: Table,
  row: TableRow,
  fields: readonly Field[],
  prefix: Path,
  paths: Readonly<Record<string, Path>> = {},
): Rec {
  const rec: Rec = {};
  const rowLoc = r.at(table.sheet, row.row);
  r.place(prefix, rowLoc);
  for (const f of fields) {
    const ref = table.columns.get(f.key);
    const path = paths[f.key] ?? [...prefix, ...f.key.split('.')];
    if (!ref) {
      r.place(path, rowLoc);
      continue;
    }
    const loc = r.at(table.sheet, row.row, ref.label);
    r.place(path, loc);
    const entry = row.cells.get(f.key);
    if (!entry) continue;
    const { cell, read } = entry;
    if (
      (f.kind === 'amount' || f.kind === 'int' || f.kind === 'number') &&
      cell.isMerged &&
      cell.master.address !== cell.address
    ) {
      r.error(`“${f.label}”单元格与 ${cell.master.address} 合并，金额和数量不能合并填写，请拆分后逐行填写`, loc, path);
      continue;
    }
    const v = convert(f, read, (m) => r.error(m, loc, path));
    if (v !== undefined) setPath(rec, f.key, v);
  }
  return rec;
}

interface KvValue {
  readonly row: number;
  readonly read: CellRead;
  readonly cell: ExcelJS.Cell;
}

/**
 * Read a key/value sheet between `firstRow` and `lastRow`: A is the key, B the value. Unknown
 * keys are warnings, repeated keys errors, missing required key rows structural errors.
 */
function readKv(r: Reader, ws: ExcelJS.Worksheet, spec: KvSpec, lastRow = ws.rowCount): Map<string, KvValue> {
  const byLabel = fieldByLabel(spec.fields);
  const found = new Map<string, KvValue>();
  for (let row = 1; row <= lastRow; row++) {
    const keyText = ws.getRow(row).getCell(1).text.trim();
    const k = labelKey(keyText);
    if (!k || k === '项目') continue;
    const f = byLabel.get(k);
    const cell = ws.getRow(row).getCell(2);
    if (!f) {
      if (cell.text.trim()) r.warn(`未识别的项目“${keyText}”，已忽略`, r.at(spec.sheet, row, 'A'));
      continue;
    }
    if (found.has(f.key)) {
      r.error(`“${f.label}”重复出现（首次在第 ${found.get(f.key)?.row} 行），已忽略本行`, r.at(spec.sheet, row, 'A'));
      continue;
    }
    const read = readCell(cell, (m) => r.error(m, r.at(spec.sheet, row, 'B')));
    found.set(f.key, { row, read, cell });
  }
  for (const f of spec.fields) {
    if (f.key.startsWith('#')) continue;
    const hit = found.get(f.key);
    r.place(f.key.split('.'), hit ? r.at(spec.sheet, hit.row, 'B') : r.at(spec.sheet));
    if (!hit && f.required) r.structural(`工作表“${spec.sheet}”缺少“${f.label}”一行`, r.at(spec.sheet));
  }
  return found;
}

/** Values of a key/value sheet as a record (dotted keys set as nested properties). */
function kvRecord(r: Reader, spec: KvSpec, found: ReadonlyMap<string, KvValue>): { rec: Rec; any: boolean } {
  const rec: Rec = {};
  let any = false;
  for (const f of spec.fields) {
    const hit = found.get(f.key);
    if (!hit || f.key.startsWith('#')) continue;
    if (!isBlank(hit.read)) any = true;
    const path = f.key.split('.');
    const v = convert(f, hit.read, (m) => r.error(m, r.at(spec.sheet, hit.row, 'B'), path));
    if (v !== undefined) setPath(rec, f.key, v);
  }
  return { rec, any };
}

/**
 * A 年度总体目标 with only one of its two texts filled: the other is blank on the form, i.e. the
 * empty text (both are required once the goal is there).
 */
function completeGoal(rec: Rec): void {
  const goal = rec.goal as Rec | undefined;
  if (!goal || typeof goal !== 'object') return;
  if (goal.expected === undefined) goal.expected = '';
  if (goal.actual === undefined) goal.actual = '';
}

function flagOf(r: Reader, found: ReadonlyMap<string, KvValue>, key: string): boolean | undefined {
  const f = BASIC.fields.find((x) => x.key === key) as Field;
  const hit = found.get(key);
  if (!hit) return undefined;
  return convert(f, hit.read, (m) => r.error(m, r.at(BASIC.sheet, hit.row, 'B'))) as boolean | undefined;
}

/** Read a filled workbook into the raw source object; see the module comment. */
export async function readSourceWorkbook(file: string, bytes?: Buffer): Promise<WorkbookReadResult> {
  const r = new Reader(basename(file));
  const result = (raw: unknown): WorkbookReadResult => ({
    raw: r.unusable ? undefined : raw,
    issues: r.issues,
    locate: (path) => r.locate(path),
  });
  const wb = new ExcelJS.Workbook();
  try {
    // bytes given: read them (an upload or a stored blob), `file` only names it in messages
    if (bytes) await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    else await wb.xlsx.readFile(file);
  } catch (e) {
    r.structural(`无法读取工作簿：${e instanceof Error ? e.message : String(e)}`, { file: r.file });
    return result(undefined);
  }

  const sheets = new Map<string, ExcelJS.Worksheet>();
  for (const ws of wb.worksheets) {
    const name = ws.name.trim();
    if (KNOWN_SHEETS.has(name) && !sheets.has(name)) sheets.set(name, ws);
    else r.warn(`未识别的工作表“${ws.name}”，已忽略`, r.at(ws.name));
  }
  for (const name of REQUIRED_SHEETS) {
    if (!sheets.has(name)) r.structural(`缺少工作表“${name}”`, r.at(name));
  }

  const raw: Rec = {};
  const table = (spec: TableSpec, arrayPath?: Path): Table | undefined => {
    if (arrayPath) r.place(arrayPath, r.at(spec.sheet));
    const ws = sheets.get(spec.sheet);
    return ws ? readTable(r, ws, spec) : undefined;
  };
  const simpleList = (spec: TableSpec, key: string): Rec[] => {
    const t = table(spec, [key]);
    return t ? t.rows.map((row, i) => rowRecord(r, t, row, spec.fields, [key, i])) : [];
  };
  /** The key cell of a child row (单位职责 → 单位, 项目绩效指标 → 项目), converted and checked. */
  const parentOf = (
    t: Table,
    row: TableRow,
    field: Field,
    index: ReadonlyMap<string, number>,
    parentSheet: string,
    parentPath: string,
  ): number | undefined => {
    const loc = r.at(t.sheet, row.row, t.columns.get(field.key)?.label);
    const code = convert(field, row.cells.get(field.key)?.read ?? EMPTY, (m) => r.error(m, loc, [parentPath]));
    const key = typeof code === 'string' ? code.trim() : '';
    if (!key) {
      r.error(`缺少${field.label}`, loc, [parentPath]);
      return undefined;
    }
    const k = index.get(key);
    if (k === undefined) r.error(`${field.label}“${key}”不在“${parentSheet}”表中`, loc, [parentPath]);
    return k;
  };
  const indexBy = (list: readonly Rec[], key: string) => {
    const m = new Map<string, number>();
    list.forEach((x, i) => {
      const v = x[key];
      if (typeof v === 'string' && !m.has(v.trim())) m.set(v.trim(), i);
    });
    return m;
  };

  // 基本信息
  const basicWs = sheets.get(BASIC.sheet);
  const basic = basicWs ? readKv(r, basicWs, BASIC) : new Map<string, KvValue>();
  Object.assign(raw, kvRecord(r, BASIC, basic).rec);
  if (!raw.department) raw.department = {};
  r.place(['department'], r.locate(['department', 'code']) ?? r.at(BASIC.sheet));

  // 单位 and 单位职责
  const units = simpleList(UNITS, 'units');
  raw.units = units;
  const duties = table(DUTIES);
  if (duties) {
    const unitIndex = indexBy(units, 'code');
    const dutyField = DUTIES.fields[1] as Field;
    for (const row of duties.rows) {
      const k = parentOf(duties, row, unitField, unitIndex, UNITS.sheet, 'units');
      if (k === undefined) continue;
      const unit = units[k] as Rec;
      if (!Array.isArray(unit.duties)) unit.duties = [];
      const list = unit.duties as unknown[];
      const path = ['units', k, 'duties', list.length];
      if (list.length === 0) r.place(['units', k, 'duties'], r.at(DUTIES.sheet));
      list.push(rowRecord(r, duties, row, [dutyField], path, { duty: path }).duty ?? '');
    }
  }

  raw.incomes = simpleList(INCOMES, 'incomes');
  raw.yearEndCarryover = simpleList(CARRYOVER, 'yearEndCarryover');
  raw.balanceUse = simpleList(BALANCE_USE, 'balanceUse');
  raw.balanceDistribution = simpleList(BALANCE_DISTRIBUTION, 'balanceDistribution');
  raw.budgetByFunc = simpleList(BUDGET_BY_FUNC, 'budgetByFunc');
  raw.lines = simpleList(LINES, 'lines');

  // 项目 and 项目绩效指标
  const projects = simpleList(PROJECTS, 'projects');
  raw.projects = projects;
  const indicators = table(PROJECT_INDICATORS);
  if (indicators) {
    const projectIndex = indexBy(projects, 'code');
    const [codeField, ...indicatorFields] = PROJECT_INDICATORS.fields as [Field, ...Field[]];
    for (const row of indicators.rows) {
      const k = parentOf(indicators, row, codeField, projectIndex, PROJECTS.sheet, 'projects');
      if (k === undefined) continue;
      const project = projects[k] as Rec;
      if (!Array.isArray(project.indicators)) project.indicators = [];
      const list = project.indicators as Rec[];
      if (list.length === 0) r.place(['projects', k, 'indicators'], r.at(PROJECT_INDICATORS.sheet));
      list.push(rowRecord(r, indicators, row, indicatorFields, ['projects', k, 'indicators', list.length]));
    }
  }

  // 部门整体绩效: three tables, present when the flag says 有 or when they hold data
  const perfFlag = flagOf(r, basic, '#departmentPerformance');
  const perfFlagRow = basic.get('#departmentPerformance')?.row;
  r.place(['departmentPerformance'], perfFlagRow ? r.at(BASIC.sheet, perfFlagRow, 'B') : r.at(GOALS.sheet));
  const perf = ['departmentPerformance'];
  const goals = table(GOALS, [...perf, 'goals']);
  const tasks = table(TASKS, [...perf, 'tasks']);
  const deptIndicators = table(DEPT_INDICATORS, [...perf, 'indicators']);
  const perfRows = (goals?.rows.length ?? 0) + (tasks?.rows.length ?? 0) + (deptIndicators?.rows.length ?? 0);
  if (perfFlag === false && perfRows > 0) {
    r.warn(
      `“部门整体绩效目标”填写为“无”，但部门整体绩效的三张表中有 ${perfRows} 行数据，这些数据未读入`,
      r.at(BASIC.sheet, perfFlagRow, 'B'),
    );
  } else if (perfFlag === true || (perfFlag === undefined && perfRows > 0)) {
    raw.departmentPerformance = {
      goals: (goals?.rows ?? []).map((row, i) => {
        const path = [...perf, 'goals', i];
        return rowRecord(r, goals as Table, row, GOALS.fields, path, { goal: path }).goal ?? '';
      }),
      tasks: (tasks?.rows ?? []).map((row, i) =>
        rowRecord(r, tasks as Table, row, TASKS.fields, [...perf, 'tasks', i]),
      ),
      indicators: (deptIndicators?.rows ?? []).map((row, i) =>
        rowRecord(r, deptIndicators as Table, row, DEPT_INDICATORS.fields, [...perf, 'indicators', i]),
      ),
    };
  }

  raw.threePublic = simpleList(THREE_PUBLIC, 'threePublic');
  raw.meetingTraining = simpleList(MEETING_TRAINING, 'meetingTraining');

  // 政府采购
  const procurementWs = sheets.get(PROCUREMENT.sheet);
  r.place(['procurement'], r.at(PROCUREMENT.sheet));
  if (procurementWs) {
    const { rec, any } = kvRecord(r, PROCUREMENT, readKv(r, procurementWs, PROCUREMENT));
    if (any) raw.procurement = rec.procurement ?? {};
  }

  // 国有资产: key/value rows, then the 车辆 table below its own header row
  const assetsFlag = flagOf(r, basic, '#assets');
  const assetsWs = sheets.get(ASSETS.sheet);
  r.place(['assets'], r.at(ASSETS.sheet));
  if (assetsWs) {
    const vehicleKey = labelKey((VEHICLES.fields[0] as Field).label);
    let vehicleHeader: number | undefined;
    for (let row = 1; row <= assetsWs.rowCount && vehicleHeader === undefined; row++) {
      if (labelKey(assetsWs.getRow(row).getCell(1).text) === vehicleKey) vehicleHeader = row;
    }
    const { rec, any } = kvRecord(r, ASSETS, readKv(r, assetsWs, ASSETS, (vehicleHeader ?? assetsWs.rowCount + 1) - 1));
    const assets: Rec = (rec.assets as Rec | undefined) ?? {};
    let vehicleRows = 0;
    r.place(['assets', 'vehicles'], r.at(ASSETS.sheet, vehicleHeader));
    if (vehicleHeader === undefined) {
      r.structural(`工作表“${ASSETS.sheet}”缺少车辆表的表头行（A 列为“车辆类型”）`, r.at(ASSETS.sheet));
    } else {
      const t = readTable(r, assetsWs, VEHICLES, { headerRow: vehicleHeader });
      if (t && t.rows.length > 0) {
        vehicleRows = t.rows.length;
        assets.vehicles = t.rows.map((row, i) => rowRecord(r, t, row, VEHICLES.fields, ['assets', 'vehicles', i]));
      }
    }
    if (assetsFlag === false && (any || vehicleRows > 0)) {
      r.warn(
        '“国有资产占用情况”填写为“无”，但“国有资产”表中有数据，这些数据未读入',
        r.at(BASIC.sheet, basic.get('#assets')?.row, 'B'),
      );
    } else if (assetsFlag === true || (assetsFlag === undefined && (any || vehicleRows > 0))) {
      raw.assets = assets;
    }
  } else if (assetsFlag === true) raw.assets = {};

  // 上年数
  const priorWs = sheets.get(PRIOR_YEAR.sheet);
  r.place(['priorYear'], r.at(PRIOR_YEAR.sheet));
  if (priorWs) {
    const { rec, any } = kvRecord(r, PRIOR_YEAR, readKv(r, priorWs, PRIOR_YEAR));
    if (any) raw.priorYear = rec.priorYear ?? {};
  }

  // 绩效自评: 部门整体 (key/value sheet + indicators) and 项目 (one row per project + funds and
  // indicators keyed by the project code); present when the flag says 有 or when they hold data
  const selfFlag = flagOf(r, basic, '#selfEvaluation');
  const selfFlagRow = basic.get('#selfEvaluation')?.row;
  const se = ['selfEvaluation'];
  r.place(se, selfFlagRow ? r.at(BASIC.sheet, selfFlagRow, 'B') : r.at(DEPT_SELF.sheet));
  const deptSelfWs = sheets.get(DEPT_SELF.sheet);
  r.place([...se, 'department'], r.at(DEPT_SELF.sheet));
  const deptSelf = deptSelfWs ? kvRecord(r, DEPT_SELF, readKv(r, deptSelfWs, DEPT_SELF)) : { rec: {}, any: false };
  const deptSelfIndicators = table(DEPT_SELF_INDICATORS, [...se, 'department', 'indicators']);
  const selfProjectTable = table(PROJECT_SELF, [...se, 'projects']);
  const selfFunds = table(PROJECT_SELF_FUNDS);
  const selfIndicators = table(PROJECT_SELF_INDICATORS);
  const selfRows =
    (deptSelf.any ? 1 : 0) +
    (deptSelfIndicators?.rows.length ?? 0) +
    (selfProjectTable?.rows.length ?? 0) +
    (selfFunds?.rows.length ?? 0) +
    (selfIndicators?.rows.length ?? 0);
  if (selfFlag === false && selfRows > 0) {
    r.warn('“绩效自评”填写为“无”，但绩效自评的五张表中有数据，这些数据未读入', r.at(BASIC.sheet, selfFlagRow, 'B'));
  } else if (selfFlag === true || (selfFlag === undefined && selfRows > 0)) {
    const selfEvaluation: Rec = {};
    if (deptSelf.any || (deptSelfIndicators?.rows.length ?? 0) > 0) {
      const department = ((deptSelf.rec.selfEvaluation as Rec | undefined)?.department as Rec | undefined) ?? {};
      completeGoal(department);
      department.indicators = (deptSelfIndicators?.rows ?? []).map((row, i) =>
        rowRecord(r, deptSelfIndicators as Table, row, DEPT_SELF_INDICATORS.fields, [
          ...se,
          'department',
          'indicators',
          i,
        ]),
      );
      selfEvaluation.department = department;
    }
    const selfProjects = (selfProjectTable?.rows ?? []).map((row, i) => {
      const rec = rowRecord(r, selfProjectTable as Table, row, PROJECT_SELF.fields, [...se, 'projects', i]);
      completeGoal(rec);
      return rec;
    });
    const selfIndex = indexBy(selfProjects, 'project');
    const children = (t: Table | undefined, spec: TableSpec, list: 'funds' | 'indicators') => {
      if (!t) return;
      const [codeField, ...fields] = spec.fields as [Field, ...Field[]];
      for (const row of t.rows) {
        const k = parentOf(t, row, codeField, selfIndex, PROJECT_SELF.sheet, 'selfEvaluation');
        if (k === undefined) continue;
        const project = selfProjects[k] as Rec;
        if (!Array.isArray(project[list])) project[list] = [];
        const items = project[list] as Rec[];
        const path = [...se, 'projects', k, list];
        if (items.length === 0) r.place(path, r.at(spec.sheet, row.row));
        items.push(rowRecord(r, t, row, fields, [...path, items.length]));
      }
    };
    children(selfFunds, PROJECT_SELF_FUNDS, 'funds');
    children(selfIndicators, PROJECT_SELF_INDICATORS, 'indicators');
    for (const p of selfProjects) if (!Array.isArray(p.funds)) p.funds = [];
    selfEvaluation.projects = selfProjects;
    raw.selfEvaluation = selfEvaluation;
  }

  // 说明填写: one row per slot; the slot name is the key of `reasons`
  const reasonsTable = table(REASONS, ['reasons']);
  const reasons: Record<string, unknown> = {};
  if (reasonsTable) {
    const [slotField, contentField] = REASONS.fields as [Field, Field];
    const firstRow = new Map<string, number>();
    for (const row of reasonsTable.rows) {
      const slotLoc = r.at(REASONS.sheet, row.row, reasonsTable.columns.get('slot')?.label);
      const read = row.cells.get('slot')?.read ?? EMPTY;
      const slot = String(convert(slotField, read, (m) => r.error(m, slotLoc, ['reasons'])) ?? '').trim();
      if (!slot) {
        r.error('缺少插槽名', slotLoc, ['reasons']);
        continue;
      }
      const seen = firstRow.get(slot);
      if (seen !== undefined) {
        r.error(`插槽名“${slot}”重复（首次在第 ${seen} 行），已忽略本行`, slotLoc, ['reasons', slot]);
        continue;
      }
      firstRow.set(slot, row.row);
      const path = ['reasons', slot];
      reasons[slot] = rowRecord(r, reasonsTable, row, [contentField], path, { content: path }).content ?? '';
    }
  }
  raw.reasons = reasons;

  raw.catalogAdditions = simpleList(ADDITIONS, 'catalogAdditions');

  return result(raw);
}
