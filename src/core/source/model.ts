/**
 * The normalised source data: amounts in fen, codes resolved against the catalogs, every line
 * carrying both economic classifications. Everything downstream (templates, package, rules,
 * narrative) reads this, never the raw JSON.
 */
import type { Fen } from '../money/amount.ts';
import type { ParsedSource, RawIndicator } from './schema.ts';

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
  readonly amount: Fen;
  readonly carryover: boolean;
}

export interface CarryoverItem {
  readonly unit: string;
  readonly fund: string;
  readonly amount: Fen;
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

export interface ThreePublic {
  readonly unit: string;
  readonly abroad: Fen;
  readonly vehiclePurchase: Fen;
  readonly vehicleOperation: Fen;
  readonly reception: Fen;
  readonly counts: Readonly<Record<string, number | undefined>>;
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
  readonly yearEndCarryover: readonly CarryoverItem[];
  readonly lines: readonly BudgetLine[];
  readonly projects: readonly Project[];
  readonly departmentPerformance?: ParsedSource['departmentPerformance'];
  readonly threePublic: readonly ThreePublic[];
  readonly meetingTraining: readonly MeetingTraining[];
  readonly officeOperation?: Fen;
  readonly procurement?: Readonly<Record<'goods' | 'works' | 'services', Fen>> & {
    readonly smeReserved?: Fen;
    readonly smallMicro?: Fen;
  };
  readonly assets?: ParsedSource['assets'];
  readonly priorYear?: PriorYear;
  readonly reasons: Readonly<Record<string, string>>;
}

/** 人员经费 = 301 + 303; everything else in 基本支出 is 公用经费 (302, 310, 307, 399 …). */
export function basicKindOfEcon(econ: string): BasicKind {
  const cls = econ.slice(0, 3);
  return cls === '301' || cls === '303' ? '人员' : '公用';
}
