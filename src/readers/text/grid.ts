/**
 * Reading a grid table against its template: row keys per the template's row model, amounts per
 * column (realigned where the printed row is displaced, see align.ts).
 *
 * Row keys: 合计; department / unit codes; "unit/code" for 功能分类 rows under a unit (split 类|款|项
 * joined); the project name under its unit (专项 tables); the economic code (经济分类 tables); the
 * printed label otherwise. Column keys: the template's leaf path joined by "/".
 */
import type { Fen } from '../../core/money/amount.ts';
import type { RowModel } from '../../core/templates/schema.ts';
import { type Alignment, alignRow, tolerance, type ValueField } from './align.ts';
import { filled, type TextCell, type TextLine } from './lines.ts';
import { collapseSpaces, isInteger, isTotalLabel, labelKey, matchKey, nameKey } from './normalise.ts';
import { parseRow, splitBody } from './rows.ts';
import type { ColumnModel, ColumnSpec } from './templates.ts';
import type { ReadCell, ReadContext, Repair } from './types.ts';

export interface GridSpec {
  readonly table: string;
  readonly model: ColumnModel;
  readonly rowModel?: RowModel;
  /** field index of the first model column in the literal reading */
  readonly base: number;
}

/** One data row (or one block of a line that prints several blocks side by side), ready to be aligned. */
export interface RowUnit {
  readonly line: TextLine;
  readonly key: string | undefined;
  /** the row's label (name), for evidence */
  readonly label: string | undefined;
  readonly values: readonly ValueField[];
  /** non-empty cells in amount columns that are not amounts */
  readonly stray: readonly TextCell[];
  /** cells of text columns (reference tables) */
  readonly texts: ReadonlyArray<{ readonly column: ColumnSpec; readonly cell: TextCell }>;
  /** columns in the literal reading: column index = field − base */
  readonly model: ColumnModel;
  readonly base: number;
  /** the number of fields an intact line has, when known */
  readonly expectedFields: number | undefined;
}

export interface GridResult {
  readonly cells: ReadCell[];
  readonly repairs: Repair[];
  /** (name, amount) pairs of rows read literally, for evidence in other tables */
  readonly facts: Array<{ name: string; fen: Fen }>;
}

export function readGrid(body: readonly TextLine[], spec: GridSpec, ctx: ReadContext): GridResult {
  const totals = [ctx.set.labels.total];
  const { data } = splitBody(body, totals);
  const minValueField = spec.base + (spec.model.leadKeys ?? 1);
  const units: RowUnit[] = [];
  const keyer = new RowKeyer(spec.rowModel, ctx.unitCode, data);
  for (const l of data) {
    ctx.cursor.at(l);
    const parsed = parseRow(l, ctx.unit, Math.max(1, Math.min(minValueField, spec.base + 1)));
    const { key, label } = keyer.key(parsed.keys);
    units.push({
      line: l,
      key,
      label,
      values: parsed.values,
      stray: parsed.stray.filter((c) => spec.model.columns[c.col - spec.base]?.acceptsValue !== false),
      texts: [],
      model: spec.model,
      base: spec.base,
      expectedFields: spec.base + spec.model.columns.length,
    });
  }
  return resolveRows(units, spec.table, ctx);
}

/** Align every row (detail rows first, so that totals can be checked against them) and emit its cells. */
export function resolveRows(units: readonly RowUnit[], table: string, ctx: ReadContext): GridResult {
  const resolved = new Map<RowUnit, Alignment>();
  const byKey = new Map<string, RowUnit>();
  for (const r of units) if (r.key !== undefined && !byKey.has(r.key)) byKey.set(r.key, r);
  const children = childrenOf([...byKey.keys()]);
  const order = heightOrder(units, children, byKey);
  const repairs: Repair[] = [];
  const facts: Array<{ name: string; fen: Fen }> = [];
  for (const r of order) {
    ctx.cursor.at(r.line);
    const kids = r.key !== undefined ? (children.get(r.key) ?? []) : [];
    const vertical =
      kids.length > 0
        ? (assign: ReadonlyMap<number, Fen>) => verticalViolations(r, assign, kids, byKey, resolved, ctx.step)
        : undefined;
    const alignment = alignRow(r.values, {
      columns: r.model.columns,
      identities: r.model.identities,
      base: r.base,
      step: ctx.step,
      damaged: r.expectedFields !== undefined && r.line.cells.length !== r.expectedFields && r.values.length > 0,
      ...(vertical ? { vertical } : {}),
      ...(ctx.evidence ? { evidence: (col: number, fen: Fen) => ctx.evidence!(r.model.columns[col]!.path, fen) } : {}),
    });
    resolved.set(r, alignment);
    if (alignment.changed || !alignment.certain) {
      repairs.push({ table, line: r.line.line, what: describeRepair(r, alignment) });
    }
  }
  const cells: ReadCell[] = [];
  const seen = new Set<string>();
  const emit = (r: RowUnit, column: string, value: string, raw: string, fen?: Fen): boolean => {
    const id = `${r.key}\u0000${column}`;
    if (seen.has(id)) {
      repairs.push({
        table,
        line: r.line.line,
        what: `行“${r.key}”列“${column}”重复出现，保留第一次的值，“${value}”未读取`,
      });
      return false;
    }
    seen.add(id);
    cells.push({
      row: r.key!,
      column,
      value,
      ...(fen !== undefined ? { fen } : {}),
      page: r.line.page,
      line: r.line.line,
      raw,
    });
    return true;
  };
  for (const r of units) {
    const a = resolved.get(r)!;
    if (r.key === undefined) {
      if (r.values.length > 0)
        repairs.push({
          table,
          line: r.line.line,
          what: '行没有可识别的编码或名称，其金额未读取',
          dropped: r.values.map((v) => v.text),
        });
      continue;
    }
    for (const s of r.stray) repairs.push({ table, line: r.line.line, what: `“${s.text}”不是有效的金额，未读取` });
    r.values.forEach((v, i) => {
      const col = r.model.columns[a.cols[i] ?? -1];
      if (!col) {
        repairs.push({ table, line: r.line.line, what: `金额 ${v.text} 找不到对应的列，未读取`, dropped: [v.text] });
        return;
      }
      if (!emit(r, col.key, v.text, v.raw, v.fen)) return;
      if (!a.changed && a.certain) {
        facts.push({ name: nameKey(col.path[col.path.length - 1] ?? ''), fen: v.fen });
        if (i === 0 && r.label) facts.push({ name: nameKey(r.label), fen: v.fen });
      }
    });
    for (const t of r.texts) emit(r, t.column.key, collapseSpaces(t.cell.text), t.cell.raw);
  }
  return { cells, repairs, facts };
}

function describeRepair(r: RowUnit, a: Alignment): string {
  const moves: string[] = [];
  r.values.forEach((v, i) => {
    const lit = v.field - r.base;
    const col = a.cols[i] ?? -1;
    if (col !== lit) {
      const from = r.model.columns[lit]?.key ?? `第 ${v.field + 1} 个字段`;
      const to = r.model.columns[col]?.key ?? '（无）';
      moves.push(`${v.text}：${from} → ${to}`);
    }
  });
  const head = `行“${r.key ?? '?'}”`;
  if (!a.certain) return `${head}的列对齐不确定：${a.reason}${moves.length ? `；采用：${moves.join('，')}` : ''}`;
  return `${head}金额错位，已重新对齐（${a.reason || '依据合计关系'}）：${moves.join('，')}`;
}

// ---------------------------------------------------------------- row keys

const FUNC_CLASS = /^\d{3}$/;
const PART2 = /^\d{2}$/;

/** Row keys per row model; remembers the current unit for 功能分类 trees. */
export class RowKeyer {
  private unit: string | undefined;
  private dept: string | undefined;
  private readonly unitLike: (code: string) => boolean;

  constructor(
    private readonly model: RowModel | undefined,
    private readonly coverUnit: string | undefined,
    data: readonly TextLine[],
  ) {
    // 功能分类 codes have 3, 5 or 7 digits, unit codes 3 (department), 6 or 9: a 3-digit code is a
    // department when the table extends it by three digits (004 → 004001), a 类 when by two (201 → 20103)
    const tokens = new Set<string>();
    for (const l of data) for (const c of filled(l)) if (isInteger(c.text) && c.text.length >= 3) tokens.add(c.text);
    const extended = (code: string, n: number) => [...tokens].some((t) => t.length === n && t.startsWith(code));
    this.unitLike = (code: string) => {
      if (code === coverUnit) return true;
      if (code.length === 3) return !extended(code, 5) && (extended(code, 6) || (coverUnit?.startsWith(code) ?? false));
      return code.length === 6 || code.length === 9;
    };
  }

  key(keys: readonly TextCell[]): { key: string | undefined; label: string | undefined } {
    // a table of one unlabelled 合计 row (决算 09表)
    if (this.model?.kind === 'total-only') return { key: '合计', label: undefined };
    const texts = keys.map((c) => c.text);
    const labelCell = keys.find((c) => !isInteger(c.text));
    const label = labelCell ? labelKey(labelCell.text) : undefined;
    if (texts.some((t) => isTotalLabel(t))) {
      const t = texts.find((x) => isTotalLabel(x))!;
      return { key: matchKey(t), label: undefined };
    }
    const digits = keys.filter((c) => isInteger(c.text)).map((c) => c.text);
    if (digits.length === 0) return { key: label, label };
    const kind = this.model?.kind;
    const chain = funcChain(digits);
    if (kind === 'func-by-unit') {
      const unit = digits.find((d) => !chain.parts.includes(d) && d.length >= 3 && this.unitLike(d));
      if (chain.code && unit) return { key: `${unit}/${chain.code}`, label };
      const code = longest(digits);
      this.noteSummary(code);
      return { key: code, label };
    }
    if (kind === 'func-tree') {
      const code = chain.code && chain.code.length >= longest(digits).length ? chain.code : longest(digits);
      if (this.unitLike(code) && !(chain.code && chain.parts.length > 1)) {
        this.noteSummary(code);
        return { key: code, label };
      }
      return { key: this.unit ? `${this.unit}/${code}` : code, label };
    }
    if (kind === 'projects') {
      const code = longest(digits);
      if (this.dept === undefined) {
        this.dept = code;
        return { key: code, label };
      }
      return { key: label ? `${code}/${label}` : code, label };
    }
    if (kind === 'econ-tree' || kind === 'units') return { key: longest(digits), label };
    // reference tables and unknown models: the code (split parts joined), else the label
    return { key: chain.code ?? longest(digits), label };
  }

  private noteSummary(code: string): void {
    this.dept ??= code;
    if (code.length > 3 || code === this.coverUnit) this.unit = code;
  }
}

function longest(digits: readonly string[]): string {
  return digits.reduce((a, b) => (b.length > a.length ? b : a), digits[0] ?? '');
}

/** 类|款|项 printed in separate fields: "201","03","01" → 2010301. */
function funcChain(digits: readonly string[]): { code: string | undefined; parts: string[] } {
  const i = digits.findIndex((d) => FUNC_CLASS.test(d));
  if (i < 0) return { code: undefined, parts: [] };
  const parts = [digits[i]!];
  for (let k = i + 1; k < digits.length && parts.length < 3 && PART2.test(digits[k]!); k++) parts.push(digits[k]!);
  const joined = parts.join('');
  // a full code printed beside its parts ("201 | 03 | 20103") wins when it extends them
  const full = digits.filter((d) => d.length > joined.length && d.startsWith(joined));
  return { code: full.length > 0 ? longest(full) : joined, parts };
}

// ---------------------------------------------------------------- vertical identities

/** Children of each row key in the row model's hierarchy (合计 → department → units → …). */
export function childrenOf(keys: readonly string[]): Map<string, string[]> {
  const plain = keys.filter((k) => /^\d+$/.test(k));
  const slashed = keys
    .filter((k) => k.includes('/'))
    .map((k) => ({ k, u: k.slice(0, k.indexOf('/')), c: k.slice(k.indexOf('/') + 1) }));
  const out = new Map<string, string[]>();
  const nextLevel = <T>(items: T[], len: (t: T) => number): T[] => {
    const min = items.reduce((m, t) => Math.min(m, len(t)), Number.POSITIVE_INFINITY);
    return items.filter((t) => len(t) === min);
  };
  for (const k of keys) {
    let kids: string[] = [];
    if (matchKey(k) === '合计' || matchKey(k) === '总计') {
      kids = nextLevel(plain, (p) => p.length);
      if (kids.length === 0) kids = nextLevel(slashed, (s) => s.c.length).map((s) => s.k);
    } else if (/^\d+$/.test(k)) {
      kids = nextLevel(
        plain.filter((p) => p.length > k.length && p.startsWith(k)),
        (p) => p.length,
      );
      if (kids.length === 0) {
        const own = slashed.filter((s) => s.u === k && /^\d+$/.test(s.c));
        kids = nextLevel(own, (s) => s.c.length).map((s) => s.k);
        if (kids.length === 0) kids = slashed.filter((s) => s.u.startsWith(k) && !/^\d+$/.test(s.c)).map((s) => s.k);
      }
    } else if (k.includes('/')) {
      const u = k.slice(0, k.indexOf('/'));
      const c = k.slice(k.indexOf('/') + 1);
      if (/^\d+$/.test(c))
        kids = nextLevel(
          slashed.filter((s) => s.u === u && s.c.length > c.length && s.c.startsWith(c) && /^\d+$/.test(s.c)),
          (s) => s.c.length,
        ).map((s) => s.k);
    }
    if (kids.length > 0) out.set(k, kids);
  }
  return out;
}

function heightOrder(
  rows: readonly RowUnit[],
  children: Map<string, string[]>,
  byKey: Map<string, RowUnit>,
): RowUnit[] {
  const memo = new Map<string, number>();
  const height = (k: string, guard: number): number => {
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    if (guard > 20) return 0;
    const kids = children.get(k) ?? [];
    const h = kids.reduce((m, c) => Math.max(m, 1 + height(c, guard + 1)), 0);
    memo.set(k, h);
    return h;
  };
  const first = new Set(byKey.values());
  return rows
    .map((r, i) => ({ r, i, h: r.key !== undefined && first.has(r) ? height(r.key, 0) : 0 }))
    .sort((a, b) => a.h - b.h || a.i - b.i)
    .map((x) => x.r);
}

/** Violations of "row = Σ its children" per column, compared by column key. */
function verticalViolations(
  row: RowUnit,
  assign: ReadonlyMap<number, Fen>,
  kids: readonly string[],
  byKey: Map<string, RowUnit>,
  resolved: Map<RowUnit, Alignment>,
  step: Fen,
): number {
  const sums = new Map<string, Fen>();
  let known = 0;
  for (const k of kids) {
    const child = byKey.get(k);
    const a = child ? resolved.get(child) : undefined;
    if (!child || !a) continue;
    known++;
    a.cols.forEach((c, i) => {
      const col = child.model.columns[c];
      if (col) sums.set(col.key, (sums.get(col.key) ?? 0n) + child.values[i]!.fen);
    });
  }
  if (known === 0) return 0;
  const own = new Map<string, Fen>();
  for (const [c, v] of assign) {
    const col = row.model.columns[c];
    if (col) own.set(col.key, v);
  }
  const tol = tolerance(step, known);
  let n = 0;
  for (const key of new Set([...own.keys(), ...sums.keys()])) {
    const d = (own.get(key) ?? 0n) - (sums.get(key) ?? 0n);
    if ((d < 0n ? -d : d) > tol) n++;
  }
  return n;
}
