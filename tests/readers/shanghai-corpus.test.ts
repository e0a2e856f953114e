/**
 * The Shanghai corpus as pdftotext -layout text (columns are runs of spaces, pages are form feeds):
 * cover facts, tables recognised by title against the Shanghai template sets, and amounts read by
 * position (text/positioned.ts). Totals and the comparison with the PDF reading are in
 * shanghai-totals.test.ts; here, what is particular to text laid out by pdftotext.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { CORPUS_DIR, loadableSets, seedText, templateExists } from './seed-parse.ts';

const DIR = join(CORPUS_DIR, 'shanghai/txt');

describe('Shanghai corpus (space-aligned text)', () => {
  const sets = loadableSets();
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
  const read = (prefix: string) => {
    const f = files.find((x) => x.startsWith(prefix))!;
    return readTextDisclosure(readFileSync(join(DIR, f), 'utf8'), f, sets);
  };

  it('reads every document: cover facts, pages, every table recognised and read', () => {
    expect(files.length).toBe(13);
    for (const f of files) {
      const r = readTextDisclosure(readFileSync(join(DIR, f), 'utf8'), f, sets);
      expect(r.pkg.year, f).toBe(Number(f.slice(0, 4)));
      expect(r.pkg.kind, f).toBe(f.includes('_final_') ? '决算' : '预算');
      expect(r.pkg.templateSet, f).toMatch(/^shanghai-/);
      expect(r.unmatched, f).toEqual([]);
      // every table but the empty ones has amounts
      const withCells = r.pkg.tables.filter((t) => t.cells.length > 0).length;
      expect(withCells, f).toBeGreaterThanOrEqual(6);
      const pages = new Set(r.document.tables.map((t) => t.page));
      expect(Math.max(...pages), f).toBeGreaterThan(1);
    }
  });

  it.skipIf(!templateExists('shanghai-final'))(
    'reads the 决算 tables with the Shanghai set (三公 is 七, interleaved columns)',
    () => {
      const r = read('2024_final_shpt_ghzyj');
      expect(r.pkg.templateSet).toBe('shanghai-final');
      expect(r.pkg.unit.name).toBe('上海市普陀区规划和自然资源局');
      expect(r.pkg.tables.map((t) => t.id)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G09', 'G07', 'G08']);
      // "2.85 0.39 0.00 0.00  0.00 …": the 三公 row loses its alignment in the text; twelve amounts, twelve columns
      const sanGong = r.pkg.tables.find((t) => t.id === 'G09')!;
      expect(sanGong.cells.map((c) => [c.column, c.text]).filter(([, v]) => v !== '0.00')).toEqual([
        ['合计/预算数', '2.85'],
        ['合计/决算数', '0.39'],
        ['公务接待费/预算数', '2.85'],
        ['公务接待费/决算数', '0.39'],
      ]);
    },
  );

  it.skipIf(!templateExists('hunan-2023-final'))(
    'keeps Hunan finals (公开0N表 printed, no 上海) off the Shanghai set, whatever the year',
    () => {
      const text = seedText('002').replaceAll('2023', '2024');
      expect(readTextDisclosure(text, 'seed-002-as-2024.txt', sets).pkg.templateSet).toBe('hunan-2023-final');
    },
  );

  it('splits fields pdftotext runs together with one space ("91,016,775.35 一、一般公共服务支出")', () => {
    const r = read('2025_budget_shpt_zfb_unit');
    const t = r.pkg.tables.find((x) => x.id === 'B01')!;
    expect(t.cells.filter((c) => c.row === '一、一般公共服务支出').map((c) => [c.column, c.text])).toEqual([
      ['本年支出/合计', '82096797.42'],
      ['本年支出/人员经费', '13819399.88'],
      ['本年支出/公用经费', '1867397.54'],
      ['本年支出/项目支出', '66410000.00'],
    ]);
  });

  it('joins names wrapped in their cell and keys split codes (201 03 01) by the whole code', () => {
    const r = read('2024_final_shpt_shgzb');
    const g05 = r.pkg.tables.find((t) => t.id === 'G05')!;
    expect(g05.cells.find((c) => c.row === '2080505' && c.column === '本年支出/小计')?.text).toBe('6.18');
    const czj = read('2024_final_shpt_czj');
    const g02 = czj.pkg.tables.find((t) => t.id === 'G02')!;
    expect(g02.cells.find((c) => c.row === '2010601' && c.column === '其他收入')?.text).toBe('0.01');
    // the carry-over rows of 04表 repeat the fund labels: the second is keyed without its numbering
    const g04 = czj.pkg.tables.find((t) => t.id === 'G04')!;
    expect(g04.cells.filter((c) => /一般公共预算财政拨款$/.test(c.row)).map((c) => [c.row, c.text])).toEqual([
      ['一、一般公共预算财政拨款', '2940.05'],
      ['一般公共预算财政拨款', '21.63'],
    ]);
  });
});
