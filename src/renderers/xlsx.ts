/**
 * XLSX rendering: a workbook with a 目录 sheet (cover facts and the list of tables, each by its full
 * title, linking to its sheet), a 说明 sheet when the package has a 说明, and one worksheet per table laid out as printed — title, captions, the header block with its merges,
 * the body, the 注 note — and set up to print on A4 landscape, one page wide, with the header
 * rows repeated on every page.
 *
 * Amount cells are numbers so that people can add them up, but the number is the published
 * value: it is read from the printed text of the cell (`Number("559.57")`), never computed from
 * fen with float arithmetic, and shown with the number format of the published decimals. The
 * exact values stay in the JSON and `cells` outputs.
 */
import ExcelJS from 'exceljs';
import { normaliseAmountText } from '../core/money/amount.ts';
import type { DisclosurePackage, HeaderCell, PackageTable } from '../core/package/model.ts';

export const TOC_SHEET_NAME = '目录';
/** The sheet of the 说明 (written when the package has one). */
export const NARRATIVE_SHEET_NAME = '说明';
/** Excel's limit on the length of a worksheet name. */
export const SHEET_NAME_MAX = 31;

const CREATOR = '明账 Mingzhang';
const FONT = '宋体';
const BODY_SIZE = 10;
const BLACK = { argb: 'FF000000' };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
/** points per printed text line at the body font size, and the padding of a row */
const LINE_HEIGHT = 13.5;
const ROW_PADDING = 5;
const MIN_ROW_HEIGHT = 18;
/** A4 (ExcelJS's PaperSize is a const enum, which a type-stripping build cannot inline). */
const PAPER_A4 = 9 as ExcelJS.PaperSize;

function thinBorders(): Partial<ExcelJS.Borders> {
  return {
    top: { style: 'thin', color: BLACK },
    left: { style: 'thin', color: BLACK },
    bottom: { style: 'thin', color: BLACK },
    right: { style: 'thin', color: BLACK },
  };
}

// ---------------------------------------------------------------------------------------------
// Worksheet names

/** Characters Excel forbids in sheet names, replaced by their full-width forms; the apostrophe is
 * replaced as well, since sheet names are quoted with it in print-title definitions. */
const SHEET_NAME_REPLACEMENTS: Readonly<Record<string, string>> = {
  '[': '［',
  ']': '］',
  ':': '：',
  '*': '＊',
  '?': '？',
  '/': '／',
  '\\': '＼',
  "'": '’',
};

function cleanSheetName(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += ' ';
    else out += SHEET_NAME_REPLACEMENTS[ch] ?? ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Cut to at most `max` UTF-16 units (Excel's measure) without splitting a surrogate pair. */
function truncateUnits(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out.trimEnd();
}

/**
 * The title without what every sheet would repeat: the unit name and the year
 * ("某某局2024年部门收支总表" → "部门收支总表").
 */
export function shortTitle(title: string, unitName: string): string {
  let t = title.trim();
  if (unitName && t.startsWith(unitName) && t.length > unitName.length) t = t.slice(unitName.length);
  t = t.replace(/^\s*\d{4}\s*年度?\s*/u, '');
  return t.trim() || title.trim();
}

/**
 * One worksheet name per table: "<number> <short title>", cleaned of the characters Excel
 * forbids, at most 31 characters, unique (case-insensitively, as Excel compares) and never the
 * name of the 目录 sheet.
 */
export function worksheetNames(pkg: DisclosurePackage): string[] {
  const used = new Set([TOC_SHEET_NAME.toLowerCase(), NARRATIVE_SHEET_NAME, 'history']);
  return pkg.tables.map((table) => {
    const base =
      truncateUnits(cleanSheetName(`${table.number} ${shortTitle(table.title, pkg.unit.name)}`), SHEET_NAME_MAX) ||
      `表${table.number}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = `(${n})`;
      name = truncateUnits(base, SHEET_NAME_MAX - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

// ---------------------------------------------------------------------------------------------
// Text measures (for row heights: Excel does not grow rows for wrapped text in merged cells)

/** Width in Excel column units: CJK and full-width characters count two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

function linesNeeded(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  let lines = 0;
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(displayWidth(line) / usable));
  return lines;
}

interface Placed {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly text: string;
}

/** Heights (points) of `nRows` rows holding wrapped `placed` texts in columns of `widths`. */
function rowHeights(placed: readonly Placed[], nRows: number, widths: readonly number[], lineHeight: number): number[] {
  const lines = new Array<number>(nRows).fill(1);
  for (const p of placed) {
    if (p.text === '') continue;
    let w = 0;
    for (let c = p.col; c < p.col + p.colSpan; c++) w += widths[c] ?? 10;
    const perRow = Math.ceil(linesNeeded(p.text, w) / Math.max(1, p.rowSpan));
    for (let r = p.row; r < p.row + p.rowSpan && r < nRows; r++) lines[r] = Math.max(lines[r] ?? 1, perRow);
  }
  return lines.map((n) => Math.max(MIN_ROW_HEIGHT, n * lineHeight + ROW_PADDING));
}

// ---------------------------------------------------------------------------------------------
// Amount cells

/**
 * The cell value of a printed amount: the published number read from its text, or the text
 * itself when it is a mark rather than a number ("—"), or nothing when blank.
 */
export function amountCellValue(text: string): number | string | null {
  if (text.trim() === '') return null;
  const plain = normaliseAmountText(text);
  if (/^-?\d+(\.\d+)?$/.test(plain)) return Number(plain);
  return text;
}

/** "0.00" for two published decimals; "#,##0.00" when the package prints thousands separators. */
function amountFormat(places: number, grouping: boolean): string {
  const int = grouping ? '#,##0' : '0';
  return places > 0 ? `${int}.${'0'.repeat(places)}` : int;
}

// ---------------------------------------------------------------------------------------------
// Sheets

function isAmountUnitCaption(caption: string): boolean {
  return /金额单位|^\s*单位\s*[:：]\s*(万元|元)\s*$/.test(caption);
}

function merge(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number): void {
  if (bottom > top || right > left) ws.mergeCellsWithoutStyle(top, left, bottom, right);
}

function addTableSheet(wb: ExcelJS.Workbook, pkg: DisclosurePackage, table: PackageTable, name: string): void {
  const ncols = Math.max(1, table.columns.length);
  const widths = Array.from({ length: ncols }, (_, c) => Math.max(4, table.columns[c]?.width ?? 12));
  const headerCells: HeaderCell[] = table.headerRows.flat();
  const depth = Math.max(table.headerDepth, ...headerCells.map((h) => h.row + h.rowSpan), 0);

  // Row positions (1-based): title, captions, header block, body, note.
  const captions = table.captions.filter((c) => c.trim() !== '');
  const captionsOnOneRow = captions.length === 2 && ncols >= 2;
  const captionRowCount = captionsOnOneRow ? 1 : captions.length;
  const headerTop = 2 + captionRowCount;
  const bodyTop = headerTop + depth;
  const noteRow = bodyTop + table.rows.length;

  const ws = wb.addWorksheet(name, {
    properties: { defaultRowHeight: MIN_ROW_HEIGHT },
    views: [{ state: 'frozen', xSplit: 0, ySplit: bodyTop - 1, topLeftCell: `A${bodyTop}`, activeCell: `A${bodyTop}` }],
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(depth > 0 ? { printTitlesRow: `${headerTop}:${bodyTop - 1}` } : {}),
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  widths.forEach((w, c) => {
    ws.getColumn(c + 1).width = w;
  });

  // Title
  const title = table.printedTitle.trim() || table.title;
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.style = {
    font: { name: FONT, size: 16, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  };
  merge(ws, 1, 1, 1, ncols);
  ws.getRow(1).height = Math.max(
    30,
    linesNeeded(
      title,
      widths.reduce((a, b) => a + b, 0),
    ) * 22,
  );

  // Captions
  const captionStyle = (right: boolean): Partial<ExcelJS.Style> => ({
    font: { name: FONT, size: BODY_SIZE },
    alignment: { horizontal: right ? 'right' : 'left', vertical: 'middle' },
  });
  if (captionsOnOneRow) {
    const split = Math.max(1, Math.floor(ncols / 2));
    const left = ws.getCell(2, 1);
    left.value = captions[0] as string;
    left.style = captionStyle(false);
    merge(ws, 2, 1, 2, split);
    const right = ws.getCell(2, split + 1);
    right.value = captions[1] as string;
    right.style = captionStyle(true);
    merge(ws, 2, split + 1, 2, ncols);
  } else {
    captions.forEach((caption, i) => {
      const cell = ws.getCell(2 + i, 1);
      cell.value = caption;
      cell.style = captionStyle(isAmountUnitCaption(caption));
      merge(ws, 2 + i, 1, 2 + i, ncols);
    });
  }

  // Header block: style every cell of the block (merged areas keep their borders), then place
  // the texts and merge.
  for (let r = 0; r < depth; r++) {
    for (let c = 0; c < ncols; c++) {
      ws.getCell(headerTop + r, c + 1).style = {
        font: { name: FONT, size: BODY_SIZE, bold: true },
        alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
        border: thinBorders(),
        fill: HEADER_FILL,
      };
    }
  }
  for (const h of headerCells) {
    ws.getCell(headerTop + h.row, h.col + 1).value = h.text;
  }
  for (const h of headerCells) {
    merge(ws, headerTop + h.row, h.col + 1, headerTop + h.row + h.rowSpan - 1, h.col + h.colSpan);
  }
  rowHeights(headerCells, depth, widths, LINE_HEIGHT).forEach((height, r) => {
    ws.getRow(headerTop + r).height = height;
  });

  // Body
  const grouping = table.rows.some((row) =>
    row.texts.some((t, c) => table.columns[c]?.role === 'amount' && /\d,\d/.test(t)),
  );
  const numFmt = amountFormat(pkg.places, grouping);
  table.rows.forEach((row, i) => {
    const bold = row.kind === 'total';
    for (let c = 0; c < ncols; c++) {
      const role = table.columns[c]?.role ?? 'label';
      const text = row.texts[c] ?? '';
      const cell = ws.getCell(bodyTop + i, c + 1);
      const font: Partial<ExcelJS.Font> = { name: FONT, size: BODY_SIZE, bold };
      // forms mix texts and amounts in one column: a cell with a value behind it is an amount
      const isAmount = role === 'amount' || (text !== '' && (row.values[c] ?? null) !== null);
      if (isAmount) {
        const value = amountCellValue(text);
        cell.value = value;
        cell.style = {
          font,
          numFmt,
          alignment: { horizontal: 'right', vertical: 'middle' },
          border: thinBorders(),
        };
      } else {
        // codes stay text (leading zeros, no number conversion)
        cell.value = text === '' ? null : text;
        cell.style = {
          font,
          alignment: {
            horizontal: 'left',
            vertical: 'middle',
            wrapText: role !== 'code',
          },
          border: thinBorders(),
        };
      }
    }
  });
  const merges = table.merges.filter(
    (m) =>
      m.top >= 0 &&
      m.left >= 0 &&
      m.bottom < table.rows.length &&
      m.right < ncols &&
      m.bottom >= m.top &&
      m.right >= m.left,
  );
  for (const m of merges) merge(ws, bodyTop + m.top, m.left + 1, bodyTop + m.bottom, m.right + 1);

  const covered = new Set<string>();
  const placed: Placed[] = [];
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) covered.add(`${r},${c}`);
    const text = table.rows[m.top]?.texts[m.left] ?? '';
    placed.push({ row: m.top, col: m.left, rowSpan: m.bottom - m.top + 1, colSpan: m.right - m.left + 1, text });
  }
  table.rows.forEach((row, r) => {
    row.texts.forEach((text, c) => {
      const role = table.columns[c]?.role;
      if (covered.has(`${r},${c}`) || role === 'amount' || role === 'code') return;
      placed.push({ row: r, col: c, rowSpan: 1, colSpan: 1, text });
    });
  });
  rowHeights(placed, table.rows.length, widths, LINE_HEIGHT).forEach((height, r) => {
    ws.getRow(bodyTop + r).height = height;
  });

  // Note
  if (table.note && table.note.trim() !== '') {
    const cell = ws.getCell(noteRow, 1);
    cell.value = table.note;
    cell.style = {
      font: { name: FONT, size: BODY_SIZE },
      alignment: { horizontal: 'left', vertical: 'top', wrapText: true },
    };
    merge(ws, noteRow, 1, noteRow, ncols);
    ws.getRow(noteRow).height = rowHeights(
      [{ row: 0, col: 0, rowSpan: 1, colSpan: ncols, text: table.note }],
      1,
      widths,
      LINE_HEIGHT,
    )[0] as number;
  }
}

/** A formula string literal: quotes doubled. */
function formulaString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function addTocSheet(wb: ExcelJS.Workbook, pkg: DisclosurePackage, names: readonly string[]): void {
  const ws = wb.addWorksheet(TOC_SHEET_NAME, {
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
  });
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 56;
  ws.getColumn(3).width = 36;
  const plain = (size = 11, bold = false): Partial<ExcelJS.Font> => ({ name: FONT, size, bold });

  let r = 1;
  const unitCell = ws.getCell(r, 1);
  unitCell.value = pkg.unit.name;
  unitCell.style = { font: plain(16, true), alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  merge(ws, r, 1, r, 3);
  ws.getRow(r).height = 30;
  r++;
  const titleCell = ws.getCell(r, 1);
  titleCell.value = pkg.title;
  titleCell.style = { font: plain(18, true), alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  merge(ws, r, 1, r, 3);
  ws.getRow(r).height = 36;
  r += 2;

  const facts: [string, string][] = [
    ['单位编码', pkg.unit.code],
    ['单位名称', pkg.unit.name],
    ['年度', `${pkg.year}年`],
    ['标题', pkg.title],
  ];
  if (pkg.region) facts.push(['地区', pkg.region]);
  facts.push(['金额单位', pkg.amountUnit]);
  for (const [label, value] of facts) {
    const l = ws.getCell(r, 1);
    l.value = label;
    l.style = { font: plain(11, true), alignment: { horizontal: 'left', vertical: 'middle' } };
    const v = ws.getCell(r, 2);
    v.value = value;
    v.style = { font: plain(), alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } };
    merge(ws, r, 2, r, 3);
    r++;
  }
  r++;

  const tocTitle = ws.getCell(r, 1);
  tocTitle.value = '目录';
  tocTitle.style = { font: plain(14, true), alignment: { horizontal: 'center', vertical: 'middle' } };
  merge(ws, r, 1, r, 3);
  ws.getRow(r).height = 24;
  r++;
  const headerStyle = (): Partial<ExcelJS.Style> => ({
    font: plain(11, true),
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: thinBorders(),
    fill: HEADER_FILL,
  });
  ['序号', '表名', '工作表'].forEach((text, c) => {
    const cell = ws.getCell(r, c + 1);
    cell.value = text;
    cell.style = headerStyle();
  });
  const tocHeaderRow = r;
  r++;
  pkg.tables.forEach((table, i) => {
    const sheet = names[i] as string;
    const no = ws.getCell(r, 1);
    no.value = table.number;
    no.style = { font: plain(), alignment: { horizontal: 'center', vertical: 'middle' }, border: thinBorders() };
    const title = ws.getCell(r, 2);
    // A HYPERLINK formula rather than a cell hyperlink: ExcelJS writes in-workbook cell links as
    // external relationships, which Excel and LibreOffice then fail to follow.
    title.value = {
      formula: `HYPERLINK(${formulaString(`#'${sheet}'!A1`)},${formulaString(table.title)})`,
      result: table.title,
    };
    title.style = {
      font: { ...plain(), color: { argb: 'FF1F4E79' }, underline: true },
      alignment: { horizontal: 'left', vertical: 'middle', wrapText: true },
      border: thinBorders(),
    };
    const sheetCell = ws.getCell(r, 3);
    sheetCell.value = sheet;
    sheetCell.style = {
      font: plain(),
      alignment: { horizontal: 'left', vertical: 'middle', wrapText: true },
      border: thinBorders(),
    };
    const lines = Math.max(linesNeeded(table.title, 56), linesNeeded(sheet, 36));
    ws.getRow(r).height = Math.max(MIN_ROW_HEIGHT, lines * 15 + ROW_PADDING);
    r++;
  });
  ws.pageSetup.printTitlesRow = `${tocHeaderRow}:${tocHeaderRow}`;
}

/** "一" + "收入…" → "一、收入…" (as the other renderers print section headings). */
function sectionHeading(number: string, title: string): string {
  if (/^[一二三四五六七八九十]+$/.test(number)) return `${number}、${title.trim()}`;
  if (/[、）)]$/.test(number)) return `${number}${title.trim()}`;
  return title.trim();
}

/**
 * The 说明 on its own sheet, one paragraph a row in one wide wrapped column (rows high enough for
 * their lines, since Excel does not grow them), headings in bold; set up for A4 portrait.
 */
function addNarrativeSheet(wb: ExcelJS.Workbook, pkg: DisclosurePackage): void {
  const sections = pkg.sections ?? [];
  if (sections.length === 0) return;
  const ws = wb.addWorksheet(NARRATIVE_SHEET_NAME, {
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.7, right: 0.7, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  const width = 90;
  ws.getColumn(1).width = width;
  let r = 1;
  const put = (text: string, size: number, bold: boolean, center = false) => {
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.style = {
      font: { name: FONT, size, bold },
      alignment: {
        horizontal: center ? 'center' : 'left',
        vertical: 'top',
        wrapText: true,
        ...(center ? {} : { indent: 0 }),
      },
    };
    ws.getRow(r).height = Math.max(MIN_ROW_HEIGHT, linesNeeded(text, width) * (size + 4) + ROW_PADDING);
    r++;
  };
  put('公开说明', 16, true, true);
  for (const s of sections) {
    put(sectionHeading(s.number, s.title), 12, true);
    for (const para of s.text.split('\n')) {
      const text = para.trim();
      if (text !== '') put(text, 11, false);
    }
  }
}

export async function renderXlsx(pkg: DisclosurePackage): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = CREATOR;
  wb.lastModifiedBy = CREATOR;
  wb.title = pkg.title;
  wb.subject = `${pkg.unit.name} ${pkg.title}`;
  wb.keywords = `${pkg.year}年 部门${pkg.kind} ${pkg.unit.code}`;
  const now = new Date();
  wb.created = now;
  wb.modified = now;

  const names = worksheetNames(pkg);
  addTocSheet(wb, pkg, names);
  addNarrativeSheet(wb, pkg);
  pkg.tables.forEach((table, i) => {
    addTableSheet(wb, pkg, table, names[i] as string);
  });
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data);
}
