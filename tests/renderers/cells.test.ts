import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWan, wanExact } from '../../src/core/money/amount.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { csvLine, parseCells, parseCsv, renderCells } from '../../src/renderers/cells.ts';
import { A, BELOW_HALF, buildFixturePackage, E, HALF, WEIRD_LABEL } from './fixture.ts';

function recordsOf(pkg: DisclosurePackage) {
  return parseCells(renderCells(pkg));
}

function cellValue(pkg: DisclosurePackage, table: number, row: string, column: string): string | undefined {
  const title = pkg.tables[table]?.title;
  const hits = recordsOf(pkg).filter((r) => r.table === title && r.row === row && r.column === column);
  expect(hits.length).toBeLessThanOrEqual(1);
  return hits[0]?.value;
}

describe('cells: shape of the text', () => {
  const pkg = buildFixturePackage();
  const text = renderCells(pkg);

  it('has the exact header, LF line ends, no BOM, a final line end', () => {
    expect(text.startsWith('table,row,column,value\n')).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.endsWith('\n')).toBe(true);
    // the only CR/LF inside records are those inside quoted fields (the weird label has one LF)
    expect(text).not.toContain('\r');
  });

  it('has one record per non-blank amount cell, in table then cell order', () => {
    const expected = pkg.tables.flatMap((t) =>
      t.cells.filter((c) => c.value !== null && c.text !== '').map((c) => [t.title, c.row, c.column]),
    );
    const got = recordsOf(pkg).map((r) => [r.table, r.row, r.column]);
    expect(got).toEqual(expected);
    // the zero printed blank, the text cells and the empty table give no record
    const zeroBlank = pkg.tables[0]?.cells.filter((c) => c.value === 0n && c.text === '') ?? [];
    expect(zeroBlank.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(pkg.tables.reduce((n, t) => n + t.cells.length, 0));
    expect(got.some(([t]) => t === pkg.tables[3]?.title)).toBe(false);
  });

  it('uses the official title, not the printed title, as `table`', () => {
    const t = pkg.tables[0];
    expect(t?.printedTitle).not.toBe(t?.title);
    expect(recordsOf(pkg)[0]?.table).toBe(t?.title);
  });

  it('quotes fields holding commas, quotes and line breaks (RFC 4180)', () => {
    expect(text).toContain('"A,B ""C""\n第二行 <x> & y"');
    expect(text).toContain('"2024年项目支出绩效目标表（""重点"", 项目）"');
    const weird = recordsOf(pkg).filter((r) => r.row === WEIRD_LABEL);
    expect(weird).toEqual([
      { table: '2024年项目支出绩效目标表（"重点", 项目）', row: WEIRD_LABEL, column: '金额', value: '2.35' },
    ]);
  });
});

describe('cells: values', () => {
  it('generated packages print two decimals rounded half up from exact fen', () => {
    const pkg = buildFixturePackage('generated');
    const wage = '基本支出/人员经费/工资福利支出';
    const family = '基本支出/人员经费/对个人和家庭的补助';
    expect(cellValue(pkg, 0, '2010101', wage)).toBe('123.46'); // 1 234 567.89 元
    expect(cellValue(pkg, 0, '2010101', family)).toBe('0.01'); // exactly 0.005 万元
    expect(cellValue(pkg, 0, '2010101', '项目支出')).toBe('-0.01'); // −0.005 万元, half away from zero
    expect(cellValue(pkg, 0, '2010150', wage)).toBe('0.00'); // 0.004999 万元
    expect(cellValue(pkg, 0, '2010101', '基本支出/公用经费')).toBe('558.97');
    // totals are rounded from their exact sums, not summed from rounded parts
    expect(cellValue(pkg, 0, '2010101', '基本支出/小计')).toBe(formatWan(A + HALF + E));
    expect(cellValue(pkg, 1, '二、教育支出', '支出/预算数')).toBe('0.00'); // 1 fen
    for (const r of recordsOf(pkg)) expect(r.value).toMatch(/^-?\d+\.\d{2}$/);
  });

  it('parsed packages keep the exact value when it is finer than 0.01 万元', () => {
    const pkg = buildFixturePackage('parsed');
    const wage = '基本支出/人员经费/工资福利支出';
    expect(pkg.tables[0]?.rows[3]?.texts[4]).toBe('1234567.89'); // printed in 元
    expect(cellValue(pkg, 0, '2010101', wage)).toBe('123.456789');
    expect(cellValue(pkg, 0, '2010101', '基本支出/人员经费/对个人和家庭的补助')).toBe('0.005');
    expect(cellValue(pkg, 0, '2010150', wage)).toBe(wanExact(BELOW_HALF));
    expect(cellValue(pkg, 1, '二、教育支出', '支出/预算数')).toBe('0.000001');
    // amounts that are whole 0.01 万元 still print two decimals
    expect(cellValue(pkg, 2, '财政拨款', '金额')).toBe('10.00');
    // same records as the generated package, only the values differ
    const gen = recordsOf(buildFixturePackage('generated'));
    const par = recordsOf(pkg);
    expect(par.map((r) => [r.table, r.row, r.column])).toEqual(gen.map((r) => [r.table, r.row, r.column]));
    par.forEach((r, i) => {
      const rounded = gen[i]?.value;
      // the exact value rounds (half up) to the published one
      const [int = '', frac = ''] = r.value.replace('-', '').split('.');
      const fen = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
      expect(formatWan(r.value.startsWith('-') ? -fen : fen)).toBe(rounded);
    });
  });
});

describe('parseCells / parseCsv', () => {
  it('round-trips arbitrary strings through quoting', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '表', '\r\n') });
    fc.assert(
      fc.property(fc.array(fc.tuple(field, field, field, field), { maxLength: 8 }), (rows) => {
        const text = `${['table,row,column,value', ...rows.map((r) => csvLine(r))].join('\n')}\n`;
        const parsed = parseCells(text).map((r) => [r.table, r.row, r.column, r.value]);
        expect(parsed).toEqual(rows);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads CRLF files, a missing final line end and empty quoted fields', () => {
    expect(parseCsv('a,b\r\n"x,1",""\r\n"q""q",\n')).toEqual([
      ['a', 'b'],
      ['x,1', ''],
      ['q"q', ''],
    ]);
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('rejects a wrong header, wrong field counts and broken quoting', () => {
    expect(() => parseCells('table,row,col,value\n')).toThrow(/表头/);
    expect(() => parseCells('table,row,column,value\na,b,c\n')).toThrow(/字段/);
    expect(() => parseCells('table,row,column,value\n"a,b,c,d\n')).toThrow(/引号未闭合/);
    expect(() => parseCells('table,row,column,value\na"b,b,c,d\n')).toThrow(/引号/);
    expect(() => parseCells('table,row,column,value\n"a"b,b,c,d\n')).toThrow(/引号/);
  });
});
