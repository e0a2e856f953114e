/**
 * Tables whose cells are known by position only: `pdftotext -layout` text (columns are runs of
 * spaces, empty cells leave no trace) and PDFs read with pdfjs (cells with real coordinates).
 *
 * The table is rebuilt into fixed fields, one per template column, so that the readers of
 * tab-separated tables (reference.ts, side-by-side.ts) read it unchanged:
 *
 *  1. Header. The lines before the first data line. Every leaf of the template's columns is
 *     looked up in it, left to right, as printed on one line or stacked over several
 *     ("附属单位" / "上缴收入", "政府性基" / "金预算财" / "政拨款"); a column list printed twice
 *     (基本支出 经济分类 table: two 科目名称 | 决算数 blocks) gives two blocks. The label column of
 *     each block is its "项目" / "…名称" header.
 *  2. Blocks. Each line is cut into segments (codes and name, then amounts; a new segment starts
 *     where a key follows an amount, a second name follows a name, a class code follows a code).
 *     Lines that print every block tell where each block starts; the other lines' segments are
 *     placed by those positions, in order. Fields pdftotext (or a PDF producer) ran together
 *     ("91,016,775.35 一、一般公共服务支出", "310资本性支出") are cut apart first.
 *  3. Columns. The amounts of a block are grouped into visual columns (extents that overlap from
 *     line to line) and the groups are mapped, in order, onto the block's template columns: the
 *     mapping closest to the printed header wins (PDF), or, for text, the one that keeps the most
 *     rows arithmetically consistent (合计 = Σ parts), then the closest.
 *  4. Rows. A printed row can spread over several lines: names wrapped in their cell, codes split
 *     over two lines, and amounts printed on a line of their own above or below the row's code and
 *     name (2024_final_shpt_czj). Lines without a row identity (code, total label, numbered label)
 *     join the nearest row that can take them (no column filled twice); amounts moved this way are
 *     reported as repairs, flagged uncertain when another row was as near and the row's arithmetic
 *     does not decide. No value is invented or dropped.
 *
 * The result is a synthetic header line (template leaf names in their fields) followed by one line
 * per assembled row; cells keep their printed text and raw field, lines their page and line number.
 */
import { type AmountUnit, type Fen, parseAmount } from '../../core/money/amount.ts';
import type { ReferenceTableTemplate } from '../../core/templates/schema.ts';
import { horizontalViolations } from './align.ts';
import type { TextCell, TextLine } from './lines.ts';
import { isAmountLike, isInteger, isTotalName, matchKey } from './normalise.ts';
import { halvesOf } from './side-by-side.ts';
import { type ColumnModel, columnModel } from './templates.ts';
import type { Repair } from './types.ts';

export interface PositionedTable {
  /** header line(s) first, then one line per assembled row; cells in fixed fields */
  readonly body: TextLine[];
  /** number of header lines at the start of `body` */
  readonly headerLines: number;
  readonly repairs: Repair[];
}

type Split = 'spaces' | 'positions';

interface Box {
  readonly cell: TextCell;
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly cx: number;
}

interface BlockSpec {
  /** leaf names printed in the synthetic header */
  readonly leaves: readonly string[];
  readonly model: ColumnModel;
  /** label column header in the synthetic header */
  readonly labelHeader: string;
  /** halves of side-by-side tables keep one label field; grid blocks keep codes and name apart */
  readonly half: boolean;
}

interface Located {
  readonly x0: number;
  readonly x1: number;
  readonly cx: number;
}

interface BlockFrame {
  readonly spec: BlockSpec;
  /** the label column header, when found */
  readonly label?: Located;
  /** each leaf's header, when found */
  readonly leaves: ReadonlyArray<Located | undefined>;
}

const HEADER_WORD = /^(?:项目|类|款|项|科目|科目编码|科目名称|栏次|行次)$|科目编码|科目名称|功能分类|经济分类/;
const LABEL_HEADER = /名称$|^项目$/;
/** column names a template may use for what a document prints under another name */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  小计: ['合计'],
  合计: ['小计'],
  金额: ['决算数', '预算数'],
  决算数: ['金额'],
  预算数: ['金额'],
};
const NUMBERED = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))/;
const STRONG_AMOUNT = /^[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$/;
const CODE = /^\d{3,}$/;
const PART = /^\d{2}$/;

// ---------------------------------------------------------------- geometry

function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
}

/** Width of a field of space-aligned text: a wide (CJK) character takes about one and a half columns. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch) ? 1.5 : 1;
  return w;
}

function box(cell: TextCell): Box {
  const width = cell.width ?? textWidth(cell.raw);
  return { cell, text: cell.text, x0: cell.x, x1: cell.x + width, cx: cell.x + width / 2 };
}

/** Relative advance of a character in a proportional font: ideographs a full em, the rest about half. */
function advance(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch) ? 1 : 0.5;
  return w;
}

/**
 * "91,016,775.35 一、一般公共服务支出", "82,096,797.42 82,096,797.42": one field holding two cells
 * (single spaces in space-aligned text; one text item in some PDFs). Cut at the spaces next to an
 * amount; the pieces' positions are estimated from their characters.
 */
function splitMerged(l: TextLine, split: Split): TextLine {
  const out: TextCell[] = [];
  for (const c of l.cells) {
    const raw = c.raw.trim();
    const parts = [...raw.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: m.index }));
    if (parts.length === 1) {
      out.push(...splitCode(c, split));
      continue;
    }
    const pieces: Array<{ from: number; to: number }> = [];
    parts.forEach((p, i) => {
      const prev = parts[i - 1];
      const cut =
        prev !== undefined &&
        (STRONG_AMOUNT.test(prev.text) ||
          (STRONG_AMOUNT.test(p.text) && !/\d$/.test(prev.text)) ||
          (/^\d{2,7}$/.test(prev.text) && /^[\u3400-\u9fff]/.test(p.text)));
      const last = pieces[pieces.length - 1];
      if (last && !cut) last.to = p.at + p.text.length;
      else pieces.push({ from: p.at, to: p.at + p.text.length });
    });
    if (pieces.length === 1) {
      out.push(...splitCode(c, split));
      continue;
    }
    const total = advance(raw);
    for (const piece of pieces) {
      const text = raw.slice(piece.from, piece.to);
      if (split === 'spaces' || c.width === undefined) {
        out.push(...splitCode({ text: cleanText(text), raw: text, col: 0, x: c.x + piece.from }, split));
      } else {
        const x = c.x + (c.width * advance(raw.slice(0, piece.from))) / total;
        const width = (c.width * advance(text)) / total;
        out.push(...splitCode({ text: cleanText(text), raw: text, col: 0, x, width }, split));
      }
    }
  }
  const cells = out.map((c, col) => ({ ...c, col }));
  return { ...l, cells };
}

/** Lines whose fields hold several cells ("4,100,000.00 年度资金申请总额") with those cells apart. */
export function splitFields(lines: readonly TextLine[], split: Split): TextLine[] {
  return lines.map((l) => splitMerged(l, split));
}

function cleanText(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

/** "310资本性支出": a code glued to its name. */
function splitCode(c: TextCell, split: Split): TextCell[] {
  // 类 (3 digits), 款 (5) or 项 (7) code; not a year ("2023年…")
  const m = /^(\d{3}|\d{5}|\d{7})(?=[\u3400-\u9fff])(?![年月日度])/.exec(c.text);
  if (!m) return [c];
  const code = m[1]!;
  const rest = c.text.slice(code.length);
  if (split === 'spaces' || c.width === undefined)
    return [
      { text: code, raw: code, col: 0, x: c.x },
      { text: rest, raw: rest, col: 0, x: c.x + code.length },
    ];
  const w = (c.width * advance(code)) / advance(c.text);
  return [
    { text: code, raw: code, col: 0, x: c.x, width: w },
    { text: rest, raw: rest, col: 0, x: c.x + w, width: c.width - w },
  ];
}

// ---------------------------------------------------------------- header

/** A header field of space-aligned text with single spaces inside ("政府性基金预算 国有资本经营预算"): also its words. */
function tokens(b: Box): Box[] {
  const raw = b.cell.raw;
  if (!/\S \S/.test(raw)) return [b];
  const out: Box[] = [b];
  for (const m of raw.matchAll(/\S+/g)) {
    const w = textWidth(m[0]);
    const x0 = b.x0 + textWidth(raw.slice(0, m.index));
    out.push({ cell: b.cell, text: m[0], x0, x1: x0 + w, cx: x0 + w / 2 });
  }
  return out;
}

function leafKey(s: string): string {
  return matchKey(s.replace(/^\d{4}\s*年度?/, '')).replace(/^\d{4}年度?/, '');
}

interface Candidate extends Located {
  readonly key: string;
}

/** Every header text as printed on one line or stacked over several lines (horizontally overlapping). */
function headerCandidates(header: readonly Box[][], tolerance: number): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (key: string, x0: number, x1: number) => {
    const id = `${key}@${x0}@${x1}`;
    if (seen.has(id) || key === '') return;
    seen.add(id);
    out.push({ key, x0, x1, cx: (x0 + x1) / 2 });
  };
  const extend = (li: number, text: string, x0: number, x1: number, depth: number) => {
    push(leafKey(text), x0, x1);
    if (depth >= 4) return;
    for (let j = li + 1; j < header.length && j <= li + 4; j++) {
      for (const b of header[j]!) {
        if (b.x1 + tolerance < x0 || b.x0 - tolerance > x1) continue;
        extend(j, text + b.text, Math.min(x0, b.x0), Math.max(x1, b.x1), depth + 1);
      }
    }
  };
  header.forEach((line, li) => {
    for (const b of line) extend(li, b.text, b.x0, b.x1, 1);
  });
  return out;
}

function blockSpecs(template: ReferenceTableTemplate): BlockSpec[] {
  if (template.shape === 'side-by-side') {
    return halvesOf(template).map((h) => {
      const paths = h.valueHeaders.map((v) => [h.group, ...(h.labelHeader ? [h.labelHeader] : []), v]);
      return {
        leaves: h.valueHeaders,
        model: columnModel(paths.map((path) => ({ path, role: 'amount' as const }))),
        labelHeader: h.labelHeader ?? '项目',
        half: true,
      };
    });
  }
  const paths = template.columns.map((c) => c.split('/').filter((s) => s !== ''));
  return [
    {
      leaves: paths.map((p) => p[p.length - 1] ?? ''),
      model: columnModel(paths.map((path) => ({ path, role: 'amount' as const }))),
      labelHeader: '科目名称',
      half: false,
    },
  ];
}

/** Locate every block's leaves (and label header) in the header; grid column lists may repeat. */
function frame(specs: readonly BlockSpec[], cands: readonly Candidate[], repeat: boolean): BlockFrame[] {
  const frames: BlockFrame[] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  const locateBlock = (spec: BlockSpec, from: number): { frame: BlockFrame; end: number; found: number } => {
    let at = from;
    const leaves: Array<Located | undefined> = [];
    let first: number | undefined;
    for (const leaf of spec.leaves) {
      const k = leafKey(leaf);
      const keys = [k, ...(SYNONYMS[k] ?? [])];
      const hit = cands
        .filter((c) => keys.includes(c.key) && c.cx > at)
        .sort((a, b) => a.cx - b.cx || a.x1 - a.x0 - (b.x1 - b.x0))[0];
      leaves.push(hit);
      if (hit) {
        at = hit.cx;
        first ??= hit.cx;
      }
    }
    const limit = first ?? Number.POSITIVE_INFINITY;
    const label = cands
      .filter((c) => LABEL_HEADER.test(c.key) && c.cx > from && c.cx < limit)
      .sort((a, b) => b.cx - a.cx)[0];
    const found = leaves.filter((l) => l !== undefined).length;
    return { frame: { spec, leaves, ...(label ? { label } : {}) }, end: at, found };
  };
  for (const spec of specs) {
    const r = locateBlock(spec, cursor);
    frames.push(r.frame);
    if (r.found > 0) cursor = r.end;
    else if (r.frame.label) cursor = r.frame.label.cx;
  }
  if (repeat && frames.length === 1 && frames[0]!.leaves.every((l) => l !== undefined)) {
    for (let k = 0; k < 4; k++) {
      const r = locateBlock(specs[0]!, cursor);
      if (r.found < specs[0]!.leaves.length) break;
      frames.push(r.frame);
      cursor = r.end;
    }
  }
  return frames;
}

// ---------------------------------------------------------------- lines

function isDataLine(boxes: readonly Box[]): boolean {
  if (boxes.some((b) => STRONG_AMOUNT.test(b.text))) return true;
  const first = boxes[0];
  if (first && CODE.test(first.text) && boxes.some((b) => !isAmountLike(b.text))) return true;
  return boxes.some((b) => isTotalName(b.text)) && boxes.some((b) => isAmountLike(b.text));
}

function isHeaderWord(text: string, vocabulary: ReadonlySet<string>): boolean {
  const k = matchKey(text);
  return HEADER_WORD.test(k) || vocabulary.has(leafKey(k));
}

/** A header printed again inside the table (after a page break), or its remnants ("类 款 项"). */
function isHeaderRemnant(boxes: readonly Box[], vocabulary: ReadonlySet<string>): boolean {
  if (boxes.length === 0) return true;
  if (boxes.some((b) => isAmountLike(b.text))) return false;
  if (boxes.length >= 2) return boxes.every((b) => isHeaderWord(b.text, vocabulary));
  return HEADER_WORD.test(matchKey(boxes[0]!.text)) && !/^(?:项|类|款)$/.test(matchKey(boxes[0]!.text));
}

// ---------------------------------------------------------------- main

interface Portion {
  readonly li: number;
  readonly line: TextLine;
  codes: Box[];
  labels: Box[];
  values: Box[];
  /** column of each value (index into the block's leaves) */
  cols: number[];
}

interface Row {
  readonly anchor: Portion;
  readonly parts: Portion[];
}

export function readPositionedTable(
  lines: readonly TextLine[],
  template: ReferenceTableTemplate,
  table: string,
  split: Split,
  unit: AmountUnit,
  step: Fen,
): PositionedTable {
  const repairs: Repair[] = [];
  const prepared = lines.filter((l) => !l.blank).map((l) => splitMerged(l, split));
  const boxesOf = prepared.map((l) => l.cells.filter((c) => c.text !== '').map(box));
  const d0 = boxesOf.findIndex((b) => isDataLine(b));
  const specs = blockSpecs(template);
  const vocabulary = new Set(
    template.columns.flatMap((c) => c.split('/').filter((s) => s !== '')).map((s) => leafKey(s)),
  );
  const headerBoxes = (d0 < 0 ? boxesOf : boxesOf.slice(0, d0)).map((bs) =>
    bs.filter((b) => !isAmountLike(b.text) || isInteger(b.text)).flatMap((b) => (split === 'spaces' ? tokens(b) : [b])),
  );
  const tolerance = split === 'positions' ? 2 : 0.5;
  const frames = frame(specs, headerCandidates(headerBoxes, tolerance), template.shape !== 'side-by-side');
  if (d0 < 0) return { body: [syntheticHeader(frames, [], prepared[0])], headerLines: 1, repairs };

  // data lines: header remnants dropped, header words ("类", "款", "项") removed
  const data: Array<{ li: number; line: TextLine; boxes: Box[] }> = [];
  for (let i = d0; i < prepared.length; i++) {
    const bs = boxesOf[i]!;
    if (isHeaderRemnant(bs, vocabulary)) continue;
    const kept = bs.filter((b) => !/^(?:类|款|项)$/.test(b.text));
    if (kept.length > 0) data.push({ li: i, line: prepared[i]!, boxes: kept });
  }

  const half = frames[0]?.spec.half ?? false;
  const keyed = frames.some((f) => f.label !== undefined);
  const segmented = data.map((d) => segmentsOf(d.boxes, half, frames.length, keyed));
  const t = thresholds(frames, segmented);
  const portions: Portion[][] = frames.map(() => []);
  data.forEach((d, di) => {
    const segs = segmented[di]!;
    const per: Portion[] = frames.map(() => ({ li: d.li, line: d.line, codes: [], labels: [], values: [], cols: [] }));
    const blocks = frames.length === 1 ? segs.map(() => 0) : placeSegments(segs, t, frames.length);
    segs.forEach((sg, i) => {
      const p = per[blocks[i]!]!;
      for (const k of sg.keys) (!half && /^\d{1,7}$/.test(k.text) ? p.codes : p.labels).push(k);
      if (sg.keys.length > 0 || frames.length === 1) {
        p.values.push(...sg.values);
        return;
      }
      // a line of amounts only ("2,152.26 … 184.65" above "人员经费合计 … 公用经费合计"): each by its position
      const upto = blocks[i + 1] ?? frames.length;
      for (const v of sg.values) {
        let b = blocks[i]!;
        for (let k = b + 1; k < upto; k++) if (v.cx >= t.value[k]!) b = k;
        per[b]!.values.push(v);
      }
    });
    per.forEach((p, b) => {
      if (p.codes.length + p.labels.length + p.values.length > 0) portions[b]!.push(p);
    });
  });

  // columns of each block's values
  frames.forEach((f, b) => {
    mapColumns(f, portions[b]!, split, unit, step, repairs, table);
  });

  // codes printed short, then rows
  frames.forEach((f, b) => {
    if (!f.spec.half) repairCodes(portions[b]!, table, repairs);
  });
  const rowsPerBlock = frames.map((f, b) => assemble(f, portions[b]!, split, unit, step, table, repairs));
  // key fields of a grid block: as many as its rows print (codes, name); none when no row with
  // amounts has any (the 三公 table: one row of amounts under the header)
  const keyFields = frames.map((f, b) =>
    f.spec.half
      ? 1
      : rowsPerBlock[b]!.filter((r) => rowCols(r).size > 0).reduce(
          (m, r) => Math.max(m, codesOf(r).length + (labelOf(r) === '' ? 0 : 1)),
          0,
        ),
  );
  const body: TextLine[] = [syntheticHeader(frames, keyFields, prepared[0])];
  const byLine = new Map<TextLine, Map<number, Row>>();
  rowsPerBlock.forEach((rows, b) => {
    for (const r of rows) {
      const m = byLine.get(r.anchor.line) ?? new Map<number, Row>();
      byLine.set(r.anchor.line, m);
      m.set(b, r);
    }
  });
  const ordered = [...byLine.keys()].sort((a, b) => a.page - b.page || a.line - b.line);
  for (const line of ordered) body.push(emitLine(line, byLine.get(line)!, frames, keyFields));
  return { body, headerLines: 1, repairs };
}

// ---------------------------------------------------------------- blocks

/** One block's part of a line as printed: key cells (codes, names) then amounts. */
interface Segment {
  keys: Box[];
  values: Box[];
}

function isCodeText(t: string): boolean {
  return CODE.test(t) || PART.test(t);
}

function hasLabel(s: Segment): boolean {
  return s.keys.some((k) => !isInteger(k.text));
}

/**
 * A line cut into segments, left to right: a new segment starts at a key cell that follows an
 * amount, at a second name in a half (left name | right name), and, in grid blocks, at a code that
 * follows a name or a class code that follows a code ("301 01 | 302"). In grid blocks an integer
 * before any name or amount is a code, and so is a class code before a name or, when the table
 * prints several blocks, at the end of the line ("30109 职业年金缴费 225.12 30207").
 */
function segmentsOf(boxes: readonly Box[], half: boolean, blocks: number, keyed: boolean): Segment[] {
  const out: Segment[] = [];
  let cur: Segment | undefined;
  boxes.forEach((bx, i) => {
    const amountLike = isAmountLike(bx.text) && !/^[-+]/.test(bx.text);
    const next = boxes[i + 1];
    const beforeName = next !== undefined && !isAmountLike(next.text);
    // a code part printed short ("301 2 津贴补贴", "7 11 02 事业单位医疗"): before the name, still a code
    const shortPart =
      keyed &&
      /^\d$/.test(bx.text) &&
      (!cur || cur.values.length === 0) &&
      (beforeName || isCodeText(next?.text ?? ''));
    const code =
      !half &&
      amountLike &&
      (isCodeText(bx.text) || shortPart) &&
      (!cur ||
        (cur.values.length === 0 && !hasLabel(cur)) ||
        (beforeName && (CODE.test(bx.text) || blocks > 1)) ||
        // several blocks side by side print decimal amounts: a bare integer after one starts the next block
        (blocks > 1 && (cur.values.length > 0 || next === undefined || isCodeText(next.text))));
    const isValue = amountLike && !code;
    const newSegment =
      cur !== undefined &&
      !isValue &&
      (cur.values.length > 0 ||
        ((half || blocks > 1) && !code && hasLabel(cur)) ||
        (!half && code && (hasLabel(cur) || (CODE.test(bx.text) && cur.keys.length > 0))));
    if (!cur || newSegment) {
      cur = { keys: [], values: [] };
      out.push(cur);
    }
    if (isValue) cur.values.push(bx);
    else cur.keys.push(bx);
  });
  return out;
}

interface Thresholds {
  /** per block b ≥ 1: a segment whose first key starts at or after this x belongs to block b or later */
  readonly key: number[];
  /** the same for segments of amounts only, by the amounts' centres */
  readonly value: number[];
}

function between(lo: readonly number[], hi: readonly number[]): number | undefined {
  if (lo.length === 0 || hi.length === 0) return undefined;
  const maxLo = Math.max(...lo);
  const minHi = Math.min(...hi);
  if (maxLo < minHi) return (maxLo + minHi) / 2;
  const med = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return (med(lo) + med(hi)) / 2;
}

/**
 * Where each block begins, learnt from the lines that print every block (their segments are the
 * blocks in order); from the header's label columns when no line does.
 */
function thresholds(frames: readonly BlockFrame[], lines: ReadonlyArray<readonly Segment[]>): Thresholds {
  const n = frames.length;
  const keyX: number[][] = frames.map(() => []);
  const valueX: number[][] = frames.map(() => []);
  for (const segs of lines) {
    if (segs.length !== n) continue;
    segs.forEach((s, b) => {
      if (s.keys[0]) keyX[b]!.push(s.keys[0].x0);
      for (const v of s.values) valueX[b]!.push(v.cx);
    });
  }
  const key: number[] = [Number.NEGATIVE_INFINITY];
  const value: number[] = [Number.NEGATIVE_INFINITY];
  for (let b = 1; b < n; b++) {
    const f = frames[b]!;
    const prevLast = [...frames[b - 1]!.leaves].reverse().find((l) => l !== undefined);
    const first = f.leaves.find((l) => l !== undefined);
    const fromHeader = f.label
      ? prevLast
        ? (prevLast.x1 + f.label.x0) / 2
        : f.label.x0
      : prevLast && first
        ? (prevLast.x1 + first.x0) / 2
        : Number.POSITIVE_INFINITY;
    key.push(between(keyX[b - 1]!, keyX[b]!) ?? fromHeader);
    value.push(between(valueX[b - 1]!, valueX[b]!) ?? (prevLast && first ? (prevLast.cx + first.cx) / 2 : fromHeader));
  }
  return { key, value };
}

/** Segments of one line to blocks: in order, each at or after the block its position says. */
function placeSegments(segs: readonly Segment[], t: Thresholds, n: number): number[] {
  const out: number[] = [];
  let prev = -1;
  segs.forEach((s, i) => {
    const x = s.keys[0] ? s.keys[0].x0 : (s.values[0]?.cx ?? 0);
    const th = s.keys[0] ? t.key : t.value;
    let b = 0;
    for (let k = 1; k < n; k++) if (x >= th[k]!) b = k;
    // after the previous segment, leaving room for the segments still to come
    b = Math.max(Math.min(b, n - (segs.length - i)), prev + 1);
    b = Math.min(b, n - 1);
    out.push(b);
    prev = b;
  });
  return out;
}

// ---------------------------------------------------------------- columns

interface Cluster {
  x0: number;
  x1: number;
  members: Array<{ p: Portion; i: number }>;
}

function mapColumns(
  f: BlockFrame,
  portions: readonly Portion[],
  split: Split,
  unit: AmountUnit,
  step: Fen,
  repairs: Repair[],
  table: string,
): void {
  for (const p of portions) p.cols = p.values.map(() => -1);
  if (f.spec.leaves.length === 0) return;
  // a PDF keeps its column positions from page to page; text laid out by pdftotext does not
  if (split === 'positions') {
    mapGroup(f, portions, split, unit, step, repairs, table);
    return;
  }
  const pages = [...new Set(portions.map((p) => p.line.page))];
  for (const page of pages)
    mapGroup(
      f,
      portions.filter((p) => p.line.page === page),
      split,
      unit,
      step,
      repairs,
      table,
    );
}

/** The amounts of some lines of a block to the block's columns. */
function mapGroup(
  f: BlockFrame,
  portions: readonly Portion[],
  split: Split,
  unit: AmountUnit,
  step: Fen,
  repairs: Repair[],
  table: string,
): void {
  const m = f.spec.leaves.length;
  const items = portions.flatMap((p) => p.values.map((v, i) => ({ p, i, v })));
  if (items.length === 0) return;
  // visual columns: value extents that overlap from line to line
  const sorted = [...items].sort((a, b) => a.v.x0 - b.v.x0);
  const clusters: Cluster[] = [];
  for (const it of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && it.v.x0 < last.x1) {
      last.x1 = Math.max(last.x1, it.v.x1);
      last.members.push({ p: it.p, i: it.i });
    } else clusters.push({ x0: it.v.x0, x1: it.v.x1, members: [{ p: it.p, i: it.i }] });
  }
  // a cluster holding two amounts of one line spans two columns: split it between them
  const fixed = splitClusters(clusters);
  const headers = interpolateHeaders(f.leaves);
  const n = fixed.length;
  let best: { cols: number[]; key: [number, number] } | undefined;
  if (n <= m && choose(m, n) <= 20000) {
    for (const cols of monotone(n, m)) {
      const pos = split === 'positions' ? positionCost(fixed, cols, headers) : shiftedCost(fixed, cols, headers);
      const viol = violations(fixed, cols, f.spec.model, unit, step);
      const key: [number, number] = split === 'positions' ? [pos, viol] : [viol, pos];
      if (!best || key[0] < best.key[0] - 1e-9 || (Math.abs(key[0] - best.key[0]) <= 1e-9 && key[1] < best.key[1]))
        best = { cols, key };
    }
  }
  if (best) {
    fixed.forEach((c, i) => {
      for (const mbr of c.members) mbr.p.cols[mbr.i] = best.cols[i]!;
    });
    return;
  }
  // more visual columns than template columns: each amount to the nearest column header
  for (const it of items) {
    let bestCol = -1;
    let d = Number.POSITIVE_INFINITY;
    headers.forEach((h, c) => {
      if (!h) return;
      const dist = Math.abs(h.cx - it.v.cx);
      if (dist < d) {
        d = dist;
        bestCol = c;
      }
    });
    it.p.cols[it.i] = bestCol;
  }
  repairs.push({
    table,
    line: items[0]!.p.line.line,
    what: `金额排成 ${n} 列，多于表头的 ${m} 列，按最近的列标题读取`,
    uncertain: true,
  });
}

/**
 * How far the visual columns lie outside the columns they are mapped to (PDF: positions are exact).
 * A column reaches halfway to its neighbours' header centres: headers are centred over their
 * columns, however narrow the header text (合计) or wide the column.
 */
function positionCost(
  clusters: readonly Cluster[],
  cols: readonly number[],
  headers: ReadonlyArray<Located | undefined>,
): number {
  const known = headers.map((h, i) => ({ h, i })).filter((x): x is { h: Located; i: number } => x.h !== undefined);
  return cols.reduce((sum, c, i) => {
    const h = headers[c];
    if (!h) return sum;
    const at = known.findIndex((k) => k.i === c);
    const prev = known[at - 1];
    const next = known[at + 1];
    const lo = prev ? (prev.h.cx + h.cx) / 2 : Number.NEGATIVE_INFINITY;
    const hi = next ? (h.cx + next.h.cx) / 2 : Number.POSITIVE_INFINITY;
    const cx = (clusters[i]!.x0 + clusters[i]!.x1) / 2;
    return sum + (cx < lo ? lo - cx : cx > hi ? cx - hi : 0);
  }, 0);
}

/**
 * The same for text laid out by pdftotext, whose columns move from page to page and sit off
 * their (centred) headers: the distances after the best common shift.
 */
function shiftedCost(
  clusters: readonly Cluster[],
  cols: readonly number[],
  headers: ReadonlyArray<Located | undefined>,
): number {
  const d: number[] = [];
  cols.forEach((c, i) => {
    const h = headers[c];
    if (h) d.push((clusters[i]!.x0 + clusters[i]!.x1) / 2 - h.cx);
  });
  if (d.length <= 1) return 0;
  const sorted = [...d].sort((a, b) => a - b);
  const shift = sorted[Math.floor(sorted.length / 2)]!;
  return d.reduce((s, x) => s + Math.abs(x - shift), 0);
}

function splitClusters(clusters: readonly Cluster[]): Cluster[] {
  const out: Cluster[] = [];
  for (const c of clusters) {
    const perLine = new Map<Portion, Array<{ p: Portion; i: number }>>();
    for (const m of c.members) perLine.set(m.p, [...(perLine.get(m.p) ?? []), m]);
    const k = Math.max(...[...perLine.values()].map((ms) => ms.length));
    if (k <= 1) {
      out.push(c);
      continue;
    }
    // the lines that print k amounts here give k columns (in order); the other amounts join the nearest
    const parts: Cluster[] = [];
    for (const ms of perLine.values()) {
      if (ms.length !== k) continue;
      ms.sort((a, b) => a.i - b.i).forEach((m, j) => {
        const v = m.p.values[m.i]!;
        const part = parts[j] ?? { x0: v.x0, x1: v.x1, members: [] };
        parts[j] = part;
        part.x0 = Math.min(part.x0, v.x0);
        part.x1 = Math.max(part.x1, v.x1);
        part.members.push(m);
      });
    }
    for (const ms of perLine.values()) {
      if (ms.length === k) continue;
      let from = 0;
      for (const m of ms.sort((a, b) => a.i - b.i)) {
        const v = m.p.values[m.i]!;
        let best = from;
        let d = Number.POSITIVE_INFINITY;
        for (let j = from; j < parts.length; j++) {
          const dist = Math.abs((parts[j]!.x0 + parts[j]!.x1) / 2 - v.cx);
          if (dist < d) {
            d = dist;
            best = j;
          }
        }
        parts[best]!.members.push(m);
        from = Math.min(best + 1, parts.length - 1);
      }
    }
    out.push(...parts);
  }
  return out;
}

/** Header extents of every leaf; leaves not found get an extent between their found neighbours. */
function interpolateHeaders(leaves: ReadonlyArray<Located | undefined>): Array<Located | undefined> {
  const out = [...leaves];
  for (let i = 0; i < out.length; i++) {
    if (out[i]) continue;
    let a = i - 1;
    while (a >= 0 && !leaves[a]) a--;
    let b = i + 1;
    while (b < out.length && !leaves[b]) b++;
    const left = a >= 0 ? leaves[a] : undefined;
    const right = b < out.length ? leaves[b] : undefined;
    if (left && right) {
      const t = (i - a) / (b - a);
      const cx = left.cx + (right.cx - left.cx) * t;
      const half = Math.min(left.x1 - left.x0, right.x1 - right.x0) / 2;
      out[i] = { x0: cx - half, x1: cx + half, cx };
    }
  }
  return out;
}

function choose(m: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r = (r * (m - i)) / (i + 1);
  return r;
}

function* monotone(n: number, m: number): Generator<number[]> {
  const cols: number[] = [];
  function* go(i: number, from: number): Generator<number[]> {
    if (i === n) {
      yield [...cols];
      return;
    }
    for (let c = from; c <= m - (n - i); c++) {
      cols.push(c);
      yield* go(i + 1, c + 1);
      cols.pop();
    }
  }
  yield* go(0, 0);
}

/**
 * Rows that break the block's arithmetic under a mapping. A line of amounts only is counted with
 * the nearest line that has a code or name (its row, most likely), and an amount landing on a
 * column its row already fills counts as a break.
 */
function violations(
  clusters: readonly Cluster[],
  cols: readonly number[],
  model: ColumnModel,
  unit: AmountUnit,
  step: Fen,
): number {
  if (model.identities.length === 0) return 0;
  const perLine = new Map<Portion, Map<number, Fen>>();
  let n = 0;
  const keyed = [...new Set(clusters.flatMap((c) => c.members.map((m) => m.p)))].filter(
    (p) => p.codes.length > 0 || p.labels.length > 0,
  );
  const home = (p: Portion): Portion => {
    if (p.codes.length > 0 || p.labels.length > 0) return p;
    let best: Portion | undefined;
    let d = Number.POSITIVE_INFINITY;
    for (const k of keyed) {
      if (k.line.page !== p.line.page) continue;
      const dist = Math.abs(k.line.line - p.line.line) - (k.line.line > p.line.line ? 0.1 : 0);
      if (dist < d) {
        d = dist;
        best = k;
      }
    }
    return best && d <= 3 ? best : p;
  };
  clusters.forEach((c, i) => {
    for (const m of c.members) {
      const parsed = parseAmount(m.p.values[m.i]!.text, unit);
      if (parsed.kind !== 'value') continue;
      const h = home(m.p);
      const a = perLine.get(h) ?? new Map<number, Fen>();
      perLine.set(h, a);
      if (a.has(cols[i]!)) n++;
      a.set(cols[i]!, parsed.fen);
    }
  });
  for (const assign of perLine.values()) n += horizontalViolations(assign, model.identities, step);
  return n;
}

// ---------------------------------------------------------------- rows

/**
 * 功能/经济分类 codes printed short by the document: a 款/项 part of one digit ("301 2 津贴补贴"
 * for 301 02) is read with its leading zero; a class part that is not three digits, followed by a
 * 款 that continues the row above ("7 11 02 事业单位医疗" under "210 11 行政事业单位医疗"), takes
 * the class of that row. Both are reported.
 */
function repairCodes(portions: readonly Portion[], table: string, repairs: Repair[]): void {
  let chain: string[] = [];
  for (const p of portions) {
    if (p.codes.length === 0) continue;
    const printed = p.codes.map((c) => c.text);
    let fixed = printed;
    let what = '';
    if (printed[0]!.length === 3) {
      fixed = printed.map((x, i) => (i > 0 && x.length === 1 ? `0${x}` : x));
      if (fixed.some((x, i) => x !== printed[i]))
        what = `科目编码印作“${printed.join(' ')}”，款、项编码应为两位，读作“${fixed.join(' ')}”`;
      chain = fixed;
    } else if (
      printed[0]!.length < 3 &&
      printed.length >= 2 &&
      printed.slice(1).every((x) => x.length === 2) &&
      chain.length >= 2 &&
      chain[1] === printed[1]
    ) {
      fixed = [chain[0]!, ...printed.slice(1)];
      what = `科目编码印作“${printed.join(' ')}”，类级编码不完整；其款级编码与上一行“${chain.slice(0, 2).join(' ')}”相同，读作“${fixed.join(' ')}”`;
      chain = fixed;
    } else if (printed.length === 1 && printed[0]!.length >= 5) {
      const c = printed[0]!;
      chain = [c.slice(0, 3), c.slice(3, 5), ...(c.length > 5 ? [c.slice(5)] : [])];
    }
    if (what === '') continue;
    p.codes = p.codes.map((c, i) => ({ ...c, text: fixed[i] ?? c.text }));
    repairs.push({ table, line: p.line.line, what });
  }
}

function isAnchor(p: Portion, half: boolean): boolean {
  if (p.codes.some((c) => CODE.test(c.text))) return true;
  const label = p.labels.map((l) => l.text).join('');
  if (label === '') return false;
  if (isTotalName(label)) return true;
  if (!half) return false;
  if (NUMBERED.test(label)) return true;
  // labels of the summary rows (本年收入合计, 年初结转和结余, 结余分配, 使用…结余（含专用结余）)
  return /(?:计|余|配|[）)])$/.test(matchKey(label)) && label.length >= 4;
}

function distance(a: Portion, b: Portion, split: Split): number {
  if (a.line.page !== b.line.page) return 1e6 + Math.abs(a.line.line - b.line.line);
  if (split === 'positions' && a.line.y !== undefined && b.line.y !== undefined) return Math.abs(a.line.y - b.line.y);
  return Math.abs(a.line.line - b.line.line);
}

function rowCols(r: Row): Set<number> {
  const s = new Set<number>();
  for (const p of [r.anchor, ...r.parts]) for (const c of p.cols) if (c >= 0) s.add(c);
  return s;
}

function codesOf(r: Row): Box[] {
  return [r.anchor, ...r.parts].sort((a, b) => (a === r.anchor ? -1 : b === r.anchor ? 1 : 0)).flatMap((p) => p.codes);
}

function labelOf(r: Row): string {
  const ordered = [r.anchor, ...r.parts].sort((a, b) => a.line.page - b.line.page || order(a) - order(b));
  let out = '';
  for (const p of ordered) {
    for (const l of p.labels) {
      const t = l.text;
      if (out !== '' && !(isWide(out[out.length - 1]!) && isWide(t[0] ?? ''))) out += ' ';
      out += t;
    }
  }
  return out;
}

function order(p: Portion): number {
  return p.line.y ?? p.line.line;
}

function accepts(r: Row, p: Portion): boolean {
  const taken = rowCols(r);
  if (p.cols.some((c) => c >= 0 && taken.has(c))) return false;
  if (p.codes.length > 0) {
    const codes = codesOf(r);
    if (codes.length === 0 || codes.length + p.codes.length > 3) return false;
    if (!p.codes.every((c) => PART.test(c.text))) return false;
    if (codes.some((c) => c.text.length > 3)) return false;
  }
  return true;
}

function assemble(
  f: BlockFrame,
  portions: readonly Portion[],
  split: Split,
  unit: AmountUnit,
  step: Fen,
  table: string,
  repairs: Repair[],
): Row[] {
  const half = f.spec.half;
  const anchors = portions.filter((p) => isAnchor(p, half));
  // a block without keys (the 三公 table prints one row of amounts): each line is its row
  if (anchors.length === 0) return portions.filter((p) => p.values.length > 0).map((p) => ({ anchor: p, parts: [] }));
  const rows = new Map<Portion, Row>(anchors.map((a) => [a, { anchor: a, parts: [] }]));
  const rest = portions.filter((p) => !rows.has(p));
  // halves: a label without numbering continues the label above it ("二、政府性基金预算财政拨" / "款")
  const pending: Portion[] = [];
  for (const p of rest) {
    if (half && p.values.length === 0 && p.codes.length === 0) {
      const above = anchors.filter((a) => order(a) < order(p) && a.line.page === p.line.page).pop();
      if (above && distance(above, p, split) <= (split === 'positions' ? 2.2 * (p.line.size ?? 10) : 2)) {
        rows.get(above)!.parts.push(p);
        continue;
      }
      // a lone label: a row of its own
      rows.set(p, { anchor: p, parts: [] });
      continue;
    }
    pending.push(p);
  }
  const anchorList = [...rows.values()];
  // nearest first
  const plan = pending
    .map((p) => ({
      p,
      near: anchorList
        .map((r) => ({ r, d: distance(r.anchor, p, split) }))
        .sort((a, b) => a.d - b.d || tieRank(a.r, p) - tieRank(b.r, p)),
    }))
    .sort((a, b) => (a.near[0]?.d ?? 0) - (b.near[0]?.d ?? 0));
  for (const { p, near } of plan) {
    const ok = near.filter((x) => accepts(x.r, p));
    const first = ok[0];
    if (!first) {
      if (p.values.length > 0) {
        repairs.push({
          table,
          line: p.line.line,
          what: `金额 ${p.values.map((v) => v.text).join('、')} 所在行没有编码或名称，且无法并入相邻的行，未读取`,
          uncertain: true,
          dropped: p.values.map((v) => v.text),
        });
      }
      continue;
    }
    // rows about as near as the nearest: the row whose arithmetic the amounts complete wins
    const margin = split === 'positions' ? 0.45 * (p.line.size ?? 10) : 1;
    const close = ok.filter((x) => x.d - first.d < margin);
    let pick = first;
    let why = '';
    let uncertain = false;
    if (p.values.length > 0 && close.length > 1) {
      const fits = close.filter((x) => consistentWith(x.r, p, f.spec.model, unit, step));
      if (fits.length === 1) {
        pick = fits[0]!;
        why = '（该行的合计关系因此成立）';
      } else uncertain = true;
    }
    pick.r.parts.push(p);
    if (p.values.length === 0) continue;
    const name = rowName(pick.r);
    repairs.push({
      table,
      line: p.line.line,
      what: `金额 ${p.values.map((v) => v.text).join('、')} 与行“${name}”不在同一行（第 ${pick.r.anchor.line.line} 行），按位置并入该行${why}${uncertain ? '；相邻的另一行同样接近，归属不确定' : ''}`,
      ...(uncertain ? { uncertain: true } : {}),
    });
  }
  return [...rows.values()].sort(
    (a, b) => a.anchor.line.page - b.anchor.line.page || order(a.anchor) - order(b.anchor),
  );
}

/** Ties: a row without its own name takes a wrapped name first, then the row above. */
function tieRank(r: Row, p: Portion): number {
  const ownLabel = r.anchor.labels.length > 0 ? 2 : 0;
  const above = order(r.anchor) < order(p) ? 0 : 1;
  return ownLabel + above;
}

function rowName(r: Row): string {
  const codes = codesOf(r)
    .map((c) => c.text)
    .join(' ');
  const label = labelOf(r);
  return [codes, label].filter((s) => s !== '').join(' ');
}

function assignment(r: Row, unit: AmountUnit, extra?: Portion): Map<number, Fen> {
  const a = new Map<number, Fen>();
  for (const p of [r.anchor, ...r.parts, ...(extra ? [extra] : [])]) {
    p.values.forEach((v, i) => {
      const c = p.cols[i] ?? -1;
      const parsed = parseAmount(v.text, unit);
      if (c >= 0 && parsed.kind === 'value') a.set(c, parsed.fen);
    });
  }
  return a;
}

function consistentWith(r: Row, p: Portion, model: ColumnModel, unit: AmountUnit, step: Fen): boolean {
  if (!accepts(r, p)) return false;
  return model.identities.length > 0 && horizontalViolations(assignment(r, unit, p), model.identities, step) === 0;
}

// ---------------------------------------------------------------- output

function field(text: string, col: number, raw = text): TextCell {
  return { text, raw, col, x: col };
}

function syntheticHeader(
  frames: readonly BlockFrame[],
  keyFields: readonly number[],
  first: TextLine | undefined,
): TextLine {
  const cells: TextCell[] = [];
  frames.forEach((f, b) => {
    const k = keyFields[b] ?? (f.spec.half ? 1 : 0);
    for (let i = 0; i < k; i++) cells.push(field(i === k - 1 ? f.spec.labelHeader : '', cells.length));
    for (const leaf of f.spec.leaves) cells.push(field(leaf, cells.length));
  });
  return {
    line: first?.line ?? 1,
    page: first?.page ?? 1,
    raw: cells.map((c) => c.text).join('\t'),
    cells,
    blank: cells.every((c) => c.text === ''),
  };
}

function emitLine(
  line: TextLine,
  rows: ReadonlyMap<number, Row>,
  frames: readonly BlockFrame[],
  keyFields: readonly number[],
): TextLine {
  const cells: TextCell[] = [];
  frames.forEach((f, b) => {
    const r = rows.get(b);
    const k = keyFields[b] ?? 0;
    const keys: TextCell[] = [];
    if (r) {
      const codes = codesOf(r);
      const label = labelOf(r);
      if (f.spec.half) {
        keys.push(field([...codes.map((c) => c.text), label].filter((s) => s !== '').join(' '), 0));
      } else {
        for (const c of codes) keys.push(field(c.text, 0, c.cell.raw));
        if (label !== '') keys.push(field(label, 0));
      }
    }
    for (let i = 0; i < k; i++) cells.push(field(keys[i]?.text ?? '', cells.length, keys[i]?.raw ?? ''));
    const values = new Map<number, Box>();
    if (r) {
      for (const p of [r.anchor, ...r.parts]) {
        p.values.forEach((v, i) => {
          const c = p.cols[i] ?? -1;
          if (c >= 0 && !values.has(c)) values.set(c, v);
        });
      }
    }
    f.spec.leaves.forEach((_, c) => {
      const v = values.get(c);
      cells.push(field(v?.text ?? '', cells.length, v?.cell.raw ?? ''));
    });
  });
  return {
    line: line.line,
    page: line.page,
    raw: cells.map((c) => c.raw).join('\t'),
    cells,
    blank: cells.every((c) => c.text === ''),
  };
}
