/**
 * The 绩效自评表 of the 决算 set, generated from the source's `selfEvaluation` by the
 * self-evaluation forms of hunan-2023-final and scored with data/scoring/hunan.json:
 *  - the project sheet of the example reproduces seed 002's 项目支出绩效自评表 row by row
 *    (tests/fixtures/seed-002/truth.json), 总分 100 / 98.00 included;
 *  - the department sheet keeps the seed's funds and goal and, like the example, no indicators;
 *    with the seed's 23 printed indicator rows its 总分 would be their sum, 90 / 87.54 (the seed's
 *    page-break loss), never the printed 100 / 97.54, and the checker would report it;
 *  - scores absent from the source are the scoring engine's, the 执行率 and its score are always
 *    computed, 总分 is the sum of the printed rows, 评价等级 the configuration's grade;
 *  - the checker's self-evaluation rules pass on the generated sheets and fire when a generated
 *    score is altered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings/model.ts';
import type { DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import type { ScoringConfig } from '../../src/core/scoring/config.ts';
import { scoreExecution, scoreIndicator } from '../../src/core/scoring/score.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { renderHtml } from '../../src/renderers/html.ts';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { exampleRaw, type FinalSource, generate, SCORING, TITLES, table } from './fixture.ts';

interface TruthIndicator {
  level1: string;
  level2: string | null;
  level3: string;
  target: string;
  actual: string;
  weight: string;
  score: string;
  reason: string | null;
}
interface TruthFund {
  label: string;
  printedLabel?: string;
  initialBudget?: string;
  fullYearBudget?: string;
  executed?: string;
  weight?: string;
  executionRate?: string;
  score?: string;
}
interface TruthSheet {
  funds: TruthFund[];
  overallGoal: { expected: string; actual: string };
  indicators: TruthIndicator[];
  total: { weight: string; score: string };
}
interface Truth {
  department: TruthSheet & {
    departmentName: string;
    byIncomeType: Array<{ label: string; value: string }>;
    byExpenditureType: Array<{ label: string; printedLabel: string; value: string }>;
  };
  projects: Array<TruthSheet & { projectName: string; competentDepartment: string; implementingUnit: string }>;
}

const truth = (
  JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-002/truth.json'), 'utf8')) as { selfEvaluation: Truth }
).selfEvaluation;
const config = SCORING.hunan as ScoringConfig;
const rules = loadRuleCatalogs();

/** The text cells of a table by row key and column. */
function byRow(t: PackageTable): Map<string, Map<string, string>> {
  const rows = new Map<string, Map<string, string>>();
  for (const c of t.cells) {
    const m = rows.get(c.row) ?? new Map<string, string>();
    m.set(c.column, c.text);
    rows.set(c.row, m);
  }
  return rows;
}

const cell = (t: PackageTable, row: string, column: string) =>
  t.cells.find((c) => c.row === row && c.column === column)?.text;

const NOT_INDICATORS = new Set([
  '表头',
  '年度资金总额',
  '当年财政拨款',
  '上年结转',
  '其他资金',
  '年度总体目标',
  '总分',
  '评价等级',
]);
const indicatorRows = (t: PackageTable) =>
  [...byRow(t).keys()].filter((k) => !NOT_INDICATORS.has(k) && !/^按(收入|支出)性质分\//.test(k));

/** The seed's indicator rows as source indicators, printed scores kept or dropped. */
function sourceIndicators(rows: readonly TruthIndicator[], keepScores: boolean) {
  return rows.map((i) => ({
    level1: i.level1,
    ...(i.level2 ? { level2: i.level2 } : {}),
    level3: i.level3,
    target: i.target,
    actual: i.actual,
    weight: Number(i.weight),
    ...(keepScores ? { score: Number(i.score) } : {}),
    ...(i.reason ? { reason: i.reason } : {}),
  }));
}

const selfFindings = (pkg: DisclosurePackage): Finding[] =>
  checkPackage(pkg, rules, { scoring: SCORING }).filter((f) => f.ruleId.startsWith('FN23-PERF'));
const brief = (f: Finding) => `${f.severity} ${f.ruleId} ${f.location.table}|${f.location.row}|${f.location.column}`;

/** A copy of the package with one cell's printed text changed. */
function alter(pkg: DisclosurePackage, title: string, row: string, column: string, text: string): DisclosurePackage {
  let found = false;
  const tables = pkg.tables.map((t) =>
    t.title !== title
      ? t
      : {
          ...t,
          cells: t.cells.map((c) => {
            if (c.row !== row || c.column !== column) return c;
            found = true;
            return { ...c, text };
          }),
        },
  );
  if (!found) throw new Error(`no cell ${title} / ${row} / ${column}`);
  return { ...pkg, tables };
}

describe('the example’s 项目支出绩效自评表 reproduces seed 002’s, row by row', () => {
  const { pkg } = generate(exampleRaw());
  const t = table(pkg, TITLES.SE2);
  const rows = byRow(t);
  const seed = truth.projects[0]!;

  it('prints the header facts', () => {
    expect(rows.get('表头')).toEqual(
      new Map([
        ['项目支出名称', seed.projectName],
        ['主管部门', seed.competentDepartment],
        ['实施单位', seed.implementingUnit],
      ]),
    );
  });

  it('prints the funds by source and 年度资金总额 with 分值, the computed 执行率 and its score', () => {
    const key: Record<string, string> = {
      当年财政拨款: '当年财政拨款',
      上年结转金额: '上年结转',
      其它资金: '其他资金',
      年度资金总额: '年度资金总额',
    };
    for (const f of seed.funds) {
      const r = rows.get(key[f.label]!)!;
      // amounts print with two decimals where the seed drops trailing zeros (41.6 → 41.60)
      for (const [col, v] of [
        ['年初预算数', f.initialBudget],
        ['全年预算数', f.fullYearBudget],
        ['全年执行数', f.executed],
      ] as const) {
        expect(Number(r.get(col)), `${f.label} ${col}`).toBe(Number(v));
      }
      if (f.label === '年度资金总额') {
        expect([r.get('分值'), r.get('执行率'), r.get('得分')]).toEqual([f.weight, f.executionRate, f.score]);
      } else expect(r.has('分值')).toBe(false);
    }
    // the printed fund labels, in the seed's order
    const labels = t.rows.map((r) => r.texts[1]).filter((x) => /财政拨款|结转|其它资金|年度资金总额/.test(x ?? ''));
    expect(labels).toEqual(seed.funds.map((f) => f.printedLabel ?? f.label));
  });

  it('prints the 年度总体目标', () => {
    expect(rows.get('年度总体目标')).toEqual(
      new Map([
        ['预期目标', seed.overallGoal.expected],
        ['实际完成情况', seed.overallGoal.actual],
      ]),
    );
  });

  it('prints every indicator row with the seed’s target, actual, 分值 and 得分, in the seed’s order', () => {
    expect(indicatorRows(t)).toEqual(seed.indicators.map((i) => `${i.level1}/${i.level3}`));
    for (const i of seed.indicators) {
      const r = rows.get(`${i.level1}/${i.level3}`)!;
      expect(
        [r.get('年度指标值'), r.get('实际完成值'), r.get('分值'), r.get('得分'), r.get('偏差原因分析及改进措施')],
        i.level3,
      ).toEqual([i.target, i.actual, i.weight, i.score, i.reason ?? undefined]);
    }
    // printed as the seed prints them: 一级 once per run (merged down), no 二级 column
    const header = t.rows.findIndex((r) => r.texts[1] === '一级指标');
    expect(t.rows[header]!.texts.slice(1, 4)).toEqual(['一级指标', '三级指标', '年度指标值']);
    const body = t.rows.slice(header + 1, header + 1 + seed.indicators.length);
    expect(body.map((r) => r.texts[2])).toEqual(seed.indicators.map((i) => i.level3));
    expect(body.map((r) => r.texts[1]).filter((x) => x !== '')).toEqual([
      '产出指标',
      '效益指标',
      '满意度指标',
      '成本指标',
    ]);
    expect(t.merges).toContainEqual({ top: header + 1, left: 1, bottom: header + 8, right: 1 });
  });

  it('prints 总分 100 / 98.00, the sum of its rows, and the grade 优', () => {
    expect(rows.get('总分')).toEqual(
      new Map([
        ['分值', seed.total.weight],
        ['得分', seed.total.score],
      ]),
    );
    expect([seed.total.weight, seed.total.score]).toEqual(['100', '98.00']);
    expect(cell(t, '评价等级', '评价等级')).toBe('优');
  });
});

describe('the example’s 部门整体支出绩效自评表', () => {
  const { pkg } = generate(exampleRaw());
  const t = table(pkg, TITLES.SE1);
  const rows = byRow(t);
  const seed = truth.department;

  it('keeps the seed’s funds, breakdowns and goal', () => {
    expect(cell(t, '表头', '预算部门名称')).toBe(seed.departmentName);
    const f = seed.funds[0]!;
    expect(rows.get('年度资金总额')).toEqual(
      new Map([
        ['年初预算数', f.initialBudget],
        ['全年预算数', f.fullYearBudget],
        ['全年执行数', f.executed],
        ['分值', f.weight],
        ['执行率', f.executionRate],
        ['得分', f.score],
      ]),
    );
    for (const x of seed.byIncomeType)
      expect(Number(cell(t, `按收入性质分/${x.label}`, '金额')), x.label).toBe(Number(x.value));
    for (const x of seed.byExpenditureType) {
      expect(Number(cell(t, `按支出性质分/${x.label}`, '金额')), x.label).toBe(Number(x.value));
      expect(t.rows.some((r) => r.texts.includes(x.printedLabel))).toBe(true);
    }
    expect(rows.get('年度总体目标')).toEqual(
      new Map([
        ['预期目标', seed.overallGoal.expected],
        ['实际完成情况', seed.overallGoal.actual],
      ]),
    );
  });

  it('lists no indicator (the seed’s rows do not add up to its 总分) and prints no 总分 or grade', () => {
    expect(indicatorRows(t)).toEqual([]);
    expect(t.rows.some((r) => r.texts.includes('未填列绩效指标'))).toBe(true);
    expect(rows.has('总分')).toBe(false);
    expect(rows.has('评价等级')).toBe(false);
    expect(t.rows.some((r) => r.texts[0] === '总分')).toBe(true);
  });

  it('with the seed’s 23 printed rows, 总分 would be their sum 90 / 87.54 (not the printed 100 / 97.54), which the checker reports', () => {
    const src = exampleRaw();
    Object.assign(src.selfEvaluation!.department!, {
      indicators: sourceIndicators(seed.indicators, true),
      totalWeight: 100,
      totalScore: 97.54,
    });
    const { pkg: withRows } = generate(src);
    const d = table(withRows, TITLES.SE1);
    expect(indicatorRows(d)).toEqual(seed.indicators.map((i) => `${i.level1}/${i.level2}/${i.level3}`));
    expect(byRow(d).get('总分')).toEqual(
      new Map([
        ['分值', '90'],
        ['得分', '87.54'],
      ]),
    );
    expect(cell(d, '评价等级', '评价等级')).toBe('良');
    const found = selfFindings(withRows);
    expect(found.map(brief).sort()).toEqual([
      // the seed's evaluator gave 3 where 反向 scoring gives 4 × 635.29 / 878.81 = 2.89 (DOMAIN.md §7.3)
      '警告 FN23-PERF-SCORES 部门整体支出绩效自评表|成本指标/经济成本指标/专项经费控制数|得分',
      '错误 FN23-PERF-TOTALS 部门整体支出绩效自评表|总分|分值',
    ]);
    expect(found[0]?.message ?? '').toMatch(/各项分值之和为 90/);
  });
});

describe('scores', () => {
  it('absent from the source are the scoring engine’s', () => {
    const src = exampleRaw();
    src.selfEvaluation!.department!.indicators = sourceIndicators(truth.department.indicators, false);
    const { pkg } = generate(src);
    const t = table(pkg, TITLES.SE1);
    const printed = new Map(truth.department.indicators.map((i) => [`${i.level1}/${i.level2}/${i.level3}`, i]));
    let sum = 10;
    for (const key of indicatorRows(t)) {
      const i = printed.get(key)!;
      const engine = scoreIndicator(
        { level1: i.level1, level2: i.level2, level3: i.level3, target: i.target, actual: i.actual, weight: i.weight },
        config,
      ).expected.toFixed(2);
      expect(cell(t, key, '得分'), key).toBe(engine);
      sum += Number(engine);
    }
    const score = (level3: string) => cell(t, indicatorRows(t).find((k) => k.endsWith(`/${level3}`))!, '得分');
    expect(score('人大代表建议、意见和政协委员提案的组织办理数')).toBe('2.75');
    expect(score('处理 12345 热线投诉件数')).toBe('1.79');
    expect(score('课题研究个数')).toBe('0.00');
    expect(score('督察调研次数')).toBe('3.00');
    expect(score('经费缩减率')).toBe('6.00');
    expect(score('专项经费控制数')).toBe('2.89');
    expect(score('形成制度、常规有效机制')).toBe('4.00');
    expect(cell(t, '总分', '得分')).toBe(sum.toFixed(2));
    // the engine's own scores agree with what the checker recomputes
    expect(selfFindings(pkg).filter((f) => f.ruleId !== 'FN23-PERF-TOTALS')).toEqual([]);
  });

  it('the 执行率 and its score are computed from the printed amounts, never copied', () => {
    const src = exampleRaw();
    const p = src.selfEvaluation!.projects![0]!;
    p.funds![0]!.executed = '400000';
    p.executionScore = 10;
    const { pkg } = generate(src);
    const t = table(pkg, TITLES.SE2);
    const expected = scoreExecution({ fullYearBudget: '41.57', executed: '40.00', weight: '10' }, config);
    expect(expected.expected.toFixed(2)).toBe('9.62');
    expect([
      cell(t, '年度资金总额', '全年执行数'),
      cell(t, '年度资金总额', '执行率'),
      cell(t, '年度资金总额', '得分'),
    ]).toEqual(['40.00', '96.22%', '9.62']);
    expect(cell(t, '总分', '得分')).toBe('97.62');
    expect(selfFindings(pkg)).toEqual([]);
  });

  it('总分 is the sum of the printed rows, whatever total the source prints; the grade follows it', () => {
    const src = exampleRaw();
    const p = src.selfEvaluation!.projects![0]!;
    p.indicators![13]!.score = 5;
    p.totalScore = 98;
    const { pkg } = generate(src);
    const t = table(pkg, TITLES.SE2);
    expect(byRow(t).get('总分')).toEqual(
      new Map([
        ['分值', '100'],
        ['得分', '85.00'],
      ]),
    );
    expect(cell(t, '评价等级', '评价等级')).toBe('良');
    // a printed score below what the rule gives is the evaluator's (a 警告), the totals hold
    expect(selfFindings(pkg).map(brief)).toEqual([
      '警告 FN23-PERF-SCORES 项目支出绩效自评表|成本指标/厉行节约，控制支出|得分',
    ]);
  });
});

describe('the checker on the generated sheets', () => {
  const { pkg } = generate(exampleRaw());

  it('finds nothing to report on the example', () => {
    expect(selfFindings(pkg)).toEqual([]);
  });

  it('reports an altered indicator score (rule and 总分)', () => {
    const altered = alter(pkg, TITLES.SE2, '产出指标/督查调研次数', '得分', '5.00');
    expect(selfFindings(altered).map(brief).sort()).toEqual([
      '警告 FN23-PERF-SCORES 项目支出绩效自评表|产出指标/督查调研次数|得分',
      '错误 FN23-PERF-TOTALS 项目支出绩效自评表|总分|得分',
    ]);
  });

  it('reports an altered 执行率 score and an altered 总分', () => {
    const execution = alter(pkg, TITLES.SE2, '年度资金总额', '得分', '9.00');
    expect(selfFindings(execution).map(brief).sort()).toEqual([
      '错误 FN23-PERF-EXECUTION 项目支出绩效自评表|年度资金总额|得分',
      '错误 FN23-PERF-TOTALS 项目支出绩效自评表|总分|得分',
    ]);
    const total = alter(pkg, TITLES.SE2, '总分', '分值', '90');
    expect(selfFindings(total).map(brief)).toEqual(['错误 FN23-PERF-TOTALS 项目支出绩效自评表|总分|分值']);
  });
});

describe('sheets of several projects, and none', () => {
  it('prints one sheet per project, its rows keyed by the project', () => {
    const src: FinalSource = exampleRaw();
    src.selfEvaluation!.projects!.push({
      project: 'HT2023002',
      funds: [{ source: '当年财政拨款', initialBudget: '0', fullYearBudget: '1511200', executed: '1511170' }],
      indicators: [
        { level1: '产出指标', level3: '社区戒毒人员管控率', target: '100%', actual: '100%', weight: 60 },
        { level1: '满意度指标', level3: '群众满意度', target: '≥95%', actual: '90%', weight: 30 },
      ],
    });
    const { pkg } = generate(src);
    const t = table(pkg, TITLES.SE2);
    const a = '政府招商督查会议专项经费/';
    const b = '禁毒人员工资、禁毒工作经费/';
    expect(byRow(t).get(`${a}总分`)).toEqual(
      new Map([
        ['分值', '100'],
        ['得分', '98.00'],
      ]),
    );
    expect(cell(t, `${b}表头`, '项目支出名称')).toBe('禁毒人员工资、禁毒工作经费');
    // 主管部门 and 实施单位 not given: the department and the project's unit
    expect(cell(t, `${b}表头`, '实施单位')).toBe('株洲市荷塘区人民政府办公室');
    expect(cell(t, `${b}上年结转`, '全年预算数')).toBe('0.00');
    expect(cell(t, `${b}年度资金总额`, '执行率')).toBe('100.00%');
    expect(cell(t, `${b}满意度指标/群众满意度`, '得分')).toBe('28.42');
    expect(byRow(t).get(`${b}总分`)).toEqual(
      new Map([
        ['分值', '100'],
        ['得分', '98.42'],
      ]),
    );
    expect(t.cells.every((c) => c.row.startsWith(a) || c.row.startsWith(b))).toBe(true);
  });

  it('a source without self-evaluation prints both tables empty, with their notes', () => {
    const src = exampleRaw();
    delete src.selfEvaluation;
    const { pkg } = generate(src);
    for (const title of [TITLES.SE1, TITLES.SE2]) {
      const t = table(pkg, title);
      expect(t.empty).toBe(true);
      expect(t.cells).toEqual([]);
      expect(t.note).toMatch(/绩效自评，故本表无数据/);
    }
  });
});

describe('the printed form', () => {
  const { pkg } = generate(exampleRaw());

  it('is a rectangle of rows whose merges stay inside and never overlap', () => {
    for (const title of [TITLES.SE1, TITLES.SE2]) {
      const t = table(pkg, title);
      expect(t.layout).toBe('form');
      for (const r of t.rows) expect(r.texts.length, title).toBe(t.columns.length);
      const taken = new Set<string>();
      for (const m of t.merges) {
        expect(m.bottom).toBeLessThan(t.rows.length);
        expect(m.right).toBeLessThan(t.columns.length);
        for (let r = m.top; r <= m.bottom; r++)
          for (let c = m.left; c <= m.right; c++) {
            expect(taken.has(`${r},${c}`), `${title} ${r},${c}`).toBe(false);
            taken.add(`${r},${c}`);
          }
      }
    }
  });

  it('renders to a workbook and a web page', async () => {
    const book = await renderXlsx(pkg);
    expect(book.length).toBeGreaterThan(1000);
    const html = renderHtml(pkg);
    expect(html).toContain('项目支出绩效自评表');
    expect(html).toContain('98.00');
  });
});
