/**
 * Reads a published disclosure WORKBOOK (XLSX) back into the package model — the third input of
 * the document reader, next to the text and PDF readers.
 *
 *   bytes ──ExcelJS──▶ worksheets ──readSheet──▶ one page of lines/cells per sheet (exact columns,
 *   merged ranges once, displayed text) ──readWorkbookStructure──▶ cover, 目录, table blocks
 *   ──(per block, against the matched template, with the text reader's table readers)──▶ cells
 *   ──packageFromCells──▶ package
 *
 * What differs from text: every cell sits in its column, so rows are read as laid out — never
 * realigned — and a grid sheet's columns are matched to the template through its (merged,
 * multi-row) header; amounts are the displayed values of the cells (display.ts), never float
 * arithmetic; every repair and error names the file, the sheet, the row and, where known, the
 * column. Provenance of a cell: page = the sheet's position in the workbook, line = its row.
 *
 * Tables are identified by their printed titles (else the sheet name) against every template set;
 * the package is read with the set most tables match. Sheets no template knows become generic
 * tables listed in `unmatched` with the reason. The reader raises nothing but XlsxReadError.
 */

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { type AmountUnit, type Fen, fenToDecimalString, parseAmount } from '../../core/money/amount.ts';
import type { PackageKind, PackageTable } from '../../core/package/model.ts';
import type { TableTemplate, TemplateSet } from '../../core/templates/schema.ts';
import { type CellRecord, type PrintedTable, packageFromCells } from '../cells-package.ts';
import { ReadCursor } from '../text/errors.ts';
import { readDepartmentForm, readReferenceForm } from '../text/forms.ts';
import { readGeneric } from '../text/generic.ts';
import { readGrid } from '../text/grid.ts';
import type { ReadTableInfo, TextReadResult, UnmatchedTable } from '../text/index.ts';
import { finishPackage, genericTable } from '../text/index.ts';
import type { TextLine } from '../text/lines.ts';
import { cleanCellText, collapseSpaces } from '../text/normalise.ts';
import { readReferenceGrid } from '../text/reference.ts';
import { isColumnNumberLine } from '../text/rows.ts';
import { readSideBySide } from '../text/side-by-side.ts';
import type { ReadCell, ReadContext, Repair } from '../text/types.ts';
import { type Projection, projectGrid } from './columns.ts';
import { type CellRepair, describeLocation, XlsxReadError } from './errors.ts';
import { readProjectSheets } from './forms.ts';
import { readSheet, type SheetData, sheetColumn } from './sheet.ts';
import { readSideBySideSheet } from './side-by-side.ts';
import { readWorkbookStructure, type SheetBlock, type SheetSummary, type WorkbookStructure } from './structure.ts';

export { columnLetter, XlsxReadError } from './errors.ts';

/** A repair located in the workbook. `line` is the row; `what` starts with the sheet and cell. */
export interface XlsxRepair extends Repair {
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  /** column letter, when the repair concerns one cell */
  readonly column?: string;
}

export interface XlsxUnmatchedTable extends UnmatchedTable {
  readonly sheet: string;
  /** the title row (absent when the table is named by its sheet) */
  readonly line?: number;
}

export interface XlsxTableInfo extends ReadTableInfo {
  readonly sheet: string;
}

export interface XlsxReadResult extends TextReadResult {
  readonly unmatched: XlsxUnmatchedTable[];
  readonly repairs: XlsxRepair[];
  readonly document: TextReadResult['document'] & {
    readonly tables: readonly XlsxTableInfo[];
    readonly sheets: readonly SheetSummary[];
  };
}

/**
 * Every cell of a workbook sits in its column: rows are read as laid out. The table readers
 * realign a row only when its sums break by more than a tolerance of `step` per part; with this
 * step no row ever does, so no value is moved.
 */
const EXACT_COLUMNS_STEP: Fen = 10n ** 40n;

/** Read a disclosure workbook from a file. */
export async function readXlsxDisclosure(path: string, sets: readonly TemplateSet[]): Promise<XlsxReadResult> {
  const file = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new XlsxReadError(file, {}, code === 'ENOENT' ? `找不到文件 ${path}` : `无法读取文件：${message(e)}`);
  }
  return readXlsxWorkbook(bytes, file, sets);
}

/** Read a disclosure workbook from its bytes; `file` names it in locations. */
export async function readXlsxWorkbook(
  bytes: Uint8Array,
  file: string,
  sets: readonly TemplateSet[],
): Promise<XlsxReadResult> {
  const sheets = await loadSheets(bytes, file);
  const cursor = new ReadCursor();
  cursor.page = 0;
  try {
    return read(sheets, file, sets, cursor);
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    const sheet = sheets[cursor.page - 1];
    throw new XlsxReadError(file, sheet ? { sheet: sheet.name, row: cursor.line } : {}, `读取时出错：${message(e)}`);
  }
}

/**
 * Reads sheets that come from elsewhere than a workbook (the ruled tables of a PDF,
 * readers/pdf/ruled.ts) exactly as a workbook's.
 */
export function readSheets(sheets: readonly SheetData[], file: string, sets: readonly TemplateSet[]): XlsxReadResult {
  const cursor = new ReadCursor();
  cursor.page = 0;
  return read(sheets, file, sets, cursor);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function loadSheets(bytes: Uint8Array, file: string): Promise<SheetData[]> {
  const b = bytes ?? new Uint8Array();
  if (b.length === 0) throw new XlsxReadError(file, {}, '文件为空（0 字节），不是 XLSX 工作簿');
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0)
    throw new XlsxReadError(
      file,
      {},
      '这是旧版 Excel（.xls）文件或加密的工作簿（OLE 格式），不是 XLSX 工作簿；请在 Excel 或 WPS 中另存为不加密的 .xlsx 后再读取',
    );
  if (!(b[0] === 0x50 && b[1] === 0x4b))
    throw new XlsxReadError(file, {}, '不是 XLSX 工作簿（XLSX 是 ZIP 压缩包，本文件的开头不符）');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(b.buffer, b.byteOffset, b.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new XlsxReadError(file, {}, `无法打开工作簿，文件可能已损坏或不是 XLSX：${message(e)}`);
  }
  const out: SheetData[] = [];
  wb.worksheets.forEach((ws, i) => {
    try {
      out.push(readSheet(ws, i + 1));
    } catch (e) {
      throw new XlsxReadError(file, { sheet: ws.name }, `无法读取工作表：${message(e)}`);
    }
  });
  return out;
}

function fail(file: string, at: { sheet?: string; row?: number; column?: string }, reason: string): never {
  throw new XlsxReadError(file, at, reason);
}

function read(
  sheets: readonly SheetData[],
  file: string,
  sets: readonly TemplateSet[],
  cursor: ReadCursor,
): XlsxReadResult {
  if (sets.length === 0) fail(file, {}, '没有可用的报表模板集，无法识别表格');
  if (sheets.length === 0) fail(file, {}, '工作簿为空：没有任何工作表');
  if (sheets.every((s) => s.blank))
    fail(file, { sheet: sheets[0]!.name }, `工作簿为空：${sheets.length} 个工作表都没有任何内容`);
  const structure = readWorkbookStructure(sheets, sets);
  const { cover } = structure;
  const firstText = sheets.find((s) => !s.blank)!;
  if (structure.blocks.length === 0)
    fail(
      file,
      { sheet: firstText.name, row: firstText.lines.find((l) => !l.blank)?.line ?? 1 },
      '未找到任何公开表：没有与报表模板集表名相符的标题，也没有可识别的表格',
    );
  const set = chooseSet(structure, sets);
  const year = cover.year ?? (set.years[0] === set.years[1] ? set.years[0] : undefined);
  if (year === undefined) {
    const b = structure.blocks[0]!;
    fail(
      file,
      { sheet: b.sheet.name, row: b.row },
      '未找到年度：目录或封面中没有“年度”，表名与表注中也没有年份（如“2024年”）',
    );
  }
  const kind: PackageKind = cover.kind ?? set.kind;
  const docUnit: AmountUnit = cover.amountUnit ?? set.amountUnit;
  const repairs: XlsxRepair[] = [];
  const unmatched: XlsxUnmatchedTable[] = [];
  const plans = structure.blocks.map((block) => planBlock(block, set));
  for (const p of plans) if (p.unmatched) unmatched.push(p.unmatched);

  const records: CellRecord[] = [];
  const printed = new Map<string, { block: SheetBlock; template: TableTemplate }>();
  const generic: PackageTable[] = [];
  const tableInfos: XlsxTableInfo[] = [];
  for (const p of plans) {
    const { block } = p;
    cursor.page = block.sheet.page;
    cursor.line = block.row;
    const unit = block.unit ?? docUnit;
    const ctx: ReadContext = {
      set,
      unit,
      step: EXACT_COLUMNS_STEP,
      split: 'tabs',
      unitCode: cover.unitCode,
      cursor,
    };
    const out = readBlock(p, ctx);
    const table = p.template?.title ?? block.printedTitle;
    const locate = locator(file, block.sheet, table);
    for (const r of out.repairs) repairs.push(locate(r));
    if (block.titleFromSheetName)
      repairs.push(
        locate({ table, line: block.row, what: `工作表没有印出表名，按工作表名“${block.sheet.name}”识别为“${table}”` }),
      );
    if (unit !== set.amountUnit && out.cells.some((c) => c.fen !== undefined))
      repairs.push(
        locate({
          table,
          line: block.captionLines[0]?.line ?? block.row,
          what: `本表金额单位为${unit}，模板集为${set.amountUnit}，金额已按${set.amountUnit}换算`,
        }),
      );
    const stored = storedPrecision(block);
    if (stored) repairs.push(locate({ table, line: stored.row, what: stored.what }));
    const cells = out.cells.map((c) => withCellText(c));
    tableInfos.push({
      printedTitle: block.printedTitle,
      line: block.row,
      page: block.sheet.page,
      sheet: block.sheet.name,
      ...(p.template ? { title: p.template.title, templateId: p.template.id } : {}),
      cells: cells.length,
    });
    if (!p.template) {
      generic.push(genericTable(block, cells, set, generic.length + 1));
      continue;
    }
    if (!printed.has(p.template.id)) printed.set(p.template.id, { block, template: p.template });
    for (const c of cells) records.push(toRecord(c, p.template.title, unit, set.amountUnit));
  }
  const printedTables: PrintedTable[] = [...printed.values()].map((p) => ({
    title: p.template.title,
    captions: p.block.captions,
    ...(p.block.note ? { note: p.block.note } : {}),
  }));
  const built = packageFromCells(dedupe(records, repairs, file, structure), set, {
    kind,
    year,
    unit: { code: cover.unitCode ?? '', name: cover.unitName ?? '' },
    file,
    tables: printedTables,
  });
  const finished = finishPackage(built, set, printed, generic, structure.toc);
  const { notPrinted } = finished;
  const pkg = structure.sections.length > 0 ? { ...finished.pkg, sections: structure.sections } : finished.pkg;
  return {
    pkg,
    unmatched,
    repairs,
    document: { cover, toc: structure.toc, tables: tableInfos, notPrinted, sheets: structure.sheets },
  };
}

// ---------------------------------------------------------------- template set

function chooseSet(structure: WorkbookStructure, sets: readonly TemplateSet[]): TemplateSet {
  const { cover } = structure;
  const count = new Map<string, number>();
  for (const b of structure.blocks) {
    for (const id of new Set(b.matches.map((m) => m.set.id))) count.set(id, (count.get(id) ?? 0) + 1);
  }
  // kind first, then the region the workbook names (上海, 湖南 …), then the year
  const fits = (s: TemplateSet) =>
    (cover.kind === undefined || cover.kind === s.kind ? 4 : 0) +
    (s.region !== '' && structure.head.includes(s.region) ? 2 : 0) +
    (cover.year !== undefined && cover.year >= s.years[0] && cover.year <= s.years[1] ? 1 : 0);
  const distance = (s: TemplateSet) =>
    cover.year === undefined ? 0 : Math.max(0, s.years[0] - cover.year, cover.year - s.years[1]);
  return [...sets].sort(
    (a, b) =>
      (count.get(b.id) ?? 0) - (count.get(a.id) ?? 0) ||
      fits(b) - fits(a) ||
      distance(a) - distance(b) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0]!;
}

interface Plan {
  readonly block: SheetBlock;
  readonly template?: TableTemplate;
  readonly unmatched?: XlsxUnmatchedTable;
}

function planBlock(block: SheetBlock, set: TemplateSet): Plan {
  const own = block.matches.find((m) => m.set.id === set.id);
  if (own) return { block, template: own.template };
  const where = {
    sheet: block.sheet.name,
    ...(block.titleLine ? { line: block.titleLine.line } : {}),
  };
  if (block.matches.length > 0) {
    const other = block.matches[0]!;
    return {
      block,
      unmatched: {
        title: block.printedTitle,
        ...where,
        reason: `表名与模板集“${other.set.id}”的“${other.template.title}”相符，但本工作簿按模板集“${set.id}”读取，该集中没有此表`,
      },
    };
  }
  return {
    block,
    unmatched: {
      title: block.printedTitle,
      ...where,
      reason: block.titleLine
        ? '表名与任何报表模板集中的表名、印刷表名或别名都不相符'
        : '工作表没有印出表名，工作表名也不是任何报表模板集中的表名',
    },
  };
}

// ---------------------------------------------------------------- reading one block

interface BlockOut {
  readonly cells: ReadCell[];
  readonly repairs: CellRepair[];
}

const STRAY = /^“.*”不是有效的金额，未读取$/;

function readBlock(p: Plan, ctx: ReadContext): BlockOut {
  const { block, template } = p;
  const table = template?.title ?? block.printedTitle;
  const body = block.body;
  if (!template) return { cells: readGeneric(body, ctx.unit), repairs: [] };
  switch (template.layout) {
    case 'grid': {
      const totals = [ctx.set.labels.total];
      const proj = projectGrid(block.sheet, body, template, totals);
      const out =
        template.rows.kind === 'total-only'
          ? readTotalOnly(proj, table, ctx)
          : readGrid(
              // the header block is known here: the grid reader sees the data rows only
              proj.dataStart >= 0 ? proj.body.slice(proj.dataStart) : proj.body,
              { table, model: proj.model, rowModel: template.rows, base: 0 },
              ctx,
            );
      // text in amount cells: reported here, per cell (the grid reader may have taken it for a key)
      const repairs: CellRepair[] = out.repairs.filter((r) => !STRAY.test(r.what));
      for (const n of proj.notes)
        repairs.push({ table, line: n.row, what: n.what, ...(n.col !== undefined ? { col: n.col } : {}) });
      if (proj.dataStart >= 0) {
        for (const l of proj.body.slice(proj.dataStart)) {
          proj.model.columns.forEach((c, i) => {
            if (c.role !== 'amount') return;
            const text = l.cells[i]?.text ?? '';
            if (text === '' || parseAmount(text, ctx.unit).kind !== 'error') return;
            const col = proj.sheetCol[i];
            repairs.push({
              table,
              line: l.line,
              what: `列“${c.key}”中的“${text}”不是有效的金额，未读取`,
              ...(col !== undefined ? { col } : {}),
            });
          });
        }
      }
      return { cells: out.cells, repairs };
    }
    case 'side-by-side':
      return readSideBySideSheet(block.sheet, body, template, table, ctx);
    case 'form':
      return template.form === 'project-performance'
        ? readProjectSheets(body, template, table, ctx)
        : readDepartmentForm(body, template, table, ctx);
    case 'reference': {
      if (template.shape === 'side-by-side') return readSideBySide(body, template, table, ctx);
      if (template.shape === 'form') return readReferenceForm(body, template.columns, table, ctx);
      return readReferenceGrid(body, template.columns, table, ctx);
    }
  }
}

/**
 * A grid of one row of amounts and no label column (决算 公开09表): the row is the 合计. Further
 * rows with amounts are reported, not read.
 */
function readTotalOnly(proj: Projection, table: string, ctx: ReadContext): BlockOut {
  const cells: ReadCell[] = [];
  const repairs: CellRepair[] = [];
  if (proj.dataStart < 0) return { cells, repairs };
  const key = ctx.set.labels.total;
  let taken = false;
  for (const l of proj.body.slice(proj.dataStart)) {
    if (l.blank || isColumnNumberLine(l)) continue;
    const amounts = proj.model.columns
      .map((c, i) => ({ c, i, cell: l.cells[i] }))
      .filter((x) => x.c.role === 'amount' && x.cell !== undefined && x.cell.text !== '');
    if (amounts.length === 0) continue;
    if (taken) {
      repairs.push({ table, line: l.line, what: '本表只有一行金额（合计），此行的金额未读取' });
      continue;
    }
    taken = true;
    ctx.cursor.at(l);
    for (const { c, cell } of amounts) {
      const p = parseAmount(cell!.text, ctx.unit);
      if (p.kind !== 'value') continue;
      cells.push({
        row: key,
        column: c.key,
        value: cell!.text,
        fen: p.fen,
        page: l.page,
        line: l.line,
        raw: cell!.raw,
      });
    }
  }
  return { cells, repairs };
}

// ---------------------------------------------------------------- locations

/** Texts a repair quotes (last first), then the amounts it names: what to look for in its row. */
function quoted(what: string): string[] {
  const q = [...what.matchAll(/“([^”]+)”/g)].map((m) => m[1]!).reverse();
  const n = [...what.matchAll(/-?\d[\d,]*\.\d+/g)].map((m) => m[0]);
  return [...q, ...n];
}

function locator(file: string, sheet: SheetData, table: string) {
  return (r: CellRepair): XlsxRepair => {
    const row = r.line > 0 ? r.line : 1;
    let col = r.col;
    if (col === undefined) {
      const line: TextLine | undefined = sheet.lines[row - 1];
      if (line) {
        for (const q of quoted(r.what)) {
          const hit = line.cells.find((c) => c.text !== '' && (c.text === q || c.raw.trim() === q));
          if (hit) {
            col = hit.col;
            break;
          }
        }
      }
    }
    const column = col !== undefined ? sheetColumn(sheet, col) : undefined;
    const where = describeLocation({ sheet: sheet.name, row, ...(column ? { column } : {}) });
    return {
      table: r.table || table,
      line: row,
      what: `${where}：${r.what}`,
      file,
      sheet: sheet.name,
      row,
      ...(column ? { column } : {}),
    };
  };
}

/** One note per block when amounts are stored more precisely than shown (23.8812 shown as 23.88). */
function storedPrecision(block: SheetBlock): { row: number; what: string } | undefined {
  let count = 0;
  let first: { row: number; col: number; stored: string; shown: string } | undefined;
  for (const l of block.body) {
    const infos = block.sheet.cells.get(l.line);
    if (!infos) continue;
    infos.forEach((info, col) => {
      if (info?.stored === undefined) return;
      count++;
      first ??= { row: l.line, col, stored: info.stored, shown: info.text };
    });
  }
  if (!first) return undefined;
  const cell = `${sheetColumn(block.sheet, first.col)}${first.row}`;
  return {
    row: first.row,
    what: `${count} 个金额单元格存储的数值比显示的位数多，按显示的值读取（如 ${cell}：存储 ${first.stored}，显示 ${first.shown}）`,
  };
}

// ---------------------------------------------------------------- package

/** Text cells keep the cell's own text (line breaks included), not the cleaned one-line form. */
function withCellText(c: ReadCell): ReadCell {
  if (c.fen !== undefined || c.raw === '') return c;
  const own = c.raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((s) => s.trim())
    .join('\n')
    .trim();
  return collapseSpaces(cleanCellText(own)) === c.value ? { ...c, value: own } : c;
}

function toRecord(c: ReadCell, table: string, unit: AmountUnit, setUnit: AmountUnit): CellRecord {
  const provenance = { kind: 'document' as const, page: c.page, line: c.line, raw: c.raw };
  if (c.fen === undefined) return { table, row: c.row, column: c.column, value: c.value, text: true, provenance };
  const value = unit === setUnit ? c.value.replace(/,/g, '') : fenToDecimalString(c.fen, setUnit);
  return { table, row: c.row, column: c.column, value, provenance };
}

/** One record per (table, row, column): a second reading of the same cell is reported, not kept. */
function dedupe(
  records: readonly CellRecord[],
  repairs: XlsxRepair[],
  file: string,
  structure: WorkbookStructure,
): CellRecord[] {
  const seen = new Set<string>();
  const out: CellRecord[] = [];
  for (const r of records) {
    const id = `${r.table}\u0000${r.row}\u0000${r.column}`;
    if (seen.has(id)) {
      const page = r.provenance?.kind === 'document' ? (r.provenance.page ?? 1) : 1;
      const row = r.provenance?.kind === 'document' ? (r.provenance.line ?? 1) : 1;
      const sheet = structure.sheets.find((s) => s.page === page)?.name ?? '';
      repairs.push({
        table: r.table,
        line: row,
        what: `${describeLocation({ sheet, row })}：行“${r.row}”列“${r.column}”在工作簿中出现两次，保留第一次的值`,
        file,
        sheet,
        row,
      });
      continue;
    }
    seen.add(id);
    out.push(r);
  }
  return out;
}
