/**
 * Side-by-side tables (收支总表, 财政拨款收入支出决算总表, 基本支出决算明细表) in a workbook. Every
 * section of the template prints its columns next to the others' — an optional code column
 * (科目代码), the label column, an optional 行次 column, the value column and its fund columns —
 * under a header whose group cells are merged over them. Each column is found in the header by
 * its path (group / header), so the sections may sit anywhere on the sheet. Rows are keyed as the
 * package keys them: the template row's key, else its code, else its label (the printed code or
 * label for rows the template does not list); columns as the section declares (sectionCellColumn).
 */
import { parseAmount } from '../../core/money/amount.ts';
import { sectionCellColumn } from '../../core/templates/engine.ts';
import type { SideBySideTemplate } from '../../core/templates/schema.ts';
import type { TextLine } from '../text/lines.ts';
import { labelKey, matchKey } from '../text/normalise.ts';
import { isColumnNumberLine } from '../text/rows.ts';
import type { ReadCell, ReadContext } from '../text/types.ts';
import { firstDataLine, headerPaths, headerWords, mapColumns } from './columns.ts';
import type { CellRepair } from './errors.ts';
import type { SheetData } from './sheet.ts';

type Section = SideBySideTemplate['sections'][number];

interface SectionColumns {
  readonly section: Section;
  readonly code?: number;
  readonly label?: number;
  /** value columns: header and sheet column */
  readonly values: ReadonlyArray<{ header: string; col: number | undefined }>;
  /** template rows in print order */
  readonly rows: Section['rows'];
}

export function readSideBySideSheet(
  sheet: SheetData,
  body: readonly TextLine[],
  template: SideBySideTemplate,
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: CellRepair[] } {
  // the columns the template prints, section by section
  const wanted: string[][] = [];
  const slots: Array<{ section: number; role: 'code' | 'label' | 'line' | 'value'; header: string }> = [];
  template.sections.forEach((s, i) => {
    if (s.codeHeader) {
      wanted.push([s.group, s.codeHeader]);
      slots.push({ section: i, role: 'code', header: s.codeHeader });
    }
    wanted.push([s.group, s.labelHeader]);
    slots.push({ section: i, role: 'label', header: s.labelHeader });
    if (s.lineHeader) {
      wanted.push([s.group, s.lineHeader]);
      slots.push({ section: i, role: 'line', header: s.lineHeader });
    }
    for (const v of [s.valueHeader, ...(s.fundColumns ?? []).map((f) => f.header)]) {
      wanted.push([s.group, v]);
      slots.push({ section: i, role: 'value', header: v });
    }
  });
  const dataStart = firstDataLine(body, headerWords(wanted), [ctx.set.labels.total]);
  const repairs: CellRepair[] = [];
  const cells: ReadCell[] = [];
  if (dataStart < 0) return { cells, repairs };
  const header = body.slice(0, dataStart).filter((l) => !isColumnNumberLine(l));
  const width = body.reduce((w, l) => Math.max(w, l.cells.length), 0);
  const map = header.length > 0 ? mapColumns(headerPaths(sheet, header, width), wanted) : wanted.map((_, i) => i);
  const sections: SectionColumns[] = template.sections.map((section, i) => {
    const mine = slots.map((s, k) => ({ ...s, col: map[k] })).filter((s) => s.section === i);
    const code = mine.find((s) => s.role === 'code')?.col;
    const label = mine.find((s) => s.role === 'label')?.col;
    return {
      section,
      ...(code !== undefined ? { code } : {}),
      ...(label !== undefined ? { label } : {}),
      values: mine.filter((s) => s.role === 'value').map((s) => ({ header: s.header, col: s.col })),
      rows: [...section.rows, ...section.footer],
    };
  });
  const top = header[0]?.line ?? body[0]?.line ?? 1;
  for (const s of sections) {
    for (const v of s.values)
      if (v.col === undefined)
        repairs.push({
          table,
          line: top,
          what: `表头中没有“${s.section.group}”的“${v.header}”列，该列未读取`,
        });
  }
  const pointers = sections.map(() => 0);
  const seen = new Set<string>();
  for (const l of body.slice(dataStart)) {
    if (l.blank || isColumnNumberLine(l)) continue;
    ctx.cursor.at(l);
    sections.forEach((s, si) => {
      const code = s.code !== undefined ? (l.cells[s.code]?.text ?? '') : '';
      const label = s.label !== undefined ? (l.cells[s.label]?.text ?? '') : '';
      const printed = s.values.filter((v) => v.col !== undefined && (l.cells[v.col]?.text ?? '') !== '');
      const key = rowKey(s, code, label, pointers, si);
      if (printed.length === 0) return;
      if (key === '') {
        repairs.push({
          table,
          line: l.line,
          what: `金额 ${printed.map((v) => l.cells[v.col!]!.text).join('、')} 没有行名称，未读取`,
          col: printed[0]!.col!,
        });
        return;
      }
      for (const v of printed) {
        const cell = l.cells[v.col!]!;
        const parsed = parseAmount(cell.text, ctx.unit);
        if (parsed.kind === 'blank') continue;
        const column = sectionCellColumn(s.section, v.header);
        if (parsed.kind === 'error') {
          repairs.push({
            table,
            line: l.line,
            what: `行“${key}”列“${column}”中的“${cell.text}”不是有效的金额，未读取`,
            col: v.col!,
          });
          continue;
        }
        const id = `${key}\u0000${column}`;
        if (seen.has(id)) {
          repairs.push({
            table,
            line: l.line,
            what: `行“${key}”列“${column}”重复出现，保留第一次的值，“${cell.text}”未读取`,
            col: v.col!,
          });
          continue;
        }
        seen.add(id);
        cells.push({ row: key, column, value: cell.text, fen: parsed.fen, page: l.page, line: l.line, raw: cell.raw });
      }
    });
  }
  return { cells, repairs };
}

/**
 * The row key of a printed row: the template row it prints (found by code, else by label, in
 * order — labels may repeat within a section) gives its key; a row the template does not list is
 * keyed by its printed code, else its label.
 */
function rowKey(s: SectionColumns, code: string, label: string, pointers: number[], si: number): string {
  const printed = labelKey(label);
  if (printed === '' && code === '') return '';
  const k = matchKey(printed);
  const matches = (r: Section['rows'][number]) =>
    code !== '' && r.code !== undefined ? r.code === code : printed !== '' && matchKey(r.label) === k;
  const from = pointers[si] ?? 0;
  let idx = s.rows.findIndex((r, i) => i >= from && matches(r));
  if (idx < 0) idx = s.rows.findIndex(matches);
  if (idx < 0) return code !== '' ? code : printed;
  pointers[si] = idx + 1;
  const row = s.rows[idx]!;
  return row.key ?? row.code ?? row.label;
}
