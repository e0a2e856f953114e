/** Cell styles shared by the workbook's data and code sheets. */
import type ExcelJS from 'exceljs';

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
export const KEY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};

export function styleHeader(cell: ExcelJS.Cell, required: boolean): void {
  cell.font = { bold: true, ...(required ? { color: { argb: 'FFC00000' } } : {}) };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}
