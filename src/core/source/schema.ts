/**
 * The canonical source data of one unit or one department (本级 + 所属单位) for one year.
 *
 * This zod schema is the JSON form (`source.json`, published as JSON Schema in
 * `schemas/source.schema.json`); the XLSX workbook form reads into the same shape. Amounts are
 * decimal strings in the document's `amountUnit` (JSON numbers are accepted and read through
 * their decimal spelling); `toSourceData` turns them into exact fen.
 *
 * Field names follow the 预算管理一体化 element names where one exists (agency, func, econ, pro),
 * enumerated values are the Chinese terms finance staff use.
 */
import { z } from 'zod';

const text = z.string().trim();
const code = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]+$/, { message: `${what}只能包含数字或字母` })
    .describe(what);

/** An amount as written: "559.57", "9,501,164", or a JSON number. */
export const AmountText = z
  .union([z.string(), z.number()])
  .describe('金额，按 amountUnit 计；写成字符串可避免精度问题，如 "559.57"');

export const UnitKind = z.enum(['行政', '参公', '事业']).describe('单位类型：行政、参公（参照公务员法管理）或事业');
export const Category = z
  .enum(['基本', '项目', '事业单位经营', '上缴上级', '对附属单位补助'])
  .describe('支出类别：基本支出、项目支出，或事业单位经营支出、上缴上级支出、对附属单位补助支出');
export const BasicKind = z.enum(['人员', '公用']).describe('基本支出细分：人员经费或公用经费');
export const IndicatorOp = z.enum(['≥', '≤', '=', '>', '<', '定性', '定量']).describe('指标值类型');

export const UnitSchema = z.object({
  code: code('单位编码'),
  name: text.min(1),
  kind: UnitKind,
  /** The department code for a 所属单位; the department's own 本级 unit also names it. */
  parent: code('上级部门编码').optional(),
  duties: z.array(text).optional().describe('部门（单位）职责，每条一项'),
  dutiesBasis: text.optional().describe('职责依据，如 “株石办发〔2019〕39号”'),
  organisation: text.optional().describe('机构设置说明'),
  authorisedStaff: z.number().int().nonnegative().optional().describe('编制人数'),
  actualStaff: z.number().int().nonnegative().optional().describe('实有人数'),
  retiredStaff: z.number().int().nonnegative().optional().describe('离退休人数'),
});

export const IncomeSchema = z.object({
  unit: code('单位编码'),
  fund: text.min(1).describe('资金来源代码或名称（见 data/catalogs/fund_sources.csv）'),
  amount: AmountText,
  carryover: z.boolean().optional().describe('true 表示上年结转'),
});

export const LineSchema = z.object({
  unit: code('单位编码'),
  func: code('支出功能分类项级科目编码（7位）'),
  funcName: text.optional(),
  econ: code('部门预算支出经济分类款级科目编码（5位）'),
  econName: text.optional(),
  govEcon: code('政府预算支出经济分类款级编码（可省略，按单位类型自动对照）').optional(),
  category: Category,
  basicKind: BasicKind.optional().describe('可省略：301/303 为人员经费，其余为公用经费'),
  project: code('项目代码').optional(),
  fund: text.min(1).describe('资金来源代码或名称'),
  amount: AmountText,
  note: text.optional(),
});

export const IndicatorSchema = z.object({
  level1: text.min(1).describe('一级指标'),
  level2: text.min(1).describe('二级指标'),
  level3: text.min(1).describe('三级指标'),
  value: text.describe('指标值（如 “12次”、“100%”、“量质齐升”）'),
  content: text.optional().describe('指标值内容'),
  measureUnit: text.optional().describe('度量单位'),
  op: IndicatorOp,
  note: text.optional(),
});

export const ProjectSchema = z.object({
  code: code('项目代码'),
  name: text.min(1),
  unit: code('单位编码'),
  category: text.min(1).describe('项目类别，如 特定目标类、其他运转类'),
  special: z.boolean().optional().describe('是否专项资金（列入专项资金预算汇总表）'),
  performanceName: text.optional().describe('绩效目标表使用的项目名称（与项目名称不同时填写）'),
  period: text.optional().describe('项目支出实施期，如 “2024年1-12月”'),
  budgetMethod: text.optional().describe('预算编制方式'),
  goal: text.optional().describe('本年度绩效目标'),
  indicators: z.array(IndicatorSchema).default([]),
});

export const DepartmentPerformanceSchema = z.object({
  goals: z.array(text).describe('年履职目标，每条一项'),
  tasks: z.array(z.object({ name: text.min(1), content: text })).describe('年度主要任务'),
  indicators: z.array(IndicatorSchema),
});

export const ThreePublicSchema = z.object({
  unit: code('单位编码'),
  abroad: AmountText.describe('因公出国（境）费'),
  vehiclePurchase: AmountText.describe('公务用车购置费'),
  vehicleOperation: AmountText.describe('公务用车运行（维护）费'),
  reception: AmountText.describe('公务接待费'),
  abroadGroups: z.number().int().nonnegative().optional(),
  abroadPeople: z.number().int().nonnegative().optional(),
  vehiclesPurchased: z.number().int().nonnegative().optional(),
  vehiclesHeld: z.number().int().nonnegative().optional(),
  receptionGroups: z.number().int().nonnegative().optional(),
  receptionGuests: z.number().int().nonnegative().optional(),
});

export const MeetingTrainingSchema = z.object({
  unit: code('单位编码'),
  meeting: AmountText.describe('会议费'),
  training: AmountText.describe('培训费'),
  meetingCount: z.number().int().nonnegative().optional(),
  meetingPeople: z.number().int().nonnegative().optional(),
  trainingCount: z.number().int().nonnegative().optional(),
  trainingPeople: z.number().int().nonnegative().optional(),
});

export const ProcurementSchema = z.object({
  goods: AmountText.describe('货物'),
  works: AmountText.describe('工程'),
  services: AmountText.describe('服务'),
  smeReserved: AmountText.optional().describe('面向中小企业预留'),
  smallMicro: AmountText.optional().describe('其中小微企业'),
});

export const AssetsSchema = z.object({
  asOf: text.optional().describe('截止日期，如 “2023年12月31日”'),
  floorArea: text.optional().describe('办公及业务用房面积（平方米）'),
  vehicles: z.array(z.object({ kind: text.min(1), count: z.number().int().nonnegative() })).default([]),
  largeEquipment: z.number().int().nonnegative().optional().describe('单位价值较大的设备台（套）数'),
  largeEquipmentThreshold: text.optional().describe('大型设备的价值标准，如 “200万元”'),
});

/** Figures of the prior year used for comparisons in the 说明 (增减变化). */
export const PriorYearSchema = z.object({
  year: z.number().int(),
  basis: z.enum(['年初预算', '决算']).default('年初预算'),
  incomeTotal: AmountText.optional(),
  expenditureTotal: AmountText.optional(),
  basic: AmountText.optional(),
  project: AmountText.optional(),
  generalPublicBudget: AmountText.optional(),
  threePublic: AmountText.optional(),
  abroad: AmountText.optional(),
  vehiclePurchase: AmountText.optional(),
  vehicleOperation: AmountText.optional(),
  reception: AmountText.optional(),
  officeOperation: AmountText.optional(),
  note: text.optional().describe('上年数的来源'),
});

export const CatalogAdditionSchema = z.object({
  catalog: z.enum(['功能分类', '部门经济分类', '政府经济分类']),
  code: code('科目编码'),
  name: text.min(1),
});

export const SourceSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    kind: z.enum(['预算', '决算']),
    year: z.number().int().min(2000).max(2100),
    templateSet: text.min(1).describe('报表模板集，如 hunan-2024-budget'),
    amountUnit: z.enum(['元', '万元']).describe('本文件中所有金额的单位'),
    region: text.optional().describe('地区，如 “湖南省株洲市荷塘区”'),
    department: z.object({ code: code('部门编码'), name: text.min(1) }),
    units: z.array(UnitSchema).min(1),
    incomes: z.array(IncomeSchema).default([]),
    yearEndCarryover: z
      .array(z.object({ unit: code('单位编码'), fund: text.min(1), amount: AmountText }))
      .default([])
      .describe('年终结转结余'),
    lines: z.array(LineSchema),
    projects: z.array(ProjectSchema).default([]),
    departmentPerformance: DepartmentPerformanceSchema.optional(),
    threePublic: z.array(ThreePublicSchema).default([]),
    meetingTraining: z.array(MeetingTrainingSchema).default([]),
    officeOperation: AmountText.optional().describe('机关运行经费'),
    procurement: ProcurementSchema.optional(),
    assets: AssetsSchema.optional(),
    priorYear: PriorYearSchema.optional(),
    reasons: z.record(z.string(), text).default({}).describe('说明中的人工填写内容（增减原因等），键为插槽名'),
    catalogAdditions: z.array(CatalogAdditionSchema).default([]),
  })
  .describe('明账源数据：一个部门（或单位）一个年度的预算/决算数据');

export type RawSource = z.input<typeof SourceSchema>;
export type ParsedSource = z.output<typeof SourceSchema>;
export type RawIndicator = z.output<typeof IndicatorSchema>;
