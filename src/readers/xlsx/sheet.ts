/**
 * A worksheet as the text reader's intermediate form: one page of lines, one line per sheet row,
 * one cell per sheet column — exact column indices, empty cells included, so the table readers
 * need no realignment.
 *
 *  - page = the worksheet's position in the workbook (1-based), line = the sheet's row number;
 *  - a merged range shows its text once, in its top-left (master) cell; the other cells of the
 *    range are blank (ExcelJS repeats the master's value in them) and remember their master, so
 *    header paths can be read from merged multi-row headers;
 *  - a cell's text is what the spreadsheet shows: rich text joined, formula results, numbers
 *    through their number format (display.ts), hyperlinks by their text;
 *  - leading columns that are blank on every row are dropped (tables that start in column B), so
 *    column 0 is the table's first column; `firstColumn` maps back to the sheet's letters.
 */
import type ExcelJS from 'exceljs';
import type { TextCell, TextLine } from '../text/lines.ts';
import { cleanCellText } from '../text/normalise.ts';
import { displayNumber, excelDecimal } from './display.ts';
import { columnLetter } from './errors.ts';

export interface SheetCellInfo {
  /** displayed text ('' for merged non-master cells) */
  readonly text: string;
  /** top-left cell of the merged range this cell belongs to, when it is not that cell */
  readonly master?: { readonly row: number; readonly col: number };
  /** for numbers: the stored value as a 15-digit decimal, when it is more precise than the display */
  readonly stored?: string;
  readonly number: boolean;
}

export interface SheetData {
  readonly name: string;
  /** 1-based position in the workbook */
  readonly page: number;
  /** one line per row 1…lastRow (blank rows included) */
  readonly lines: readonly TextLine[];
  /** 1-based sheet column of line column 0 */
  readonly firstColumn: number;
  /** cell info by line column, per row: rows.get(row)?.[col] */
  readonly cells: ReadonlyMap<number, ReadonlyArray<SheetCellInfo | undefined>>;
  /** nothing on the sheet has text */
  readonly blank: boolean;
}

/** Column letter of a line column of the sheet. */
export function sheetColumn(sheet: SheetData, col: number): string {
  return columnLetter(sheet.firstColumn + col);
}

/** The master of the merged range covering (row, col), or the cell itself (line columns). */
export function masterOf(sheet: SheetData, row: number, col: number): { row: number; col: number } {
  return sheet.cells.get(row)?.[col]?.master ?? { row, col };
}

type Value = ExcelJS.CellValue;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const ymd = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hms = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds();
  return hms === 0 ? ymd : `${ymd} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The displayed text of a cell value (numbers through `numFmt`). */
export function valueText(value: Value | undefined, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return displayNumber(value, numFmt);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('error' in v) return String(v.error ?? '');
    if ('formula' in v || 'sharedFormula' in v) return valueText(v.result as Value | undefined, numFmt);
    if ('hyperlink' in v || 'text' in v) return valueText(v.text as Value | undefined, numFmt);
  }
  return String(value);
}

/** The number behind a cell (plain, or a formula's numeric result). */
function numberOf(value: Value | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const v = value as unknown as Record<string, unknown>;
    if (('formula' in v || 'sharedFormula' in v) && typeof v.result === 'number') return v.result;
  }
  return undefined;
}

/**
 * Is the displayed text less precise than the stored number (23.8812 shown as 23.88)? Formats
 * that scale the number (%, trailing commas) show another number by design and are not compared.
 */
function storedIfMorePrecise(n: number, shown: string, numFmt: string | undefined): string | undefined {
  if (!/^-?[\d,]+(\.\d+)?$/.test(shown) || /%|[0#?.],+(?![0#?,])/.test(numFmt ?? '')) return undefined;
  const exact = excelDecimal(n);
  const plain = shown.replace(/,/g, '');
  const norm = (s: string) => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return norm(plain) === norm(exact) ? undefined : exact;
}

interface RawCell {
  row: number;
  col: number;
  text: string;
  master?: { row: number; col: number };
  stored?: string;
  number: boolean;
}

export function readSheet(ws: ExcelJS.Worksheet, page: number): SheetData {
  const raw: RawCell[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const isSlave = cell.isMerged && cell.master !== undefined && cell.master.address !== cell.address;
      if (isSlave) {
        raw.push({
          row: r,
          col: c,
          text: '',
          master: { row: Number(cell.master.row), col: Number(cell.master.col) },
          number: false,
        });
        return;
      }
      const numFmt = cell.numFmt || undefined;
      const value = cell.value;
      const text = valueText(value, numFmt);
      const n = numberOf(value);
      const stored = n === undefined ? undefined : storedIfMorePrecise(n, text, numFmt);
      raw.push({ row: r, col: c, text, number: n !== undefined, ...(stored !== undefined ? { stored } : {}) });
    });
  });
  const withText = raw.filter((c) => c.text.trim() !== '');
  if (withText.length === 0) return { name: ws.name, page, lines: [], firstColumn: 1, cells: new Map(), blank: true };
  let firstColumn = Number.POSITIVE_INFINITY;
  let lastColumn = 0;
  let lastRow = 0;
  for (const c of withText) {
    firstColumn = Math.min(firstColumn, c.col);
    lastColumn = Math.max(lastColumn, c.col);
    lastRow = Math.max(lastRow, c.row);
  }
  const width = lastColumn - firstColumn + 1;
  const byRow = new Map<number, Array<SheetCellInfo | undefined>>();
  for (const c of raw) {
    if (c.col < firstColumn || c.col > lastColumn || c.row > lastRow) continue;
    const cells = byRow.get(c.row) ?? new Array<SheetCellInfo | undefined>(width).fill(undefined);
    byRow.set(c.row, cells);
    cells[c.col - firstColumn] = {
      text: c.text,
      number: c.number,
      ...(c.master ? { master: { row: c.master.row, col: c.master.col - firstColumn } } : {}),
      ...(c.stored !== undefined ? { stored: c.stored } : {}),
    };
  }
  const lines: TextLine[] = [];
  for (let r = 1; r <= lastRow; r++) {
    const infos = byRow.get(r);
    const cells: TextCell[] = [];
    for (let c = 0; c < width; c++) {
      const text = infos?.[c]?.text ?? '';
      cells.push({ text: cleanCellText(text), raw: text, col: c, x: c });
    }
    const rawLine = cells.map((c) => c.raw.replace(/[\t\r\n]+/g, ' ')).join('\t');
    lines.push({ line: r, page, raw: rawLine, cells, blank: cells.every((c) => c.text === '') });
  }
  return { name: ws.name, page, lines, firstColumn, cells: byRow, blank: false };
}
