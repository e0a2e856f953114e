/**
 * The template language for disclosure tables. A template set (one file per year × region ×
 * 预算/决算, under data/templates/) lists its tables in 目录 order; each table declares its
 * columns (a header tree given by leaf paths), its row model, and its cells as aggregations over
 * the source data. Nothing about a particular table set lives in the engine.
 */
import { z } from 'zod';

/** Which budget lines a column or table aggregates. All conditions must hold; lists are "any of". */
export const LineFilter = z
  .object({
    /** 功能分类 code prefixes: "201", "20103" */
    func: z.array(z.string()).optional(),
    /** 部门经济分类 code prefixes: "301", "30217" */
    econ: z.array(z.string()).optional(),
    notEcon: z.array(z.string()).optional(),
    /** 政府经济分类 code prefixes: "501" */
    govEcon: z.array(z.string()).optional(),
    category: z.array(z.enum(['基本', '项目', '事业单位经营', '上缴上级', '对附属单位补助'])).optional(),
    basicKind: z.enum(['人员', '公用']).optional(),
    /** fund-source codes; a code also matches its descendants (R11 ⊃ R112 ⊃ 10302) */
    fund: z.array(z.string()).optional(),
    notFund: z.array(z.string()).optional(),
    /** 资金性质 of the fund source */
    fundNature: z.array(z.string()).optional(),
    /** only lines of projects flagged 专项 */
    special: z.boolean().optional(),
  })
  .strict();
export type LineFilter = z.infer<typeof LineFilter>;

/**
 * Where an amount comes from. Every measure is restricted to the row it is evaluated for (its
 * unit(s), its 功能分类 code, its fund columns): lines, incomes, balances and budgets all carry a
 * fund code, and a 功能分类 项 where the source gives one.
 */
export type Measure =
  | { from: 'lines'; filter?: LineFilter }
  /** income (本年收入); `carryover: true` selects 上年结转 (决算: 年初结转和结余) */
  | { from: 'incomes'; fund?: string[]; notFund?: string[]; carryover?: boolean }
  /** 年终结转结余 (决算: 年末结转和结余) */
  | { from: 'carryOut'; fund?: string[]; notFund?: string[] }
  /** 决算: 使用非财政拨款结余（和专用结余） */
  | { from: 'balanceUse'; fund?: string[]; notFund?: string[] }
  /** 决算: 结余分配 */
  | { from: 'balanceDistribution'; fund?: string[]; notFund?: string[] }
  /** 决算: 年初预算数 or 全年预算数 by 功能分类 项 */
  | { from: 'budgets'; figure: 'initial' | 'fullYear'; fund?: string[]; notFund?: string[] }
  | {
      from: 'threePublic';
      field: 'total' | 'abroad' | 'vehicle' | 'vehiclePurchase' | 'vehicleOperation' | 'reception';
      /** which figure: the record's own amounts (预算数 of a budget, 决算数 of a final account; default), or a final account's 全年预算数 / 年初预算数 */
      figure?: 'amount' | 'budget' | 'initialBudget';
    }
  | { from: 'sum'; of: Measure[] }
  | { from: 'none' };

const fundLists = {
  fund: z.array(z.string()).optional(),
  notFund: z.array(z.string()).optional(),
};

export const Measure: z.ZodType<Measure> = z.lazy(() =>
  z.discriminatedUnion('from', [
    z.object({ from: z.literal('lines'), filter: LineFilter.optional() }).strict(),
    z
      .object({
        from: z.literal('incomes'),
        ...fundLists,
        carryover: z.boolean().optional(),
      })
      .strict(),
    z.object({ from: z.literal('carryOut'), ...fundLists }).strict(),
    z.object({ from: z.literal('balanceUse'), ...fundLists }).strict(),
    z.object({ from: z.literal('balanceDistribution'), ...fundLists }).strict(),
    z.object({ from: z.literal('budgets'), figure: z.enum(['initial', 'fullYear']), ...fundLists }).strict(),
    z
      .object({
        from: z.literal('threePublic'),
        field: z.enum(['total', 'abroad', 'vehicle', 'vehiclePurchase', 'vehicleOperation', 'reception']),
        figure: z.enum(['amount', 'budget', 'initialBudget']).optional(),
      })
      .strict(),
    z.object({ from: z.literal('sum'), of: z.array(Measure) }).strict(),
    z.object({ from: z.literal('none') }).strict(),
  ]),
);

/** What a code/label column prints for a row. */
export const KeyField = z.enum([
  /** 类 part of a 功能分类 code ("201") */
  'func.class',
  /** 款 part ("03") */
  'func.kuan',
  /** 项 part ("01") */
  'func.item',
  /** the row's code: 功能/经济 code, or the unit/department code on unit rows */
  'code',
  /** the row's name or label */
  'name',
  /** the unit code of the row (detail rows: the line's unit) */
  'unitCode',
  /** 预算编制方式 of a project row */
  'budgetMethod',
]);
export type KeyField = z.infer<typeof KeyField>;

const path = z.array(z.string().min(1)).min(1);

export const KeyColumn = z
  .object({ path, field: KeyField, role: z.enum(['code', 'label']).default('code'), width: z.number().optional() })
  .strict();
export const AmountColumn = z.object({ path, measure: Measure, width: z.number().optional() }).strict();
export const GridColumn = z.union([KeyColumn, AmountColumn]);
export type GridColumn = z.infer<typeof GridColumn>;

/** Row models of grid tables. */
export const RowModel = z.discriminatedUnion('kind', [
  /** 合计, department, then per unit: the unit row and its 类/款/项 rows */
  z
    .object({ kind: z.literal('func-tree'), levels: z.array(z.number().int().min(1).max(3)).default([1, 2, 3]) })
    .strict(),
  /** 合计, department, unit rows, then one row per unit × 功能分类 (项 by default) */
  z.object({ kind: z.literal('func-by-unit'), level: z.number().int().min(1).max(3).default(3) }).strict(),
  /** 经济分类 类 rows each followed by its 款 rows, then 合计 */
  z.object({ kind: z.literal('econ-tree'), totalLast: z.boolean().default(true) }).strict(),
  /** 合计, department, unit rows */
  z.object({ kind: z.literal('units') }).strict(),
  /** 合计, department, one row per project (专项 only if `special`) */
  z.object({ kind: z.literal('projects'), special: z.boolean().default(false) }).strict(),
  /**
   * 合计, then the 类/款/项 rows of all units together, keyed by the plain code (决算 02/03/05/07表).
   * The codes come from the items named in `from` that the table's filter admits (fund and
   * 功能分类 conditions apply to every kind of item; the others to lines only).
   */
  z
    .object({
      kind: z.literal('func-summary'),
      levels: z.array(z.number().int().min(1).max(3)).default([1, 2, 3]),
      from: z
        .array(z.enum(['lines', 'incomes', 'carryIn', 'carryOut', 'budgets']))
        .min(1)
        .default(['lines']),
    })
    .strict(),
  /** the 合计 row only (决算 09表: one row of amounts, no label column) */
  z.object({ kind: z.literal('total-only') }).strict(),
]);
export type RowModel = z.infer<typeof RowModel>;

export const FixedRow = z
  .object({
    label: z.string(),
    /** row key when the label repeats within its section (e.g. under 本年收入 and 上年结转); default: the code, else the label */
    key: z.string().optional(),
    /** code printed in the section's code column (科目代码) */
    code: z.string().optional(),
    /** 行次 printed in the section's 行次 column */
    line: z.number().int().positive().optional(),
    /** no measure: a heading row that prints no amount */
    measure: Measure.optional(),
    /** print 0.00 rather than blank when zero */
    showZero: z.boolean().optional(),
  })
  .strict();

/** One half of a side-by-side table (收支总表): a label column and a value column. */
export const Section = z
  .object({
    group: z.string(),
    labelHeader: z.string(),
    /** header of the (first) value column; its amount is the row's measure as it stands */
    valueHeader: z.string(),
    /** a code column before the label column (科目代码) */
    codeHeader: z.string().optional(),
    /** a 行次 column after the label column */
    lineHeader: z.string().optional(),
    /** further value columns splitting each row's measure by fund source (04表: 一般公共预算 | 政府性基金 | 国有资本经营) */
    fundColumns: z.array(z.object({ header: z.string().min(1), fund: z.array(z.string()).min(1) }).strict()).optional(),
    /**
     * How the cells of the section are addressed: "group-label-value" (收入/项目/预算数, the default),
     * "group-value" (收入/金额) or "value" (决算数).
     */
    cellKey: z.enum(['group-label-value', 'group-value', 'value']).optional(),
    labelWidth: z.number().optional(),
    rows: z.array(FixedRow),
    /** rows aligned at the bottom of the table across all sections */
    footer: z.array(FixedRow).default([]),
  })
  .strict();

const common = {
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  title: z.string().min(1),
  /** printed title when the table is printed under another name than in the 目录 */
  printedTitle: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  /** override the set's captions */
  captions: z.array(z.string()).optional(),
  /** note under the table: true = the set's default note, a string = this note, false/absent = none */
  note: z.union([z.boolean(), z.string()]).optional(),
  /** added to the note when the table has no data (C-EMPTY: an empty table says why) */
  emptyNote: z.string().optional(),
  /** lines this table is about (applied to every amount column) */
  filter: LineFilter.optional(),
  /** the table's code as printed, e.g. 公开01表 (captions may show it as {code}) */
  code: z.string().optional(),
  /** print zero amounts as 0.00 rather than blank */
  showZero: z.boolean().optional(),
  /** print a 栏次 row under the header numbering the amount columns 1, 2, … */
  columnNumbers: z.boolean().optional(),
};

export const GridTable = z
  .object({
    ...common,
    layout: z.literal('grid'),
    columns: z.array(GridColumn).min(1),
    rows: RowModel,
    /** when no line matches: print the 合计 row with 0.00 in the first amount column (Hunan) */
    emptyTotalZero: z.boolean().default(true),
  })
  .strict();

export const SideBySideTable = z
  .object({ ...common, layout: z.literal('side-by-side'), sections: z.array(Section).min(2) })
  .strict();

export const IndicatorColumns = z.array(
  z.enum(['一级指标', '二级指标', '三级指标', '指标值', '指标值内容', '度量单位', '指标值类型', '备注']),
);

export const ProjectPerformanceTable = z
  .object({
    ...common,
    layout: z.literal('form'),
    form: z.literal('project-performance'),
    /** which projects get a sheet */
    projects: z.enum(['special', 'all']).default('special'),
    fields: z.object({
      name: z.string().default('项目名称'),
      category: z.string().default('项目类别'),
      amount: z.string().default('年度本级预算金额'),
      period: z.string().default('项目支出实施期'),
      goal: z.string().default('本年度绩效目标'),
      indicators: z.string().default('本年度绩效指标'),
      /** when set, each project block starts with this row naming the project's unit (multi-unit departments) */
      unit: z.string().optional(),
    }),
    indicatorColumns: IndicatorColumns,
    /** measure of the project's amount (applied to the project's lines) */
    amount: Measure.default({ from: 'lines' }),
  })
  .strict();

export const DepartmentPerformanceTable = z
  .object({
    ...common,
    layout: z.literal('form'),
    form: z.literal('department-performance'),
    budgetLabel: z.string(),
    budgetColumns: z.array(AmountColumn),
    /** how 年履职目标 items and task names are numbered when printed */
    goalNumbering: z.enum(['（一）', '(一) ', 'none']).default('none'),
    taskNumbering: z.enum(['1、', 'none']).default('none'),
    indicatorColumns: IndicatorColumns,
  })
  .strict();

/** Indicator columns of a self-evaluation sheet; each is also the column key of its cells (the checker's addressing). */
export const SelfEvaluationIndicatorColumn = z.enum([
  '一级指标',
  '二级指标',
  '三级指标',
  '年度指标值',
  '实际完成值',
  '分值',
  '得分',
  '偏差原因分析及改进措施',
]);
export type SelfEvaluationIndicatorColumn = z.infer<typeof SelfEvaluationIndicatorColumn>;

/** A label and the fact printed after it in a header row of a self-evaluation sheet. */
const SelfEvaluationHeaderField = z
  .object({
    label: z.string().min(1),
    /**
     * department: the department's name; project: the project's name; competentDepartment /
     * implementingUnit: as the source gives them, else the department's name / the project unit's name
     */
    field: z.enum(['department', 'project', 'competentDepartment', 'implementingUnit']),
  })
  .strict();

/**
 * A performance self-evaluation sheet (绩效自评表, DOMAIN.md §7.3): header facts, the fund block
 * (fund rows by source, the 年度资金总额 row with 分值 | 执行率 | 得分, optional breakdowns), the
 * 年度总体目标 rows, the indicator rows, 总分 and 评价等级. One sheet for the department
 * (selfEvaluation.department) or one per project (selfEvaluation.projects), one below the other.
 *
 * Cells, as the checker reads them (text cells unless noted): the 年度资金总额 row (年初预算数,
 * 全年预算数, 全年执行数 as amounts; 分值, 执行率, 得分), fund rows keyed by their source (amounts),
 * indicator rows keyed "一级/二级/三级" (levels the sheet does not print are left out) with 年度指标值,
 * 实际完成值, 分值, 得分, 偏差原因分析及改进措施, the 总分 row (分值, 得分), 评价等级. When a table holds
 * the sheets of several projects, every row key is prefixed with "<project name>/".
 *
 * Scores: an indicator's printed score is the source's when given, else the scoring engine's (with
 * the configuration `scoring` names); the 执行率 and its score are always computed (执行数 ÷ the
 * configured budget, capped); 总分 is the sum of the printed rows; 评价等级 is the configuration's
 * grade of that sum.
 */
export const SelfEvaluationForm = z
  .object({
    form: z.literal('self-evaluation'),
    /** the department's sheet, or one sheet per project */
    sheet: z.enum(['department', 'project']),
    /** id of the scoring configuration (data/scoring/<id>.json) */
    scoring: z.string().min(1),
    /** header rows above the funds, each a list of label → fact pairs printed side by side */
    header: z.array(z.array(SelfEvaluationHeaderField).min(1)).default([]),
    funds: z
      .object({
        /** label of the fund block (first column, merged down) */
        label: z.string().min(1),
        /** header over the fund labels, e.g. 资金来源 */
        sourceHeader: z.string().default(''),
        /** printed headers of the value columns; the cells keep the keys 年初预算数 … 得分 */
        headers: z
          .object({
            initialBudget: z.string().default('年初预算数'),
            fullYearBudget: z.string().default('全年预算数'),
            executed: z.string().default('全年执行数'),
            weight: z.string().default('分值'),
            rate: z.string().default('执行率'),
            score: z.string().default('得分'),
          })
          .strict()
          .default({
            initialBudget: '年初预算数',
            fullYearBudget: '全年预算数',
            executed: '全年执行数',
            weight: '分值',
            rate: '执行率',
            score: '得分',
          }),
        /** project sheets: the fund rows by source, printed before 年度资金总额 (a source the source data lacks prints 0.00) */
        sources: z
          .array(
            z.object({ source: z.enum(['当年财政拨款', '上年结转', '其他资金']), label: z.string().min(1) }).strict(),
          )
          .default([]),
        /** printed label of the 年度资金总额 row (its cells keep the key 年度资金总额) */
        total: z.string().default('年度资金总额'),
        /** decimals of the printed 执行率 (100.00%) */
        ratePlaces: z.number().int().min(0).max(4).default(2),
        /**
         * groups printed side by side below 年度资金总额 (按收入性质分 | 按支出性质分): a heading and rows of
         * label → amount, each amount a measure over the sheet's lines (cells keyed "<heading>/<key>", column 金额)
         */
        breakdown: z
          .array(
            z
              .object({
                heading: z.string().min(1),
                rows: z
                  .array(z.object({ label: z.string().min(1), key: z.string().optional(), measure: Measure }).strict())
                  .min(1),
              })
              .strict(),
          )
          .default([]),
      })
      .strict(),
    goal: z
      .object({
        label: z.string().default('年度总体目标'),
        expected: z.string().default('预期目标'),
        actual: z.string().default('实际完成情况'),
      })
      .strict()
      .default({ label: '年度总体目标', expected: '预期目标', actual: '实际完成情况' }),
    indicators: z
      .object({
        label: z.string().default('绩效指标'),
        columns: z.array(SelfEvaluationIndicatorColumn).min(1),
        /** printed across the indicator columns when the sheet has no indicator (总分 and 评价等级 stay blank) */
        none: z.string().default('未填列绩效指标'),
      })
      .strict(),
    /** label of the 总分 row */
    total: z.string().default('总分'),
    /** label of the 评价等级 row; absent: the row is not printed */
    grade: z.string().optional(),
  })
  .strict();
export type SelfEvaluationFormTemplate = z.infer<typeof SelfEvaluationForm>;

/**
 * A table known by its structure (title, aliases, column paths, printed shape): enough to read
 * it back from a document and to check it. Without `generate` that is all: a set with such
 * tables is read-only (`generate: false`). With `generate`, the generator renders it by that
 * form, and the readers still read it by its structure (they do not know the form yet).
 */
export const ReferenceTable = z
  .object({
    ...common,
    layout: z.literal('reference'),
    /** the table's code as printed, e.g. 公开01表, 表一 */
    code: z.string().optional(),
    /** value column paths as printed (joined by "/") */
    columns: z.array(z.string()).default([]),
    /** printed layout, for readers: one grid, two halves side by side, a form */
    shape: z.enum(['grid', 'side-by-side', 'form']).default('grid'),
    /** how to generate the table (shape form): a self-evaluation sheet */
    generate: SelfEvaluationForm.optional(),
  })
  .strict();
export type ReferenceTableTemplate = z.infer<typeof ReferenceTable>;

export const TableTemplate = z.discriminatedUnion('layout', [
  GridTable,
  SideBySideTable,
  ReferenceTable,
  z.discriminatedUnion('form', [ProjectPerformanceTable, DepartmentPerformanceTable]),
]);
export type TableTemplate = z.infer<typeof TableTemplate>;
export type GridTableTemplate = z.infer<typeof GridTable>;
export type SideBySideTemplate = z.infer<typeof SideBySideTable>;
export type ProjectPerformanceTemplate = z.infer<typeof ProjectPerformanceTable>;
export type DepartmentPerformanceTemplate = z.infer<typeof DepartmentPerformanceTable>;

export const TemplateSet = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    kind: z.enum(['预算', '决算']),
    region: z.string(),
    /** fiscal years the set applies to (inclusive) */
    years: z.tuple([z.number().int(), z.number().int()]),
    /** cover title; {year} is replaced */
    title: z.string(),
    amountUnit: z.enum(['万元', '元']),
    places: z.number().int().min(0).max(6),
    /** caption lines; {unitCode} {unitName} {amountUnit} {code} are replaced (empty lines are dropped) */
    captions: z.array(z.string()),
    defaultNote: z.string().optional(),
    /** what rows print for the department and the 合计 */
    labels: z.object({ total: z.string().default('合计') }).default({ total: '合计' }),
    tables: z.array(TableTemplate).min(1),
    /**
     * true when every table can be generated. A set with reference tables that have no
     * `generate` form (known only well enough to read and check documents) is `false`; the
     * generator then produces its other tables.
     */
    generate: z.boolean().default(true),
    /** 说明 sections the format requires, for completeness checks */
    sections: z
      .array(z.object({ number: z.string(), title: z.string(), aliases: z.array(z.string()).default([]) }).strict())
      .default([]),
    source: z.string().optional().describe('where the format comes from'),
  })
  .strict();
export type TemplateSet = z.infer<typeof TemplateSet>;
