import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { parseCells, renderCells } from '../../src/renderers/cells.ts';
import { renderXlsx, SHEET_NAME_MAX, TOC_SHEET_NAME, worksheetNames } from '../../src/renderers/xlsx.ts';
import { buildFixturePackage, UNIT_NAME, WEIRD_LABEL } from './fixture.ts';

async function load(pkg: DisclosurePackage): Promise<ExcelJS.Workbook> {
  const buf = await renderXlsx(pkg);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The worksheet that prints this table: found by its title cell, not by name or position. */
function sheetOf(wb: ExcelJS.Workbook, table: PackageTable): ExcelJS.Worksheet {
  const hits = wb.worksheets.filter((ws) => ws.getCell('A1').value === table.printedTitle);
  expect(hits, table.title).toHaveLength(1);
  return hits[0] as ExcelJS.Worksheet;
}

/** Header block rows, read from the print titles (which must also be where the freeze is). */
function headerBlock(ws: ExcelJS.Worksheet): { top: number; bottom: number } {
  const m = /^(\d+):(\d+)$/.exec(ws.pageSetup.printTitlesRow ?? '');
  expect(m, `${ws.name} printTitlesRow`).not.toBeNull();
  return { top: Number(m?.[1]), bottom: Number(m?.[2]) };
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** Header path of every worksheet column, read from the sheet's header block (merged cells once). */
function headerPaths(ws: ExcelJS.Worksheet, ncols: number): string[] {
  const { top, bottom } = headerBlock(ws);
  const paths: string[] = [];
  for (let c = 1; c <= ncols; c++) {
    const seen = new Set<string>();
    const parts: string[] = [];
    for (let r = top; r <= bottom; r++) {
      const cell = ws.getCell(r, c);
      const master = cell.isMerged ? cell.master : cell;
      if (seen.has(master.address) || text(master) === '') continue;
      seen.add(master.address);
      parts.push(text(master));
    }
    paths.push(parts.join('/'));
  }
  return paths;
}

/**
 * Locate an amount in the worksheet by what a reader sees: the column whose header path is
 * `column`, and the body row that shows `rowKey` in one of its code/label cells (or, for rows of
 * several codes, their "/"-joined codes). The key must identify exactly one row.
 */
function locate(ws: ExcelJS.Worksheet, table: PackageTable, rowKey: string, column: string): ExcelJS.Cell {
  const ncols = table.columns.length;
  const cols = headerPaths(ws, ncols)
    .map((p, i) => [p, i + 1] as const)
    .filter(([p]) => p === column);
  expect(cols, `column ${column}`).toHaveLength(1);
  const { bottom } = headerBlock(ws);
  const keyCols = table.columns.map((c, i) => [c.role, i + 1] as const).filter(([role]) => role !== 'amount');
  const rows: number[] = [];
  for (let r = bottom + 1; r <= bottom + table.rows.length; r++) {
    const texts = keyCols.map(([, c]) => text(ws.getCell(r, c)));
    const codes = keyCols
      .filter(([role]) => role === 'code')
      .map(([, c]) => text(ws.getCell(r, c)))
      .filter((t) => t !== '');
    if (texts.some((t) => t.trim() === rowKey) || codes.join('/') === rowKey) rows.push(r);
  }
  expect(rows, `row ${rowKey} in ${table.title}`).toHaveLength(1);
  return ws.getCell(rows[0] as number, cols[0]?.[1] as number);
}

describe('xlsx', () => {
  const pkg = buildFixturePackage();
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await load(pkg);
  });

  it('has a 目录 sheet first, then one sheet per table, and the workbook properties', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([TOC_SHEET_NAME, ...worksheetNames(pkg)]);
    expect(wb.creator).toBe('明账 Mingzhang');
    expect(wb.title).toBe(pkg.title);
    const toc = wb.worksheets[0] as ExcelJS.Worksheet;
    const all: string[] = [];
    toc.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value;
        all.push(v && typeof v === 'object' && 'result' in v ? String(v.result) : text(cell));
      });
    });
    for (const fact of [pkg.unit.code, UNIT_NAME, '2024年', pkg.title]) expect(all).toContain(fact);
    for (const t of pkg.tables) {
      expect(all).toContain(t.printedTitle.trim() || t.title);
      expect(all).toContain(String(t.number));
    }
  });

  it('writes every `cells` amount as a number showing the published value', () => {
    const records = parseCells(renderCells(pkg));
    expect(records.length).toBeGreaterThan(20);
    for (const rec of records) {
      const table = pkg.tables.find((t) => t.title === rec.table) as PackageTable;
      const cell = locate(sheetOf(wb, table), table, rec.row, rec.column);
      expect(typeof cell.value, `${rec.table} ${rec.row} ${rec.column}`).toBe('number');
      expect((cell.value as number).toFixed(2)).toBe(rec.value);
      expect(cell.numFmt).toBe('0.00');
      expect(cell.alignment?.horizontal).toBe('right');
    }
  });

  it('writes no other numbers: blank amounts are empty cells, codes are text', () => {
    for (const table of pkg.tables) {
      const ws = sheetOf(wb, table);
      const { bottom } = headerBlock(ws);
      let numbers = 0;
      ws.eachRow((row, r) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'number') {
            numbers++;
            expect(r).toBeGreaterThan(bottom);
          }
        });
      });
      const printed = table.rows.flatMap((row) =>
        row.texts.filter((t, c) => table.columns[c]?.role === 'amount' && t !== ''),
      );
      expect(numbers, table.title).toBe(printed.length);
      // blank cells with a value behind them (a zero printed blank) stay empty
      for (const c of table.cells.filter((c) => c.value !== null && c.text === '')) {
        expect(locate(ws, table, c.row, c.column).value ?? null).toBeNull();
      }
    }
    const t0 = pkg.tables[0] as PackageTable;
    const code = locate(sheetOf(wb, t0), t0, '2010101', '功能分类科目编码');
    expect(code.value).toBe('2010101');
  });

  it('builds the multi-level header with merges, bold, centred, bordered and filled', () => {
    for (const table of pkg.tables) {
      const ws = sheetOf(wb, table);
      const { top, bottom } = headerBlock(ws);
      expect(bottom - top + 1).toBe(table.headerDepth);
      expect(headerPaths(ws, table.columns.length)).toEqual(table.columns.map((c) => c.path.join('/')));
      const merges = new Set(ws.model.merges);
      for (const h of table.headerRows.flat()) {
        const tl = `${colLetter(h.col + 1)}${top + h.row}`;
        const br = `${colLetter(h.col + h.colSpan)}${top + h.row + h.rowSpan - 1}`;
        if (h.rowSpan > 1 || h.colSpan > 1) expect(merges, `${table.title} ${h.text}`).toContain(`${tl}:${br}`);
        const cell = ws.getCell(tl);
        expect(cell.font?.bold).toBe(true);
        expect(cell.alignment).toMatchObject({ horizontal: 'center', wrapText: true });
        expect(cell.border?.top?.style).toBe('thin');
        expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      }
    }
    // the 3-level header: 基本支出 spans 4 columns, 人员经费 2, the leaves of shorter paths span down
    const ws = sheetOf(wb, pkg.tables[0] as PackageTable);
    const { top } = headerBlock(ws);
    expect(ws.model.merges).toEqual(
      expect.arrayContaining([
        `D${top}:G${top}`,
        `E${top + 1}:F${top + 1}`,
        `A${top}:A${top + 2}`,
        `D${top + 1}:D${top + 2}`,
      ]),
    );
  });

  it('puts the title, captions, body merges and the note where they belong', () => {
    const t0 = pkg.tables[0] as PackageTable;
    const ws0 = sheetOf(wb, t0);
    const ncols0 = t0.columns.length;
    expect(ws0.model.merges).toContain(`A1:${colLetter(ncols0)}1`);
    expect(ws0.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ws0.getCell('A1').alignment?.horizontal).toBe('center');
    // two captions share a row: 单位 left, 金额单位 right
    expect(ws0.getCell('A2').value).toBe(t0.captions[0]);
    expect(ws0.getCell('A2').alignment?.horizontal).toBe('left');
    const right = ws0.getCell(2, ncols0);
    expect(right.value).toBe('金额单位：万元');
    expect(right.isMerged ? right.master.alignment?.horizontal : right.alignment?.horizontal).toBe('right');

    // form table: body merges offset below the header block; the weird label survives
    const t2 = pkg.tables[2] as PackageTable;
    const ws2 = sheetOf(wb, t2);
    const { bottom } = headerBlock(ws2);
    for (const m of t2.merges) {
      expect(ws2.model.merges).toContain(
        `${colLetter(m.left + 1)}${bottom + 1 + m.top}:${colLetter(m.right + 1)}${bottom + 1 + m.bottom}`,
      );
    }
    expect(locate(ws2, t2, WEIRD_LABEL, '金额').value).toBe(2.35);

    // empty table: the note follows the body, merged across
    const t3 = pkg.tables[3] as PackageTable;
    const ws3 = sheetOf(wb, t3);
    const noteRow = headerBlock(ws3).bottom + t3.rows.length + 1;
    expect(ws3.getCell(noteRow, 1).value).toBe(t3.note);
    expect(ws3.model.merges).toContain(`A${noteRow}:${colLetter(t3.columns.length)}${noteRow}`);
  });

  it('sets column widths, frozen panes below the header and the print setup', () => {
    for (const table of pkg.tables) {
      const ws = sheetOf(wb, table);
      const { top, bottom } = headerBlock(ws);
      expect(top).toBeGreaterThan(1);
      table.columns.forEach((c, i) => {
        expect(ws.getColumn(i + 1).width).toBe(c.width);
      });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: bottom });
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${top}:${bottom}`,
      });
      const m = ws.pageSetup.margins;
      expect(m?.left).toBeLessThanOrEqual(0.75);
      expect(m?.top).toBeLessThanOrEqual(0.75);
    }
  });
});

describe('worksheetNames', () => {
  it('keeps names within 31 characters, free of forbidden characters and unique', () => {
    const base = buildFixturePackage();
    const t = base.tables[0] as PackageTable;
    const tables: PackageTable[] = [
      ...base.tables,
      { ...t, title: t.title }, // same number and title: must get another name
      { ...t, number: 12, title: `${UNIT_NAME}2024年'[部门]:收支*总表?'` },
      { ...t, number: 13, title: '目录' },
      { ...t, number: 14, title: '𠀀'.repeat(40) }, // astral characters count 2 towards the limit
    ];
    const names = worksheetNames({ ...base, tables });
    expect(names).toHaveLength(tables.length);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).not.toContain(TOC_SHEET_NAME);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(SHEET_NAME_MAX);
      expect(n).not.toMatch(/[[\]:*?/\\']/);
      expect(n).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(names[0]).toMatch(/^1 一般公共预算支出表/);
    expect(names[1]).toBe('2 部门收支总表');
    expect(names[5]).toBe('12 ’［部门］：收支＊总表？’');
  });

  it('gives a workbook that renders and reads back with such names', async () => {
    const base = buildFixturePackage();
    const t = base.tables[1] as PackageTable;
    const pkg = { ...base, tables: [t, { ...t }, { ...t, title: "部门'收支'总表" }] };
    const wb = await load(pkg);
    expect(wb.worksheets.map((w) => w.name)).toEqual([TOC_SHEET_NAME, ...worksheetNames(pkg)]);
    for (const ws of wb.worksheets.slice(1)) expect(ws.pageSetup.printTitlesRow).toBe('3:4');
  });
});
