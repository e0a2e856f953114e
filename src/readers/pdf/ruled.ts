/**
 * Ruled tables of a PDF as worksheets: the form most Hunan-style disclosures are printed in (one
 * bordered grid per table, header rows repeated on each page), whoever printed them — Mingzhang's
 * own PDF, LibreOffice printing the workbook, Chromium printing the web page.
 *
 *   rulings (rulings.ts) ──▶ grids: the lines' x and y positions give the columns and rows; two
 *   neighbouring grid cells with no line between them are one (merged) cell
 *   text items ──▶ the cell their centre falls in (lines of a cell joined: wrapped names are one
 *   text); items outside every grid are plain lines (titles, captions, 注, the 说明)
 *   pages ──▶ sheets: a page that starts with a grid continues the table of the page before, its
 *   repeated header rows dropped
 *
 * The sheets have the shape the workbook reader reads (readers/xlsx), so tables are matched and
 * read exactly as from the workbook: every cell already sits in its column.
 */
import type { TextCell, TextLine } from '../text/lines.ts';
import { cleanCellText, isDecimalAmount } from '../text/normalise.ts';
import type { SheetCellInfo, SheetData } from '../xlsx/sheet.ts';
import { normaliseCjk } from './cjk.ts';
import type { PdfItem, PdfPage } from './extract.ts';
import { cellsOf, groupLines } from './layout.ts';
import type { Segment } from './rulings.ts';

const TOL = 1.5;

interface GridCell {
  readonly r: number;
  readonly c: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface Grid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly cells: readonly GridCell[];
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let k = i;
    while (this.parent[k] !== r) {
      const next = this.parent[k] as number;
      this.parent[k] = r;
      k = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Collinear segments that overlap or touch, joined. */
function joinSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const dir of ['h', 'v'] as const) {
    const list = segments.filter((s) => s.dir === dir).sort((a, b) => a.at - b.at || a.from - b.from);
    const lanes: Segment[][] = [];
    for (const s of list) {
      const lane = lanes.find((l) => Math.abs((l[0] as Segment).at - s.at) <= TOL / 2);
      if (lane) lane.push(s);
      else lanes.push([s]);
    }
    for (const lane of lanes) {
      lane.sort((a, b) => a.from - b.from);
      let cur: Segment | undefined;
      for (const s of lane) {
        if (cur && s.from <= cur.to + TOL) cur = { ...cur, to: Math.max(cur.to, s.to) };
        else {
          if (cur) out.push(cur);
          cur = { ...s };
        }
      }
      if (cur) out.push(cur);
    }
  }
  return out;
}

function cluster(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - (last[last.length - 1] as number) <= TOL) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

/** The bordered grids drawn by `segments`. */
export function findGrids(segments: readonly Segment[]): Grid[] {
  const segs = joinSegments(segments).filter((s) => s.to - s.from > 3);
  const uf = new UnionFind(segs.length);
  const touches = (h: Segment, v: Segment) =>
    v.at >= h.from - TOL * 2 && v.at <= h.to + TOL * 2 && h.at >= v.from - TOL * 2 && h.at <= v.to + TOL * 2;
  segs.forEach((a, i) => {
    if (a.dir !== 'h') return;
    segs.forEach((b, j) => {
      if (b.dir === 'v' && touches(a, b)) uf.union(i, j);
    });
  });
  const groups = new Map<number, Segment[]>();
  segs.forEach((s, i) => {
    const g = groups.get(uf.find(i)) ?? [];
    g.push(s);
    groups.set(uf.find(i), g);
  });
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    const hs = g.filter((s) => s.dir === 'h');
    const vs = g.filter((s) => s.dir === 'v');
    if (hs.length < 2 || vs.length < 2) continue;
    const xs = cluster(vs.map((s) => s.at));
    const ys = cluster(hs.map((s) => s.at));
    // a cell continued from the page before (or onto the next) has vertical lines but no
    // top (bottom) line: the ends of the vertical lines close the grid
    const top = Math.min(...vs.map((s) => s.from));
    const bottom = Math.max(...vs.map((s) => s.to));
    if (ys.length > 0 && top < (ys[0] as number) - 3) ys.unshift(top);
    if (ys.length > 0 && bottom > (ys[ys.length - 1] as number) + 3) ys.push(bottom);
    if (xs.length < 2 || ys.length < 2) continue;
    const hasV = (x: number, y0: number, y1: number) => {
      const m0 = y0 + (y1 - y0) * 0.3;
      const m1 = y1 - (y1 - y0) * 0.3;
      return vs.some((s) => Math.abs(s.at - x) <= TOL && s.from <= m0 && s.to >= m1);
    };
    const hasH = (y: number, x0: number, x1: number) => {
      const m0 = x0 + (x1 - x0) * 0.3;
      const m1 = x1 - (x1 - x0) * 0.3;
      return hs.some((s) => Math.abs(s.at - y) <= TOL && s.from <= m0 && s.to >= m1);
    };
    const nc = xs.length - 1;
    const nr = ys.length - 1;
    const cells = new UnionFind(nc * nr);
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        const y0 = ys[r] as number;
        const y1 = ys[r + 1] as number;
        const x0 = xs[c] as number;
        const x1 = xs[c + 1] as number;
        if (c + 1 < nc && !hasV(x1, y0, y1)) cells.union(r * nc + c, r * nc + c + 1);
        if (r + 1 < nr && !hasH(y1, x0, x1)) cells.union(r * nc + c, (r + 1) * nc + c);
        void y0;
      }
    }
    const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        const k = cells.find(r * nc + c);
        const b = boxes.get(k);
        if (b) {
          b.r0 = Math.min(b.r0, r);
          b.r1 = Math.max(b.r1, r);
          b.c0 = Math.min(b.c0, c);
          b.c1 = Math.max(b.c1, c);
        } else boxes.set(k, { r0: r, r1: r, c0: c, c1: c });
      }
    }
    grids.push({
      xs,
      ys,
      cells: [...boxes.values()].map((b) => ({ r: b.r0, c: b.c0, rowSpan: b.r1 - b.r0 + 1, colSpan: b.c1 - b.c0 + 1 })),
    });
  }
  return grids.sort((a, b) => (a.ys[0] as number) - (b.ys[0] as number));
}

function indexIn(edges: readonly number[], v: number): number {
  for (let i = 0; i + 1 < edges.length; i++) if (v >= (edges[i] as number) && v < (edges[i + 1] as number)) return i;
  return -1;
}

/** Text of the items of one cell: its lines joined (a wrapped name is one text). */
function cellText(items: readonly PdfItem[]): string {
  return groupLines(items)
    .map((row) =>
      cellsOf(row.items)
        .map((p) => p.text)
        .join(' '),
    )
    .join('');
}

/** One row of a page: plain text cells, or a grid row (texts by column, merges). */
type PageRow =
  | { readonly kind: 'text'; readonly y: number; readonly texts: readonly string[] }
  | {
      readonly kind: 'grid';
      readonly y: number;
      readonly grid: number;
      readonly row: number;
      /** the grid's column edges */
      readonly xs: readonly number[];
      /** text by column ('' for cells covered by a merge) */
      readonly texts: readonly string[];
      /** for covered cells: [row offset (≤ 0), master column] */
      readonly masters: readonly (readonly [number, number] | undefined)[];
    };

const PAGE_MARK = /^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*\/\s*\d+)\s*$/;

/** Estimated advance of a character, in font sizes (full-width 1, others about half). */
function advance(ch: string): number {
  return (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.5;
}

/**
 * pdfjs joins the runs of one line into one item when they are close — across a cell border,
 * too (LibreOffice's prints). An item that crosses an inner column edge of a grid is split at its
 * spaces, each word placed by the estimated advance of the characters before it.
 */
function splitAcrossCells(it: PdfItem, grids: readonly Grid[]): PdfItem[] {
  if (!/\s/.test(it.text.trim())) return [it];
  const crosses = grids.some((g) => g.xs.slice(1, -1).some((x) => x > it.x + 1 && x < it.x + it.width - 1));
  if (!crosses) return [it];
  const chars = [...it.text];
  const total = chars.reduce((a, ch) => a + advance(ch), 0) || 1;
  const scale = it.width / total;
  const out: PdfItem[] = [];
  let pos = 0;
  let word = '';
  let start = 0;
  for (const ch of chars) {
    if (/\s/.test(ch)) {
      if (word) out.push({ ...it, text: word, x: it.x + start * scale, width: (pos - start) * scale });
      word = '';
      pos += advance(ch);
      start = pos;
      continue;
    }
    word += ch;
    pos += advance(ch);
  }
  if (word) out.push({ ...it, text: word, x: it.x + start * scale, width: (pos - start) * scale });
  return out;
}

function pageRows(page: PdfPage, grids: readonly Grid[]): PageRow[] {
  const items = page.items.flatMap((it) => splitAcrossCells({ ...it, text: normaliseCjk(it.text) }, grids));
  const inCell = new Map<string, PdfItem[]>();
  const free: PdfItem[] = [];
  for (const it of items) {
    const cx = it.x + it.width / 2;
    const cy = it.y - it.size * 0.3;
    let placed = false;
    grids.forEach((g, gi) => {
      if (placed) return;
      const c = indexIn(g.xs, cx);
      const r = indexIn(g.ys, cy);
      if (c < 0 || r < 0) return;
      const cell = g.cells.find((k) => r >= k.r && r < k.r + k.rowSpan && c >= k.c && c < k.c + k.colSpan);
      if (!cell) return;
      const key = `${gi},${cell.r},${cell.c}`;
      const list = inCell.get(key) ?? [];
      list.push(it);
      inCell.set(key, list);
      placed = true;
    });
    if (!placed) free.push(it);
  }
  const rows: PageRow[] = [];
  for (const line of groupLines(free)) {
    const texts = cellsOf(line.items).map((p) => p.text);
    if (texts.length === 1 && PAGE_MARK.test(texts[0] as string)) continue;
    rows.push({ kind: 'text', y: line.y, texts });
  }
  grids.forEach((g, gi) => {
    const nc = g.xs.length - 1;
    for (let r = 0; r + 1 < g.ys.length; r++) {
      const texts: string[] = new Array(nc).fill('');
      const masters: (readonly [number, number] | undefined)[] = new Array(nc).fill(undefined);
      for (const cell of g.cells) {
        if (r < cell.r || r >= cell.r + cell.rowSpan) continue;
        for (let c = cell.c; c < cell.c + cell.colSpan; c++) {
          if (r === cell.r && c === cell.c) texts[c] = cellText(inCell.get(`${gi},${cell.r},${cell.c}`) ?? []);
          else masters[c] = [cell.r - r, cell.c];
        }
      }
      const y = ((g.ys[r] as number) + (g.ys[r + 1] as number)) / 2;
      rows.push({ kind: 'grid', y, grid: gi, row: r, xs: g.xs, texts, masters });
    }
  });
  return rows.sort((a, b) => a.y - b.y);
}

interface SheetDraft {
  name: string;
  firstPage: number;
  rows: PageRow[];
  /** texts of the first grid's rows, to recognise the header repeated on later pages */
  firstGrid: string[][];
  columns: number;
}

/** Pages (with rulings) → one sheet per table (continued pages joined); pages without grids are sheets of text lines. */
export function ruledSheets(pages: readonly PdfPage[]): { sheets: SheetData[]; grids: number } {
  const drafts: SheetDraft[] = [];
  let gridCount = 0;
  for (const page of pages) {
    const grids = findGrids(page.segments ?? []);
    gridCount += grids.length;
    const prev = drafts[drafts.length - 1];
    const rows = pageRows(page, grids);
    const first = rows[0];
    if (first?.kind === 'grid' && prev && prev.firstGrid.length > 0) {
      // a continued table: drop the header rows it repeats
      let k = 0;
      while (k < rows.length && k < prev.firstGrid.length) {
        const row = rows[k] as PageRow;
        if (row.kind !== 'grid' || row.texts.join('\t') !== (prev.firstGrid[k] as string[]).join('\t')) break;
        k++;
      }
      prev.rows.push(...rows.slice(k));
      continue;
    }
    const firstGrid = rows.filter((r) => r.kind === 'grid' && r.grid === 0).map((r) => [...r.texts]);
    const columns = Math.max(1, ...rows.map((r) => r.texts.length));
    drafts.push({
      name: `第${page.number}页`,
      firstPage: page.number,
      rows,
      firstGrid,
      columns,
    });
  }
  return { sheets: drafts.map((d, i) => toSheet(d, i + 1)), grids: gridCount };
}

/** Column edges of all the grid rows of a sheet, joined (pages of a form table draw different lines). */
function unionEdges(rows: readonly PageRow[]): number[] {
  const all: number[] = [];
  for (const r of rows) if (r.kind === 'grid') all.push(...r.xs);
  const sorted = all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of sorted) if (out.length === 0 || x - (out[out.length - 1] as number) > TOL * 2) out.push(x);
  return out;
}

function toSheet(d: SheetDraft, page: number): SheetData {
  const edges = unionEdges(d.rows);
  const col = (x: number) => {
    let best = 0;
    edges.forEach((e, i) => {
      if (Math.abs(e - x) < Math.abs((edges[best] as number) - x)) best = i;
    });
    return best;
  };
  const width = Math.max(1, edges.length - 1, ...d.rows.filter((r) => r.kind === 'text').map((r) => r.texts.length));
  const lines: TextLine[] = [];
  const infos = new Map<number, Array<SheetCellInfo | undefined>>();
  d.rows.forEach((row, i) => {
    const lineNo = i + 1;
    const texts: string[] = new Array(width).fill('');
    const masters: ({ row: number; col: number } | undefined)[] = new Array(width).fill(undefined);
    if (row.kind === 'text') {
      row.texts.forEach((t, c) => {
        texts[c] = t;
      });
    } else {
      for (let c = 0; c < row.texts.length; c++) {
        const from = col(row.xs[c] as number);
        const to = col(row.xs[c + 1] as number);
        const m = row.masters[c];
        const master = m ? { row: lineNo + m[0], col: col(row.xs[m[1]] as number) } : { row: lineNo, col: from };
        for (let k = from; k < to; k++) {
          if (!m && k === from) texts[k] = row.texts[c] ?? '';
          else masters[k] = master;
        }
      }
    }
    const cells: TextCell[] = [];
    const info: Array<SheetCellInfo | undefined> = new Array(width).fill(undefined);
    for (let c = 0; c < width; c++) {
      const text = texts[c] ?? '';
      cells.push({ text: cleanCellText(text), raw: text, col: c, x: c });
      const m = masters[c];
      info[c] = m ? { text: '', number: false, master: m } : { text, number: isDecimalAmount(text.trim()) };
    }
    infos.set(lineNo, info);
    const raw = cells.map((c) => c.raw).join('\t');
    lines.push({ line: lineNo, page, raw, cells, blank: cells.every((c) => c.text === '') });
  });
  const blank = lines.every((l) => l.blank);
  return { name: d.name, page, lines, firstColumn: 1, cells: infos, blank };
}
