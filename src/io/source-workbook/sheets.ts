/**
 * Reading the sheets of a source workbook by their layout: cells classified and converted by the
 * kind of their field, table sheets found by their header texts (users may reorder columns; a
 * trailing “*” is ignored), key/value sheets by their key labels. Every value read is registered
 * under its JSON path with its cell, so that later messages name 工作表 / 行 / 列.
 */
import type ExcelJS from 'exceljs';
import type { Issue, Location } from '../../core/diagnostics.ts';
import { normaliseAmountText } from '../../core/money/amount.ts';
import { canonicalDecimal, chineseDate, columnLetter, labelKey, numberText, type Rec, setPath } from './cells.ts';
import type { Field, KvSpec, TableSpec } from './spec.ts';

export type CellRead =
  | { readonly t: 'empty' }
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'number'; readonly n: number; readonly percent: boolean }
  | { readonly t: 'bool'; readonly b: boolean };

export const EMPTY: CellRead = { t: 'empty' };

export type Path = ReadonlyArray<string | number>;

export class Reader {
  readonly issues: Issue[] = [];
  private readonly places = new Map<string, Location>();
  /** a structural problem: the raw object would be misleading, so none is returned */
  unusable = false;

  constructor(readonly file: string) {}

  at(sheet: string, row?: number, column?: string): Location {
    return {
      file: this.file,
      sheet,
      ...(row !== undefined ? { row } : {}),
      ...(column !== undefined ? { column } : {}),
    };
  }

  place(path: Path, loc: Location): void {
    this.places.set(JSON.stringify(path), loc);
  }

  locate(path: Path): Location | undefined {
    for (let n = path.length; n > 0; n--) {
      const hit = this.places.get(JSON.stringify(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  }

  error(message: string, location: Location, path: Path = []): void {
    this.issues.push({ severity: 'error', message, path, location });
  }

  warn(message: string, location: Location, path: Path = []): void {
    this.issues.push({ severity: 'warning', message, path, location });
  }

  structural(message: string, location: Location): void {
    this.unusable = true;
    this.error(message, location);
  }
}

/** One cell's value, classified; error values and formulas without a cached result are reported. */
export function readCell(cell: ExcelJS.Cell, report: (message: string) => void): CellRead {
  const classify = (v: ExcelJS.CellValue | undefined): CellRead => {
    if (v === null || v === undefined) return EMPTY;
    if (typeof v === 'string') return { t: 'text', s: v };
    if (typeof v === 'number') return { t: 'number', n: v, percent: /%/.test(cell.numFmt ?? '') };
    if (typeof v === 'boolean') return { t: 'bool', b: v };
    if (v instanceof Date) return { t: 'text', s: chineseDate(v) };
    if ('richText' in v) return { t: 'text', s: v.richText.map((r) => r.text).join('') };
    if ('error' in v) {
      report(`单元格是错误值 ${v.error}，请改为实际数据`);
      return EMPTY;
    }
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined) {
        report('公式没有计算结果：请在 Excel/WPS 中打开并保存，或改为直接填写数值');
        return EMPTY;
      }
      return classify(v.result as ExcelJS.CellValue);
    }
    if ('hyperlink' in v) {
      const t = v.text as unknown;
      if (typeof t === 'string') return { t: 'text', s: t };
      if (t && typeof t === 'object' && 'richText' in t) {
        return { t: 'text', s: (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') };
      }
      return { t: 'text', s: cell.text };
    }
    return { t: 'text', s: cell.text };
  };
  return classify(cell.value);
}

export function isBlank(c: CellRead): boolean {
  return c.t === 'empty';
}

const TRUE_TEXT: Record<'bool' | 'flag', ReadonlySet<string>> = {
  bool: new Set(['是', 'Y', 'YES', 'TRUE', '√']),
  flag: new Set(['有', '是']),
};
const FALSE_TEXT: Record<'bool' | 'flag', ReadonlySet<string>> = {
  bool: new Set(['否', 'N', 'NO', 'FALSE', '×']),
  flag: new Set(['无', '否']),
};
/** Headers of note columns the writer adds next to data (never data themselves). */
export const NOTE_HEADERS: ReadonlySet<string> = new Set(['说明', '序号']);

/**
 * Convert a cell for a field: undefined when blank (or the empty text for `blankIsEmpty`), and
 * undefined plus an error when an integer or 是/否 cell holds something else.
 */
export function convert(f: Field, c: CellRead, fail: (message: string) => void): unknown {
  if (c.t === 'empty') return f.blankIsEmpty ? '' : undefined;
  switch (f.kind) {
    case 'code':
      if (c.t === 'number') {
        if (Number.isInteger(c.n) && Math.abs(c.n) >= 1e15) {
          fail(
            `编码以数字形式保存，超过 15 位的数字会被 Excel 改写（读为“${numberText(c.n)}”）；请将该列设为文本格式后重新输入`,
          );
        }
        return numberText(c.n);
      }
      return c.t === 'text' ? c.s : String(c.b).toUpperCase();
    case 'amount':
      return c.t === 'number' ? numberText(c.n) : c.t === 'text' ? c.s : String(c.b).toUpperCase();
    case 'text':
    case 'long':
      if (c.t === 'number') return c.percent ? `${numberText(c.n * 100)}%` : numberText(c.n);
      return c.t === 'text' ? c.s : c.b ? '是' : '否';
    case 'int': {
      let n: number | undefined;
      if (c.t === 'number') n = c.n;
      else if (c.t === 'text') {
        const t = normaliseAmountText(c.s);
        if (t === '') return undefined;
        if (/^[+-]?\d+(\.0*)?$/.test(t)) n = Number(t);
      }
      if (n === undefined || !Number.isInteger(n)) {
        fail(
          `“${f.label}”应填写整数，实际为“${c.t === 'number' ? numberText(c.n) : c.t === 'text' ? c.s : c.b ? 'TRUE' : 'FALSE'}”`,
        );
        return undefined;
      }
      return n;
    }
    case 'number': {
      let n: number | undefined;
      // rounded as Excel shows it, so float noise of a formula (=0.1+0.2) is not read
      if (c.t === 'number') n = Number(numberText(c.n));
      else if (c.t === 'text') {
        const t = normaliseAmountText(c.s);
        if (t === '') return undefined;
        if (canonicalDecimal(t) !== undefined) n = Number(t);
      }
      if (n === undefined || !Number.isFinite(n)) {
        fail(
          `“${f.label}”应填写数字，实际为“${c.t === 'text' ? c.s : c.t === 'bool' ? (c.b ? 'TRUE' : 'FALSE') : ''}”`,
        );
        return undefined;
      }
      return n;
    }
    case 'bool':
    case 'flag': {
      if (c.t === 'bool') return c.b;
      const t = c.t === 'text' ? c.s.trim().toUpperCase() : c.t === 'number' ? numberText(c.n) : '';
      if (t === '') return undefined;
      if (TRUE_TEXT[f.kind].has(t)) return true;
      if (FALSE_TEXT[f.kind].has(t)) return false;
      fail(
        f.kind === 'bool' ? `“${f.label}”应填写“是”或“否”，实际为“${t}”` : `“${f.label}”应填写“有”或“无”，实际为“${t}”`,
      );
      return undefined;
    }
  }
}

export interface ColumnRef {
  readonly col: number;
  /** location column text, e.g. "K（金额）" */
  readonly label: string;
}

export interface TableRow {
  readonly row: number;
  readonly cells: ReadonlyMap<string, { readonly cell: ExcelJS.Cell; readonly read: CellRead }>;
}

export interface Table {
  readonly sheet: string;
  readonly columns: ReadonlyMap<string, ColumnRef>;
  readonly rows: readonly TableRow[];
}

export function fieldByLabel(fields: readonly Field[]): Map<string, Field> {
  const m = new Map<string, Field>();
  for (const f of fields) {
    m.set(labelKey(f.label), f);
    for (const a of f.aliases ?? []) m.set(labelKey(a), f);
  }
  return m;
}

function rowTexts(ws: ExcelJS.Worksheet, r: number): Map<number, string> {
  const out = new Map<number, string>();
  ws.getRow(r).eachCell((cell, col) => {
    const t = cell.text.trim();
    if (t) out.set(col, t);
  });
  return out;
}

/**
 * Read a table sheet: the header row is the one among `headerFrom..headerFrom+9` (or exactly
 * `headerRow`) matching the most known headers; rows below it up to `lastRow` that have a value
 * in a known column are returned.
 */
export function readTable(
  r: Reader,
  ws: ExcelJS.Worksheet,
  spec: TableSpec,
  options: { headerRow?: number; lastRow?: number } = {},
): Table | undefined {
  const byLabel = fieldByLabel(spec.fields);
  // A sheet cleared completely (no header either) simply holds no rows.
  if (ws.actualRowCount === 0) return { sheet: spec.sheet, columns: new Map(), rows: [] };
  let headerRow = options.headerRow;
  if (headerRow === undefined) {
    let best = 0;
    for (let row = 1; row <= Math.min(10, ws.rowCount); row++) {
      let hits = 0;
      for (const t of rowTexts(ws, row).values()) if (byLabel.has(labelKey(t))) hits++;
      if (hits > best) {
        best = hits;
        headerRow = row;
      }
    }
  }
  if (headerRow === undefined) {
    r.structural(
      `工作表“${spec.sheet}”找不到表头行（应包含 ${spec.fields.map((f) => `“${f.label}”`).join('、')} 等列）`,
      r.at(spec.sheet, 1),
    );
    return undefined;
  }
  const columns = new Map<string, ColumnRef>();
  for (const [col, text] of rowTexts(ws, headerRow)) {
    const f = byLabel.get(labelKey(text));
    const letter = columnLetter(col);
    if (!f) {
      if (!NOTE_HEADERS.has(labelKey(text))) r.warn(`未识别的列“${text}”，已忽略`, r.at(spec.sheet, headerRow, letter));
      continue;
    }
    if (columns.has(f.key)) {
      r.structural(`“${f.label}”列重复出现`, r.at(spec.sheet, headerRow, letter));
      continue;
    }
    columns.set(f.key, { col, label: `${letter}（${f.label}）` });
  }
  let ok = true;
  for (const f of spec.fields) {
    if (f.required && !columns.has(f.key)) {
      r.structural(`工作表“${spec.sheet}”缺少“${f.label}”列`, r.at(spec.sheet, headerRow));
      ok = false;
    }
  }
  if (!ok) return undefined;
  const rows: TableRow[] = [];
  const last = options.lastRow ?? ws.rowCount;
  for (let row = headerRow + 1; row <= last; row++) {
    const wsRow = ws.getRow(row);
    const cells = new Map<string, { cell: ExcelJS.Cell; read: CellRead }>();
    let blank = true;
    for (const [key, ref] of columns) {
      const cell = wsRow.getCell(ref.col);
      const read = readCell(cell, (m) => r.error(m, r.at(spec.sheet, row, ref.label)));
      cells.set(key, { cell, read });
      if (!isBlank(read)) blank = false;
    }
    if (!blank) rows.push({ row, cells });
  }
  return { sheet: spec.sheet, columns, rows };
}

/**
 * Turn one table row into a record of `fields` (registering every field's cell under
 * `prefix`), converting per kind. Merged cells are refused for numbers: a merged range repeats
 * its value in every cell when read, which would count an amount twice.
 */
export function rowRecord(
  r: Reader,
  table: Table,
  row: TableRow,
  fields: readonly Field[],
  prefix: Path,
  paths: Readonly<Record<string, Path>> = {},
): Rec {
  const rec: Rec = {};
  const rowLoc = r.at(table.sheet, row.row);
  r.place(prefix, rowLoc);
  for (const f of fields) {
    const ref = table.columns.get(f.key);
    const path = paths[f.key] ?? [...prefix, ...f.key.split('.')];
    if (!ref) {
      r.place(path, rowLoc);
      continue;
    }
    const loc = r.at(table.sheet, row.row, ref.label);
    r.place(path, loc);
    const entry = row.cells.get(f.key);
    if (!entry) continue;
    const { cell, read } = entry;
    if (
      (f.kind === 'amount' || f.kind === 'int' || f.kind === 'number') &&
      cell.isMerged &&
      cell.master.address !== cell.address
    ) {
      r.error(`“${f.label}”单元格与 ${cell.master.address} 合并，金额和数量不能合并填写，请拆分后逐行填写`, loc, path);
      continue;
    }
    const v = convert(f, read, (m) => r.error(m, loc, path));
    if (v !== undefined) setPath(rec, f.key, v);
  }
  return rec;
}

export interface KvValue {
  readonly row: number;
  readonly read: CellRead;
  readonly cell: ExcelJS.Cell;
}

/**
 * Read a key/value sheet between `firstRow` and `lastRow`: A is the key, B the value. Unknown
 * keys are warnings, repeated keys errors, missing required key rows structural errors.
 */
export function readKv(r: Reader, ws: ExcelJS.Worksheet, spec: KvSpec, lastRow = ws.rowCount): Map<string, KvValue> {
  const byLabel = fieldByLabel(spec.fields);
  const found = new Map<string, KvValue>();
  for (let row = 1; row <= lastRow; row++) {
    const keyText = ws.getRow(row).getCell(1).text.trim();
    const k = labelKey(keyText);
    if (!k || k === '项目') continue;
    const f = byLabel.get(k);
    const cell = ws.getRow(row).getCell(2);
    if (!f) {
      if (cell.text.trim()) r.warn(`未识别的项目“${keyText}”，已忽略`, r.at(spec.sheet, row, 'A'));
      continue;
    }
    if (found.has(f.key)) {
      r.error(`“${f.label}”重复出现（首次在第 ${found.get(f.key)?.row} 行），已忽略本行`, r.at(spec.sheet, row, 'A'));
      continue;
    }
    const read = readCell(cell, (m) => r.error(m, r.at(spec.sheet, row, 'B')));
    found.set(f.key, { row, read, cell });
  }
  for (const f of spec.fields) {
    if (f.key.startsWith('#')) continue;
    const hit = found.get(f.key);
    r.place(f.key.split('.'), hit ? r.at(spec.sheet, hit.row, 'B') : r.at(spec.sheet));
    if (!hit && f.required) r.structural(`工作表“${spec.sheet}”缺少“${f.label}”一行`, r.at(spec.sheet));
  }
  return found;
}

/** Values of a key/value sheet as a record (dotted keys set as nested properties). */
export function kvRecord(r: Reader, spec: KvSpec, found: ReadonlyMap<string, KvValue>): { rec: Rec; any: boolean } {
  const rec: Rec = {};
  let any = false;
  for (const f of spec.fields) {
    const hit = found.get(f.key);
    if (!hit || f.key.startsWith('#')) continue;
    if (!isBlank(hit.read)) any = true;
    const path = f.key.split('.');
    const v = convert(f, hit.read, (m) => r.error(m, r.at(spec.sheet, hit.row, 'B'), path));
    if (v !== undefined) setPath(rec, f.key, v);
  }
  return { rec, any };
}
