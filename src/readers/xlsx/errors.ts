/** The one error the workbook reader raises: Chinese, located by file, worksheet, row and column. */
import type { Repair } from '../text/types.ts';

/** A repair of a table read from a sheet: `line` is the row, `col` the line column when one cell is concerned. */
export interface CellRepair extends Repair {
  readonly col?: number;
}

/** "A", "B", …, "Z", "AA" for 1-based column numbers. */
export function columnLetter(col: number): string {
  let s = '';
  for (let x = Math.max(1, Math.floor(col)); x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Where in a workbook: the sheet (its name), the 1-based row and the column letter, as far as known. */
export interface XlsxLocation {
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
}

/** "工作表“3 支出总表”D12 单元格" / "工作表“3 支出总表”第 12 行" / "工作表“3 支出总表”" / "". */
export function describeLocation(at: XlsxLocation): string {
  if (at.sheet === undefined) return '';
  const sheet = `工作表“${at.sheet}”`;
  if (at.row === undefined) return sheet;
  if (at.column === undefined) return `${sheet}第 ${at.row} 行`;
  return `${sheet}第 ${at.row} 行 ${at.column} 列（${at.column}${at.row} 单元格）`;
}

export class XlsxReadError extends Error {
  readonly sheet: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(
    readonly file: string,
    at: XlsxLocation,
    readonly reason: string,
  ) {
    const where = describeLocation(at);
    super(`${file}：${where ? `${where}：` : ''}${reason}`);
    this.name = 'XlsxReadError';
    this.sheet = at.sheet;
    this.row = at.row;
    this.column = at.column;
  }
}
