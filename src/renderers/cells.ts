/**
 * The `cells` interface: every published amount of a package as one CSV record
 * `table,row,column,value`. It is a public, stable interface (see docs/cells-format.md): other
 * tools diff two packages, load them into a database or compare a generated package with the
 * published documents through it, so its spelling must not drift.
 *
 *  - UTF-8, no BOM, LF line ends, RFC 4180 quoting (fields holding `,`, `"`, CR or LF, or leading
 *    or trailing spaces are quoted; `"` is doubled inside quotes);
 *  - header exactly `table,row,column,value`;
 *  - the text fields (table, row, column) never start with `=`, `+`, `-`, `@`, tab or CR, which
 *    Excel and WPS would run as a formula: such a field gets a leading `'` (OWASP's CSV-injection
 *    guidance), as does one that already starts with `'` before such a character, so that
 *    `parseCells` can take exactly one `'` off again; `value` stays a plain number;
 *  - one record per amount cell (`value !== null`) whose printed text is not blank, in table
 *    order, then cell order;
 *  - `value` is in 万元 whatever the package's display unit: two decimals rounded half up from
 *    the exact fen (what is published); for packages read from documents (origin `parsed`) an
 *    amount more precise than 0.01 万元 (read in 元) is written exactly instead.
 */
import { type Fen, formatWan, WAN_CENT, wanExact } from '../core/money/amount.ts';
import type { DisclosurePackage } from '../core/package/model.ts';

export const CELLS_HEADER = ['table', 'row', 'column', 'value'] as const;

export interface CellRecord {
  table: string;
  row: string;
  column: string;
  value: string;
}

/** The `value` field for an amount of a package of the given origin. */
export function cellsValue(fen: Fen, origin: DisclosurePackage['origin']['kind']): string {
  if (origin === 'parsed' && fen % WAN_CENT !== 0n) return wanExact(fen);
  return formatWan(fen, 2);
}

/** Does a field need quoting under RFC 4180 (plus surrounding spaces, which some readers trim)? */
function needsQuotes(field: string): boolean {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field);
}

export function csvField(field: string): string {
  return needsQuotes(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text field as it may be opened in a spreadsheet: formula triggers prefixed with `'`. */
export function neutraliseField(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}

/** The inverse of `neutraliseField`. */
export function restoreField(field: string): string {
  return field.startsWith("'") && FORMULA_START.test(field) ? field.slice(1) : field;
}

export function cellRecords(pkg: DisclosurePackage): CellRecord[] {
  const out: CellRecord[] = [];
  for (const table of pkg.tables) {
    for (const cell of table.cells) {
      if (cell.value === null || cell.text.trim() === '') continue;
      out.push({
        table: table.title,
        row: cell.row,
        column: cell.column,
        value: cellsValue(cell.value, pkg.origin.kind),
      });
    }
  }
  return out;
}

export function renderCells(pkg: DisclosurePackage): string {
  const lines = [CELLS_HEADER.join(',')];
  for (const r of cellRecords(pkg))
    lines.push(csvLine([neutraliseField(r.table), neutraliseField(r.row), neutraliseField(r.column), r.value]));
  return `${lines.join('\n')}\n`;
}

/**
 * Split RFC 4180 text into records of fields. Accepts LF or CRLF record ends, a final record
 * with or without a line end, and (leniently) a leading BOM. Line breaks inside quoted fields are
 * kept as written.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  // at the first character of a field (where a quote opens a quoted field)
  let atFieldStart = true;
  let i = 0;
  let line = 1;
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === '"' && atFieldStart) {
      const openLine = line;
      i++;
      for (;;) {
        if (i >= s.length) throw new Error(`cells 第 ${openLine} 行：引号未闭合`);
        const c = s[i] as string;
        i++;
        if (c === '"') {
          if (s[i] !== '"') break;
          i++;
        } else if (c === '\n') line++;
        field += c;
      }
      const next = s[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`cells 第 ${line} 行：引号后出现多余字符`);
      }
      atFieldStart = false;
      continue;
    }
    i++;
    if (ch === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && s[i] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      line++;
    } else if (ch === '"') {
      throw new Error(`cells 第 ${line} 行：未加引号的字段中出现引号`);
    } else {
      field += ch;
      atFieldStart = false;
    }
  }
  // a final record without a line end
  if (record.length > 0 || !atFieldStart) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Read `cells` text back into records; the inverse of `renderCells` on its records. */
export function parseCells(text: string): Array<{ table: string; row: string; column: string; value: string }> {
  const records = parseCsv(text);
  const header = records[0];
  if (!header || header.join(',') !== CELLS_HEADER.join(',')) {
    throw new Error(`cells 表头应为“${CELLS_HEADER.join(',')}”`);
  }
  const out: CellRecord[] = [];
  for (let n = 1; n < records.length; n++) {
    const r = records[n] as string[];
    if (r.length !== CELLS_HEADER.length) {
      throw new Error(`cells 第 ${n + 1} 条记录有 ${r.length} 个字段，应为 ${CELLS_HEADER.length} 个`);
    }
    const [table, row, column, value] = r as [string, string, string, string];
    out.push({ table: restoreField(table), row: restoreField(row), column: restoreField(column), value });
  }
  return out;
}
