/**
 * Damaged and foreign workbooks: a sheet with an unknown title becomes a generic table listed in
 * `unmatched` with the reason; text in an amount cell is a repair naming the file, sheet, row and
 * column (the rest of the table is read as before); an empty workbook, a file that is no workbook
 * and a workbook without tables are Chinese errors located in the file — and no mutation of a
 * workbook lets anything but an XlsxReadError escape.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import {
  readXlsxDisclosure,
  readXlsxWorkbook,
  XlsxReadError,
  type XlsxReadResult,
} from '../../src/readers/xlsx/index.ts';
import { type CellRecord, cellRecords } from '../../src/renderers/cells.ts';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { loadableSets } from './seed-parse.ts';

const sets = loadableSets();
const FILE = 'x.xlsx';

let pkg: DisclosurePackage;
let original: Buffer;

beforeAll(async () => {
  pkg = generateExample('hetang-zfb-2024-budget');
  original = await renderXlsx(pkg);
});

async function workbook(bytes: Buffer = original): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

async function readBack(wb: ExcelJS.Workbook): Promise<XlsxReadResult> {
  return readXlsxWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), FILE, sets);
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The number cells of a sheet's body (masters only), in row order. */
function numberCells(ws: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const out: ExcelJS.Cell[] = [];
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === 'number' && (!cell.isMerged || cell.master === cell)) out.push(cell);
    }),
  );
  return out;
}

function key(r: CellRecord): string {
  return `${r.table}|${r.row}|${r.column}|${r.value}`;
}

function difference(a: readonly CellRecord[], b: readonly CellRecord[]): string[] {
  const keys = new Set(b.map(key));
  return a.map(key).filter((k) => !keys.has(k));
}

/** A located Chinese error, or fail. */
async function expectLocatedError(p: Promise<unknown>, pattern: RegExp): Promise<XlsxReadError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(XlsxReadError);
  const err = e as XlsxReadError;
  expect(err.file).toBe(FILE);
  expect(err.message.startsWith(`${FILE}：`)).toBe(true);
  expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  expect(err.reason).toMatch(pattern);
  expect(err.reason).not.toMatch(/^读取时出错/);
  return err;
}

describe('workbook reader: tables no template knows', () => {
  it('reads a sheet with an unknown title as a generic table and lists it with the reason', async () => {
    const wb = await workbook();
    const ws = wb.addWorksheet('附表1');
    ws.getCell('A1').value = '某某专项资金使用明细表';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = '金额单位：万元';
    ws.addRow(['项目', '金额', '备注']);
    ws.addRow(['办公设备购置', 12.5, '已完成']);
    ws.addRow(['差旅费', 3.2, null]);
    ws.getCell('B4').numFmt = '0.00';
    ws.getCell('B5').numFmt = '0.00';
    const read = await readBack(wb);
    expect(read.unmatched).toEqual([
      {
        title: '某某专项资金使用明细表',
        sheet: '附表1',
        line: 1,
        reason: expect.stringMatching(/不相符/),
      },
    ]);
    const generic = read.pkg.tables.find((t) => t.title === '某某专项资金使用明细表');
    expect(generic).toBeDefined();
    expect(generic?.id).toBe('X01');
    expect(generic?.captions).toEqual(['金额单位：万元']);
    expect(generic?.cells.map((c) => [c.row, c.column, c.value, c.text])).toEqual([
      ['办公设备购置', '第2列', 12_500_000n, '12.50'],
      ['差旅费', '第2列', 3_200_000n, '3.20'],
    ]);
    // the known tables are read as before
    expect(cellRecords(read.pkg).filter((r) => r.table !== '某某专项资金使用明细表')).toEqual(cellRecords(pkg));
  });

  it('takes the printed title over the sheet name: a retitled table is unknown, with the reason', async () => {
    const wb = await workbook();
    sheet(wb, '3 支出总表').getCell('A1').value = '支出总表（征求意见稿）';
    const read = await readBack(wb);
    expect(read.unmatched).toEqual([
      expect.objectContaining({ title: '支出总表（征求意见稿）', sheet: '3 支出总表', line: 1 }),
    ]);
    expect(read.unmatched[0]?.reason).toMatch(/表名与任何报表模板集中的表名、印刷表名或别名都不相符/);
    expect(read.pkg.tables.some((t) => t.title === '支出总表')).toBe(false);
    expect(read.pkg.tables.find((t) => t.title === '支出总表（征求意见稿）')?.cells.length).toBeGreaterThan(0);
  });
});

describe('workbook reader: text in amount cells', () => {
  const cases: Array<{ sheet: string; pick: (cells: ExcelJS.Cell[]) => ExcelJS.Cell; text: string }> = [
    // a grid table, in the middle of a row
    { sheet: '3 支出总表', pick: (cells) => cells[8]!, text: '待定' },
    // a grid table, the first amount of a coded row (where a text could pass for a row label)
    {
      sheet: '7 一般公共预算支出表',
      pick: (cells) => cells.find((c) => c.col === numberCells(c.worksheet)[0]!.col && Number(c.row) > 7)!,
      text: '见附件',
    },
    // a side-by-side table
    { sheet: '1 收支总表', pick: (cells) => cells[2]!, text: '12.3.4' },
    // the amount of a project performance form
    { sheet: '22 项目支出绩效目标表', pick: (cells) => cells[0]!, text: '约二十万元' },
  ];

  for (const c of cases) {
    it(`${c.sheet}: “${c.text}” is a repair naming file, sheet, row and column; the rest is read`, async () => {
      const wb = await workbook();
      const ws = sheet(wb, c.sheet);
      const target = c.pick(numberCells(ws));
      const printed = (target.value as number).toFixed(2);
      const { address } = target;
      const row = Number(target.row);
      const column = address.replace(/\d+$/, '');
      target.value = c.text;
      const read = await readBack(wb);
      const repair = read.repairs.find((r) => r.what.includes(`“${c.text}”`));
      expect(repair, JSON.stringify(read.repairs)).toBeDefined();
      expect(repair).toMatchObject({ file: FILE, sheet: c.sheet, row, line: row, column });
      expect(repair?.what).toContain(`工作表“${c.sheet}”第 ${row} 行 ${column} 列（${address} 单元格）`);
      expect(repair?.what).toMatch(/不是有效的金额，未读取/);
      expect(read.repairs).toHaveLength(1);
      // exactly that amount is missing; nothing else changed
      const want = cellRecords(pkg);
      const got = cellRecords(read.pkg);
      const missing = difference(want, got);
      expect(missing).toHaveLength(1);
      expect(missing[0]).toMatch(new RegExp(`\\|${printed.replace('.', '\\.')}$`));
      expect(difference(got, want)).toEqual([]);
    });
  }
});

describe('workbook reader: located errors', () => {
  it('an empty workbook (no sheets)', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expectLocatedError(readXlsxWorkbook(bytes, FILE, sets), /工作簿为空/);
  });

  it('a workbook whose sheets are all blank names the sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    wb.addWorksheet('Sheet2').getCell('C3').value = '   ';
    const e = await expectLocatedError(
      readXlsxWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), FILE, sets),
      /工作簿为空/,
    );
    expect(e.sheet).toBe('Sheet1');
    expect(e.message).toContain('工作表“Sheet1”');
  });

  it('a workbook with a 目录 but no table', async () => {
    const wb = await workbook();
    for (const ws of [...wb.worksheets]) if (ws.name !== '目录') wb.removeWorksheet(ws.id);
    const e = await expectLocatedError(readBack(wb), /未找到任何公开表/);
    expect(e.sheet).toBe('目录');
    expect(e.row).toBe(1);
  });

  it('bytes that are no workbook', async () => {
    await expectLocatedError(readXlsxWorkbook(new Uint8Array(), FILE, sets), /文件为空/);
    await expectLocatedError(readXlsxWorkbook(Buffer.from('单位：万元\t合计\n'), FILE, sets), /不是 XLSX 工作簿/);
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expectLocatedError(readXlsxWorkbook(ole, FILE, sets), /\.xls/);
    await expectLocatedError(
      readXlsxWorkbook(original.subarray(0, Math.floor(original.length / 2)), FILE, sets),
      /无法打开工作簿/,
    );
  });

  it('a missing file and no template sets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mz-xlsx-'));
    try {
      await expectLocatedError(readXlsxDisclosure(join(dir, FILE), sets), /找不到文件/);
      await writeFile(join(dir, FILE), original);
      await expectLocatedError(readXlsxDisclosure(join(dir, FILE), []), /没有可用的报表模板集/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('workbook reader robustness (property test)', () => {
  const values = fc.oneof(
    fc.string(),
    fc.double({ noNaN: false }),
    fc.integer(),
    fc.constantFrom(
      null,
      '合计',
      '0.00',
      '—',
      '注：',
      '单位：元',
      '2024年',
      '一般公共预算支出表',
      '项目名称',
      '一级指标',
      1e21,
      -0.005,
      '',
    ),
    fc.constant({ formula: '1/0', result: { error: '#DIV/0!' } }),
    fc.constant({ richText: [{ text: '收支' }, { text: '总表' }] }),
  );
  const edit = fc.record({
    sheet: fc.nat(),
    row: fc.integer({ min: 1, max: 40 }),
    col: fc.integer({ min: 1, max: 20 }),
    op: fc.constantFrom('set', 'set', 'set', 'deleteRow', 'insertRow', 'merge', 'removeSheet'),
    value: values,
  });

  it('any mutated workbook gives a package or a located XlsxReadError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 25 }), async (edits) => {
        const wb = await workbook();
        for (const e of edits) {
          const sheets = wb.worksheets;
          if (sheets.length === 0) break;
          const ws = sheets[e.sheet % sheets.length]!;
          try {
            if (e.op === 'set') ws.getCell(e.row, e.col).value = e.value as ExcelJS.CellValue;
            else if (e.op === 'deleteRow') ws.spliceRows(e.row, 1);
            else if (e.op === 'insertRow') ws.spliceRows(e.row, 0, [e.value as ExcelJS.CellValue]);
            else if (e.op === 'merge') ws.mergeCells(e.row, e.col, e.row + 1, e.col + 2);
            else if (sheets.length > 1) wb.removeWorksheet(ws.id);
          } catch {
            // ExcelJS refuses some edits (overlapping merges): the workbook stays as it was
          }
        }
        try {
          const read = await readBack(wb);
          expect(Array.isArray(read.unmatched) && Array.isArray(read.repairs)).toBe(true);
          for (const r of read.repairs) {
            expect(r.file).toBe(FILE);
            expect(r.row).toBeGreaterThanOrEqual(1);
            expect(r.what).toContain(`工作表“${r.sheet}”`);
          }
        } catch (err) {
          if (!(err instanceof XlsxReadError)) throw err;
          expect(err.message.startsWith(`${FILE}：`)).toBe(true);
          expect(err.reason).not.toMatch(/^读取时出错/);
        }
      }),
      { numRuns: Number(process.env.MZ_PROPERTY_RUNS ?? 12), seed: 20_240_601 },
    );
  }, 120_000);
});
