/**
 * The generator: source data × template set → disclosure package. Every amount cell is an exact
 * aggregation over the same budget lines, so the identities between tables hold by construction;
 * rounding happens once, when a cell's display text is made from its exact value.
 */
import { functionAncestry, nameOf } from '../catalogs/catalog.ts';
import type { Catalogs } from '../catalogs/catalogs.ts';
import { type Fen, formatAmount } from '../money/amount.ts';
import {
  type Cell,
  columnKey,
  type DisclosurePackage,
  type HeaderCell,
  type LeafColumn,
  type Merge,
  type PackageTable,
  type Provenance,
  type RowKind,
  type TableRow,
} from '../package/model.ts';
import type { BudgetLine, Indicator, SourceData } from '../source/model.ts';
import { buildHeader } from './header.ts';
import { MeasureContext, type RowScope } from './measures.ts';
import type {
  DepartmentPerformanceTemplate,
  GridColumn,
  GridTableTemplate,
  ProjectPerformanceTemplate,
  SideBySideTemplate,
  TableTemplate,
  TemplateSet,
} from './schema.ts';

export const GENERATOR = 'mingzhang 0.1.0';

export class NotGeneratableError extends Error {}

export interface GenerateOptions {
  /** refuse a set that has reference tables instead of leaving those tables out */
  readonly requireComplete?: boolean;
}

/**
 * Generates every table of the set that can be generated. Reference tables (structure only, e.g.
 * the 绩效自评表 of a 决算 set) are left out of the package; a set whose tables are all reference
 * tables cannot be generated at all.
 */
export function generatePackage(
  data: SourceData,
  catalogs: Catalogs,
  set: TemplateSet,
  options: GenerateOptions = {},
): DisclosurePackage {
  const reference = set.tables.filter((t) => t.layout === 'reference');
  if (reference.length === set.tables.length) {
    throw new NotGeneratableError(`报表模板集“${set.id}”仅用于解析和审核，不能用于生成`);
  }
  if (reference.length > 0 && (set.generate || options.requireComplete)) {
    throw new NotGeneratableError(
      `报表模板集“${set.id}”中的${reference.map((t) => `“${t.title}”`).join('、')}仅有结构定义，不能生成`,
    );
  }
  const ctx = new MeasureContext(data, catalogs);
  // A single-unit document is published by that unit (seed 000: 单位编码 004001); a department
  // with several units publishes the consolidated package under the department code.
  const publisher = data.units.length === 1 ? (data.units[0] as SourceData['units'][number]) : data.department;
  const g = new Generator(data, catalogs, set, ctx, { code: publisher.code, name: publisher.name });
  return {
    kind: set.kind,
    year: data.year,
    templateSet: set.id,
    title: set.title.replaceAll('{year}', String(data.year)),
    unit: { code: publisher.code, name: publisher.name },
    ...(data.region ? { region: data.region } : {}),
    amountUnit: set.amountUnit,
    places: set.places,
    tables: set.tables.flatMap((t, i) => (t.layout === 'reference' ? [] : [g.table(t, i + 1)])),
    origin: { kind: 'generated', generator: GENERATOR },
  };
}

interface RowSpec {
  readonly kind: RowKind;
  readonly key: string;
  readonly scope: RowScope;
  /** texts for the key fields */
  readonly fields: Readonly<Record<string, string>>;
}

class Generator {
  constructor(
    private readonly data: SourceData,
    private readonly catalogs: Catalogs,
    private readonly set: TemplateSet,
    private readonly ctx: MeasureContext,
    private readonly publisher: { code: string; name: string },
  ) {}

  table(t: TableTemplate, number: number): PackageTable {
    if (t.layout === 'grid') return this.grid(t, number);
    if (t.layout === 'side-by-side') return this.sideBySide(t, number);
    if (t.layout === 'reference') throw new NotGeneratableError(`表“${t.title}”仅有结构定义，不能生成`);
    if (t.form === 'project-performance') return this.projectPerformance(t, number);
    return this.departmentPerformance(t, number);
  }

  // --- shared helpers ---------------------------------------------------------------------

  private text(value: Fen, showZero = false): string {
    if (value === 0n && !showZero) return '';
    return formatAmount(value, this.set.amountUnit, { places: this.set.places });
  }

  private captions(t: TableTemplate): string[] {
    return (t.captions ?? this.set.captions)
      .map((c) =>
        c
          .replaceAll('{unitCode}', this.publisher.code)
          .replaceAll('{unitName}', this.publisher.name)
          .replaceAll('{amountUnit}', this.set.amountUnit)
          .replaceAll('{code}', t.code ?? '')
          .trim(),
      )
      .filter((c) => c !== '');
  }

  private note(t: TableTemplate, empty: boolean): string | undefined {
    const own = t.note === true ? this.set.defaultNote : typeof t.note === 'string' ? t.note : undefined;
    const parts = [own, empty ? t.emptyNote : undefined].filter((x): x is string => !!x);
    return parts.length > 0 ? parts.join('\n') : undefined;
  }

  private base(t: TableTemplate, number: number, empty = false) {
    const note = this.note(t, empty);
    return {
      number,
      id: t.id,
      title: t.title,
      printedTitle: t.printedTitle ?? t.title,
      captions: this.captions(t),
      ...(note ? { note } : {}),
    };
  }

  private funcName(code: string): string {
    // The document's own names win over the catalog's (lines carry the printed 项 names).
    const line = this.data.lines.find((l) => l.func === code);
    if (line) return line.funcName;
    const budget = this.data.budgetByFunc.find((b) => b.func === code);
    if (budget) return budget.funcName;
    return nameOf(this.catalogs.func, code, this.data.year) ?? code;
  }

  private econName(code: string): string {
    const line = this.data.lines.find((l) => l.econ === code);
    if (line) return line.econName;
    return nameOf(this.catalogs.deptEcon, code, this.data.year) ?? code;
  }

  private unitName(code: string): string {
    return this.data.units.find((u) => u.code === code)?.name ?? code;
  }

  // --- grid tables ------------------------------------------------------------------------

  private grid(t: GridTableTemplate, number: number): PackageTable {
    const columns: LeafColumn[] = t.columns.map((c) => leafOf(c));
    const header = withColumnNumbers(buildHeader(columns.map((c) => c.path)), columns, t.columnNumbers);
    const selected = this.ctx.select(t.filter, { units: null });
    const specs = this.rowSpecs(t, selected);
    // the consolidated row models take their rows from every kind of item: empty = nothing but a zero 合计
    const empty =
      t.rows.kind === 'func-summary' || t.rows.kind === 'total-only'
        ? specs.every((sp) => sp.kind === 'total') &&
          t.columns.every(
            (c) => !('measure' in c) || this.ctx.evaluate(c.measure, t.filter, { units: null }).value === 0n,
          )
        : selected.length === 0 && !this.hasNonLineData(t);
    const rows: TableRow[] = [];
    const cells: Cell[] = [];
    const printed = empty ? specs.filter((s) => s.kind === 'total') : specs;
    let firstAmount = true;
    for (const spec of printed) {
      const texts: string[] = [];
      const values: (Fen | null)[] = [];
      firstAmount = true;
      for (const col of t.columns) {
        if ('field' in col) {
          texts.push(spec.fields[col.field] ?? '');
          values.push(null);
          continue;
        }
        const ev = this.ctx.evaluate(col.measure, t.filter, spec.scope);
        const showZero = (empty && t.emptyTotalZero && firstAmount) || (t.showZero ?? false);
        firstAmount = false;
        const text = this.text(ev.value, showZero);
        texts.push(text);
        values.push(ev.value);
        cells.push({
          table: t.title,
          row: spec.key,
          column: columnKey(col.path),
          value: ev.value,
          text,
          provenance: ev.provenance,
        });
      }
      rows.push({ kind: spec.kind, key: spec.key, texts, values });
    }
    return {
      ...this.base(t, number, empty),
      layout: 'grid',
      columns,
      headerRows: header.rows,
      headerDepth: header.depth,
      rows,
      merges: [],
      cells,
      empty,
    };
  }

  /** Tables whose amounts do not come from lines (三公) are empty when those amounts are zero. */
  private hasNonLineData(t: GridTableTemplate): boolean {
    return t.columns.some((c) => {
      if (!('measure' in c) || c.measure.from === 'lines' || c.measure.from === 'none') return false;
      return this.ctx.evaluate(c.measure, t.filter, { units: null }).value !== 0n;
    });
  }

  private rowSpecs(t: GridTableTemplate, selected: readonly BudgetLine[]): RowSpec[] {
    const total: RowSpec = {
      kind: 'total',
      key: this.set.labels.total,
      scope: { units: null },
      fields: { name: this.set.labels.total, code: '', unitCode: '' },
    };
    const dept: RowSpec = {
      kind: 'department',
      key: this.data.department.code,
      scope: { units: null },
      fields: { code: this.data.department.code, unitCode: this.data.department.code, name: this.data.department.name },
    };
    const unitCodes = this.unitsWithData(t, selected);
    const unitRow = (code: string): RowSpec => ({
      kind: 'unit',
      key: code,
      scope: { units: new Set([code]) },
      fields: { code, unitCode: code, name: this.unitName(code) },
    });
    const model = t.rows;
    switch (model.kind) {
      case 'units':
        return [total, dept, ...unitCodes.map(unitRow)];
      case 'func-tree': {
        const out = [total, dept];
        for (const u of unitCodes) {
          out.push(unitRow(u));
          const codes = new Set<string>();
          for (const l of selected) if (l.unit === u) for (const c of functionAncestry(l.func)) codes.add(c);
          const levels = new Set(model.levels);
          for (const code of [...codes].sort()) {
            const level = code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
            if (!levels.has(level)) continue;
            out.push({
              kind: level === 1 ? 'class' : level === 2 ? 'kuan' : 'item',
              key: `${u}/${code}`,
              scope: { units: new Set([u]), funcPrefix: code },
              fields: { ...splitFunc(code), code, name: this.funcName(code), unitCode: u },
            });
          }
        }
        return out;
      }
      case 'func-by-unit': {
        const out = [total, dept, ...unitCodes.map(unitRow)];
        const len = model.level === 1 ? 3 : model.level === 2 ? 5 : 7;
        for (const u of unitCodes) {
          const codes = [...new Set(selected.filter((l) => l.unit === u).map((l) => l.func.slice(0, len)))].sort();
          for (const code of codes) {
            out.push({
              kind: 'line',
              key: `${u}/${code}`,
              scope: { units: new Set([u]), funcPrefix: code },
              fields: { ...splitFunc(code), code, unitCode: u, name: this.funcName(code) },
            });
          }
        }
        return out;
      }
      case 'econ-tree': {
        const out: RowSpec[] = [];
        const classes = [...new Set(selected.map((l) => l.econ.slice(0, 3)))].sort();
        for (const cls of classes) {
          out.push({
            kind: 'econ-class',
            key: cls,
            scope: { units: null, econPrefix: cls },
            fields: { code: cls, name: nameOf(this.catalogs.deptEcon, cls, this.data.year) ?? cls },
          });
          const kuans = [...new Set(selected.filter((l) => l.econ.startsWith(cls)).map((l) => l.econ))].sort();
          for (const k of kuans) {
            out.push({
              kind: 'econ-kuan',
              key: k,
              scope: { units: null, econPrefix: k },
              fields: { code: k, name: this.econName(k) },
            });
          }
        }
        return model.totalLast ? [...out, total] : [total, ...out];
      }
      case 'func-summary': {
        const codes = new Set<string>();
        const add = (func: string | null) => {
          if (func) for (const c of functionAncestry(func)) codes.add(c);
        };
        const admits = (x: { unit: string; fund: string; func: string | null }) => this.ctx.itemMatches(x, t.filter);
        for (const from of model.from) {
          if (from === 'lines') for (const l of selected) add(l.func);
          else if (from === 'incomes' || from === 'carryIn') {
            for (const i of this.data.incomes) if (i.carryover === (from === 'carryIn') && admits(i)) add(i.func);
          } else if (from === 'carryOut') {
            for (const c of this.data.yearEndCarryover) if (admits(c)) add(c.func);
          } else for (const b of this.data.budgetByFunc) if (admits(b)) add(b.func);
        }
        const levels = new Set(model.levels);
        const out = [total];
        for (const code of [...codes].sort()) {
          const level = code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
          if (!levels.has(level)) continue;
          out.push({
            kind: level === 1 ? 'class' : level === 2 ? 'kuan' : 'item',
            key: code,
            scope: { units: null, funcPrefix: code },
            fields: { ...splitFunc(code), code, name: this.funcName(code), unitCode: '' },
          });
        }
        return out;
      }
      case 'total-only':
        return [total];
      case 'projects': {
        const out = [total, dept];
        const projects = this.data.projects.filter(
          (p) => (!model.special || p.special) && selected.some((l) => l.project === p.code),
        );
        for (const p of projects) {
          out.push({
            kind: 'project',
            key: `${p.unit}/${p.name}`,
            scope: { units: new Set([p.unit]), project: p.code },
            fields: { code: p.unit, unitCode: p.unit, name: p.name, budgetMethod: p.budgetMethod ?? '' },
          });
        }
        return out;
      }
    }
  }

  private unitsWithData(t: GridTableTemplate, selected: readonly BudgetLine[]): string[] {
    return this.data.units
      .map((u) => u.code)
      .filter(
        (code) =>
          selected.some((l) => l.unit === code) ||
          t.columns.some(
            (c) =>
              'measure' in c &&
              c.measure.from !== 'lines' &&
              this.ctx.evaluate(c.measure, t.filter, { units: new Set([code]) }).value !== 0n,
          ),
      );
  }

  // --- side-by-side tables ----------------------------------------------------------------

  private sideBySide(t: SideBySideTemplate, number: number): PackageTable {
    const columns: LeafColumn[] = [];
    for (const s of t.sections) {
      if (s.codeHeader) columns.push({ path: [s.group, s.codeHeader], role: 'code', width: 8 });
      columns.push({ path: [s.group, s.labelHeader], role: 'label', width: s.labelWidth ?? 30 });
      if (s.lineHeader) columns.push({ path: [s.group, s.lineHeader], role: 'code', width: 5 });
      for (const v of valueColumnsOf(s)) columns.push({ path: [s.group, v.header], role: 'amount', width: 12 });
    }
    const header = withColumnNumbers(buildHeader(columns.map((c) => c.path)), columns, t.columnNumbers);
    const bodyLen = Math.max(...t.sections.map((s) => s.rows.length));
    const footLen = Math.max(...t.sections.map((s) => s.footer.length));
    const rows: TableRow[] = [];
    const cells: Cell[] = [];
    for (let r = 0; r < bodyLen + footLen; r++) {
      const texts: string[] = [];
      const values: (Fen | null)[] = [];
      for (const s of t.sections) {
        const fixed = r < bodyLen ? s.rows[r] : s.footer[r - bodyLen];
        const valueColumns = valueColumnsOf(s);
        const width = (s.codeHeader ? 1 : 0) + 1 + (s.lineHeader ? 1 : 0) + valueColumns.length;
        if (!fixed) {
          for (let i = 0; i < width; i++) {
            texts.push('');
            values.push(null);
          }
          continue;
        }
        if (s.codeHeader) {
          texts.push(fixed.code ?? '');
          values.push(null);
        }
        texts.push(fixed.label);
        values.push(null);
        if (s.lineHeader) {
          texts.push(fixed.line === undefined ? '' : String(fixed.line));
          values.push(null);
        }
        for (const v of valueColumns) {
          if (!fixed.measure) {
            texts.push('');
            values.push(null);
            continue;
          }
          const scope: RowScope = v.fund ? { units: null, funds: v.fund } : { units: null };
          const ev = this.ctx.evaluate(fixed.measure, t.filter, scope);
          const text = this.text(ev.value, fixed.showZero || t.showZero);
          texts.push(text);
          values.push(ev.value);
          cells.push({
            table: t.title,
            row: fixed.key ?? fixed.code ?? fixed.label,
            column: sectionCellColumn(s, v.header),
            value: ev.value,
            text,
            provenance: ev.provenance,
          });
        }
      }
      rows.push({ kind: r < bodyLen ? 'line' : 'footer', texts, values });
    }
    const empty = cells.length > 0 && cells.every((c) => c.value === 0n);
    return {
      ...this.base(t, number, empty),
      layout: 'side-by-side',
      columns,
      headerRows: header.rows,
      headerDepth: header.depth,
      rows,
      merges: [],
      cells,
      empty,
    };
  }

  // --- performance forms ------------------------------------------------------------------

  private projectPerformance(t: ProjectPerformanceTemplate, number: number): PackageTable {
    const width = 1 + t.indicatorColumns.length;
    const form = new FormBuilder(width, t.title);
    const projects = this.data.projects.filter((p) => t.projects === 'all' || p.special);
    for (const p of projects) {
      const name = p.performanceName;
      const amount = this.ctx.evaluate(t.amount, t.filter, { units: new Set([p.unit]), project: p.code });
      if (t.fields.unit && this.data.units.length > 1) {
        form.fieldRow(t.fields.unit, this.unitName(p.unit), `${name}/表头`, t.fields.unit);
      }
      form.fieldRow(t.fields.name, name, `${name}/表头`, '项目名称');
      const half = Math.max(2, Math.floor((width - 1) / 2));
      form.row([
        { text: t.fields.category, span: 1 },
        { text: p.category, span: half - 1, cell: { row: `${name}/表头`, column: '项目类别' } },
        { text: t.fields.amount, span: 1 },
        {
          text: this.text(amount.value, true),
          span: width - half - 1,
          amount: { row: `${name}/表头`, column: t.fields.amount, value: amount.value, provenance: amount.provenance },
        },
      ]);
      form.fieldRow(t.fields.period, p.period ?? '', `${name}/表头`, '项目支出实施期');
      form.fieldRow(t.fields.goal, p.goal ?? '', `${name}/表头`, '本年度绩效目标');
      form.indicatorBlock(t.fields.indicators, t.indicatorColumns, p.indicators, `${name}/`);
    }
    return form.table(this.base(t, number), projects.length === 0);
  }

  private departmentPerformance(t: DepartmentPerformanceTemplate, number: number): PackageTable {
    const width = Math.max(1 + t.budgetColumns.length, t.indicatorColumns.length, 3);
    const form = new FormBuilder(width, t.title);
    const perf = this.data.departmentPerformance;
    form.fieldRow('部门名称', this.data.department.name, '部门/表头', '部门名称');
    const goals = (perf?.goals ?? []).map((g, i) => numbered(g, i, t.goalNumbering));
    form.fieldRow('年履职目标', goals.join('\n'), '部门/表头', '年履职目标');
    const tasks = (perf?.tasks ?? []).map((task, i) => ({ ...task, name: numbered(task.name, i, t.taskNumbering) }));
    form.row([
      { text: '年度主要任务', span: 1, rowSpan: tasks.length + 1 },
      { text: '任务名称', span: 1 },
      { text: '主要内容', span: width - 2 },
    ]);
    for (const task of tasks) {
      form.row([
        { text: '', span: 1, covered: true },
        { text: task.name, span: 1 },
        { text: task.content, span: width - 2, cell: { row: `任务/${task.name}`, column: '主要内容' } },
      ]);
    }
    // 预算情况: a two-level header inside the form, then one row of amounts.
    const budgetPaths = t.budgetColumns.map((c) => c.path);
    const header = buildHeader(budgetPaths);
    const top = form.rowCount;
    for (let level = 0; level < header.depth; level++) {
      const texts: string[] = new Array(width).fill('');
      if (level === 0) texts[0] = t.budgetLabel;
      for (const h of header.rows[level] ?? []) {
        texts[1 + h.col] = h.text;
        if (h.colSpan > 1 || h.rowSpan > 1) {
          form.merge(top + level, 1 + h.col, top + level + h.rowSpan - 1, h.col + h.colSpan);
        }
      }
      form.rawRow(texts);
    }
    const texts: string[] = new Array(width).fill('');
    const values: (Fen | null)[] = new Array(width).fill(null);
    t.budgetColumns.forEach((c, i) => {
      const ev = this.ctx.evaluate(c.measure, t.filter, { units: null });
      texts[1 + i] = this.text(ev.value, i === 0);
      values[1 + i] = ev.value;
      form.amountCell('预算情况', columnKey(c.path), ev.value, texts[1 + i] as string, ev.provenance);
    });
    form.rawRow(texts, values);
    form.merge(top, 0, top + header.depth, 0);
    form.indicatorBlock(null, t.indicatorColumns, perf?.indicators ?? [], '');
    return form.table(this.base(t, number), false);
  }
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 25 → 二十五 (enough for list numbering). */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

function numbered(text: string, index: number, style: string): string {
  if (style === 'none') return text;
  if (style === '1、') return `${index + 1}、${text}`;
  const n = chineseNumeral(index + 1);
  return style === '（一）' ? `（${n}）${text}` : `(${n}) ${text}`;
}

/** The value columns of a side-by-side section: the row's measure, then its fund splits. */
function valueColumnsOf(s: SideBySideTemplate['sections'][number]): Array<{ header: string; fund?: string[] }> {
  return [{ header: s.valueHeader }, ...(s.fundColumns ?? [])];
}

/** A side-by-side cell's column key, as the section declares (收入/项目/预算数, 收入/金额 or 决算数). */
export function sectionCellColumn(s: SideBySideTemplate['sections'][number], valueHeader: string): string {
  switch (s.cellKey ?? 'group-label-value') {
    case 'group-value':
      return [s.group, valueHeader].join('/');
    case 'value':
      return valueHeader;
    default:
      return [s.group, s.labelHeader, valueHeader].join('/');
  }
}

/**
 * The 栏次 row under a header block: "栏次" over each run of code/label columns, and the amount
 * columns numbered 1, 2, … from left to right.
 */
function withColumnNumbers(
  header: { rows: HeaderCell[][]; depth: number },
  columns: readonly LeafColumn[],
  on: boolean | undefined,
): { rows: HeaderCell[][]; depth: number } {
  if (!on) return header;
  const row: HeaderCell[] = [];
  const level = header.depth;
  let n = 0;
  for (let col = 0; col < columns.length; ) {
    if (columns[col]?.role === 'amount') {
      row.push({ text: String(++n), row: level, col, rowSpan: 1, colSpan: 1 });
      col++;
      continue;
    }
    let span = 1;
    while (col + span < columns.length && columns[col + span]?.role !== 'amount') span++;
    row.push({ text: '栏次', row: level, col, rowSpan: 1, colSpan: span });
    col += span;
  }
  return { rows: [...header.rows, row], depth: header.depth + 1 };
}

function leafOf(c: GridColumn): LeafColumn {
  if ('field' in c) {
    const role = c.role ?? 'code';
    return { path: c.path, role, width: c.width ?? (role === 'label' ? 30 : c.field.startsWith('func.') ? 5 : 10) };
  }
  return { path: c.path, role: 'amount', width: c.width ?? 12 };
}

function splitFunc(code: string): Record<string, string> {
  return { 'func.class': code.slice(0, 3), 'func.kuan': code.slice(3, 5), 'func.item': code.slice(5, 7) };
}

interface FormPart {
  text: string;
  span: number;
  rowSpan?: number;
  covered?: boolean;
  cell?: { row: string; column: string };
  amount?: { row: string; column: string; value: Fen; provenance: Provenance };
}

/** Builds a form-layout table (performance sheets): free rows of merged cells. */
class FormBuilder {
  private readonly rows: TableRow[] = [];
  private readonly merges: Merge[] = [];
  private readonly cells: Cell[] = [];

  constructor(
    private readonly width: number,
    private readonly title: string,
  ) {}

  get rowCount(): number {
    return this.rows.length;
  }

  merge(top: number, left: number, bottom: number, right: number): void {
    if (bottom > top || right > left) this.merges.push({ top, left, bottom, right });
  }

  rawRow(texts: string[], values?: (Fen | null)[]): void {
    this.rows.push({ kind: 'form', texts, values: values ?? new Array(this.width).fill(null) });
  }

  textCell(row: string, column: string, text: string): void {
    if (text)
      this.cells.push({
        table: this.title,
        row,
        column,
        value: null,
        text,
        provenance: { kind: 'field', field: column },
      });
  }

  amountCell(row: string, column: string, value: Fen, text: string, provenance: Provenance): void {
    this.cells.push({ table: this.title, row, column, value, text, provenance });
  }

  row(parts: FormPart[]): void {
    const r = this.rows.length;
    const texts: string[] = [];
    const values: (Fen | null)[] = [];
    let col = 0;
    for (const p of parts) {
      texts.push(p.covered ? '' : p.text);
      values.push(p.amount ? p.amount.value : null);
      for (let i = 1; i < p.span; i++) {
        texts.push('');
        values.push(null);
      }
      if (!p.covered) this.merge(r, col, r + (p.rowSpan ?? 1) - 1, col + p.span - 1);
      if (p.cell) this.textCell(p.cell.row, p.cell.column, p.text);
      if (p.amount) this.amountCell(p.amount.row, p.amount.column, p.amount.value, p.text, p.amount.provenance);
      col += p.span;
    }
    while (texts.length < this.width) {
      texts.push('');
      values.push(null);
    }
    this.rows.push({ kind: 'form', texts, values });
  }

  fieldRow(label: string, value: string, rowKey: string, column: string): void {
    this.row([
      { text: label, span: 1 },
      { text: value, span: this.width - 1, cell: { row: rowKey, column } },
    ]);
  }

  /** Indicator grid with fill-down merges of repeated 一级/二级 labels. */
  indicatorBlock(
    label: string | null,
    columns: readonly string[],
    indicators: readonly Indicator[],
    keyPrefix: string,
  ): void {
    const offset = label === null ? 0 : 1;
    const top = this.rows.length;
    const head = new Array(this.width).fill('');
    if (label !== null) head[0] = label;
    columns.forEach((c, i) => {
      head[offset + i] = c;
    });
    this.rawRow(head);
    const field = (ind: Indicator, c: string): string => {
      switch (c) {
        case '一级指标':
          return ind.level1;
        case '二级指标':
          return ind.level2;
        case '三级指标':
          return ind.level3;
        case '指标值':
          return ind.value;
        case '指标值内容':
          return ind.content ?? '';
        case '度量单位':
          return ind.measureUnit ?? '';
        case '指标值类型':
          return ind.op;
        default:
          return ind.note ?? '';
      }
    };
    indicators.forEach((ind, idx) => {
      const texts = new Array(this.width).fill('');
      const prev = indicators[idx - 1];
      columns.forEach((c, i) => {
        // Repeated 一级/二级 labels print once, merged down (as the published sheets do).
        const repeat =
          prev !== undefined &&
          ((c === '一级指标' && prev.level1 === ind.level1) ||
            (c === '二级指标' && prev.level1 === ind.level1 && prev.level2 === ind.level2));
        texts[offset + i] = repeat ? '' : field(ind, c);
        const key = `${keyPrefix}${ind.level1}/${ind.level2}/${ind.level3}`;
        if (!['一级指标', '二级指标', '三级指标'].includes(c)) this.textCell(key, c, field(ind, c));
      });
      this.rawRow(texts);
    });
    // vertical merges for runs of equal 一级 / 二级 labels
    for (const [ci, same] of [
      [columns.indexOf('一级指标'), (a: Indicator, b: Indicator) => a.level1 === b.level1],
      [columns.indexOf('二级指标'), (a: Indicator, b: Indicator) => a.level1 === b.level1 && a.level2 === b.level2],
    ] as const) {
      if (ci < 0) continue;
      let start = 0;
      for (let i = 1; i <= indicators.length; i++) {
        if (i === indicators.length || !same(indicators[start] as Indicator, indicators[i] as Indicator)) {
          this.merge(top + 1 + start, offset + ci, top + i, offset + ci);
          start = i;
        }
      }
    }
    if (label !== null && indicators.length > 0) this.merge(top, 0, top + indicators.length, 0);
  }

  table(
    base: Omit<
      PackageTable,
      'layout' | 'columns' | 'headerRows' | 'headerDepth' | 'rows' | 'merges' | 'cells' | 'empty'
    >,
    empty: boolean,
  ): PackageTable {
    const columns: LeafColumn[] = Array.from({ length: this.width }, (_, i) => ({
      path: [String.fromCharCode(65 + i)],
      role: 'text' as const,
      width: i === 0 ? 14 : 16,
    }));
    return {
      ...base,
      layout: 'form',
      columns,
      headerRows: [],
      headerDepth: 0,
      rows: this.rows,
      merges: this.merges,
      cells: this.cells,
      empty,
    };
  }
}
