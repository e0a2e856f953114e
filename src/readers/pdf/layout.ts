/**
 * Positioned text items → the text reader's intermediate form (pages → lines → cells).
 *
 * Lines: items whose baselines lie within a third of the font size of each other, top to bottom.
 * Cells: items of a line left to right; an item starts a new cell when the gap before it is wider
 * than about one character of its font (table columns, or words set apart), is glued on with one
 * space when the gap is visible but small (a printed space), and glued on directly otherwise
 * (producers split runs of text into several items). Each cell keeps its left edge `x` and its
 * `width` in points and each line its baseline `y`, so that tables can be read by position
 * (positioned.ts), as with `pdftotext -layout` text but with real coordinates.
 *
 * Line numbers run through the whole document (1-based), so that a line number alone locates a
 * cell, as in a text file; every line also carries its page.
 */

import type { TextCell, TextDocument, TextLine } from '../text/lines.ts';
import { cleanCellText, isDecimalAmount } from '../text/normalise.ts';
import { normaliseCjk } from './cjk.ts';
import type { PdfItem, PdfPage } from './extract.ts';

/** A gap wider than this many font sizes starts a new cell. */
const CELL_GAP = 0.9;
/** A gap wider than this many font sizes is a space inside a cell. */
const SPACE_GAP = 0.18;
/** Baselines within this many font sizes are one line. */
const LINE_TOLERANCE = 0.34;

interface Piece {
  text: string;
  x: number;
  right: number;
  size: number;
}

/** Page-number lines ("- 3 -", "第 3 页", "3/12") at the bottom or top of a page are dropped. */
const PAGE_MARK = /^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*\/\s*\d+)\s*$/;

export function layoutPages(pages: readonly PdfPage[]): TextDocument {
  const lines: TextLine[] = [];
  let lineNo = 0;
  for (const page of pages) {
    const rows = groupLines(page.items.map((it) => ({ ...it, text: normaliseCjk(it.text) })));
    rows.forEach((row, i) => {
      const pieces = cellsOf(row.items);
      const raw = pieces.map((p) => p.text).join('  ');
      // a lone page number at the very top or bottom of the page
      const edge = i === 0 || i === rows.length - 1;
      if (edge && pieces.length === 1 && PAGE_MARK.test(raw) && !isDecimalAmount(raw.trim())) return;
      lineNo++;
      const cells: TextCell[] = pieces.map((p, col) => ({
        text: cleanCellText(p.text),
        raw: p.text,
        col,
        x: round(p.x),
        width: round(p.right - p.x),
      }));
      lines.push({
        line: lineNo,
        page: page.number,
        raw,
        cells,
        blank: cells.every((c) => c.text === ''),
        y: round(row.y),
        size: round(row.size),
      });
    });
  }
  return { lines, pages: Math.max(1, pages.length), split: 'positions' };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

interface Row {
  y: number;
  size: number;
  items: PdfItem[];
}

/** Items grouped into lines by baseline, top to bottom; items within a line left to right. */
export function groupLines(items: readonly PdfItem[]): Row[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: Row[] = [];
  for (const it of sorted) {
    const last = rows[rows.length - 1];
    const tol = LINE_TOLERANCE * Math.min(it.size, last?.size ?? it.size);
    if (last && Math.abs(it.y - last.y) <= Math.max(tol, 0.5)) {
      last.items.push(it);
      // the line's baseline is the one of its largest run of text
      if (it.size > last.size) last.size = it.size;
    } else {
      rows.push({ y: it.y, size: it.size, items: [it] });
    }
  }
  for (const r of rows) r.items.sort((a, b) => a.x - b.x);
  return rows;
}

/** Items of one line joined into cells. */
export function cellsOf(items: readonly PdfItem[]): Piece[] {
  const out: Piece[] = [];
  for (const it of items) {
    const text = it.text.replace(/\s+$/, '');
    const lead = it.text.length - it.text.trimStart().length;
    const trimmed = text.trimStart();
    if (trimmed === '') continue;
    // leading spaces of an item move its visible start to the right
    const perChar = it.width / Math.max(1, it.text.length);
    const x = it.x + lead * perChar;
    const right = it.x + it.width - (it.text.length - text.length) * perChar;
    const last = out[out.length - 1];
    if (last) {
      const gap = x - last.right;
      const size = Math.max(1, Math.min(it.size, last.size));
      if (gap <= CELL_GAP * size) {
        last.text += gap > SPACE_GAP * size ? ` ${trimmed}` : trimmed;
        last.right = Math.max(last.right, right);
        last.size = Math.max(last.size, it.size);
        continue;
      }
    }
    out.push({ text: trimmed, x, right, size: it.size });
  }
  return out;
}
