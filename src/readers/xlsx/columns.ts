/**
 * Columns of a grid sheet read from its header block. A multi-row header with merged cells gives
 * every sheet column a path (the texts of the merged header cells above it, top to bottom, each
 * merged range once). When those paths are the template's columns in order — Mingzhang's own
 * workbooks — the sheet is read as laid out. Otherwise each template column is found in the
 * header by its path (the whole path, else the longest matching tail, left to right), and the
 * rows are re-laid in template order before the grid reader sees them; template columns the
 * header lacks and sheet columns with data that no template column claims are reported.
 */
import type { GridTableTemplate } from '../../core/templates/schema.ts';
import { filled, type TextCell, type TextLine } from '../text/lines.ts';
import { isDecimalAmount, isInteger, isTotalLabel, matchKey } from '../text/normalise.ts';
import { isColumnNumberLine } from '../text/rows.ts';
import { type ColumnModel, gridColumnModel } from '../text/templates.ts';
import { masterOf, type SheetData, sheetColumn } from './sheet.ts';

/** Header path of every line column: texts of the header cells above it, merged ranges once. */
export function headerPaths(sheet: SheetData, header: readonly TextLine[], width: number): string[][] {
  const rows = new Set(header.map((l) => l.line));
  const textAt = (row: number, col: number) => sheet.lines[row - 1]?.cells[col]?.text ?? '';
  const out: string[][] = [];
  for (let c = 0; c < width; c++) {
    const seen = new Set<string>();
    const path: string[] = [];
    for (const l of header) {
      const m = masterOf(sheet, l.line, c);
      const id = `${m.row},${m.col}`;
      if (seen.has(id)) continue;
      seen.add(id);
      // a range merged down from above the header block (a caption) is not part of it
      if (m.row !== l.line && !rows.has(m.row)) continue;
      const text = textAt(m.row, m.col);
      if (text !== '') path.push(text);
    }
    out.push(path);
  }
  return out;
}

/** Segments two paths share at their ends (leaf first). */
function commonTail(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && matchKey(a[a.length - 1 - n]!) === matchKey(b[b.length - 1 - n]!)) n++;
  return n;
}

export interface Projection {
  /** rows re-laid in template column order (the body as given when the sheet is laid out as the template) */
  readonly body: readonly TextLine[];
  /** the grid's column model */
  readonly model: ColumnModel;
  /** line column of the sheet for each model column (undefined: not printed) */
  readonly sheetCol: ReadonlyArray<number | undefined>;
  /** notes about the mapping (Chinese) */
  readonly notes: ReadonlyArray<{ row: number; col?: number; what: string }>;
  /** index of the first data row in `body` (−1: none) */
  readonly dataStart: number;
}

export function projectGrid(
  sheet: SheetData,
  body: readonly TextLine[],
  template: GridTableTemplate,
  totals: readonly string[],
): Projection {
  const model = gridColumnModel(template);
  const width = body.reduce((w, l) => Math.max(w, l.cells.length), 0);
  const dataStart = firstDataLine(body, headerWords(model.columns.map((c) => c.path)), totals);
  const header = (dataStart < 0 ? body : body.slice(0, dataStart)).filter((l) => !isColumnNumberLine(l));
  const identity = model.columns.map((_, i) => (i < width ? i : undefined));
  const literal: Projection = { body, model, sheetCol: identity, notes: [], dataStart };
  if (header.length === 0 || dataStart < 0) return literal;
  const paths = headerPaths(sheet, header, width);
  const wanted = model.columns.map((c) => c.path);
  if (
    wanted.length <= width &&
    wanted.every((p, i) => pathKey(p) === pathKey(paths[i] ?? [])) &&
    !hasData(body.slice(dataStart), wanted.length, width)
  )
    return literal;

  const map = mapColumns(paths, wanted);
  const used = new Set(map.filter((j): j is number => j !== undefined));
  const amountCols = model.columns.filter((c) => c.role === 'amount');
  const foundAmounts = amountCols.filter((c) => map[c.index] !== undefined).length;
  const top = header[0]!.line;
  if (foundAmounts < Math.max(1, Math.ceil(amountCols.length / 2))) {
    return {
      ...literal,
      notes: [
        {
          row: top,
          what: `表头与模板“${template.title}”的列不相符（只认出 ${foundAmounts}/${amountCols.length} 个金额列），按列的位置读取`,
        },
      ],
    };
  }
  const notes: Array<{ row: number; col?: number; what: string }> = [];
  const moved = map.some((j, i) => j !== undefined && j !== i);
  if (moved)
    notes.push({
      row: top,
      what: `表头的列与模板“${template.title}”的排列不同，已按表头名称对应各列读取`,
    });
  map.forEach((j, i) => {
    const col = model.columns[i]!;
    if (j === undefined && col.role === 'amount')
      notes.push({ row: top, what: `表头中没有模板的列“${col.key}”，该列未读取` });
  });
  const data = body.slice(dataStart);
  paths.forEach((p, j) => {
    if (used.has(j)) return;
    const withData = data.find((l) => (l.cells[j]?.text ?? '') !== '');
    if (withData)
      notes.push({
        row: withData.line,
        col: j,
        what: `${sheetColumn(sheet, j)} 列“${p.join('/') || '（无表头）'}”不是模板“${template.title}”中的列，其内容未读取`,
      });
  });
  const relaid = body.map((l) => relay(l, map));
  return { body: relaid, model, sheetCol: map, notes, dataStart };
}

/**
 * The first row below the header block. A header row prints no amount and no code, and at least
 * half of its texts are header texts of the template (a sheet may add columns of its own, such as
 * 备注); a lone 合计 under the header is the total row of an empty table.
 */
export function firstDataLine(
  body: readonly TextLine[],
  words: ReadonlySet<string>,
  totals: readonly string[],
): number {
  let headerRows = 0;
  for (let i = 0; i < body.length; i++) {
    const l = body[i]!;
    if (l.blank || isColumnNumberLine(l)) continue;
    const f = filled(l);
    if (f.some((c) => isDecimalAmount(c.text) || (isInteger(c.text) && c.text.length >= 3))) return i;
    const known = f.filter((c) => words.has(matchKey(c.text))).length;
    const header = known > 0 && known * 2 >= f.length;
    const loneTotal = f.length === 1 && isTotalLabel(f[0]!.text, totals);
    if (!header || (loneTotal && headerRows > 0)) return i;
    headerRows++;
  }
  return -1;
}

/** Comparison keys of every header text of the given column paths. */
export function headerWords(paths: ReadonlyArray<readonly string[]>): Set<string> {
  return new Set(paths.flatMap((p) => p.map(matchKey)));
}

/**
 * The sheet column of each wanted path: first every path found whole (in order, each sheet column
 * once), then the rest by the longest matching tail, preferring columns right of the previous one.
 */
export function mapColumns(
  paths: ReadonlyArray<readonly string[]>,
  wanted: ReadonlyArray<readonly string[]>,
): Array<number | undefined> {
  const map: Array<number | undefined> = wanted.map(() => undefined);
  const used = new Set<number>();
  wanted.forEach((p, i) => {
    const key = pathKey(p);
    const hit = paths.findIndex((q, j) => !used.has(j) && pathKey(q) === key);
    if (hit >= 0) {
      map[i] = hit;
      used.add(hit);
    }
  });
  wanted.forEach((p, i) => {
    if (map[i] !== undefined) return;
    const prev = map.slice(0, i).reduce<number>((m, x) => (x !== undefined ? Math.max(m, x) : m), -1);
    let best = -1;
    let bestScore = 0;
    paths.forEach((q, j) => {
      if (used.has(j)) return;
      const tail = commonTail(p, q);
      if (tail === 0) return;
      const score = tail * 2 + (j > prev ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    });
    if (best >= 0) {
      map[i] = best;
      used.add(best);
    }
  });
  return map;
}

export function pathKey(path: readonly string[]): string {
  return path.map(matchKey).join('/');
}

function hasData(data: readonly TextLine[], from: number, width: number): boolean {
  return data.some((l) => l.cells.some((c) => c.col >= from && c.col < width && c.text !== ''));
}

function relay(l: TextLine, map: ReadonlyArray<number | undefined>): TextLine {
  const cells: TextCell[] = map.map((j, i) => {
    const c = j === undefined ? undefined : l.cells[j];
    return { text: c?.text ?? '', raw: c?.raw ?? '', col: i, x: i };
  });
  return { ...l, cells, blank: cells.every((c) => c.text === '') };
}
