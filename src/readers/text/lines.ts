/**
 * The intermediate form of a text disclosure: pages → lines → cells.
 *
 * The input is text extracted from a PDF: one line per printed line, table cells separated by
 * tabs (one tab per cell, empty cells as empty fields). Pages are separated by form feeds; a
 * page-number line ("第 3 页", "- 3 -", "3/12") ends its page too and is dropped. Without either,
 * everything is page 1. Line numbers are 1-based lines of the input file, whatever the pages.
 *
 * Text without any tab (`pdftotext -layout` output, the Shanghai corpus) is split at runs of two or
 * more spaces instead; such fields carry no empty cells, so their `col` is an ordinal and `x` (the
 * character offset on the line, `width` its length in characters) is what the position-based
 * column mapping uses (positioned.ts). PDFs read with pdfjs (readers/pdf) build the same form with
 * real coordinates: `x`/`width` in points, and each line's baseline `y` (split 'positions').
 */
import { cleanCellText } from './normalise.ts';

export interface TextCell {
  /** printed text without extraction noise (see cleanCellText) */
  readonly text: string;
  /** the field exactly as extracted */
  readonly raw: string;
  /** 0-based field index on its line */
  readonly col: number;
  /** character offset of the field on its line (points from the left edge for PDFs) */
  readonly x: number;
  /** extent of the field in the same unit as `x` (absent: its length in characters) */
  readonly width?: number;
}

export interface TextLine {
  /** 1-based line number in the input file */
  readonly line: number;
  readonly page: number;
  /** the line exactly as extracted (without the line end) */
  readonly raw: string;
  /** every tab-separated field, empty ones included */
  readonly cells: readonly TextCell[];
  /** true when no field has text */
  readonly blank: boolean;
  /** baseline from the top of the page, in points (PDFs only) */
  readonly y?: number;
  /** font size of the line, in points (PDFs only) */
  readonly size?: number;
}

export interface TextDocument {
  readonly lines: readonly TextLine[];
  readonly pages: number;
  /** how fields were separated: tabs, runs of spaces, or positions on the page (PDF) */
  readonly split: 'tabs' | 'spaces' | 'positions';
}

export type CellSplit = 'tabs' | 'spaces' | 'auto';

const PAGE_MARK = /^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*\/\s*\d+)\s*$/;

/** Split text into pages, lines and cells ('auto': tabs when the text has any). Never throws. */
export function splitDocument(text: string, how: CellSplit = 'auto'): TextDocument {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const split = how === 'auto' ? (body.includes('\t') ? 'tabs' : 'spaces') : how;
  const rawLines = body.split(/\r\n|\r|\n/);
  const lines: TextLine[] = [];
  let page = 1;
  for (let i = 0; i < rawLines.length; i++) {
    let raw = rawLines[i] ?? '';
    // a form feed starts a new page; text after it belongs to the new page
    while (raw.includes('\f')) {
      const at = raw.indexOf('\f');
      const before = raw.slice(0, at);
      if (before.trim() !== '') lines.push(makeLine(before, i + 1, page, split));
      page++;
      raw = raw.slice(at + 1);
    }
    if (PAGE_MARK.test(raw) && !raw.includes('\t')) {
      page++;
      continue;
    }
    lines.push(makeLine(raw, i + 1, page, split));
  }
  return { lines, pages: page, split };
}

function makeLine(raw: string, line: number, page: number, split: 'tabs' | 'spaces'): TextLine {
  const fields: Array<{ raw: string; x: number }> = [];
  if (split === 'tabs') {
    let x = 0;
    for (const f of raw.split('\t')) {
      fields.push({ raw: f, x });
      x += f.length + 1;
    }
  } else {
    for (const m of raw.matchAll(/\S+(?: \S+)*/g)) fields.push({ raw: m[0], x: m.index });
    if (fields.length === 0) fields.push({ raw, x: 0 });
  }
  const cells = fields.map((f, col) => ({ text: cleanCellText(f.raw), raw: f.raw, col, x: f.x }));
  return { line, page, raw, cells, blank: cells.every((c) => c.text === '') };
}

/** The non-empty cells of a line. */
export function filled(line: TextLine): TextCell[] {
  return line.cells.filter((c) => c.text !== '');
}

/** The whole line as one text (cells joined by a space). */
export function lineText(line: TextLine): string {
  return filled(line)
    .map((c) => c.text)
    .join(' ');
}

/** Cell at a field index ('' when the line is shorter). */
export function cellAt(line: TextLine, col: number): string {
  return line.cells[col]?.text ?? '';
}
