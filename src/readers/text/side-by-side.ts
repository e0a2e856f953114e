/**
 * Side-by-side tables (收支总表, 财政拨款收支总表): every printed line holds several halves, each a
 * label column followed by one or more value columns (and sometimes a 行次 column). Each half is
 * read on its own; rows are keyed by the printed label (the template's explicit key where a label
 * repeats within a half), columns by "<group>/<label header>/<value header>".
 */
import { parseAmount } from '../../core/money/amount.ts';
import { sectionCellColumn } from '../../core/templates/engine.ts';
import type { TableTemplate } from '../../core/templates/schema.ts';
import { cellAt, filled, type TextLine } from './lines.ts';
import { isDecimalAmount, isInteger, labelKey, matchKey, nameKey, stripNumbering } from './normalise.ts';
import { isColumnNumberLine } from './rows.ts';
import type { ReadCell, ReadContext, Repair } from './types.ts';

interface Half {
  readonly group: string;
  readonly labelHeader?: string;
  readonly valueHeaders: readonly string[];
  /** the cell column key of a value header */
  readonly column: (valueHeader: string) => string;
  /** template rows in order (labels and explicit keys) */
  readonly rows: ReadonlyArray<{ label: string; key?: string }>;
}

export function halvesOf(t: TableTemplate): Half[] {
  if (t.layout === 'side-by-side') {
    return t.sections.map((s) => ({
      group: s.group,
      // the first printed key column: the code column when there is one
      labelHeader: s.codeHeader ?? s.labelHeader,
      valueHeaders: [s.valueHeader, ...(s.fundColumns ?? []).map((f) => f.header)],
      column: (h: string) => sectionCellColumn(s, h),
      rows: [...s.rows, ...s.footer].map((r) => ({ label: r.label, ...(r.key ? { key: r.key } : {}) })),
    }));
  }
  if (t.layout === 'reference') {
    const out: Array<{
      group: string;
      labelHeader?: string;
      valueHeaders: string[];
      column: (h: string) => string;
      rows: [];
    }> = [];
    for (const c of t.columns) {
      const segs = c.split('/').filter((s) => s !== '');
      const group = segs[0] ?? '';
      const labelHeader = segs.length >= 3 ? segs[1] : undefined;
      const value = segs.length >= 3 ? segs.slice(2).join('/') : (segs[1] ?? segs[0] ?? '');
      const last = out[out.length - 1];
      if (last && last.group === group && last.labelHeader === labelHeader) last.valueHeaders.push(value);
      else
        out.push({
          group,
          ...(labelHeader ? { labelHeader } : {}),
          valueHeaders: [value],
          column: (h) => [group, ...(labelHeader ? [labelHeader] : []), h].filter((x) => x !== '').join('/'),
          rows: [],
        });
    }
    return out;
  }
  return [];
}

interface Placed {
  readonly half: Half;
  readonly labelField: number;
  readonly valueFields: readonly number[];
}

function isAmountText(s: string): boolean {
  return isDecimalAmount(s) || /^\d+$/.test(s);
}

/** Where each half's label and values are printed, from the header lines. */
function place(halves: readonly Half[], header: readonly TextLine[]): Placed[] {
  const headerCells = header.flatMap((l) => filled(l).map((c) => ({ col: c.col, key: matchKey(c.text) })));
  const at = (key: string, from: number) =>
    headerCells.filter((c) => c.key === key && c.col >= from).sort((a, b) => a.col - b.col)[0]?.col;
  const placed: Placed[] = [];
  let next = 0;
  for (const h of halves) {
    const labelKeyText = matchKey(h.labelHeader ?? '项目');
    let labelField = at(labelKeyText, next) ?? at('项目', next);
    // a later half's label header must not be taken by an earlier half
    if (labelField === undefined) labelField = next;
    const valueFields: number[] = [];
    let from = labelField + 1;
    for (const v of h.valueHeaders) {
      const f = at(matchKey(v), from);
      const chosen = f !== undefined ? f : from + (at('行次', from) === from ? 1 : 0);
      valueFields.push(chosen);
      from = chosen + 1;
    }
    placed.push({ half: h, labelField, valueFields });
    next = from;
  }
  return placed;
}

export function readSideBySide(
  body: readonly TextLine[],
  template: TableTemplate,
  table: string,
  ctx: ReadContext,
  /** number of header lines when the caller knows it (tables rebuilt by positioned.ts) */
  headerLines?: number,
): { cells: ReadCell[]; repairs: Repair[]; facts: Array<{ name: string; fen: bigint }> } {
  const halves = halvesOf(template);
  const start =
    headerLines !== undefined
      ? Math.min(headerLines, body.length)
      : body.findIndex((l) => filled(l).some((c) => isDecimalAmount(c.text)));
  const header = start < 0 ? body : body.slice(0, start);
  const data = start < 0 ? [] : body.slice(start).filter((l) => !isColumnNumberLine(l));
  const placed = place(halves, header);
  const cells: ReadCell[] = [];
  const repairs: Repair[] = [];
  const facts: Array<{ name: string; fen: bigint }> = [];
  const seen = new Set<string>();
  const pointers = placed.map(() => 0);
  const used = new Set<string>();
  for (const l of data) {
    ctx.cursor.at(l);
    placed.forEach((p, hi) => {
      const end = placed[hi + 1]?.labelField ?? Number.POSITIVE_INFINITY;
      let label = cellAt(l, p.labelField);
      let code: string | undefined;
      // a code column before the name (科目代码 | 科目名称 | 决算数)
      if (isInteger(label) && label.length >= 3) {
        code = label;
        label = cellAt(l, p.labelField + 1);
      }
      const values = p.valueFields.map((f) => ({ f, text: f < end ? cellAt(l, f) : '' }));
      // label and amount printed in one cell ("一、基本支出 448.93")
      const merged = /^(.*\S)\s+(-?\d[\d,]*(?:\.\d+)?)$/.exec(label);
      if (merged && values.every((v) => v.text === '' || !isAmountText(v.text))) {
        label = merged[1]!;
        values[0] = { f: p.labelField, text: merged[2]! };
      }
      // the key is taken for every printed label, so that repeated labels find their template row
      const key = code ?? rowKey(p.half, label, pointers, hi, used);
      const printed = values.filter((v) => v.text !== '');
      if (printed.length === 0) return;
      if (key === '') {
        repairs.push({
          table,
          line: l.line,
          what: `金额 ${printed.map((v) => v.text).join('、')} 没有行名称，未读取`,
          dropped: printed.map((v) => v.text),
        });
        return;
      }
      values.forEach((v, vi) => {
        if (v.text === '') return;
        const parsed = parseAmount(v.text, ctx.unit);
        if (parsed.kind !== 'value') {
          if (parsed.kind === 'error' && !/^\d+$/.test(v.text))
            repairs.push({ table, line: l.line, what: `“${v.text}”不是有效的金额，未读取` });
          return;
        }
        const column = p.half.column(p.half.valueHeaders[vi]!);
        const id = `${key}\u0000${column}`;
        if (seen.has(id)) {
          repairs.push({ table, line: l.line, what: `行“${key}”列“${column}”重复出现，${v.text} 未读取` });
          return;
        }
        seen.add(id);
        const rawCell = l.cells[v.f]?.raw ?? v.text;
        cells.push({ row: key, column, value: v.text, fen: parsed.fen, page: l.page, line: l.line, raw: rawCell });
        facts.push({ name: nameKey(label), fen: parsed.fen });
      });
    });
  }
  return { cells, repairs, facts };
}

/**
 * The printed label as key, or the template's explicit key when the label repeats in the half.
 * A label no template row knows that repeats in its half (Shanghai 04表 prints "一、一般公共预算财政拨款"
 * under 本年收入 and again under 年初财政拨款结转和结余) is keyed without its numbering the second
 * time, as documents print it that do not number it ("一般公共预算财政拨款"), else with "#2".
 */
function rowKey(h: Half, label: string, pointers: number[], hi: number, used: Set<string>): string {
  const printed = labelKey(label);
  if (printed === '') return '';
  const k = matchKey(printed);
  const from = pointers[hi] ?? 0;
  let idx = h.rows.findIndex((r, i) => i >= from && matchKey(r.label) === k);
  if (idx < 0) idx = h.rows.findIndex((r) => matchKey(r.label) === k);
  if (idx < 0) {
    let key = printed;
    if (used.has(`${hi}\u0000${key}`)) {
      const bare = stripNumbering(printed);
      key = bare !== printed && !used.has(`${hi}\u0000${bare}`) ? bare : `${printed}#2`;
      for (let n = 3; used.has(`${hi}\u0000${key}`); n++) key = `${printed}#${n}`;
    }
    used.add(`${hi}\u0000${key}`);
    return key;
  }
  pointers[hi] = idx + 1;
  return h.rows[idx]!.key ?? printed;
}
