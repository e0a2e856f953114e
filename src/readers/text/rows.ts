/**
 * Splitting a table body into header lines and data lines, and a data line into its key cells
 * (codes, labels) and its amounts.
 */
import { type AmountUnit, type Fen, parseAmount } from '../../core/money/amount.ts';
import { filled, type TextCell, type TextLine } from './lines.ts';
import { isAmountLike, isDecimalAmount, isInteger, isTotalLabel, matchKey } from './normalise.ts';

/** "栏次 | 1 | 2 | 3" or a bare run of column numbers 1 2 3 … */
export function isColumnNumberLine(l: TextLine): boolean {
  const f = filled(l);
  if (f.length === 0) return false;
  if (matchKey(f[0]!.text) === '栏次') return true;
  const nums = f.filter((c) => isInteger(c.text)).map((c) => Number(c.text));
  const others = f.filter((c) => !isInteger(c.text) && matchKey(c.text) !== '栏次');
  if (others.length > 0 || nums.length < 2) return false;
  return nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1);
}

/** Does the line carry data (an amount, a 合计 label, or a code followed by a name)? */
export function isDataLine(l: TextLine, totals: readonly string[] = []): boolean {
  const f = filled(l);
  if (f.length === 0 || isColumnNumberLine(l)) return false;
  if (f.some((c) => isDecimalAmount(c.text))) return true;
  if (f.some((c) => isTotalLabel(c.text, totals))) return true;
  const first = f[0]!;
  const second = f[1];
  return isInteger(first.text) && first.text.length >= 3 && second !== undefined && !isAmountLike(second.text);
}

export interface SplitBody {
  readonly header: readonly TextLine[];
  readonly data: readonly TextLine[];
}

export function splitBody(body: readonly TextLine[], totals: readonly string[] = []): SplitBody {
  const start = body.findIndex((l) => isDataLine(l, totals));
  if (start < 0) return { header: body, data: [] };
  return {
    header: body.slice(0, start),
    data: body.slice(start).filter((l) => !l.blank && !isColumnNumberLine(l)),
  };
}

export interface ParsedRow {
  readonly line: TextLine;
  /** non-empty cells before the first amount */
  readonly keys: readonly TextCell[];
  readonly values: ReadonlyArray<{ field: number; text: string; raw: string; fen: Fen }>;
  /** non-empty cells in the amount region that are not amounts */
  readonly stray: readonly TextCell[];
  /** field index where the amounts start (line length when none) */
  readonly valueStart: number;
}

/**
 * Key cells and amounts of a data line. The amounts start at the first decimal number, or at the
 * first whole number after a text label at or beyond `minValueField` (whole-number amounts like
 * "9" are printed in some documents; codes come before the label).
 */
export function parseRow(line: TextLine, unit: AmountUnit, minValueField = 1): ParsedRow {
  const cells = line.cells;
  let seenLabel = false;
  let start = cells.length;
  for (const c of cells) {
    if (c.text === '') continue;
    if (isDecimalAmount(c.text) || (seenLabel && c.col >= minValueField && isAmountLike(c.text))) {
      start = c.col;
      break;
    }
    if (!isAmountLike(c.text)) seenLabel = true;
  }
  const keys = cells.filter((c) => c.col < start && c.text !== '');
  const values: Array<{ field: number; text: string; raw: string; fen: Fen }> = [];
  const stray: TextCell[] = [];
  for (const c of cells) {
    if (c.col < start || c.text === '') continue;
    const p = parseAmount(c.text, unit);
    if (p.kind === 'value') values.push({ field: c.col, text: c.text, raw: c.raw, fen: p.fen });
    else if (p.kind === 'error') stray.push(c);
  }
  return { line, keys, values, stray, valueStart: start };
}
