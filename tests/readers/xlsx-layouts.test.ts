/**
 * Workbooks laid out as other offices make them: no 目录, the table starting in column B under a
 * year-prefixed title, captions naming the unit and 元, a two-row merged header in another column
 * order than the template with an extra 备注 column, amounts as numbers in 元 with thousands
 * separators (one stored more precisely than shown) — read into the same cells as the generated
 * package, with every re-mapping reported. And a sheet that prints no title is known by its name.
 * Plus the displayed text of number cells, which amounts are read from.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { displayNumber, excelDecimal, roundDecimal, shiftDecimal } from '../../src/readers/xlsx/display.ts';
import { readXlsxWorkbook } from '../../src/readers/xlsx/index.ts';
import { cellRecords } from '../../src/renderers/cells.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { loadableSets } from './seed-parse.ts';

const sets = loadableSets();
const TITLE = '一般公共预算“三公”经费支出表';

let pkg: DisclosurePackage;
let table: PackageTable;

beforeAll(() => {
  pkg = generateExample('demo-two-units-2024-budget');
  table = pkg.tables.find((t) => t.title === TITLE)!;
});

/** 万元 text ("33.42") → 元 number (334200), by digits. */
function yuan(wan: string): number {
  if (wan === '') return Number.NaN;
  const [i = '0', f = ''] = wan.split('.');
  return Number(`${i}${f.padEnd(4, '0').slice(0, 4)}`);
}

/** The demo's 三公 table as another office would publish it. */
async function foreignWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  // template order: 单位编码 | 单位名称 | 合计 | 因公出国（境）费 | 公务用车…/小计 | …/购置费 | …/运行费 | 公务接待费
  // printed order: 单位名称 | 单位编码 | 合计 | 公务接待费 | 公务用车…(小计, 运行费, 购置费) | 因公出国（境）费 | 备注
  const order = [1, 0, 2, 7, 4, 6, 5, 3];
  ws.getCell('B2').value = `2024年${TITLE}`;
  ws.mergeCells('B2:J2');
  ws.getCell('B3').value = '单位名称：株洲市荷塘区教育局';
  ws.mergeCells('B3:E3');
  ws.getCell('F3').value = '单位：元';
  ws.mergeCells('F3:J3');
  const h = (cell: string, text: string, range?: string) => {
    ws.getCell(cell).value = text;
    if (range) ws.mergeCells(range);
  };
  h('B4', '单位名称', 'B4:B5');
  h('C4', '单位编码', 'C4:C5');
  h('D4', '“三公”经费合计', 'D4:D5');
  h('E4', '公务接待费', 'E4:E5');
  h('F4', '公务用车购置及运行费', 'F4:H4');
  h('F5', '小计');
  h('G5', '公务用车运行费');
  h('H5', '公务用车购置费');
  h('I4', '因公出国（境）费', 'I4:I5');
  h('J4', '备注', 'J4:J5');
  table.rows.forEach((row, r) => {
    order.forEach((src, k) => {
      const cell = ws.getCell(6 + r, 2 + k);
      const text = row.texts[src] ?? '';
      if (src >= 2) {
        const v = yuan(text);
        if (!Number.isNaN(v)) {
          cell.value = v;
          cell.numFmt = '#,##0.00';
        }
      } else if (text !== '') cell.value = text;
    });
  });
  ws.getCell(6 + table.rows.length - 1, 10).value = '含结转';
  // stored with more decimals than shown: 38000.004 shows as 38,000.00
  const abroad = ws.getCell(6, 9);
  abroad.value = (abroad.value as number) + 0.004;
  ws.getCell(6 + table.rows.length, 2).value = '注：本表为演示数据。';
  ws.mergeCells(6 + table.rows.length, 2, 6 + table.rows.length, 10);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('workbook reader: other offices’ layouts', () => {
  it('maps a reordered merged header onto the template and converts 元 to 万元 exactly', async () => {
    const read = await readXlsxWorkbook(await foreignWorkbook(), 'foreign.xlsx', sets);
    expect(read.unmatched).toEqual([]);
    expect(read.pkg.templateSet).toBe('hunan-2024-budget');
    expect(read.pkg.year).toBe(2024);
    expect(read.pkg.unit.name).toBe('株洲市荷塘区教育局');
    expect(read.pkg.tables.map((t) => t.title)).toEqual([TITLE]);
    const back = read.pkg.tables[0]!;
    expect(back.printedTitle).toBe(`2024年${TITLE}`);
    expect(back.captions).toEqual(['单位名称：株洲市荷塘区教育局', '单位：元']);
    expect(back.note).toBe('注：本表为演示数据。');
    const want = cellRecords(pkg).filter((r) => r.table === TITLE);
    const sortKey = (r: { row: string; column: string }) => `${r.row}|${r.column}`;
    expect([...cellRecords(read.pkg)].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      [...want].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
    // provenance points at the sheet's own rows
    expect(back.cells[0]!.provenance).toMatchObject({ kind: 'document', page: 1, line: 6 });
    const whats = read.repairs.map((r) => r.what);
    expect(whats.some((w) => /已按表头名称对应各列读取/.test(w))).toBe(true);
    expect(whats.some((w) => /J 列“备注”不是模板.*其内容未读取/.test(w))).toBe(true);
    expect(whats.some((w) => /金额单位为元，模板集为万元，金额已按万元换算/.test(w))).toBe(true);
    expect(whats.some((w) => /I6：存储 38000\.004，显示 38,000\.00/.test(w))).toBe(true);
    for (const r of read.repairs) expect(r).toMatchObject({ file: 'foreign.xlsx', sheet: 'Sheet1' });
    expect(read.repairs.find((r) => /备注/.test(r.what))?.column).toBe('J');
  });

  it('knows a sheet that prints no title by its name, and says so', async () => {
    const wb = new ExcelJS.Workbook();
    const toc = wb.addWorksheet('目录');
    toc.addRow(['年度', '2024年']);
    toc.addRow(['单位名称', '株洲市荷塘区教育局']);
    const ws = wb.addWorksheet(`15 ${TITLE}`);
    const paths = [
      '单位编码',
      '单位名称',
      '“三公”经费合计',
      '因公出国（境）费',
      '小计',
      '公务用车购置费',
      '公务用车运行费',
      '公务接待费',
    ];
    ws.addRow([
      '单位编码',
      '单位名称',
      '“三公”经费合计',
      '因公出国（境）费',
      '公务用车购置及运行费',
      null,
      null,
      '公务接待费',
    ]);
    ws.addRow([null, null, null, null, ...paths.slice(4, 7), null]);
    for (const c of ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:G1', 'H1:H2']) ws.mergeCells(c);
    for (const row of table.rows) ws.addRow(row.texts.map((t) => (t === '' ? null : t)));
    const read = await readXlsxWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'untitled.xlsx', sets);
    expect(read.unmatched).toEqual([]);
    expect(read.pkg.tables.map((t) => t.title)).toEqual([TITLE]);
    expect(cellRecords(read.pkg)).toEqual(cellRecords(pkg).filter((r) => r.table === TITLE));
    expect(read.repairs.map((r) => r.what)).toEqual([
      expect.stringMatching(new RegExp(`工作表没有印出表名，按工作表名“15 ${TITLE}”识别为“${TITLE}”`)),
    ]);
  });
});

describe('displayed text of number cells (no float arithmetic)', () => {
  it('holds a double as Excel does: 15 significant digits', () => {
    expect(excelDecimal(23.88)).toBe('23.88');
    expect(excelDecimal(0.1 + 0.2)).toBe('0.3');
    expect(excelDecimal(1e21)).toBe('1000000000000000000000');
    expect(excelDecimal(-1.5e-7)).toBe('-0.00000015');
    expect(excelDecimal(0)).toBe('0');
  });

  it('rounds and shifts decimal strings', () => {
    expect(roundDecimal('1.005', 2)).toBe('1.01');
    expect(roundDecimal('-2.345', 2)).toBe('-2.35');
    expect(roundDecimal('9.995', 2)).toBe('10.00');
    expect(roundDecimal('-0.001', 2)).toBe('0.00');
    expect(roundDecimal('12', 0)).toBe('12');
    expect(shiftDecimal('12.5', 2)).toBe('1250');
    expect(shiftDecimal('1234.5', -3)).toBe('1.2345');
    expect(shiftDecimal('5', -3)).toBe('0.005');
  });

  it('shows a number through its format', () => {
    expect(displayNumber(23.88, '0.00')).toBe('23.88');
    expect(displayNumber(20, '0.00')).toBe('20.00');
    expect(displayNumber(1.005, '0.00')).toBe('1.01');
    expect(displayNumber(1637.2, undefined)).toBe('1637.2');
    expect(displayNumber(0.1 + 0.2, 'General')).toBe('0.3');
    expect(displayNumber(1234567.891, '#,##0.00')).toBe('1,234,567.89');
    expect(displayNumber(-5, '0.00;(0.00)')).toBe('-5.00');
    expect(displayNumber(-5, '#,##0.00;[Red]-#,##0.00')).toBe('-5.00');
    expect(displayNumber(0, '#,##0.00;-#,##0.00;"-"')).toBe('-');
    expect(displayNumber(0.125, '0.0%')).toBe('12.5%');
    expect(displayNumber(12.3456, '0.00"万元"')).toBe('12.35');
    expect(displayNumber(5589712.34, '#,##0.00,,')).toBe('5.59');
    expect(displayNumber(7, '@')).toBe('7');
    expect(displayNumber(-0.001, '0.00')).toBe('0.00');
  });
});
