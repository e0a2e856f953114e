import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  gradeOf,
  type IndicatorInput,
  scoreExecution,
  scoreIndicator,
  scoreSheet,
} from '../../src/core/scoring/score.ts';
import { loadScoringConfig } from '../../src/io/scoring-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const config = loadScoringConfig('hunan');
const ind = (target: string, actual: string, weight: string, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  level1: '产出指标',
  level2: '数量指标',
  level3: extra.level3 ?? '测试指标',
  target,
  actual,
  weight,
  ...extra,
});
const score = (i: IndicatorInput) => scoreIndicator(i, config).expected.toFixed(2);

describe('scoring rules (DOMAIN.md §7.3)', () => {
  it('正向 ≥: proportional credit', () => {
    expect(score(ind('180 条', '165 条', '3'))).toBe('2.75');
    expect(score(ind('15000 件', '13426 件', '2'))).toBe('1.79');
  });
  it('正向 ≥: over-achievement capped at the weight (得分不得突破权重)', () => {
    expect(score(ind('12 次', '20 次', '3'))).toBe('3.00');
    expect(score(ind('20%', '100%', '6'))).toBe('6.00');
  });
  it('正向 ≥: nothing achieved scores zero', () => {
    expect(score(ind('2 个', '0', '1'))).toBe('0.00');
  });
  it('反向 ≤: weight × target ÷ actual when the ceiling is exceeded, full when kept', () => {
    expect(score(ind('635.29 万元', '878.81 万元', '4', { level3: '专项经费控制数' }))).toBe('2.89');
    expect(score(ind('100 万元', '90 万元', '4', { op: '≤' }))).toBe('4.00');
  });
  it('= : full when met, else proportional', () => {
    expect(score(ind('10 次', '10 次', '5', { op: '=' }))).toBe('5.00');
    expect(score(ind('10 次', '8 次', '5', { op: '=' }))).toBe('4.00');
  });
  it('定性: bands from the configuration; a met phrase is 达成', () => {
    expect(score(ind('长期', '长期坚持', '4'))).toBe('4.00');
    expect(score(ind('量质齐升', '量质齐升', '4'))).toBe('4.00');
    expect(score(ind('进一步优化', '部分优化', '10', { grade: '部分达成' }))).toBe('7.00');
    expect(score(ind('进一步优化', '未开展', '10'))).toBe('3.00');
  });
  it('percentages written as fractions are normalised (seed 000 writes 100% as 1)', () => {
    expect(score(ind('100%', '0.9', '10'))).toBe('9.00');
    expect(score(ind('0.9', '95%', '10'))).toBe('10.00');
  });
  it('预算执行率 = 执行数 ÷ 全年预算数 (not 年初), capped', () => {
    const e = scoreExecution(
      { initialBudget: '635.29', fullYearBudget: '878.81', executed: '878.81', weight: '10' },
      config,
    );
    expect(e.expected.toFixed(2)).toBe('10.00');
    expect(e.rate?.toFixed(4)).toBe('1.0000');
    expect(scoreExecution({ fullYearBudget: '100', executed: '85', weight: '10' }, config).expected.toFixed(2)).toBe(
      '8.50',
    );
    expect(scoreExecution({ fullYearBudget: '100', executed: '120', weight: '10' }, config).expected.toFixed(2)).toBe(
      '10.00',
    );
  });
  it('grades from the total', () => {
    expect(gradeOf(new Decimal('97.54'), config)).toBe('优');
    expect(gradeOf(new Decimal('89.99'), config)).toBe('良');
    expect(gradeOf(new Decimal('60'), config)).toBe('中');
    expect(gradeOf(new Decimal('59.99'), config)).toBe('差');
  });
  it('rounds half up at the printed precision', () => {
    // 3 × 2 ÷ 8 = 0.75; 1 × 1 ÷ 8 = 0.125 → 0.13
    expect(score(ind('8 个', '1 个', '1'))).toBe('0.13');
  });
});

describe('seed 002 self-evaluation sheets', () => {
  const truth = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-002/truth.json'), 'utf8'));
  const dept = truth.selfEvaluation.department;
  const proj = truth.selfEvaluation.projects[0];
  const toInput = (r: Record<string, string | null>): IndicatorInput => ({
    level1: r.level1 as string,
    level2: r.level2,
    level3: r.level3 as string,
    target: r.target as string,
    actual: r.actual as string,
    weight: r.weight as string,
    ...(r.score ? { score: r.score } : {}),
  });

  it('reproduces every scored row of the 部门整体 sheet except the evaluator’s judgement on 专项经费控制数', () => {
    const sheet = scoreSheet(dept.indicators.map(toInput), config, { ...dept.funds[0], score: dept.funds[0].score });
    expect(sheet.execution?.expected.toFixed(2)).toBe('10.00');
    const differing = sheet.indicators
      .filter((s) => s.differs)
      .map((s) => `${s.input.level3}: printed ${s.printed}, computed ${s.expected}`);
    // DOMAIN.md §7.3: 635.29 → 878.81 scored 3, neither 4 × 635.29/878.81 (2.89) nor any band
    expect(differing).toEqual(['专项经费控制数: printed 3, computed 2.89']);
  });

  it('finds the sheet’s arithmetic errors: Σ分值 90 against 100, Σ得分 87.54 against 总分 97.54', () => {
    const sheet = scoreSheet(dept.indicators.map(toInput), config, dept.funds[0]);
    expect(sheet.weightSum.toString()).toBe('90');
    expect(sheet.printedScoreSum.toFixed(2)).toBe('87.54');
    expect(dept.total.weight).toBe('100');
    expect(dept.total.score).toBe('97.54');
  });

  it('reproduces every row of the 项目 sheet and its total 98.00', () => {
    const sheet = scoreSheet(
      proj.indicators.map(toInput),
      config,
      proj.funds.find((f: { label: string }) => f.label === '年度资金总额'),
    );
    expect(sheet.indicators.filter((s) => s.differs)).toEqual([]);
    expect(sheet.weightSum.toString()).toBe('100');
    expect(sheet.expectedScoreSum.toFixed(2)).toBe(proj.total.score);
    expect(sheet.printedScoreSum.toFixed(2)).toBe(proj.total.score);
    expect(sheet.grade).toBe('优');
  });
});
