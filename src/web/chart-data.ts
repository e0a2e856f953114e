/**
 * Chart data read from a disclosure package's tables, whatever its template set: the spending
 * table by 功能分类 (rows keyed by 类/款/项 codes), its 基本/项目 split, the economic-class table,
 * the 三公 table, and year-on-year change against the same department's earlier packages.
 * Every figure is exact fen; the charts only draw them, the tables print the exact 万元 text.
 */
import { Decimal } from 'decimal.js';
import { type Fen, formatWan } from '../core/money/amount.ts';
import type { DisclosurePackage, PackageTable } from '../core/package/model.ts';

export interface ChartRow {
  readonly label: string;
  readonly code?: string;
  /** one value per series (fen); null = not published */
  readonly values: readonly (Fen | null)[];
  readonly children?: readonly ChartRow[];
}

export interface ChartData {
  readonly id: string;
  readonly title: string;
  readonly type: 'treemap' | 'pie' | 'bar' | 'change';
  /** series names (columns of the data table) */
  readonly series: readonly string[];
  readonly rows: readonly ChartRow[];
  /** where the numbers come from, printed under the chart */
  readonly source: string;
}

const TOTAL_COLUMNS = ['合计', '本年支出合计', '总计', '支出合计'];

function codeOf(key: string | undefined): string | undefined {
  const m = key?.match(/(?:^|\/)(\d{3}(?:\d{2}){0,2})$/);
  return m?.[1];
}

function amountCol(table: PackageTable, match: (path: readonly string[]) => boolean): number {
  return table.columns.findIndex((c) => c.role === 'amount' && match(c.path));
}

function labelCol(table: PackageTable): number {
  const named = table.columns.findIndex((c) => c.role !== 'amount' && c.path.some((p) => /名称/.test(p)));
  if (named >= 0) return named;
  return table.columns.findIndex((c) => c.role === 'label');
}

/** The table of spending by 功能分类 with a total column: 支出总表 / 支出决算表 first. */
export function functionalTable(pkg: DisclosurePackage): PackageTable | undefined {
  const candidates = pkg.tables.filter(
    (t) =>
      t.layout === 'grid' &&
      !t.empty &&
      t.rows.some((r) => r.kind === 'item' && codeOf(r.key)?.length === 7) &&
      amountCol(t, (p) => TOTAL_COLUMNS.includes(p[0] ?? '')) >= 0,
  );
  return candidates.find((t) => /支出(总表|决算表)/.test(t.title)) ?? candidates[0];
}

function sumBy(rows: Iterable<[string, Fen]>): Map<string, Fen> {
  const out = new Map<string, Fen>();
  for (const [k, v] of rows) out.set(k, (out.get(k) ?? 0n) + v);
  return out;
}

/** Spending by 功能分类: 类 → 款 → 项, summed over units from the 项 rows. */
export function functionalTree(pkg: DisclosurePackage): ChartRow[] | undefined {
  const t = functionalTable(pkg);
  if (!t) return undefined;
  const total = amountCol(t, (p) => TOTAL_COLUMNS.includes(p[0] ?? ''));
  const label = labelCol(t);
  const names = new Map<string, string>();
  const items: [string, Fen][] = [];
  for (const r of t.rows) {
    const code = codeOf(r.key);
    if (!code) continue;
    if (!names.has(code)) names.set(code, (r.texts[label] ?? code).trim());
    const v = r.values[total];
    if (code.length === 7 && v !== null && v !== undefined) items.push([code, v]);
  }
  const byItem = sumBy(items);
  const byKuan = sumBy([...byItem].map(([c, v]) => [c.slice(0, 5), v]));
  const byClass = sumBy([...byItem].map(([c, v]) => [c.slice(0, 3), v]));
  const row = (code: string, v: Fen, children?: ChartRow[]): ChartRow => ({
    label: names.get(code) ?? code,
    code,
    values: [v],
    ...(children ? { children } : {}),
  });
  return [...byClass]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cls, v]) =>
      row(
        cls,
        v,
        [...byKuan]
          .filter(([k]) => k.startsWith(cls))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kuan, kv]) =>
            row(
              kuan,
              kv,
              [...byItem]
                .filter(([i]) => i.startsWith(kuan))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([item, iv]) => row(item, iv)),
            ),
          ),
      ),
    );
}

function totalRow(t: PackageTable) {
  return t.rows.find((r) => r.kind === 'total') ?? t.rows[0];
}

function valueAt(t: PackageTable, match: (path: readonly string[]) => boolean): Fen | null {
  const c = amountCol(t, match);
  if (c < 0) return null;
  return totalRow(t)?.values[c] ?? null;
}

/** 基本支出 / 项目支出 from the functional table's total row. */
export function basicProject(pkg: DisclosurePackage): ChartRow[] | undefined {
  const t = functionalTable(pkg);
  if (!t) return undefined;
  const head = (name: string) => (p: readonly string[]) =>
    p[0] === name && (p.length === 1 || ['小计', '合计'].includes(p[1] ?? ''));
  const basic = valueAt(t, head('基本支出'));
  const project = valueAt(t, head('项目支出'));
  if (basic === null && project === null) return undefined;
  return [
    { label: '基本支出', values: [basic] },
    { label: '项目支出', values: [project] },
  ];
}

/** 基本支出 by 部门预算经济分类 类 (the economic-class table). */
export function economicClasses(pkg: DisclosurePackage): { table: PackageTable; rows: ChartRow[] } | undefined {
  const t = pkg.tables.find((x) => !x.empty && x.rows.some((r) => r.kind === 'econ-class'));
  if (!t) return undefined;
  const amount = t.columns.findIndex((c) => c.role === 'amount');
  const label = labelCol(t);
  const rows = t.rows
    .filter((r) => r.kind === 'econ-class')
    .map((r) => ({ label: (r.texts[label] ?? '').trim(), code: r.key ?? '', values: [r.values[amount] ?? null] }));
  return { table: t, rows };
}

const SANGONG: readonly [string, RegExp][] = [
  ['因公出国（境）费', /出国/],
  ['公务用车购置及运行费', /公务用车购置及运行/],
  ['公务接待费', /接待/],
];

/** The 三公 figures of one package: the first amount column of each kind, total row. */
export function sangong(pkg: DisclosurePackage): (Fen | null)[] | undefined {
  const t = pkg.tables.find((x) => /三公/.test(x.title) && x.layout === 'grid');
  if (!t) return undefined;
  // a 决算 table prints 预算数 and 决算数 side by side: the outturn is the figure
  const outturn = pkg.kind === '决算' && t.columns.some((c) => c.path.includes('决算数'));
  return SANGONG.map(([, re]) =>
    valueAt(t, (p) => {
      if (outturn && !p.includes('决算数')) return false;
      const i = p.findIndex((x) => re.test(x));
      return i >= 0 && (i === p.length - 1 || /小计|合计/.test(p[i + 1] ?? ''));
    }),
  );
}

export interface YearPackage {
  readonly year: number;
  readonly pkg: DisclosurePackage;
}

/** Every chart of one disclosure, given the same department's packages of other years (same kind). */
export function chartsFor(pkg: DisclosurePackage, history: readonly YearPackage[] = []): ChartData[] {
  const charts: ChartData[] = [];
  const ft = functionalTable(pkg);
  const tree = functionalTree(pkg);
  if (ft && tree?.length) {
    charts.push({
      id: 'functional',
      title: `${pkg.year}年支出按功能分类`,
      type: 'treemap',
      series: ['金额（万元）'],
      rows: tree,
      source: `来源：${ft.title}（各“项”之和）`,
    });
  }
  const bp = basicProject(pkg);
  if (ft && bp) {
    charts.push({
      id: 'basic-project',
      title: `${pkg.year}年基本支出与项目支出`,
      type: 'pie',
      series: ['金额（万元）'],
      rows: bp,
      source: `来源：${ft.title}（合计行）`,
    });
  }
  const econ = economicClasses(pkg);
  if (econ?.rows.length) {
    charts.push({
      id: 'economic',
      title: `${pkg.year}年基本支出按经济分类`,
      type: 'bar',
      series: ['金额（万元）'],
      rows: econ.rows,
      source: `来源：${econ.table.title}`,
    });
  }
  const years = [...history.filter((h) => h.year !== pkg.year), { year: pkg.year, pkg }].sort(
    (a, b) => a.year - b.year,
  );
  const sg = years.map((y) => ({ year: y.year, v: sangong(y.pkg) })).filter((y) => y.v);
  if (sg.length) {
    charts.push({
      id: 'sangong',
      title: `“三公”经费（${sg.map((y) => y.year).join('、')}年）`,
      type: 'bar',
      series: sg.map((y) => `${y.year}年`),
      rows: SANGONG.map(([label], i) => ({ label, values: sg.map((y) => y.v?.[i] ?? null) })),
      source: '来源：各年“三公”经费支出表（合计行）',
    });
  }
  const prior = [...history].filter((h) => h.year < pkg.year).sort((a, b) => b.year - a.year)[0];
  const priorTree = prior ? functionalTree(prior.pkg) : undefined;
  if (prior && tree && priorTree) {
    const before = new Map(priorTree.map((r) => [r.code, r]));
    const codes = [...new Set([...priorTree, ...tree].map((r) => r.code ?? ''))].sort();
    const now = new Map(tree.map((r) => [r.code, r]));
    charts.push({
      id: 'change',
      title: `支出按功能分类：${pkg.year}年与${prior.year}年相比`,
      type: 'change',
      series: [`${prior.year}年`, `${pkg.year}年`, '增减'],
      rows: codes.map((code) => {
        const a = before.get(code)?.values[0] ?? null;
        const b = now.get(code)?.values[0] ?? null;
        return {
          label: now.get(code)?.label ?? before.get(code)?.label ?? code,
          code,
          values: [a, b, a === null || b === null ? null : b - a],
        };
      }),
      source: `来源：两年的${ft?.title ?? '支出表'}`,
    });
  }
  return charts;
}

/** 万元 text of an exact amount ('' when not published). */
export function wan(v: Fen | null | undefined): string {
  return v === null || v === undefined ? '' : formatWan(v);
}

/** Percentage change b/a − 1 to one decimal (decimal.js), or '' when a is 0 or missing. */
export function changePercent(a: Fen | null, b: Fen | null): string {
  if (a === null || b === null || a === 0n) return '';
  const p = new Decimal((b - a).toString()).div(a.toString()).mul(100);
  return `${p.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
}

/** Rows flattened for the data table and CSV: depth-first with the level. */
export function flatRows(rows: readonly ChartRow[], depth = 0): { row: ChartRow; depth: number }[] {
  return rows.flatMap((r) => [{ row: r, depth }, ...flatRows(r.children ?? [], depth + 1)]);
}
