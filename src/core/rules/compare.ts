/**
 * Compare rules with three-valued evaluation: a relation holds, is violated, or cannot be
 * checked (无法核对). An operand the rule cannot find — a table without the column, a row the
 * document does not print, a label several rows could mean — is never read as 0: the rule says
 * what it looked for and where, as a 提示. A 错误 needs every operand read.
 *
 * A difference no larger than what rounding each printed term can produce (half a unit of the
 * table's printed last decimal per term: 0.005 万元 for a 万元 table with two decimals, 0.5 元 for a
 * 元 table printed in whole 元) is a 尾数误差 (提示).
 *
 * A violation that rests on a cell the reader realigned (or could not place with certainty) is a
 * 警告 unless it persists under every plausible reading of that cell: any other amount printed on
 * the same line, or none.
 */

import type { CellAddress, Finding, FindingLocation } from '../findings/model.ts';
import { absFen, FEN_PER, type Fen, fenToDecimalString, formatWan } from '../money/amount.ts';
import { type IndexedCell, type IndexedTable, normaliseTitle, type PackageIndex } from '../package/index.ts';
import { isTotalLabel, numberingStyle, resolveLabel } from './labels.ts';
import type { CompareCheck, Rule, Term } from './schema.ts';

/** A line the reader realigned (from its repairs): cells of that table and line rest on a decision. */
export interface Realignment {
  readonly table: string;
  readonly line: number;
  readonly uncertain?: boolean;
  /** amounts on the line the reader left unread */
  readonly dropped?: readonly string[];
}

export class CompareContext {
  private readonly steps = new Map<IndexedTable, Fen>();
  private readonly realigned = new Map<string, boolean>();
  private readonly lines = new Map<string, Fen[]>();
  private readonly dropped = new Map<string, string[]>();

  constructor(
    readonly index: PackageIndex,
    realignments: readonly Realignment[] = [],
  ) {
    for (const r of realignments) {
      const k = `${normaliseTitle(r.table)}\u0000${r.line}`;
      if (r.dropped?.length) this.dropped.set(k, [...(this.dropped.get(k) ?? []), ...r.dropped]);
      else this.realigned.set(k, (this.realigned.get(k) ?? false) || !!r.uncertain);
    }
  }

  get unit(): '万元' | '元' {
    return this.index.pkg.amountUnit;
  }

  /**
   * One unit of the table's printed last decimal, in fen: the most decimals its non-zero amounts are
   * printed with (a value printed as "9" among "4.7433" is 9.0000; whole 元 tables step by 1 元).
   */
  step(t: IndexedTable): Fen {
    const known = this.steps.get(t);
    if (known !== undefined) return known;
    let places = -1;
    for (const c of t.table.cells) {
      if (c.value === null || c.value === 0n) continue;
      const m = /\.(\d+)\s*$/.exec(c.text.replace(/[\s,]/g, ''));
      places = Math.max(places, m ? (m[1] as string).length : 0);
    }
    if (places < 0) places = this.index.pkg.places;
    const per = FEN_PER[this.unit];
    const step = per / 10n ** BigInt(Math.min(places, this.unit === '万元' ? 6 : 2));
    const s = step > 0n ? step : 1n;
    this.steps.set(t, s);
    return s;
  }

  /**
   * One unit of the last decimal a cell is printed with: "111.6768" carries 0.0001 万元, "365.55"
   * 0.01. 万元 tables publish two decimals, so "9" or "1.5" there is 9.00 / 1.50 with the zeros
   * dropped; a 元 amount printed whole ("164978640") carries 1 元.
   */
  termStep(cell: IndexedCell, tableStep: Fen): Fen {
    const m = /\.(\d+)\s*$/.exec(cell.cell.text.replace(/[\s,]/g, ''));
    const own = m ? (m[1] as string).length : 0;
    const floor = this.unit === '万元' ? this.index.pkg.places : 0;
    const per = FEN_PER[this.unit];
    const step = per / 10n ** BigInt(Math.min(Math.max(own, floor), this.unit === '万元' ? 6 : 2));
    return step > 0n ? step : tableStep;
  }

  /**
   * Does the package list every row and column it has, so that an absent one is blank? A generated
   * package does by construction; so does a table given as cells only (the cells format lists every
   * non-blank amount and nothing else). A table read with its printed grid does not: a row or column
   * it lacks may be one the reader could not read.
   */
  complete(t: IndexedTable): boolean {
    void t;
    const origin = this.index.pkg.origin;
    return origin.kind === 'generated' || origin.complete === true;
  }

  /** Was this cell placed by a realignment? (undefined: read as printed) */
  readingOf(t: IndexedTable, cell: IndexedCell): 'realigned' | 'uncertain' | undefined {
    const p = cell.cell.provenance;
    if (p.kind !== 'document' || p.line === undefined) return undefined;
    const u = this.realigned.get(`${normaliseTitle(t.table.title)}\u0000${p.line}`);
    return u === undefined ? undefined : u ? 'uncertain' : 'realigned';
  }

  /** Amounts the reader left unread on the cell's line: a blank there is not known to be blank. */
  droppedOn(t: IndexedTable, cell: IndexedCell): readonly string[] {
    const p = cell.cell.provenance;
    if (p.kind !== 'document' || p.line === undefined) return [];
    return this.dropped.get(`${normaliseTitle(t.table.title)}\u0000${p.line}`) ?? [];
  }

  /** Every amount printed on the same line of the same table: the plausible readings of a realigned cell. */
  lineValues(t: IndexedTable, cell: IndexedCell): Fen[] {
    const p = cell.cell.provenance;
    if (p.kind !== 'document' || p.line === undefined) return [];
    const k = `${normaliseTitle(t.table.title)}\u0000${p.line}`;
    let values = this.lines.get(k);
    if (!values) {
      values = [];
      for (const c of t.table.cells) {
        if (c.value !== null && c.provenance.kind === 'document' && c.provenance.line === p.line) values.push(c.value);
      }
      this.lines.set(k, values);
    }
    return values;
  }

  /** Amount for messages, in the document's unit. */
  show(fen: Fen, places = 2): string {
    return this.unit === '万元' ? formatWan(fen, places) : fenToDecimalString(fen, '元', places);
  }
}

interface Read {
  readonly value: Fen;
  readonly sign: 1 | -1;
  readonly alternatives: readonly Fen[];
  readonly reading?: 'realigned' | 'uncertain';
}

interface Side {
  readonly value: Fen;
  /** twice the rounding bound of the printed terms read (so that half a fen stays an integer) */
  readonly bound2: Fen;
  readonly location?: FindingLocation;
  /** what the rule looked for and could not find (无法核对) */
  readonly missing: readonly string[];
  /** a set selector (children, kinds, match) selected no row */
  readonly emptySet: boolean;
  readonly reads: readonly Read[];
  readonly cells: readonly CellAddress[];
  /** tables the side reads that the document does not publish (rules with whenPresent: false) */
  readonly unpublished: readonly string[];
}

export function runCompare(rule: Rule, c: CompareCheck, ctx: CompareContext): Finding[] {
  const index = ctx.index;
  const tables = [...c.lhs, ...c.rhs].map((t) => t.table);
  if (c.forEach) tables.push(c.forEach.table);
  // an absent table, or one printed as a bare header, is reported by the completeness rules
  if (c.whenPresent && tables.some((t) => (index.table(t)?.table.cells.length ?? 0) === 0)) return [];
  const out: Finding[] = [];
  const rows: Array<string | undefined> = [];
  if (c.forEach) {
    const t = index.table(c.forEach.table);
    if (!t) return [unverifiable(rule, [`未找到表“${c.forEach.table}”`], { table: c.forEach.table })];
    const re = c.forEach.match ? new RegExp(c.forEach.match) : undefined;
    for (const key of t.rows) {
      if (c.forEach.kinds && !c.forEach.kinds.includes(t.kinds.get(key) ?? '')) continue;
      if (re && !re.test(key)) continue;
      if (c.forEach.withChildren && t.children(key).length === 0) continue;
      rows.push(key);
    }
  } else rows.push(undefined);
  const columns = c.forEachColumn ?? [undefined];
  const missing = new Set<string>();
  let firstMissing: FindingLocation | undefined;
  for (const row of rows) {
    for (const col of columns) {
      const lhs = side(c.lhs, ctx, row, col, !c.whenPresent);
      const rhs = side(c.rhs, ctx, row, col, !c.whenPresent);
      // a table not published while the other side shows an amount: the relation needs the table
      const unpublished = [...lhs.unpublished, ...rhs.unpublished];
      if (unpublished.length > 0) {
        const other = lhs.unpublished.length > 0 ? rhs : lhs;
        if (other.value !== 0n && lhs.missing.length + rhs.missing.length === 0) {
          out.push(unpublishedFinding(rule, unpublished, other, ctx, row, col));
        }
        continue;
      }
      const gaps = [...lhs.missing, ...rhs.missing];
      // a set that selected nothing is consistent with a zero on the other side, and unknown otherwise
      if (lhs.emptySet && lhs.reads.length === 0 && rhs.value !== 0n)
        gaps.push(`${describeTerms(c.lhs, row)}：没有可读取的行`);
      if (rhs.emptySet && rhs.reads.length === 0 && lhs.value !== 0n)
        gaps.push(`${describeTerms(c.rhs, row)}：没有可读取的行`);
      if (gaps.length > 0) {
        for (const g of gaps) missing.add(g);
        firstMissing ??= { ...(c.forEach ? { table: c.forEach.table } : { table: c.lhs[0]?.table ?? '' }) };
        continue;
      }
      const f = judge(rule, c.op, lhs, rhs, row, col, c.forEach?.table ?? c.lhs[0]?.table, ctx);
      if (f) out.push(f);
    }
  }
  if (missing.size > 0) out.push(unverifiable(rule, [...missing], firstMissing ?? {}));
  return out;
}

function describeTerms(terms: readonly Term[], row: string | undefined): string {
  const t = terms[0];
  if (!t) return '';
  return `表“${t.table}”${row !== undefined ? `行“${row}”` : ''}`;
}

function unpublishedFinding(
  rule: Rule,
  tables: readonly string[],
  other: Side,
  ctx: CompareContext,
  row: string | undefined,
  col: string | undefined,
): Finding {
  const titles = tables.map((t) => `“${t}”`).join('、');
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    message: `${rule.title}：另一方为 ${ctx.show(other.value)} ${ctx.unit}，但未公开${titles}，无法与之核对（有数据的表应当公开）`,
    location: other.location ?? { table: tables[0] ?? '', ...(row ? { row } : {}), ...(col ? { column: col } : {}) },
    lhs: ctx.show(other.value),
    cells: other.cells,
  };
}

/** One 无法核对 finding per rule, naming up to three of the places it looked. */
export function unverifiable(rule: Rule, what: readonly string[], location: FindingLocation): Finding {
  const shown = what.slice(0, 3).join('；');
  const more = what.length > 3 ? `等 ${what.length} 处` : '';
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: '提示',
    status: 'unverifiable',
    message: `无法核对“${rule.title}”：${shown}${more}（缺少的数据不按 0 计算）`,
    location,
  };
}

function side(
  terms: readonly Term[],
  ctx: CompareContext,
  row: string | undefined,
  col: string | undefined,
  absentIsUnpublished = false,
): Side {
  const unpublished: string[] = [];
  let value = 0n;
  let bound2 = 0n;
  let location: FindingLocation | undefined;
  let emptySet = false;
  const missing: string[] = [];
  const reads: Read[] = [];
  const cells: CellAddress[] = [];
  for (const term of terms) {
    const t = ctx.index.table(term.table);
    if (!t) {
      if (absentIsUnpublished) unpublished.push(term.table);
      else missing.push(`未找到表“${term.table}”`);
      continue;
    }
    const wantedColumn = term.column === '$col' ? (col ?? '') : term.column.replaceAll('$col', col ?? '');
    const column = resolveLabel(wantedColumn, t.columns);
    // a table's columns are the template's (the reader matched the printed header against them):
    // a column without a single amount was printed blank throughout
    if (!column) continue;
    if (!column || 'ambiguous' in column) {
      missing.push(
        column
          ? `表“${t.table.title}”中“${wantedColumn}”可指多栏（${column.ambiguous.join('、')}）`
          : `表“${t.table.title}”没有“${wantedColumn}”栏`,
      );
      continue;
    }
    const sign = (term.sign ?? 1) as 1 | -1;
    const selected = selectRows(term, t, row, ctx, column.key);
    if ('missing' in selected) {
      missing.push(selected.missing);
      continue;
    }
    if (selected.set && selected.keys.length === 0) emptySet = true;
    const step = ctx.step(t);
    for (const key of selected.keys) {
      const cell = t.get(key, column.key);
      if (!cell) continue;
      if (cell.blank) {
        const dropped = ctx.droppedOn(t, cell);
        if (dropped.length > 0) {
          missing.push(
            `表“${t.table.title}”行“${key}”栏“${column.key}”读作空白，但同一行有未能读取的金额 ${dropped.join('、')}`,
          );
          continue;
        }
      }
      value += sign === 1 ? cell.printed : -cell.printed;
      if (!cell.blank) bound2 += ctx.termStep(cell, step);
      const reading = ctx.readingOf(t, cell);
      reads.push({
        value: cell.printed,
        sign,
        alternatives: reading ? ctx.lineValues(t, cell) : [],
        ...(reading ? { reading } : {}),
      });
      cells.push({ table: t.table.title, row: key, column: column.key });
      if (!location) location = locate(t, key, column.key, cell.cell.provenance);
    }
  }
  return { value, bound2, missing, emptySet, reads, cells, unpublished, ...(location ? { location } : {}) };
}

type Selected = { keys: string[]; set: boolean } | { missing: string };

function selectRows(
  term: Term,
  t: IndexedTable,
  row: string | undefined,
  ctx: CompareContext,
  column: string,
): Selected {
  const sel = term.row ?? '$row';
  if (sel === '$row') return { keys: row === undefined ? [] : [row], set: false };
  if ('key' in sel) {
    // a label resolves among the rows that print the column first (the income side of a 收支总表)
    const printing = t.rows.filter((k) => t.get(k, column) !== undefined);
    const inColumn = resolveLabel(sel.key, printing);
    const hit = inColumn && 'key' in inColumn ? inColumn : resolveLabel(sel.key, t.rows);
    if (hit && 'key' in hit) return { keys: [hit.key], set: false };
    if (hit) return { missing: `表“${t.table.title}”中“${sel.key}”可指多行（${hit.ambiguous.join('、')}）` };
    // a layout without a 合计 row: the total is the sum of the top-level rows, when the table has them
    if (isTotalLabel(sel.key)) {
      const top = topLevelRows(t);
      if (top.length > 0) return { keys: top, set: false };
    }
    if (ctx.complete(t) || unlistedCodeIsZero(t, sel.key, column, ctx)) return { keys: [], set: false };
    return { missing: `表“${t.table.title}”没有“${sel.key}”行` };
  }
  if ('children' in sel) return { keys: row === undefined ? [] : t.children(row), set: true };
  if ('kinds' in sel) return { keys: [...t.rowsOfKinds(sel.kinds)], set: true };
  if ('numbered' in sel) {
    // numbering levels in the order the column's rows first use each style
    const rows = t.rows.filter((k) => !k.includes('/') && t.get(k, column) !== undefined);
    const styles: string[] = [];
    for (const k of rows) {
      const s = numberingStyle(k);
      if (s && !styles.includes(s)) styles.push(s);
    }
    const want = styles[sel.numbered - 1];
    return { keys: want ? rows.filter((k) => numberingStyle(k) === want) : [], set: true };
  }
  // "$row" inside a pattern stands for the current row key (e.g. "^$row/\\d{3}$": a unit's 类 rows)
  const re = cachedRegExp(sel.match.replaceAll('$row', row === undefined ? '\u0000' : escapeRegExp(row)));
  // a pattern anchored at the current row only looks among the rows it prefixes (not all rows per row)
  const candidates = row !== undefined && sel.match.startsWith('^$row') ? t.rowsWithPrefix(row) : t.rows;
  return { keys: candidates.filter((k) => re.test(k)), set: true };
}

const regExps = new Map<string, RegExp>();

function cachedRegExp(source: string): RegExp {
  let re = regExps.get(source);
  if (!re) {
    if (regExps.size > 10_000) regExps.clear();
    re = new RegExp(source);
    regExps.set(source, re);
  }
  return re;
}

/**
 * A code list prints only the codes that have amounts. An unlisted code (class 202, or 20103 under
 * 201) is zero when the listed codes of its level add up to their parent — then nothing is left
 * for it — and unknown otherwise.
 */
function unlistedCodeIsZero(t: IndexedTable, key: string, column: string, ctx: CompareContext): boolean {
  const m = /^(?:(.+)\/)?(\d{3}|\d{5}|\d{7})$/.exec(key);
  if (!m) return false;
  const prefix = m[1] ? `${m[1]}/` : '';
  const code = m[2] as string;
  const parentCode = code.length === 3 ? undefined : code.slice(0, -2);
  const parentKey = parentCode
    ? `${prefix}${parentCode}`
    : (m[1] ??
      (() => {
        const hit = resolveLabel('合计', t.rows);
        return hit && 'key' in hit ? hit.key : undefined;
      })());
  if (!parentKey || !t.rows.includes(parentKey)) return false;
  const parent = t.get(parentKey, column);
  const siblings = t.rows.filter((k) => {
    if (!k.startsWith(prefix)) return false;
    const c = k.slice(prefix.length);
    return /^\d+$/.test(c) && c.length === code.length && (!parentCode || c.startsWith(parentCode));
  });
  let sum = 0n;
  let bound2 = parent && !parent.blank ? ctx.termStep(parent, ctx.step(t)) : 0n;
  for (const k of siblings) {
    const c = t.get(k, column);
    if (!c) continue;
    sum += c.printed;
    if (!c.blank) bound2 += ctx.termStep(c, ctx.step(t));
  }
  return 2n * absFen((parent?.printed ?? 0n) - sum) <= bound2;
}

/**
 * The rows a missing 合计 would add up: the code rows no other row is the parent of (departments
 * over units, 类 over 款, a unit over its "unit/code" rows).
 */
function topLevelRows(t: IndexedTable): string[] {
  const codes = t.rows.filter((k) => /^\d+(\/\d+)?$/.test(k));
  const set = new Set(codes);
  return codes.filter((k) => {
    const slash = k.indexOf('/');
    if (slash >= 0) return !set.has(k.slice(0, slash));
    for (let n = k.length - 1; n >= 3; n--) if (set.has(k.slice(0, n))) return false;
    return true;
  });
}

function locate(
  t: IndexedTable,
  row: string,
  column: string,
  provenance: { kind: string } & Record<string, unknown>,
): FindingLocation {
  const loc: { table: string; row: string; column: string; page?: number; line?: number } = {
    table: t.table.title,
    row,
    column,
  };
  if (provenance.kind === 'document') {
    if (typeof provenance.page === 'number') loc.page = provenance.page;
    if (typeof provenance.line === 'number') loc.line = provenance.line;
  }
  return loc;
}

function violationOf(op: '=' | '≥' | '≤', diff: Fen): Fen {
  return op === '=' ? absFen(diff) : op === '≥' ? (diff < 0n ? -diff : 0n) : diff > 0n ? diff : 0n;
}

function judge(
  rule: Rule,
  op: '=' | '≥' | '≤',
  lhs: Side,
  rhs: Side,
  row: string | undefined,
  column: string | undefined,
  table: string | undefined,
  ctx: CompareContext,
): Finding | null {
  const diff = lhs.value - rhs.value;
  const bound2 = lhs.bound2 + rhs.bound2;
  const violation = violationOf(op, diff);
  if (violation === 0n) return null;
  const rounding = 2n * violation <= bound2;
  let severity = rounding ? '提示' : rule.severity;
  // a realigned cell: does the mismatch persist under every other reading of it?
  let reading: 'realigned' | 'uncertain' | undefined;
  let readingNote = '';
  if (!rounding) {
    const sides: Array<[Side, 1 | -1]> = [
      [lhs, 1],
      [rhs, -1],
    ];
    let resolvable = false;
    for (const [s, dir] of sides) {
      for (const r of s.reads) {
        if (!r.reading) continue;
        reading = reading === 'uncertain' ? reading : r.reading;
        for (const alt of [...r.alternatives, 0n]) {
          const d = diff + BigInt(dir) * BigInt(r.sign) * (alt - r.value);
          if (2n * violationOf(op, d) <= bound2) resolvable = true;
        }
      }
    }
    if (reading) {
      if (resolvable && severity === '错误') severity = '警告';
      readingNote = resolvable
        ? '；所用数据在读取时经过重新对齐（或归属不确定），按同一行的另一种读法关系成立，请人工核对'
        : '；所用数据在读取时经过重新对齐，但按同一行的任何读法关系都不成立';
    }
  }
  const half = (b2: Fen) => (ctx.unit === '万元' ? formatWan(b2 / 2n, 3) : fenToDecimalString(b2 / 2n, '元'));
  const vars: Record<string, string> = {
    table: table ?? '',
    row: row ?? '',
    column: column ?? lhs.location?.column ?? '',
    lhs: ctx.show(lhs.value),
    rhs: ctx.show(rhs.value),
    diff: ctx.show(diff),
    bound: half(bound2),
  };
  const message =
    fill(rule.message, vars) +
    (rounding
      ? `（差额在舍入误差范围 ±${vars.bound} ${ctx.unit}内，属尾数误差）`
      : `（超出舍入误差范围 ±${vars.bound} ${ctx.unit}${readingNote}）`);
  const location: FindingLocation = lhs.location ??
    rhs.location ?? { ...(table ? { table } : {}), ...(row ? { row } : {}) };
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: severity as Finding['severity'],
    message,
    location: { ...location, ...(row !== undefined ? { row } : {}) },
    lhs: vars.lhs,
    rhs: vars.rhs,
    difference: vars.diff,
    bound: vars.bound,
    ...(reading ? { reading } : {}),
    cells: [...lhs.cells, ...rhs.cells],
  };
}

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
