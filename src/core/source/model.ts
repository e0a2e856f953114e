/**
 * The normalised source data: amounts in fen, codes resolved against the catalogs, every line
 * carrying both economic classifications. Everything downstream (templates, package, rules,
 * narrative) reads this, never the raw JSON.
 */
import type { Fen } from '../money/amount.ts';
import type { ParsedSource, RawIndicator, RawSelfEvaluationIndicator } from './schema.ts';

export type UnitKind = '行政' | '参公' | '事业';
export type Category = '基本' | '项目' | '事业单位经营' | '上缴上级' | '对附属单位补助';
export type BasicKind = '人员' | '公用';

export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly parent: string | null;
  readonly duties: readonly string[];
  readonly dutiesBasis?: string;
  readonly organisation?: string;
  readonly authorisedStaff?: number;
  readonly actualStaff?: number;
  readonly retiredStaff?: number;
}

export interface BudgetLine {
  /** index in the source's `lines` array (for provenance) */
  readonly index: number;
  readonly unit: string;
  readonly func: string;
  readonly funcName: string;
  readonly econ: string;
  readonly econName: string;
  readonly govEcon: string;
  readonly govEconName: string;
  readonly category: Category;
  /** null for 项目 lines */
  readonly basicKind: BasicKind | null;
  readonly project: string | null;
  /** fund-source code (data/catalogs/fund_sources.csv) */
  readonly fund: string;
  readonly amount: Fen;
}

export interface IncomeItem {
  readonly index: number;
  readonly unit: string;
  readonly fund: string;
  /** 功能分类 项 the income is attributed to (决算); null when not given */
  readonly func: string | null;
  readonly amount: Fen;
  /** 上年结转 (决算: 年初结转和结余) */
  readonly carryover: boolean;
}

/** 年末结转和结余, 使用非财政拨款结余, 结余分配: money by unit, fund and (optionally) 功能分类 项. */
export interface CarryoverItem {
  /** index in its source array (for provenance) */
  readonly index: number;
  readonly unit: string;
  readonly fund: string;
  readonly func: string | null;
  readonly amount: Fen;
}

/** 年初预算数 / 全年预算数 of one 功能分类 项 (决算). */
export interface FuncBudget {
  readonly index: number;
  readonly unit: string;
  readonly func: string;
  readonly funcName: string;
  readonly fund: string;
  readonly initialBudget: Fen | null;
  readonly fullYearBudget: Fen | null;
}

export type Indicator = RawIndicator;

export interface Project {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly category: string;
  readonly special: boolean;
  readonly performanceName: string;
  readonly period?: string;
  readonly budgetMethod?: string;
  readonly goal?: string;
  readonly indicators: readonly Indicator[];
}

export interface ThreePublicAmounts {
  readonly abroad: Fen;
  readonly vehiclePurchase: Fen;
  readonly vehicleOperation: Fen;
  readonly reception: Fen;
}

export interface ThreePublic extends ThreePublicAmounts {
  readonly unit: string;
  readonly counts: Readonly<Record<string, number | undefined>>;
  /** 决算: 全年预算数 (adjusted) */
  readonly budget?: ThreePublicAmounts;
  /** 决算: 年初预算数 */
  readonly initialBudget?: ThreePublicAmounts;
}

export interface MeetingTraining {
  readonly unit: string;
  readonly meeting: Fen;
  readonly training: Fen;
  readonly counts: Readonly<Record<string, number | undefined>>;
}

export interface PriorYear {
  readonly year: number;
  readonly basis: '年初预算' | '决算';
  readonly figures: Readonly<Record<string, Fen | undefined>>;
  readonly note?: string;
}

export type SelfEvaluationIndicator = RawSelfEvaluationIndicator;

export interface SelfEvaluationFunds {
  readonly initialBudget: Fen;
  readonly fullYearBudget: Fen;
  readonly executed: Fen;
}

interface SelfEvaluationSheet {
  readonly goal?: { readonly expected: string; readonly actual: string };
  readonly executionWeight?: number;
  readonly executionScore?: number;
  readonly indicators: readonly SelfEvaluationIndicator[];
  readonly totalWeight?: number;
  readonly totalScore?: number;
  readonly note?: string;
}

/** 部门整体支出绩效自评: 年度资金总额 and the indicators. */
export interface DepartmentSelfEvaluation extends SelfEvaluationSheet, SelfEvaluationFunds {}

/** 项目支出绩效自评: funds by source (年度资金总额 = their sum) and the indicators. */
export interface ProjectSelfEvaluation extends SelfEvaluationSheet {
  readonly project: string;
  readonly competentDepartment?: string;
  readonly implementingUnit?: string;
  readonly funds: ReadonlyArray<SelfEvaluationFunds & { readonly source: '当年财政拨款' | '上年结转' | '其他资金' }>;
  /** Σ funds */
  readonly total: SelfEvaluationFunds;
}

export interface SelfEvaluation {
  readonly department?: DepartmentSelfEvaluation;
  readonly projects: readonly ProjectSelfEvaluation[];
}

export interface SourceData {
  readonly kind: '预算' | '决算';
  readonly year: number;
  readonly templateSet: string;
  /** the unit amounts were written in; display precision follows from it */
  readonly amountUnit: '元' | '万元';
  readonly region?: string;
  readonly department: { readonly code: string; readonly name: string };
  readonly units: readonly Unit[];
  readonly incomes: readonly IncomeItem[];
  /** 年终结转结余 (决算: 年末结转和结余) */
  readonly yearEndCarryover: readonly CarryoverItem[];
  /** 决算: 使用非财政拨款结余（和专用结余） */
  readonly balanceUse: readonly CarryoverItem[];
  /** 决算: 结余分配 */
  readonly balanceDistribution: readonly CarryoverItem[];
  /** 决算: 年初预算数 / 全年预算数 by 功能分类 项 */
  readonly budgetByFunc: readonly FuncBudget[];
  readonly lines: readonly BudgetLine[];
  readonly projects: readonly Project[];
  readonly departmentPerformance?: ParsedSource['departmentPerformance'];
  readonly threePublic: readonly ThreePublic[];
  readonly meetingTraining: readonly MeetingTraining[];
  readonly officeOperation?: Fen;
  /** 决算: 机关运行经费年初预算数 */
  readonly officeOperationBudget?: Fen;
  readonly procurement?: Readonly<Record<'goods' | 'works' | 'services', Fen>> & {
    readonly smeReserved?: Fen;
    readonly smallMicro?: Fen;
    /** 决算: 授予中小企业合同金额 */
    readonly smeAwarded?: { readonly total: Fen } & Partial<
      Readonly<Record<'smallMicro' | 'goods' | 'works' | 'services', Fen>>
    >;
  };
  readonly assets?: ParsedSource['assets'];
  readonly priorYear?: PriorYear;
  /** 决算: 绩效自评 inputs */
  readonly selfEvaluation?: SelfEvaluation;
  readonly reasons: Readonly<Record<string, string>>;
}

/** 人员经费 = 301 + 303; everything else in 基本支出 is 公用经费 (302, 310, 307, 399 …). */
export function basicKindOfEcon(econ: string): BasicKind {
  const cls = econ.slice(0, 3);
  return cls === '301' || cls === '303' ? '人员' : '公用';
}
