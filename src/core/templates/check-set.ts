/**
 * Semantic checks of a template set beyond its schema: ids unique, column paths unique within a
 * table, fund and economic codes referenced by filters known to the catalogs, self-evaluation
 * forms that can be laid out and scored (and, when the caller names the scoring configurations
 * it has, one of those).
 */
import type { Catalogs } from '../catalogs/catalogs.ts';
import { bareLabel, sectionCellColumn } from './engine.ts';
import type { LineFilter, Measure, SelfEvaluationFormTemplate, TemplateSet } from './schema.ts';

export function checkTemplateSet(set: TemplateSet, catalogs: Catalogs, scoringIds?: readonly string[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const fundCodes = new Set(catalogs.funds.flatMap((f) => [f.code, f.parent ?? '']).filter(Boolean));
  const checkFunds = (codes: readonly string[] | undefined, where: string) => {
    for (const c of codes ?? []) if (!fundCodes.has(c)) problems.push(`${where}：未知的资金来源代码 ${c}`);
  };
  const checkFilter = (f: LineFilter | undefined, where: string) => {
    if (!f) return;
    checkFunds(f.fund, where);
    checkFunds(f.notFund, where);
  };
  const checkMeasure = (m: Measure, where: string): void => {
    if (m.from === 'lines') checkFilter(m.filter, where);
    else if (
      m.from === 'incomes' ||
      m.from === 'carryOut' ||
      m.from === 'balanceUse' ||
      m.from === 'balanceDistribution' ||
      m.from === 'budgets'
    ) {
      checkFunds(m.fund, where);
      checkFunds(m.notFund, where);
    } else if (m.from === 'sum') for (const x of m.of) checkMeasure(x, where);
  };
  const reference = set.tables.filter((t) => t.layout === 'reference' && !t.generate).length;
  if (!set.generate && reference === 0) {
    problems.push(`${set.id}：每张表都能生成，generate 应为 true（或省略）`);
  }
  for (const t of set.tables) {
    const where = `${set.id} / ${t.id} ${t.title}`;
    if (ids.has(t.id)) problems.push(`${where}：表 id 重复`);
    ids.add(t.id);
    checkFilter(t.filter, where);
    if (t.layout === 'grid') {
      const paths = new Set<string>();
      for (const c of t.columns) {
        const key = c.path.join('/');
        if (paths.has(key)) problems.push(`${where}：列“${key}”重复`);
        paths.add(key);
        if ('measure' in c) checkMeasure(c.measure, `${where} 列“${key}”`);
      }
    } else if (t.layout === 'side-by-side') {
      // cells are addressed by row key and column; sections that share a column key share the address space
      const addresses = new Set<string>();
      for (const s of t.sections) {
        const keys = new Set<string>();
        for (const fc of s.fundColumns ?? []) checkFunds(fc.fund, `${where} 列“${fc.header}”`);
        const columns = [s.valueHeader, ...(s.fundColumns ?? []).map((fc) => fc.header)].map((h) =>
          sectionCellColumn(s, h),
        );
        for (const r of [...s.rows, ...s.footer]) {
          const key = r.key ?? r.code ?? r.label;
          if (r.measure && keys.has(key))
            problems.push(`${where}：“${s.labelHeader}”栏中行键“${key}”重复，请为其设置 key`);
          else if (r.measure) {
            for (const c of columns) {
              if (addresses.has(`${key}\u0000${c}`)) problems.push(`${where}：行“${key}”列“${c}”的单元格重复`);
              addresses.add(`${key}\u0000${c}`);
            }
          }
          keys.add(key);
          if (r.measure) checkMeasure(r.measure, `${where} 行“${r.label}”`);
        }
      }
    } else if (t.layout === 'reference') {
      if (t.generate) {
        if (t.shape !== 'form') problems.push(`${where}：按自评表生成的表，shape 应为 form`);
        problems.push(...checkSelfEvaluation(t.generate, where, scoringIds));
        t.generate.funds.breakdown.forEach((g) => {
          for (const r of g.rows) checkMeasure(r.measure, `${where} “${g.heading}”行“${r.label}”`);
        });
      } else if (set.generate)
        problems.push(`${where}：只有结构定义的表（reference，无 generate）只能用于 generate: false 的模板集`);
    } else if (t.form === 'department-performance') {
      for (const c of t.budgetColumns) checkMeasure(c.measure, `${where} 列“${c.path.join('/')}”`);
    }
  }
  return problems;
}

/** A self-evaluation form: the columns the sheet and the checker need, a layout that fits. */
function checkSelfEvaluation(
  f: SelfEvaluationFormTemplate,
  where: string,
  scoringIds: readonly string[] | undefined,
): string[] {
  const problems: string[] = [];
  const cols = f.indicators.columns;
  if (new Set(cols).size !== cols.length) problems.push(`${where}：绩效指标栏目重复`);
  for (const c of ['一级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'] as const) {
    if (!cols.includes(c)) problems.push(`${where}：绩效指标缺少“${c}”栏`);
  }
  if (cols.indexOf('分值') > cols.indexOf('得分')) problems.push(`${where}：“分值”栏应在“得分”栏之前`);
  const width = Math.max(1 + cols.length, 8);
  for (const row of f.header) {
    if (row.length > Math.floor(width / 2)) problems.push(`${where}：表头一行最多 ${Math.floor(width / 2)} 组`);
  }
  if (f.funds.breakdown.length > Math.floor((width - 1) / 2))
    problems.push(`${where}：资金分类最多 ${Math.floor((width - 1) / 2)} 组并排`);
  if (f.sheet === 'department') {
    if (f.funds.sources.length > 0) problems.push(`${where}：部门整体自评表没有按资金来源分列的资金行`);
    for (const row of f.header)
      for (const h of row)
        if (h.field === 'project' || h.field === 'implementingUnit')
          problems.push(`${where}：部门整体自评表的表头不能列“${h.label}”（项目字段）`);
  }
  const sources = f.funds.sources.map((s) => s.source);
  if (new Set(sources).size !== sources.length) problems.push(`${where}：资金来源行重复`);
  const keys = f.funds.breakdown.flatMap((g) =>
    g.rows.map((r) => `${bareLabel(g.heading)}/${r.key ?? bareLabel(r.label)}`),
  );
  if (new Set(keys).size !== keys.length) problems.push(`${where}：资金分类的行重复`);
  if (scoringIds && !scoringIds.includes(f.scoring)) problems.push(`${where}：未知的评分规则“${f.scoring}”`);
  return problems;
}
