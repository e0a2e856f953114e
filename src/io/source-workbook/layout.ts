/**
 * The layout of the source workbook (源数据工作簿) as data: every sheet, its columns or key rows,
 * their kinds, dropdowns and help texts, and where its rows live in the source JSON. Written in
 * the language of ./spec.ts and validated by `WorkbookLayout` when this module loads; the writer
 * and the reader walk `LAYOUT`. Enumerations come from the source schema, so a value the schema
 * accepts is always one the dropdown offers.
 */
import {
  BasicKind,
  CatalogAdditionSchema,
  Category,
  ProjectSelfEvaluationSchema,
  SourceSchema,
  UnitKind,
} from '../../core/source/schema.ts';
import {
  amountField,
  funcField,
  funcNameField,
  fundField,
  INDICATOR_FIELDS,
  intField,
  SELF_INDICATOR_FIELDS,
  selfProjectField,
  selfSheetFields,
  threePublicAmountFields,
  unitField,
} from './fields.ts';
import { type KvSpec, loose, strict, type TableSpec, WorkbookLayout } from './spec.ts';

const YES_NO = strict(['是', '否']);
const HAVE = strict(['有', '无']);

export const SHEET = {
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
  codeTemplateSet: '代码-模板集',
  codeSlot: '代码-说明插槽',
} as const;

export const BASIC: KvSpec = {
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
      choice: { ref: 'templateSet' },
      width: 26,
      help: '公开报表使用的模板集，从下拉列表选择，名称、类型和适用年度见“代码-模板集”；须与类型、年度相符',
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

export const UNITS: TableSpec = {
  sheet: SHEET.units,
  rows: { list: 'units' },
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

export const DUTIES: TableSpec = {
  sheet: SHEET.duties,
  rows: {
    children: 'units',
    parentSheet: SHEET.units,
    parentKey: 'code',
    keyField: 'unit',
    list: 'duties',
    scalar: 'duty',
  },
  purpose: '部门（单位）职责，每条职责一行，按顺序排列。',
  fields: [unitField, { key: 'duty', label: '职责', kind: 'long', required: true, width: 80, help: '一条职责' }],
};

export const INCOMES: TableSpec = {
  sheet: SHEET.incomes,
  rows: { list: 'incomes' },
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
const balanceSpec = (sheet: string, list: string, purpose: string, amountHelp: string): TableSpec => ({
  sheet,
  purpose,
  rows: { list },
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

export const CARRYOVER = balanceSpec(
  SHEET.carryover,
  'yearEndCarryover',
  '年终结转结余（决算：年末结转和结余），按单位和资金来源（需要时再按功能分类）各一行。',
  '年终结转结余金额',
);

export const BALANCE_USE = balanceSpec(
  SHEET.balanceUse,
  'balanceUse',
  '仅决算：使用非财政拨款结余（和专用结余）弥补当年收支差额的金额，按单位和资金来源各一行；预算留空。',
  '使用非财政拨款结余金额',
);

export const BALANCE_DISTRIBUTION = balanceSpec(
  SHEET.balanceDistribution,
  'balanceDistribution',
  '仅决算：结余分配，按单位和资金来源各一行；预算留空。',
  '结余分配金额',
);

export const BUDGET_BY_FUNC: TableSpec = {
  sheet: SHEET.budgetByFunc,
  rows: { list: 'budgetByFunc' },
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

export const LINES: TableSpec = {
  sheet: SHEET.lines,
  rows: { list: 'lines' },
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

export const PROJECTS: TableSpec = {
  sheet: SHEET.projects,
  rows: { list: 'projects' },
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

export const PROJECT_INDICATORS: TableSpec = {
  sheet: SHEET.projectIndicators,
  rows: {
    children: 'projects',
    parentSheet: SHEET.projects,
    parentKey: 'code',
    keyField: 'project',
    list: 'indicators',
  },
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

export const GOALS: TableSpec = {
  sheet: SHEET.goals,
  rows: { list: 'departmentPerformance.goals', scalar: 'goal' },
  purpose: '部门整体绩效目标表的年履职目标，每条一行。',
  fields: [{ key: 'goal', label: '年履职目标', kind: 'long', required: true, width: 90, help: '一条履职目标' }],
};

export const TASKS: TableSpec = {
  sheet: SHEET.tasks,
  rows: { list: 'departmentPerformance.tasks' },
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

export const DEPT_INDICATORS: TableSpec = {
  sheet: SHEET.deptIndicators,
  rows: { list: 'departmentPerformance.indicators' },
  purpose: '部门整体绩效指标，一个指标一行。',
  fields: INDICATOR_FIELDS,
};

export const THREE_PUBLIC: TableSpec = {
  sheet: SHEET.threePublic,
  rows: { list: 'threePublic' },
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

export const MEETING_TRAINING: TableSpec = {
  sheet: SHEET.meetingTraining,
  rows: { list: 'meetingTraining' },
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

export const PROCUREMENT: KvSpec = {
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

export const ASSETS: KvSpec = {
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

export const VEHICLES: TableSpec = {
  sheet: SHEET.assets,
  rows: { list: 'assets.vehicles' },
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

export const PRIOR_YEAR: KvSpec = {
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

export const DEPT_SELF: KvSpec = {
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

export const DEPT_SELF_INDICATORS: TableSpec = {
  sheet: SHEET.deptSelfIndicators,
  rows: { list: 'selfEvaluation.department.indicators' },
  purpose: '仅决算：部门整体支出绩效自评的指标，一个指标一行，按自评表中的顺序排列。',
  fields: SELF_INDICATOR_FIELDS,
};

export const PROJECT_SELF: TableSpec = {
  sheet: SHEET.projectSelfEvaluation,
  rows: { list: 'selfEvaluation.projects' },
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

export const PROJECT_SELF_FUNDS: TableSpec = {
  sheet: SHEET.projectSelfFunds,
  rows: {
    children: 'selfEvaluation.projects',
    parentSheet: SHEET.projectSelfEvaluation,
    parentKey: 'project',
    keyField: 'project',
    list: 'funds',
  },
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

export const PROJECT_SELF_INDICATORS: TableSpec = {
  sheet: SHEET.projectSelfIndicators,
  rows: {
    children: 'selfEvaluation.projects',
    parentSheet: SHEET.projectSelfEvaluation,
    parentKey: 'project',
    keyField: 'project',
    list: 'indicators',
  },
  purpose: '仅决算：项目支出绩效自评的指标，一个指标一行，用项目代码关联到“项目自评”表，按自评表中的顺序排列。',
  fields: [{ ...selfProjectField, help: '“项目自评”表中的项目代码' }, ...SELF_INDICATOR_FIELDS],
};

export const REASONS: TableSpec = {
  sheet: SHEET.reasons,
  rows: { map: 'reasons', keyField: 'slot', valueField: 'content' },
  purpose: '说明中需要人工填写的内容（增减原因等），每个插槽一行。',
  fields: [
    {
      key: 'slot',
      label: '插槽名',
      kind: 'text',
      required: true,
      width: 30,
      choice: { ref: 'slot' },
      help: '说明模板中的插槽名，从下拉列表选择，含义见“代码-说明插槽”',
    },
    { key: 'content', label: '内容', kind: 'long', required: true, blankIsEmpty: true, width: 90, help: '填写的文字' },
  ],
};

export const ADDITIONS: TableSpec = {
  sheet: SHEET.additions,
  rows: { list: 'catalogAdditions' },
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

/** The whole workbook: 填写说明, the data sheets in workbook order, then the code lists. */
export const LAYOUT: WorkbookLayout = WorkbookLayout.parse({
  version: 1,
  guideSheet: SHEET.guide,
  requiredSheets: [SHEET.basic, SHEET.units, SHEET.lines],
  dataSheets: [
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
    { kv: ASSETS, below: VEHICLES },
    { kv: PRIOR_YEAR },
    { kv: DEPT_SELF },
    { table: DEPT_SELF_INDICATORS },
    { table: PROJECT_SELF },
    { table: PROJECT_SELF_FUNDS },
    { table: PROJECT_SELF_INDICATORS },
    { table: REASONS },
    { table: ADDITIONS },
  ],
  codeSheets: [
    { sheet: SHEET.codeFunc, ref: 'none', purpose: '支出功能分类科目（内置目录，可能不完整），含适用年度' },
    {
      sheet: SHEET.codeEcon,
      ref: 'none',
      purpose: '部门预算支出经济分类和政府预算支出经济分类科目，以及部门→政府经济分类对照',
    },
    { sheet: SHEET.codeFund, ref: 'fund', purpose: '资金来源代码、名称、资金性质和别名' },
    { sheet: SHEET.codeTemplateSet, ref: 'templateSet', purpose: '内置报表模板集的代码、名称、类型和适用年度' },
    { sheet: SHEET.codeSlot, ref: 'slot', purpose: '说明中需要人工填写的插槽：插槽名、含义和适用的模板集' },
  ],
});

/** Every sheet name the workbook may hold. */
export const KNOWN_SHEETS: ReadonlySet<string> = new Set([
  LAYOUT.guideSheet,
  ...LAYOUT.dataSheets.map((s) => ('table' in s ? s.table.sheet : s.kv.sheet)),
  ...LAYOUT.codeSheets.map((c) => c.sheet),
]);
