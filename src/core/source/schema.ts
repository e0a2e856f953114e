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

export const UnitSchema = z.strictObject({
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

export const IncomeSchema = z.strictObject({
  unit: code('单位编码'),
  fund: text.min(1).describe('资金来源代码或名称（见 data/catalogs/fund_sources.csv）'),
  /**
   * 决算: the 功能分类 项 the income is attributed to (收入决算表 lists income by function). Budget
   * sources leave it out.
   */
  func: code('支出功能分类项级科目编码（决算：收入决算表按功能分类列示，7位）').optional(),
  funcName: text.optional(),
  amount: AmountText,
  carryover: z.boolean().optional().describe('true 表示上年结转（决算：年初结转和结余）'),
});

/** A balance item of a 决算: 年末结转和结余, 使用非财政拨款结余, 结余分配. */
export const BalanceSchema = z.strictObject({
  unit: code('单位编码'),
  fund: text.min(1).describe('资金来源代码或名称'),
  func: code(
    '支出功能分类项级科目编码（可省略；政府性基金、国有资本经营预算财政拨款收入支出决算表按功能分类列示时填写）',
  ).optional(),
  funcName: text.optional(),
  amount: AmountText,
});

/** 年初预算数 / 全年预算数 of one 功能分类 项 (决算: completion rates in the 情况说明, 05表 variants). */
export const FuncBudgetSchema = z.strictObject({
  unit: code('单位编码'),
  func: code('支出功能分类项级科目编码（7位）'),
  funcName: text.optional(),
  fund: text.min(1).describe('资金来源代码或名称'),
  initialBudget: AmountText.optional().describe('年初预算数'),
  fullYearBudget: AmountText.optional().describe('全年预算数（按规定程序调整后）'),
});

export const LineSchema = z.strictObject({
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

export const IndicatorSchema = z.strictObject({
  level1: text.min(1).describe('一级指标'),
  level2: text.min(1).describe('二级指标'),
  level3: text.min(1).describe('三级指标'),
  value: text.describe('指标值（如 “12次”、“100%”、“量质齐升”）'),
  content: text.optional().describe('指标值内容'),
  measureUnit: text.optional().describe('度量单位'),
  op: IndicatorOp,
  note: text.optional(),
});

export const ProjectSchema = z.strictObject({
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

export const DepartmentPerformanceSchema = z.strictObject({
  goals: z.array(text).describe('年履职目标，每条一项'),
  tasks: z.array(z.strictObject({ name: text.min(1), content: text })).describe('年度主要任务'),
  indicators: z.array(IndicatorSchema),
});

/** The four 三公 amounts of one figure (预算数, 决算数 …). */
export const ThreePublicAmountsSchema = z.strictObject({
  abroad: AmountText.describe('因公出国（境）费'),
  vehiclePurchase: AmountText.describe('公务用车购置费'),
  vehicleOperation: AmountText.describe('公务用车运行（维护）费'),
  reception: AmountText.describe('公务接待费'),
});

export const ThreePublicSchema = z.strictObject({
  unit: code('单位编码'),
  abroad: AmountText.describe('因公出国（境）费（预算：预算数；决算：决算数）'),
  vehiclePurchase: AmountText.describe('公务用车购置费（预算：预算数；决算：决算数）'),
  vehicleOperation: AmountText.describe('公务用车运行（维护）费（预算：预算数；决算：决算数）'),
  reception: AmountText.describe('公务接待费（预算：预算数；决算：决算数）'),
  budget: ThreePublicAmountsSchema.optional().describe('决算：全年预算数（按规定程序调整后的预算数）'),
  initialBudget: ThreePublicAmountsSchema.optional().describe('决算：年初预算数'),
  abroadGroups: z.number().int().nonnegative().optional(),
  abroadPeople: z.number().int().nonnegative().optional(),
  vehiclesPurchased: z.number().int().nonnegative().optional(),
  vehiclesHeld: z.number().int().nonnegative().optional(),
  receptionGroups: z.number().int().nonnegative().optional(),
  receptionGuests: z.number().int().nonnegative().optional(),
});

export const MeetingTrainingSchema = z.strictObject({
  unit: code('单位编码'),
  meeting: AmountText.describe('会议费'),
  training: AmountText.describe('培训费'),
  meetingCount: z.number().int().nonnegative().optional(),
  meetingPeople: z.number().int().nonnegative().optional(),
  trainingCount: z.number().int().nonnegative().optional(),
  trainingPeople: z.number().int().nonnegative().optional(),
});

export const ProcurementSchema = z.strictObject({
  goods: AmountText.describe('货物'),
  works: AmountText.describe('工程'),
  services: AmountText.describe('服务'),
  smeReserved: AmountText.optional().describe('面向中小企业预留'),
  smallMicro: AmountText.optional().describe('其中小微企业'),
  smeAwarded: z
    .object({
      total: AmountText.describe('授予中小企业合同金额'),
      smallMicro: AmountText.optional().describe('其中授予小微企业合同金额'),
      goods: AmountText.optional().describe('货物采购授予中小企业合同金额'),
      works: AmountText.optional().describe('工程采购授予中小企业合同金额'),
      services: AmountText.optional().describe('服务采购授予中小企业合同金额'),
    })
    .optional()
    .describe('决算：授予中小企业合同金额'),
});

export const AssetsSchema = z.strictObject({
  asOf: text.optional().describe('截止日期，如 “2023年12月31日”'),
  floorArea: text.optional().describe('办公及业务用房面积（平方米）'),
  vehicles: z.array(z.strictObject({ kind: text.min(1), count: z.number().int().nonnegative() })).default([]),
  largeEquipment: z.number().int().nonnegative().optional().describe('单位价值较大的设备台（套）数'),
  largeEquipmentThreshold: text.optional().describe('大型设备的价值标准，如 “200万元”'),
});

/** Figures of the prior year used for comparisons in the 说明 (增减变化). */
export const PriorYearSchema = z.strictObject({
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
  fiscalTotal: AmountText.optional().describe('财政拨款收支总计'),
  note: text.optional().describe('上年数的来源'),
});

/** One indicator row of a 绩效自评表: target and outcome as printed, weight and (printed) score. */
export const SelfEvaluationIndicatorSchema = z.strictObject({
  level1: text.min(1).describe('一级指标'),
  level2: text.optional().describe('二级指标（项目自评表可无二级指标）'),
  level3: text.min(1).describe('三级指标'),
  target: text.describe('年度指标值，如 “1500 份”'),
  actual: text.describe('实际完成值'),
  weight: z.number().nonnegative().describe('分值'),
  score: z.number().nonnegative().optional().describe('得分（印刷值，可省略）'),
  reason: text.optional().describe('偏差原因分析及改进措施'),
});

const selfEvaluationCommon = {
  goal: z.strictObject({ expected: text, actual: text }).optional().describe('年度总体目标：预期目标与实际完成情况'),
  executionWeight: z.number().nonnegative().optional().describe('预算执行率分值'),
  executionScore: z.number().nonnegative().optional().describe('预算执行率得分（印刷值，可省略）'),
  indicators: z.array(SelfEvaluationIndicatorSchema).default([]),
  totalWeight: z.number().nonnegative().optional().describe('总分栏的分值（印刷值，可省略）'),
  totalScore: z.number().nonnegative().optional().describe('总分栏的得分（印刷值，可省略）'),
  note: text.optional(),
};

/** Funds of a self-evaluation sheet: 年初预算数, 全年预算数, 全年执行数. */
export const SelfEvaluationFundsSchema = z.strictObject({
  initialBudget: AmountText.describe('年初预算数'),
  fullYearBudget: AmountText.describe('全年预算数'),
  executed: AmountText.describe('全年执行数'),
});

export const DepartmentSelfEvaluationSchema = z.strictObject({
  ...SelfEvaluationFundsSchema.shape,
  ...selfEvaluationCommon,
});

export const ProjectSelfEvaluationSchema = z.strictObject({
  project: code('项目代码（须在 projects 中）'),
  competentDepartment: text.optional().describe('主管部门'),
  implementingUnit: text.optional().describe('实施单位'),
  funds: z
    .array(
      z.strictObject({
        source: z.enum(['当年财政拨款', '上年结转', '其他资金']).describe('资金来源'),
        ...SelfEvaluationFundsSchema.shape,
      }),
    )
    .min(1)
    .describe('项目资金：当年财政拨款、上年结转、其他资金；年度资金总额为其合计'),
  ...selfEvaluationCommon,
});

export const SelfEvaluationSchema = z.strictObject({
  department: DepartmentSelfEvaluationSchema.optional().describe('部门整体支出绩效自评'),
  projects: z.array(ProjectSelfEvaluationSchema).default([]).describe('项目支出绩效自评'),
});

export const CatalogAdditionSchema = z.strictObject({
  catalog: z.enum(['功能分类', '部门经济分类', '政府经济分类']),
  code: code('科目编码'),
  name: text.min(1),
});

export const SourceSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    kind: z.enum(['预算', '决算']),
    year: z.number().int().min(2000).max(2100),
    templateSet: text.min(1).describe('报表模板集，如 hunan-2024-budget'),
    amountUnit: z.enum(['元', '万元']).describe('本文件中所有金额的单位'),
    region: text.optional().describe('地区，如 “湖南省株洲市荷塘区”'),
    department: z.strictObject({ code: code('部门编码'), name: text.min(1) }),
    units: z.array(UnitSchema).min(1),
    incomes: z.array(IncomeSchema).default([]),
    yearEndCarryover: z.array(BalanceSchema).default([]).describe('年终结转结余（决算：年末结转和结余）'),
    balanceUse: z
      .array(BalanceSchema)
      .default([])
      .describe('决算：使用非财政拨款结余（和专用结余），弥补当年收支差额的金额'),
    balanceDistribution: z.array(BalanceSchema).default([]).describe('决算：结余分配'),
    budgetByFunc: z.array(FuncBudgetSchema).default([]).describe('决算：按功能分类项级科目的年初预算数和全年预算数'),
    lines: z.array(LineSchema),
    projects: z.array(ProjectSchema).default([]),
    departmentPerformance: DepartmentPerformanceSchema.optional(),
    threePublic: z.array(ThreePublicSchema).default([]),
    meetingTraining: z.array(MeetingTrainingSchema).default([]),
    officeOperation: AmountText.optional().describe('机关运行经费（预算：预算数；决算：支出数）'),
    officeOperationBudget: AmountText.optional().describe('决算：机关运行经费年初预算数'),
    procurement: ProcurementSchema.optional(),
    assets: AssetsSchema.optional(),
    priorYear: PriorYearSchema.optional(),
    selfEvaluation: SelfEvaluationSchema.optional().describe('决算：绩效自评（部门整体支出、项目支出）'),
    reasons: z.record(z.string(), text).default({}).describe('说明中的人工填写内容（增减原因等），键为插槽名'),
    catalogAdditions: z.array(CatalogAdditionSchema).default([]),
  })
  .describe('明账源数据：一个部门（或单位）一个年度的预算/决算数据');

export type RawSource = z.input<typeof SourceSchema>;
export type ParsedSource = z.output<typeof SourceSchema>;
export type RawIndicator = z.output<typeof IndicatorSchema>;
export type RawSelfEvaluationIndicator = z.output<typeof SelfEvaluationIndicatorSchema>;
