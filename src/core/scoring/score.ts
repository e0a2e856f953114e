/**
 * The scoring engine of performance self-evaluation (绩效自评), DOMAIN.md §7.3:
 *  - 预算执行率 = 执行数 / 全年预算数; score = weight × rate, capped at the weight;
 *  - ≥X (正向): weight × min(actual / target, 1); ≤X (反向): weight × min(target / actual, 1);
 *  - =X: full when met, else proportional; 定性: the band's share of the weight;
 *  - totals: Σ分值 must be the configured total, Σ得分 the printed 总分; grade from the total.
 * Pure: numbers in, decimals out (decimal.js, half up at the printed precision).
 */
import { Decimal } from 'decimal.js';
import type { ScoringConfig } from './config.ts';

export type Comparator = '≥' | '≤' | '=' | '定性';

export interface IndicatorInput {
  readonly level1: string;
  readonly level2?: string | null;
  readonly level3: string;
  /** 年度指标值 as printed ("1500 份", "100%", "量质齐升") */
  readonly target: string;
  /** 实际完成值 as printed */
  readonly actual: string;
  readonly weight: string;
  /** 得分 as printed, when the sheet is being checked */
  readonly score?: string;
  /** comparator when the sheet prints one */
  readonly op?: Comparator | '>' | '<' | '定量';
  /** a 定性 grade given by the evaluator (达成/部分达成/未达成), when printed */
  readonly grade?: string;
}

export interface ScoredIndicator {
  readonly input: IndicatorInput;
  readonly comparator: Comparator;
  /** how the score was computed, in Chinese, for reports */
  readonly method: string;
  readonly expected: Decimal;
  readonly printed?: Decimal;
  /** true when the printed score differs from the recomputed one by more than half a printed unit */
  readonly differs: boolean;
}

export interface ExecutionInput {
  readonly initialBudget?: string;
  readonly fullYearBudget: string;
  readonly executed: string;
  readonly weight?: string;
  readonly score?: string;
  readonly rate?: string;
}

export interface SheetResult {
  readonly execution?: {
    readonly rate: Decimal | null;
    readonly expected: Decimal;
    readonly printed?: Decimal;
    readonly differs: boolean;
  };
  readonly indicators: readonly ScoredIndicator[];
  readonly weightSum: Decimal;
  readonly printedScoreSum: Decimal;
  readonly expectedScoreSum: Decimal;
  readonly grade: string;
}

const NUM = /-?\d+(?:\.\d+)?/;

/** "1500 份" → 1500; "100%" → 100 (percent kept as percent points); "0.2" stays 0.2. */
export function leadingNumber(text: string): Decimal | undefined {
  const m = NUM.exec(text.replace(/[,\s]/g, ''));
  return m ? new Decimal(m[0]) : undefined;
}

function isPercent(text: string): boolean {
  return /%|％/.test(text);
}

/** Comparable numbers of target and actual: percentages written as fractions ("1" for 100%) are normalised. */
function comparable(target: string, actual: string): [Decimal, Decimal] | undefined {
  let t = leadingNumber(target);
  let a = leadingNumber(actual);
  if (!t || !a) return undefined;
  if (isPercent(target) && !isPercent(actual) && a.lte(1)) a = a.mul(100);
  if (isPercent(actual) && !isPercent(target) && t.lte(1)) t = t.mul(100);
  return [t, a];
}

export function inferComparator(ind: IndicatorInput, config: ScoringConfig): Comparator {
  if (ind.op === '≥' || ind.op === '>') return '≥';
  if (ind.op === '≤' || ind.op === '<') return '≤';
  if (ind.op === '=') return '=';
  if (ind.op === '定性') return '定性';
  if (!leadingNumber(ind.target)) return '定性';
  if (config.inferComparator.atMost.some((w) => ind.level3.includes(w))) return '≤';
  if (config.inferComparator.exactly.some((w) => ind.level3.includes(w))) return '=';
  return '≥';
}

function qualitativeShare(ind: IndicatorInput, config: ScoringConfig): { share: number; band: string } {
  const bands = config.qualitative;
  if (ind.grade) {
    const b = bands.find((x) => x.name === ind.grade);
    if (b) return { share: b.share, band: b.name };
  }
  // The target phrase met or exceeded ("长期" → "长期坚持") counts as 达成.
  const t = ind.target.replace(/\s/g, '');
  const a = ind.actual.replace(/\s/g, '');
  const top = bands[0] as (typeof bands)[number];
  if (a !== '' && (a.includes(t) || t.includes(a))) return { share: top.share, band: top.name };
  const last = bands[bands.length - 1] as (typeof bands)[number];
  return { share: last.share, band: last.name };
}

export function scoreIndicator(ind: IndicatorInput, config: ScoringConfig): ScoredIndicator {
  const weight = new Decimal(leadingNumber(ind.weight) ?? 0);
  const comparator = inferComparator(ind, config);
  let expected: Decimal;
  let method: string;
  const cap = (d: Decimal) => (config.capAtWeight ? Decimal.min(d, weight) : d);
  if (comparator === '定性') {
    const q = qualitativeShare(ind, config);
    expected = weight.mul(q.share);
    method = `定性（${q.band}，得分为分值的 ${q.share * 100}%）`;
  } else {
    const pair = comparable(ind.target, ind.actual);
    if (!pair) {
      expected = new Decimal(0);
      method = '无法读取指标值或完成值';
    } else {
      const [t, a] = pair;
      if (comparator === '≥') {
        expected = t.isZero() ? weight : cap(weight.mul(a).div(t));
        method = `正向指标：分值 × 完成值 ÷ 指标值（${a} ÷ ${t}），不超过分值`;
      } else if (comparator === '≤') {
        expected = a.isZero() || a.lte(t) ? weight : cap(weight.mul(t).div(a));
        method = `反向指标：分值 × 指标值 ÷ 完成值（${t} ÷ ${a}），不超过分值`;
      } else {
        expected = a.eq(t) ? weight : cap(weight.mul(Decimal.min(a, t)).div(Decimal.max(a, t)));
        method = `等于指标：达到得满分，否则按比例（${a} 对 ${t}）`;
      }
    }
  }
  expected = expected.toDecimalPlaces(config.scorePlaces, Decimal.ROUND_HALF_UP);
  const printed = ind.score !== undefined ? leadingNumber(ind.score) : undefined;
  const half = new Decimal(5).div(new Decimal(10).pow(config.scorePlaces + 1));
  const differs = printed?.sub(expected).abs().gt(half) ?? false;
  return { input: ind, comparator, method, expected, ...(printed ? { printed } : {}), differs };
}

export function scoreExecution(e: ExecutionInput, config: ScoringConfig): NonNullable<SheetResult['execution']> {
  const budget = leadingNumber(
    config.execution.basis === '全年预算数' ? e.fullYearBudget : (e.initialBudget ?? e.fullYearBudget),
  );
  const executed = leadingNumber(e.executed);
  const weight = new Decimal(e.weight ? (leadingNumber(e.weight) ?? config.execution.weight) : config.execution.weight);
  const rate = budget && executed && !budget.isZero() ? executed.div(budget) : null;
  let expected = rate === null ? new Decimal(0) : weight.mul(config.execution.cap ? Decimal.min(rate, 1) : rate);
  expected = expected.toDecimalPlaces(config.scorePlaces, Decimal.ROUND_HALF_UP);
  const printed = e.score !== undefined ? leadingNumber(e.score) : undefined;
  const half = new Decimal(5).div(new Decimal(10).pow(config.scorePlaces + 1));
  return {
    rate,
    expected,
    ...(printed ? { printed } : {}),
    differs: printed?.sub(expected).abs().gt(half) ?? false,
  };
}

export function gradeOf(total: Decimal, config: ScoringConfig): string {
  for (const g of config.grades) if (total.gte(g.min)) return g.name;
  return (config.grades[config.grades.length - 1] as { name: string }).name;
}

export function scoreSheet(
  indicators: readonly IndicatorInput[],
  config: ScoringConfig,
  execution?: ExecutionInput,
): SheetResult {
  const scored = indicators.map((i) => scoreIndicator(i, config));
  const exec = execution ? scoreExecution(execution, config) : undefined;
  const execWeight = execution
    ? new Decimal(execution.weight ? (leadingNumber(execution.weight) ?? 0) : config.execution.weight)
    : new Decimal(0);
  const weightSum = scored.reduce((s, x) => s.add(leadingNumber(x.input.weight) ?? 0), execWeight);
  const printedScoreSum = scored.reduce((s, x) => s.add(x.printed ?? 0), exec?.printed ?? new Decimal(0));
  const expectedScoreSum = scored.reduce((s, x) => s.add(x.expected), exec?.expected ?? new Decimal(0));
  return {
    ...(exec ? { execution: exec } : {}),
    indicators: scored,
    weightSum,
    printedScoreSum,
    expectedScoreSum,
    grade: gradeOf(expectedScoreSum, config),
  };
}
