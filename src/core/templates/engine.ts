/**
 * The generator: source data × template set → disclosure package. Every amount cell is an exact
 * aggregation over the same budget lines, so the identities between tables hold by construction;
 * rounding happens once, when a cell's display text is made from its exact value.
 */
import { Decimal } from 'decimal.js';
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
import type { ScoringConfig } from '../scoring/config.ts';
import { gradeOf, scoreExecution, scoreIndicator } from '../scoring/score.ts';
import type {
  BudgetLine,
  Indicator,
  SelfEvaluationFunds,
  SelfEvaluationIndicator,
  SourceData,
} from '../source/model.ts';
import { buildHeader } from './header.ts';
import { MeasureContext, type RowScope } from './measures.ts';
import type {
  DepartmentPerformanceTemplate,
  GridColumn,
  GridTableTemplate,
  ProjectPerformanceTemplate,
  ReferenceTableTemplate,
  SelfEvaluationFormTemplate,
  SelfEvaluationIndicatorColumn,
  SideBySideTemplate,
  TableTemplate,
  TemplateSet,
} from './schema.ts';

export const GENERATOR = 'mingzhang 0.1.0';

export class NotGeneratableError extends Error {}

export interface GenerateOptions {
  /** refuse a set that has tables it cannot generate instead of leaving those tables out */
  readonly requireComplete?: boolean;
  /**
   * scoring configurations by id (data/scoring): a self-evaluation sheet is scored with the one
   * its form names. Without it the sheet cannot be scored, and is left out (or refused with
   * `requireComplete`). Core does no I/O: the shell passes loadAllScoringConfigs().
   */
  readonly scoring?: Readonly<Record<string, ScoringConfig>>;
}

/**
 * Generates every table of the set that can be generated. Reference tables without a generating
 * form (structure only) are left out of the package, and so are self-evaluation sheets whose
 * scoring configuration the caller did not pass; a set whose tables are all structure-only
 * cannot be generated at all.
 */
export function generatePackage(
  data: SourceData,
  catalogs: Catalogs,
  set: TemplateSet,
  options: GenerateOptions = {},
): DisclosurePackage {
  const structureOnly = set.tables.filter((t) => t.layout === 'reference' && !t.generate);
  if (structureOnly.length === set.tables.length) {
    throw new NotGeneratableError(`报表模板集“${set.id}”仅用于解析和审核，不能用于生成`);
  }
  if (structureOnly.length > 0 && (set.generate || options.requireComplete)) {
    throw new NotGeneratableError(
      `报表模板集“${set.id}”中的${structureOnly.map((t) => `“${t.title}”`).join('、')}仅有结构定义，不能生成`,
    );
  }
  const scoring = options.scoring ?? {};
  const unscored = set.tables.filter(
    (t) => t.layout === 'reference' && t.generate && scoring[t.generate.scoring] === undefined,
  );
  if (unscored.length > 0 && options.requireComplete) {
    throw new NotGeneratableError(
      unscored
        .map(
          (t) => `“${t.title}”须按评分规则“${(t as ReferenceTableTemplate).generate?.scoring}”评分，未提供该评分规则`,
        )
        .join('；'),
    );
  }
  const skipped = new Set<TableTemplate>([...structureOnly, ...unscored]);
  const ctx = new MeasureContext(data, catalogs);
  // A single-unit document is published by that unit (seed 000: 单位编码 004001); a department
  // with several units publishes the consolidated package under the department code.
  const publisher = data.units.length === 1 ? (data.units[0] as SourceData['units'][number]) : data.department;
  const g = new Generator(data, catalogs, set, ctx, { code: publisher.code, name: publisher.name }, scoring);
  return {
    kind: set.kind,
    year: data.year,
    templateSet: set.id,
    title: set.title.replaceAll('{year}', String(data.year)),
    unit: { code: publisher.code, name: publisher.name },
    ...(data.region ? { region: data.region } : {}),
    amountUnit: set.amountUnit,
    places: set.places,
    tables: set.tables.flatMap((t, i) => (skipped.has(t) ? [] : [g.table(t, i + 1)])),
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
    private readonly scoring: Readonly<Record<string, ScoringConfig>> = {},
  ) {}

  table(t: TableTemplate, number: number): PackageTable {
    if (t.layout === 'grid') return this.grid(t, number);
    if (t.layout === 'side-by-side') return this.sideBySide(t, number);
    if (t.layout === 'reference') {
      if (t.generate) return this.selfEvaluation(t, t.generate, number);
      throw new NotGeneratableError(`表“${t.title}”仅有结构定义，不能生成`);
    }
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

  // Names by code, first occurrence in source order (looked up once per row, so not by a scan).
  private names?: {
    lineFunc: Map<string, string>;
    budgetFunc: Map<string, string>;
    lineEcon: Map<string, string>;
    unit: Map<string, string>;
  };

  private nameMaps(): NonNullable<Generator['names']> {
    if (!this.names) {
      const first = <T>(items: readonly T[], key: (x: T) => string, name: (x: T) => string) => {
        const m = new Map<string, string>();
        for (const x of items) if (!m.has(key(x))) m.set(key(x), name(x));
        return m;
      };
      this.names = {
        lineFunc: first(
          this.data.lines,
          (l) => l.func,
          (l) => l.funcName,
        ),
        budgetFunc: first(
          this.data.budgetByFunc,
          (b) => b.func,
          (b) => b.funcName,
        ),
        lineEcon: first(
          this.data.lines,
          (l) => l.econ,
          (l) => l.econName,
        ),
        unit: first(
          this.data.units,
          (u) => u.code,
          (u) => u.name,
        ),
      };
    }
    return this.names;
  }

  private funcName(code: string): string {
    // The document's own names win over the catalog's (lines carry the printed 项 names).
    const n = this.nameMaps();
    return n.lineFunc.get(code) ?? n.budgetFunc.get(code) ?? nameOf(this.catalogs.func, code, this.data.year) ?? code;
  }

  private econName(code: string): string {
    return this.nameMaps().lineEcon.get(code) ?? nameOf(this.catalogs.deptEcon, code, this.data.year) ?? code;
  }

  private unitName(code: string): string {
    return this.nameMaps().unit.get(code) ?? code;
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
    const byUnit = groupByUnit(selected);
    const unitCodes = this.unitsWithData(t, byUnit);
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
          for (const l of byUnit.get(u) ?? []) for (const c of functionAncestry(l.func)) codes.add(c);
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
          const codes = [...new Set((byUnit.get(u) ?? []).map((l) => l.func.slice(0, len)))].sort();
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
        const withLines = new Set(selected.map((l) => l.project));
        const projects = this.data.projects.filter((p) => (!model.special || p.special) && withLines.has(p.code));
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

  private unitsWithData(t: GridTableTemplate, byUnit: ReadonlyMap<string, readonly BudgetLine[]>): string[] {
    return this.data.units
      .map((u) => u.code)
      .filter(
        (code) =>
          byUnit.has(code) ||
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

  // --- self-evaluation sheets ---------------------------------------------------------------

  /** 绩效自评表: the department's sheet, or one sheet per project one below the other. */
  private selfEvaluation(t: ReferenceTableTemplate, f: SelfEvaluationFormTemplate, number: number): PackageTable {
    const config = this.scoring[f.scoring];
    if (!config) throw new NotGeneratableError(`表“${t.title}”须按评分规则“${f.scoring}”评分，未提供该评分规则`);
    const sheets = this.selfEvaluationSheets(f);
    const form = new FormBuilder(Math.max(1 + f.indicators.columns.length, MIN_SELF_WIDTH), t.title);
    for (const sheet of sheets) this.selfEvaluationSheet(form, f, config, sheet);
    return form.table(this.base(t, number, sheets.length === 0), sheets.length === 0);
  }

  private selfEvaluationSheets(f: SelfEvaluationFormTemplate): SelfSheet[] {
    const se = this.data.selfEvaluation;
    const dept = this.data.department.name;
    if (f.sheet === 'department') {
      const d = se?.department;
      if (!d) return [];
      return [
        {
          prefix: '',
          path: 'selfEvaluation.department',
          facts: { department: dept, project: '', competentDepartment: dept, implementingUnit: '' },
          factPaths: {
            department: 'department.name',
            project: '',
            competentDepartment: 'department.name',
            implementingUnit: '',
          },
          sources: new Map(),
          total: d,
          scope: { units: null },
          ...(d.goal ? { goal: d.goal } : {}),
          ...(d.executionWeight !== undefined ? { executionWeight: d.executionWeight } : {}),
          indicators: d.indicators,
        },
      ];
    }
    const projects = se?.projects ?? [];
    const names = projects.map((p) => this.data.projects.find((x) => x.code === p.project)?.name ?? p.project);
    return projects.map((p, i) => {
      const path = `selfEvaluation.projects[${i}]`;
      const project = this.data.projects.find((x) => x.code === p.project);
      const name = names[i] as string;
      // several sheets in one table: row keys carry the project (its code too when names repeat)
      const label = names.filter((n) => n === name).length > 1 ? `${name}（${p.project}）` : name;
      const sources = new Map<string, { funds: SelfEvaluationFunds; path: string }>();
      p.funds.forEach((x, k) => {
        const had = sources.get(x.source);
        sources.set(x.source, {
          funds: had ? addFunds(had.funds, x) : x,
          path: had ? `selfEvaluation.projects[${i}].funds` : `selfEvaluation.projects[${i}].funds[${k}]`,
        });
      });
      return {
        prefix: projects.length > 1 ? `${label.replaceAll('/', '／')}/` : '',
        path,
        facts: {
          department: dept,
          project: name,
          competentDepartment: p.competentDepartment ?? dept,
          implementingUnit: p.implementingUnit ?? (project ? this.unitName(project.unit) : ''),
        },
        factPaths: {
          department: 'department.name',
          project: project ? `projects[${this.data.projects.indexOf(project)}].name` : `${path}.project`,
          competentDepartment: p.competentDepartment ? `${path}.competentDepartment` : 'department.name',
          implementingUnit: p.implementingUnit ? `${path}.implementingUnit` : `units[${project?.unit ?? ''}].name`,
        },
        sources,
        total: p.total,
        scope: project
          ? { units: new Set([project.unit]), project: project.code }
          : { units: null, project: p.project },
        ...(p.goal ? { goal: p.goal } : {}),
        ...(p.executionWeight !== undefined ? { executionWeight: p.executionWeight } : {}),
        indicators: p.indicators,
      };
    });
  }

  private selfEvaluationSheet(
    form: FormBuilder,
    f: SelfEvaluationFormTemplate,
    config: ScoringConfig,
    sheet: SelfSheet,
  ): void {
    const width = form.width;
    const p = sheet.prefix;
    const places = config.scorePlaces;
    const fixed = (d: Decimal) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
    // header facts: label → fact pairs side by side
    for (const pairs of f.header) {
      const each = Math.floor(width / pairs.length);
      form.row(
        pairs.flatMap((h, i) => {
          const span = i === pairs.length - 1 ? width - each * (pairs.length - 1) : each;
          return [
            { text: h.label, span: 1 },
            {
              text: sheet.facts[h.field],
              span: span - 1,
              cell: {
                row: `${p}表头`,
                column: h.label,
                provenance: { kind: 'field', field: sheet.factPaths[h.field] },
              },
            },
          ];
        }),
      );
    }
    // funds: header, rows by source, 年度资金总额 with 分值 | 执行率 | 得分, breakdowns
    const fd = f.funds;
    const labelSpan = width - 1 - FUND_COLUMNS.length;
    const sources = [
      ...fd.sources,
      ...[...sheet.sources.keys()]
        .filter((k) => !fd.sources.some((s) => s.source === k))
        .map((k) => ({ source: k, label: k })),
    ];
    const groups = fd.breakdown;
    const depth = groups.length > 0 ? 1 + Math.max(...groups.map((g) => g.rows.length)) : 0;
    const covered: FormPart = { text: '', span: 1, covered: true };
    const money = (row: string, x: SelfEvaluationFunds, path: string): FormPart[] =>
      (['initialBudget', 'fullYearBudget', 'executed'] as const).map((k, i) => {
        const text = this.text(x[k], true);
        return {
          text,
          span: 1,
          amount: {
            row,
            column: FUND_COLUMNS[i] as string,
            value: x[k],
            provenance: { kind: 'field', field: `${path}.${k}` },
          },
        };
      });
    form.row([
      { text: fd.label, span: 1, rowSpan: 2 + sources.length + depth },
      { text: fd.sourceHeader, span: labelSpan },
      ...(['initialBudget', 'fullYearBudget', 'executed', 'weight', 'rate', 'score'] as const).map((k) => ({
        text: fd.headers[k],
        span: 1,
      })),
    ]);
    const blank = (n: number): FormPart[] => Array.from({ length: n }, () => ({ text: '', span: 1 }));
    for (const s of sources) {
      const had = sheet.sources.get(s.source);
      const x = had?.funds ?? { initialBudget: 0n, fullYearBudget: 0n, executed: 0n };
      form.row([
        covered,
        { text: s.label, span: labelSpan },
        ...money(`${p}${s.source}`, x, had?.path ?? `${sheet.path}.funds`),
        ...blank(3),
      ]);
    }
    const amountTexts = {
      initialBudget: this.text(sheet.total.initialBudget, true),
      fullYearBudget: this.text(sheet.total.fullYearBudget, true),
      executed: this.text(sheet.total.executed, true),
    };
    const execWeight = new Decimal(sheet.executionWeight ?? config.execution.weight);
    const exec = scoreExecution({ ...amountTexts, weight: execWeight.toString() }, config);
    const execScore = fixed(exec.expected);
    const rate =
      exec.rate === null
        ? ''
        : `${exec.rate.mul(100).toDecimalPlaces(fd.ratePlaces, Decimal.ROUND_HALF_UP).toFixed(fd.ratePlaces)}%`;
    const fundRow = `${p}年度资金总额`;
    const rule = (what: string): Provenance => ({ kind: 'formula', formula: `评分规则“${config.id}”：${what}` });
    form.row([
      covered,
      { text: fd.total, span: labelSpan },
      ...money(fundRow, sheet.total, f.sheet === 'department' ? sheet.path : `${sheet.path}.total`),
      {
        text: execWeight.toString(),
        span: 1,
        cell: {
          row: fundRow,
          column: '分值',
          provenance:
            sheet.executionWeight !== undefined
              ? { kind: 'field', field: `${sheet.path}.executionWeight` }
              : rule('预算执行率分值'),
        },
      },
      {
        text: rate,
        span: 1,
        cell: { row: fundRow, column: '执行率', provenance: rule(`全年执行数 ÷ ${config.execution.basis}`) },
      },
      {
        text: execScore,
        span: 1,
        cell: { row: fundRow, column: '得分', provenance: rule('分值 × 执行率，不超过分值') },
      },
    ]);
    if (groups.length > 0) {
      const area = width - 1;
      const each = Math.floor(area / groups.length);
      const spanOf = (i: number) => (i === groups.length - 1 ? area - each * (groups.length - 1) : each);
      form.row([covered, ...groups.map((g, i) => ({ text: g.heading, span: spanOf(i) }))]);
      for (let r = 0; r < depth - 1; r++) {
        form.row([
          covered,
          ...groups.flatMap((g, i): FormPart[] => {
            const item = g.rows[r];
            if (!item) return [{ text: '', span: spanOf(i) }];
            const ev = this.ctx.evaluate(item.measure, undefined, sheet.scope);
            const key = `${p}${bareLabel(g.heading)}/${item.key ?? bareLabel(item.label)}`;
            const text = this.text(ev.value, true);
            return [
              { text: item.label, span: spanOf(i) - 1 },
              { text, span: 1, amount: { row: key, column: '金额', value: ev.value, provenance: ev.provenance } },
            ];
          }),
        ]);
      }
    }
    // 年度总体目标
    const g = f.goal;
    const half = Math.floor((width - 1) / 2);
    form.row([
      { text: g.label, span: 1, rowSpan: 2 },
      { text: g.expected, span: half },
      { text: g.actual, span: width - 1 - half },
    ]);
    form.row([
      covered,
      {
        text: sheet.goal?.expected ?? '',
        span: half,
        cell: {
          row: `${p}${g.label}`,
          column: g.expected,
          provenance: { kind: 'field', field: `${sheet.path}.goal.expected` },
        },
      },
      {
        text: sheet.goal?.actual ?? '',
        span: width - 1 - half,
        cell: {
          row: `${p}${g.label}`,
          column: g.actual,
          provenance: { kind: 'field', field: `${sheet.path}.goal.actual` },
        },
      },
    ]);
    // indicators
    const cols = f.indicators.columns;
    const last = cols.length - 1;
    const colSpan = (i: number) => (i === last ? width - 1 - last : 1);
    const inds = sheet.indicators;
    const top = form.rowCount;
    form.row([
      { text: f.indicators.label, span: 1, rowSpan: 1 + Math.max(inds.length, 1) },
      ...cols.map((c, i) => ({ text: c, span: colSpan(i) })),
    ]);
    if (inds.length === 0) form.row([covered, { text: f.indicators.none, span: width - 1 }]);
    const keys = new Set<string>();
    let weightSum = execWeight;
    let scoreSum = new Decimal(execScore);
    inds.forEach((ind, idx) => {
      const prev = inds[idx - 1];
      const levels = [ind.level1, cols.includes('二级指标') ? (ind.level2 ?? '') : '', ind.level3]
        .filter((x) => x !== '')
        .map((x) => x.replaceAll('/', '／'));
      let key = `${p}${levels.join('/')}`;
      for (let n = 2; keys.has(key); n++) key = `${p}${levels.join('/')}（${n}）`;
      keys.add(key);
      const weight = new Decimal(ind.weight).toString();
      const computed =
        ind.score === undefined
          ? scoreIndicator(
              {
                level1: ind.level1,
                level2: ind.level2 ?? null,
                level3: ind.level3,
                target: ind.target,
                actual: ind.actual,
                weight,
              },
              config,
            )
          : undefined;
      const score = computed ? fixed(computed.expected) : fixed(new Decimal(ind.score as number));
      weightSum = weightSum.add(weight);
      scoreSum = scoreSum.add(score);
      const field = (name: string): Provenance => ({
        kind: 'field',
        field: `${sheet.path}.indicators[${sheet.indicators.indexOf(ind)}].${name}`,
      });
      const values: Record<SelfEvaluationIndicatorColumn, { text: string; provenance?: Provenance }> = {
        一级指标: { text: prev && prev.level1 === ind.level1 ? '' : ind.level1 },
        二级指标: {
          text:
            prev && prev.level1 === ind.level1 && (prev.level2 ?? '') === (ind.level2 ?? '') ? '' : (ind.level2 ?? ''),
        },
        三级指标: { text: ind.level3 },
        年度指标值: { text: ind.target, provenance: field('target') },
        实际完成值: { text: ind.actual, provenance: field('actual') },
        分值: { text: weight, provenance: field('weight') },
        得分: { text: score, provenance: computed ? rule(computed.method) : field('score') },
        偏差原因分析及改进措施: { text: ind.reason ?? '', provenance: field('reason') },
      };
      form.row([
        covered,
        ...cols.map((c, i): FormPart => {
          const v = values[c];
          return {
            text: v.text,
            span: colSpan(i),
            ...(v.provenance ? { cell: { row: key, column: c, provenance: v.provenance } } : {}),
          };
        }),
      ]);
    });
    // runs of equal 一级 / 二级 labels print once, merged down
    for (const [c, same] of [
      ['一级指标', (a: SelfEvaluationIndicator, b: SelfEvaluationIndicator) => a.level1 === b.level1],
      [
        '二级指标',
        (a: SelfEvaluationIndicator, b: SelfEvaluationIndicator) =>
          a.level1 === b.level1 && (a.level2 ?? '') === (b.level2 ?? ''),
      ],
    ] as const) {
      const ci = cols.indexOf(c);
      if (ci < 0) continue;
      let start = 0;
      for (let i = 1; i <= inds.length; i++) {
        if (i === inds.length || !same(inds[start] as SelfEvaluationIndicator, inds[i] as SelfEvaluationIndicator)) {
          form.merge(top + 1 + start, 1 + ci, top + i, 1 + ci);
          start = i;
        }
      }
    }
    // 总分 (the sum of the printed rows) and 评价等级; blank when the sheet has no indicator
    const wi = 1 + cols.indexOf('分值');
    const si = 1 + cols.indexOf('得分');
    const scored = inds.length > 0;
    const totalRow = `${p}${f.total}`;
    const total = scored ? fixed(scoreSum) : '';
    form.row([
      { text: f.total, span: wi },
      {
        text: scored ? weightSum.toString() : '',
        span: 1,
        cell: { row: totalRow, column: '分值', provenance: rule('预算执行率分值与各指标分值之和') },
      },
      ...blank(si - wi - 1),
      {
        text: total,
        span: 1,
        cell: { row: totalRow, column: '得分', provenance: rule('预算执行率得分与各指标得分之和') },
      },
      ...(width - 1 - si > 0 ? [{ text: '', span: width - 1 - si }] : []),
    ]);
    if (f.grade !== undefined) {
      form.row([
        { text: f.grade, span: wi },
        {
          text: scored ? gradeOf(scoreSum, config) : '',
          span: width - wi,
          cell: { row: `${p}${f.grade}`, column: f.grade, provenance: rule('按总分评定等级') },
        },
      ]);
    }
  }
}

/** The fund columns of a self-evaluation sheet, as its cells are keyed (the checker's addressing). */
const FUND_COLUMNS = ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'] as const;
/** a fund block needs its label column, a fund-label column and the six fund columns */
const MIN_SELF_WIDTH = 2 + FUND_COLUMNS.length;

type SelfFact = 'department' | 'project' | 'competentDepartment' | 'implementingUnit';

/** One self-evaluation sheet to print: the department's, or a project's. */
interface SelfSheet {
  /** prefix of every row key: '' when the table holds one sheet, else "<project>/" */
  readonly prefix: string;
  /** path of the sheet in the source data (provenance) */
  readonly path: string;
  readonly facts: Readonly<Record<SelfFact, string>>;
  /** where each fact comes from (provenance) */
  readonly factPaths: Readonly<Record<SelfFact, string>>;
  /** funds by source (project sheets) */
  readonly sources: ReadonlyMap<string, { readonly funds: SelfEvaluationFunds; readonly path: string }>;
  readonly total: SelfEvaluationFunds;
  /** the lines breakdown measures are evaluated over */
  readonly scope: RowScope;
  readonly goal?: { readonly expected: string; readonly actual: string };
  readonly executionWeight?: number;
  readonly indicators: readonly SelfEvaluationIndicator[];
}

function addFunds(a: SelfEvaluationFunds, b: SelfEvaluationFunds): SelfEvaluationFunds {
  return {
    initialBudget: a.initialBudget + b.initialBudget,
    fullYearBudget: a.fullYearBudget + b.fullYearBudget,
    executed: a.executed + b.executed,
  };
}

/** "其中：基本支出：" → "基本支出" (row keys of printed labels). */
export function bareLabel(label: string): string {
  return label
    .trim()
    .replace(/^其中[:：]\s*/, '')
    .replace(/[:：]$/, '')
    .trim();
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
function groupByUnit(lines: readonly BudgetLine[]): Map<string, BudgetLine[]> {
  const out = new Map<string, BudgetLine[]>();
  for (const l of lines) {
    const g = out.get(l.unit);
    if (g) g.push(l);
    else out.set(l.unit, [l]);
  }
  return out;
}

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
  cell?: { row: string; column: string; provenance?: Provenance };
  amount?: { row: string; column: string; value: Fen; provenance: Provenance };
}

/** Builds a form-layout table (performance sheets): free rows of merged cells. */
class FormBuilder {
  private readonly rows: TableRow[] = [];
  private readonly merges: Merge[] = [];
  private readonly cells: Cell[] = [];

  constructor(
    readonly width: number,
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

  textCell(row: string, column: string, text: string, provenance?: Provenance): void {
    if (text)
      this.cells.push({
        table: this.title,
        row,
        column,
        value: null,
        text,
        provenance: provenance ?? { kind: 'field', field: column },
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
      if (p.cell) this.textCell(p.cell.row, p.cell.column, p.text, p.cell.provenance);
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
