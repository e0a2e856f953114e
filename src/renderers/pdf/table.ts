/**
 * One table of the package on print pages: column widths from what the cells hold (amounts and
 * codes never wrap, names wrap), portrait when that fits the width of A4 portrait, else landscape,
 * and a smaller type size only when even landscape is too narrow. The header block is repeated on
 * every page; pages break between rows — never inside a row, nor inside rows tied by a body merge,
 * unless such a group is taller than a page.
 */
import type { PackageTable } from '../../core/package/model.ts';
import {
  A4,
  alignedText,
  type Box,
  baselineIn,
  type FontRole,
  MARGIN,
  type Measure,
  naturalWidth,
  type Op,
  type Pages,
  wrap,
} from './plan.ts';

export const BODY_SIZE = 9;
const MIN_SIZE = 5;
const TITLE_SIZE = 15;
const PAD_X = 3;
const PAD_Y = 2.5;
const LINE = 1.32;
const HEADER_FILL = '#eeeeee';
const BORDER = 0.6;

interface Geometry {
  readonly landscape: boolean;
  readonly size: number;
  readonly widths: readonly number[];
}

type Align = 'left' | 'center' | 'right';

interface CellSpec {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly text: string;
  readonly font: FontRole;
  readonly align: Align;
}

function usableWidth(landscape: boolean): number {
  return (landscape ? A4.long : A4.short) - MARGIN.left - MARGIN.right;
}

/** Body merges that lie inside the body, first one wins where they overlap (as the HTML does). */
function bodyMerges(table: PackageTable): { spans: Map<string, [number, number]>; covered: Set<string> } {
  const spans = new Map<string, [number, number]>();
  const covered = new Set<string>();
  const nrows = table.rows.length;
  const ncols = table.columns.length;
  for (const m of table.merges) {
    if (m.top < 0 || m.left < 0 || m.bottom >= nrows || m.right >= ncols || m.bottom < m.top || m.right < m.left) {
      continue;
    }
    const key = `${m.top},${m.left}`;
    if (covered.has(key) || spans.has(key)) continue;
    let clash = false;
    for (let r = m.top; r <= m.bottom && !clash; r++) {
      for (let c = m.left; c <= m.right; c++)
        if (covered.has(`${r},${c}`) || (spans.has(`${r},${c}`) && (r !== m.top || c !== m.left))) clash = true;
    }
    if (clash) continue;
    spans.set(key, [m.bottom - m.top + 1, m.right - m.left + 1]);
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r},${c}`);
    }
  }
  return { spans, covered };
}

function bodyCells(table: PackageTable): CellSpec[] {
  const { spans, covered } = bodyMerges(table);
  const out: CellSpec[] = [];
  table.rows.forEach((row, r) => {
    const bold = row.kind === 'total';
    for (let c = 0; c < table.columns.length; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const [rowSpan, colSpan] = spans.get(`${r},${c}`) ?? [1, 1];
      const role = table.columns[c]?.role ?? 'label';
      const align: Align = role === 'amount' ? 'right' : role === 'code' ? 'left' : 'left';
      out.push({
        row: r,
        col: c,
        rowSpan,
        colSpan,
        text: row.texts[c] ?? '',
        font: bold ? 'serifBold' : 'serif',
        align: role === 'amount' && colSpan > 1 ? 'left' : align,
      });
    }
  });
  return out;
}

function headerCells(table: PackageTable): CellSpec[] {
  return table.headerRows.flat().map((h) => ({
    row: h.row,
    col: h.col,
    rowSpan: Math.max(1, h.rowSpan),
    colSpan: Math.max(1, h.colSpan),
    text: h.text,
    font: 'serifBold' as FontRole,
    align: 'center' as Align,
  }));
}

/** Column widths at `size`: what each column wants, and the least it can do with. */
function columnNeeds(
  measure: Measure,
  table: PackageTable,
  body: readonly CellSpec[],
  size: number,
): { want: number[]; least: number[]; natural: number[] } {
  const n = table.columns.length;
  const want: number[] = [];
  const least: number[] = [];
  const naturals: number[] = [];
  for (let c = 0; c < n; c++) {
    const col = table.columns[c];
    const nowrap = col?.role === 'amount' || col?.role === 'code';
    const own = body.filter((b) => b.col === c && b.colSpan === 1);
    const natural = Math.max(0, ...own.map((b) => naturalWidth(measure, b.font, size, b.text))) + 2 * PAD_X;
    const hint = Math.max(4, col?.width ?? 10) * (size / 2) + 2 * PAD_X;
    naturals.push(natural);
    // a header can wrap down to two characters a line
    const headerLeast = 2 * size + 2 * PAD_X;
    if (nowrap) {
      const w = Math.max(natural, headerLeast, 3 * size);
      want.push(Math.max(w, Math.min(hint, 7 * size)));
      least.push(w);
    } else {
      const longestToken = Math.max(
        0,
        ...own.flatMap((b) => (b.text.match(/[A-Za-z0-9.,%\-+_/]+/g) ?? []).map((t) => measure(b.font, t) * size)),
      );
      const floor = Math.max(headerLeast, 6 * size + 2 * PAD_X, longestToken + 2 * PAD_X);
      want.push(Math.max(floor, Math.min(natural, hint)));
      least.push(floor);
    }
  }
  return { want, least, natural: naturals };
}

export function tableGeometry(measure: Measure, table: PackageTable): Geometry {
  const body = bodyCells(table);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  let size = BODY_SIZE;
  let { want, least, natural } = columnNeeds(measure, table, body, size);
  const landscape = sum(want) > usableWidth(false);
  const usable = usableWidth(landscape);
  // even the least widths are too wide: a smaller type (padding does not shrink with it, so step)
  while (sum(least) > usable && size > MIN_SIZE) {
    size = Math.max(MIN_SIZE, size - 0.25);
    ({ want, least, natural } = columnNeeds(measure, table, body, size));
  }
  let widths = [...want];
  if (sum(widths) > usable) {
    // shrink the wrapping columns toward their least widths, in proportion to what they can give
    const give = sum(want) - sum(least);
    const over = sum(want) - usable;
    widths = want.map((w, i) => (give > 0 ? w - ((w - (least[i] ?? w)) * Math.min(over, give)) / give : w));
  }
  if (sum(widths) > usable) {
    const f = usable / sum(widths);
    widths = widths.map((w) => w * f);
  } else {
    // spare width goes first to columns that would otherwise wrap, then by the template's hints
    let spare = usable - sum(widths);
    const short = widths.map((w, i) => Math.max(0, (natural[i] ?? 0) - w));
    const shortTotal = sum(short);
    if (shortTotal > 0) {
      const k = Math.min(1, spare / shortTotal);
      widths = widths.map((w, i) => w + (short[i] ?? 0) * k);
      spare -= shortTotal * k;
    }
    const hints = table.columns.map((c) => Math.max(1, c.width));
    const total = sum(hints);
    widths = widths.map((w, i) => w + (spare * (hints[i] ?? 1)) / total);
  }
  return { landscape, size, widths };
}

interface Laid {
  readonly spec: CellSpec;
  readonly lines: string[];
}

function layCells(
  measure: Measure,
  cells: readonly CellSpec[],
  xs: readonly number[],
  size: number,
  nowrap: readonly boolean[] = [],
): Laid[] {
  return cells.map((spec) => {
    const w = (xs[spec.col + spec.colSpan] ?? 0) - (xs[spec.col] ?? 0) - 2 * PAD_X;
    if (spec.text === '') return { spec, lines: [] };
    if (spec.colSpan === 1 && nowrap[spec.col]) return { spec, lines: spec.text.split(/\r?\n/) };
    return { spec, lines: wrap(measure, spec.font, size, spec.text, w) };
  });
}

/** Heights of `n` rows so that every cell's lines fit (spanning cells grow their last row). */
function rowHeights(laid: readonly Laid[], n: number, size: number): number[] {
  const lh = size * LINE;
  const hs = Array.from({ length: n }, () => lh + 2 * PAD_Y);
  const need = (l: Laid) => Math.max(1, l.lines.length) * lh + 2 * PAD_Y;
  for (const l of laid) {
    if (l.spec.rowSpan === 1 && l.spec.row < n) hs[l.spec.row] = Math.max(hs[l.spec.row] ?? 0, need(l));
  }
  for (const l of [...laid].filter((x) => x.spec.rowSpan > 1).sort((a, b) => a.spec.rowSpan - b.spec.rowSpan)) {
    const last = Math.min(n, l.spec.row + l.spec.rowSpan) - 1;
    let have = 0;
    for (let r = l.spec.row; r <= last; r++) have += hs[r] ?? 0;
    if (have < need(l)) hs[last] = (hs[last] ?? 0) + need(l) - have;
  }
  return hs;
}

/** Row groups that must stay on one page: rows tied together by a body merge. */
function rowGroups(body: readonly CellSpec[], n: number): [number, number][] {
  const end = Array.from({ length: n }, (_, r) => r);
  for (const b of body) {
    if (b.rowSpan > 1) end[b.row] = Math.max(end[b.row] ?? b.row, b.row + b.rowSpan - 1);
  }
  const groups: [number, number][] = [];
  let r = 0;
  while (r < n) {
    let last = end[r] ?? r;
    for (let k = r; k <= last; k++) last = Math.max(last, end[k] ?? k);
    groups.push([r, last]);
    r = last + 1;
  }
  return groups;
}

function drawCell(
  ops: Op[],
  measure: Measure,
  l: Laid,
  xs: readonly number[],
  tops: readonly number[],
  heights: readonly number[],
  size: number,
  fill?: string,
): void {
  const { spec } = l;
  const x = xs[spec.col] ?? 0;
  const w = (xs[spec.col + spec.colSpan] ?? x) - x;
  const y = tops[spec.row] ?? 0;
  let h = 0;
  for (let r = spec.row; r < spec.row + spec.rowSpan; r++) h += heights[r] ?? 0;
  const box: Box = { x, y, w, h };
  ops.push(fill ? { kind: 'rect', box, fill, stroke: BORDER } : { kind: 'rect', box, stroke: BORDER });
  const lh = size * LINE;
  const top = y + (h - l.lines.length * lh) / 2;
  l.lines.forEach((line, i) => {
    if (line === '') return;
    ops.push(
      alignedText(
        measure,
        spec.font,
        size,
        x + PAD_X,
        w - 2 * PAD_X,
        baselineIn(top + i * lh, lh, size),
        line,
        spec.align,
        {
          cell: box,
        },
      ),
    );
  });
}

/** Captions on one line when they fit (unit left, amount unit right), else one a line. */
function captionLines(measure: Measure, captions: readonly string[], width: number, size: number): [string, string][] {
  const cs = captions.map((c) => c.trim()).filter((c) => c !== '');
  if (cs.length === 0) return [];
  const isUnit = (c: string) => /金额单位|^\s*单位\s*[:：]\s*(万元|元)\s*$/.test(c);
  const right = cs.length === 2 ? [cs[1] as string] : cs.filter(isUnit);
  const left = cs.filter((c) => !right.includes(c));
  const l = left.join('　');
  const r = right.join('　');
  const w = (s: string) => measure('serif', s) * size;
  if (w(l) + w(r) + 2 * size <= width) return [[l, r]];
  return [...left.map((c): [string, string] => [c, '']), ...right.map((c): [string, string] => ['', c])];
}

/**
 * Lays `table` out from a new page on; returns the number of its first page. `dest` names the
 * destination the 目录 links to.
 */
export function layoutTable(pages: Pages, measure: Measure, table: PackageTable, dest: string): number {
  const g = tableGeometry(measure, table);
  const size = g.size;
  const xs: number[] = [MARGIN.left];
  for (const w of g.widths) xs.push((xs[xs.length - 1] ?? 0) + w);
  const tableW = (xs[xs.length - 1] ?? 0) - MARGIN.left;
  const head = layCells(measure, headerCells(table), xs, size);
  const depth = Math.max(table.headerDepth, ...head.map((h) => h.spec.row + h.spec.rowSpan), 0);
  const headH = rowHeights(head, depth, size);
  const bodySpecs = bodyCells(table);
  const nowrap = table.columns.map((c) => c.role === 'amount' || c.role === 'code');
  const body = layCells(measure, bodySpecs, xs, size, nowrap);
  const bodyH = rowHeights(body, table.rows.length, size);
  const groups = rowGroups(bodySpecs, table.rows.length);

  let page = pages.add(g.landscape);
  const first = pages.number;
  const bottom = () => page.height - MARGIN.bottom;
  page.ops.push({ kind: 'dest', name: dest, y: MARGIN.top });
  let y = MARGIN.top;
  const title = table.printedTitle.trim() || table.title;
  const titleLh = TITLE_SIZE * 1.4;
  for (const line of wrap(measure, 'sans', TITLE_SIZE, title, tableW)) {
    page.ops.push(
      alignedText(measure, 'sans', TITLE_SIZE, MARGIN.left, tableW, baselineIn(y, titleLh, TITLE_SIZE), line, 'center'),
    );
    y += titleLh;
  }
  y += 4;
  const capSize = Math.min(BODY_SIZE, size + 1);
  const capLh = capSize * 1.5;
  for (const [l, r] of captionLines(measure, table.captions, tableW, capSize)) {
    const base = baselineIn(y, capLh, capSize);
    if (l) page.ops.push(alignedText(measure, 'serif', capSize, MARGIN.left, tableW, base, l, 'left'));
    if (r) page.ops.push(alignedText(measure, 'serif', capSize, MARGIN.left, tableW, base, r, 'right'));
    y += capLh;
  }
  y += 2;

  const drawHeader = () => {
    const tops: number[] = [];
    let t = y;
    for (const h of headH) {
      tops.push(t);
      t += h;
    }
    for (const l of head) drawCell(page.ops, measure, l, xs, tops, headH, size, HEADER_FILL);
    y = t;
  };
  if (depth > 0) drawHeader();

  let rowsOnPage = 0;
  const heightOf = (a: number, b: number) => {
    let h = 0;
    for (let r = a; r <= b; r++) h += bodyH[r] ?? 0;
    return h;
  };
  const headTotal = headH.reduce((a, b) => a + b, 0);
  // where each row goes; each cell is then drawn once, on the page of its first row
  const rowTop = new Map<number, { page: typeof page; top: number }>();
  const newPage = () => {
    page = pages.add(g.landscape);
    y = MARGIN.top;
    if (depth > 0) drawHeader();
    rowsOnPage = 0;
  };
  const room = page.height - MARGIN.top - MARGIN.bottom - headTotal;
  for (const [a, b] of groups) {
    const keep = heightOf(a, b) <= room;
    if (keep && rowsOnPage > 0 && y + heightOf(a, b) > bottom()) newPage();
    for (let r = a; r <= b; r++) {
      // a group taller than a page breaks between its rows
      if (!keep && rowsOnPage > 0 && y + (bodyH[r] ?? 0) > bottom()) newPage();
      rowTop.set(r, { page, top: y });
      y += bodyH[r] ?? 0;
      rowsOnPage++;
    }
  }
  for (const l of body) {
    const at = rowTop.get(l.spec.row);
    if (!at) continue;
    const tops: number[] = [];
    tops[l.spec.row] = at.top;
    // a merge split over pages (only when its group is taller than a page) is cut at the page
    let span = 1;
    while (span < l.spec.rowSpan && rowTop.get(l.spec.row + span)?.page === at.page) span++;
    drawCell(at.page.ops, measure, { spec: { ...l.spec, rowSpan: span }, lines: l.lines }, xs, tops, bodyH, size);
  }

  if (table.note && table.note.trim() !== '') {
    const noteLh = capSize * 1.5;
    const lines = wrap(measure, 'serif', capSize, table.note.trim(), tableW);
    y += 4;
    if (y + lines.length * noteLh > bottom()) {
      page = pages.add(g.landscape);
      y = MARGIN.top;
    }
    for (const line of lines) {
      page.ops.push(
        alignedText(measure, 'serif', capSize, MARGIN.left, tableW, baselineIn(y, noteLh, capSize), line, 'left'),
      );
      y += noteLh;
    }
  }
  return first;
}
