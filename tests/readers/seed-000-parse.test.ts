/**
 * Seed 000 (2024 Hunan budget, 23 tables) read back from its text with the text reader and
 * compared with the hand transcription: share of the truth's amount cells read exactly, every
 * table recognised, the remaining differences all listed with a reason, cover facts, captions,
 * notes, provenance and the repairs of the displaced rows.
 */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/renderers/json.ts';
import {
  compareWithTruth,
  listedDifferences,
  loadableSets,
  loadTruth,
  parseSeed,
  sameDifference,
  share,
} from './seed-parse.ts';

const comparison = compareWithTruth('000');
const { result } = comparison;
const { pkg } = result;

describe('seed 000 read back from its text', () => {
  it('reads ≥ 99.5 % of the transcribed amount cells exactly (same table, row key, column path, value)', () => {
    const s = share(comparison.numeric);
    console.log(
      `seed 000: ${comparison.numeric.matched}/${comparison.numeric.total} amount cells (${(100 * s).toFixed(2)} %), ` +
        `${comparison.text.matched}/${comparison.text.total} text cells`,
    );
    expect(s).toBeGreaterThanOrEqual(0.995);
    expect(share(comparison.text)).toBeGreaterThanOrEqual(0.99);
  });

  it('lists every remaining difference with a reason, and nothing that no longer occurs', () => {
    const listed = listedDifferences('000');
    for (const l of listed) expect(l.reason.trim(), JSON.stringify(l)).not.toBe('');
    const unlisted = comparison.differences.filter((d) => !listed.some((l) => sameDifference(l, d)));
    const stale = listed.filter((l) => !comparison.differences.some((d) => sameDifference(l, d)));
    expect(unlisted, 'differences missing from seed-000-parse-differences.json').toEqual([]);
    expect(stale, 'listed differences that no longer occur').toEqual([]);
  });

  it('reads the package with the 2024 set and recognises all 23 tables by title', () => {
    expect(pkg.templateSet).toBe('hunan-2024-budget');
    expect(result.unmatched).toEqual([]);
    const ids = pkg.tables.map((t) => t.id);
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`));
    const truth = loadTruth('000');
    for (const t of truth.tables) {
      const table = pkg.tables.find((x) => x.title === t.title);
      expect(table, t.title).toBeDefined();
      if (t.state === 'header-only') expect(table!.cells, t.title).toEqual([]);
      if (t.state === 'empty') {
        expect(table!.empty, t.title).toBe(true);
        expect(table!.cells.map((c) => c.text)).toEqual(['0.00']);
      }
    }
    // tables 22 and 23 are printed under other titles than in the 目录; table 22 has two sheets
    expect(pkg.tables[21]!.printedTitle).toBe('专项资金支出方向绩效目标表');
    expect(pkg.tables[22]!.printedTitle).toBe('部门整体支出绩效目标表');
    expect(result.document.tables.filter((t) => t.templateId === 'T22')).toHaveLength(2);
    expect(result.document.notPrinted).toEqual([]);
  });

  it('extracts the cover facts and the 目录', () => {
    const { cover, toc } = result.document;
    expect(cover).toMatchObject({
      title: '2024年部门预算公开表',
      unitCode: '004001',
      unitName: '株洲市荷塘区人民政府办公室',
      year: 2024,
      kind: '预算',
      amountUnit: '万元',
    });
    expect(pkg).toMatchObject({
      kind: '预算',
      year: 2024,
      unit: { code: '004001', name: '株洲市荷塘区人民政府办公室' },
      amountUnit: '万元',
      origin: { kind: 'parsed', file: '000_1c98b2a221c56ec4.txt' },
    });
    const numbered = toc.filter((e) => /^\d+$/.test(e.number ?? ''));
    expect(numbered.map((e) => e.title)).toEqual(loadTruth('000').tables.map((t) => t.title));
    // seed 000 has no explanatory text
    expect(pkg.sections).toBeUndefined();
  });

  it('keeps captions and notes as printed', () => {
    const t = (id: string) => pkg.tables.find((x) => x.id === id)!;
    expect(t('T01').captions).toEqual(['单位: 004001_株洲市荷塘区人民政府办公室', '金额单位: 万元']);
    expect(t('T08').captions).toContain('单位: 万元');
    expect(t('T01').note).toBeUndefined();
    expect(t('T07').note).toBe('注: 如本表格为空, 则表示本年度未安排此项目。');
    expect(t('T15').note).toBe('注：如本表格为空，则表示本年度未安排此项目。');
    expect(t('T22').captions).toEqual(['填报单位：株洲市荷塘区人民政府办公室', '金额单位：万元']);
  });

  it('records the provenance of every cell (page, line, printed text)', () => {
    for (const t of pkg.tables)
      for (const c of t.cells) {
        expect(c.provenance.kind).toBe('document');
        if (c.provenance.kind !== 'document') continue;
        expect(c.provenance.page).toBe(1);
        expect(c.provenance.line).toBeGreaterThan(0);
      }
    const cell = pkg.tables
      .find((t) => t.id === 'T14')!
      .cells.find((c) => c.row === '004001/2010301' && c.column === '会议费')!;
    expect(cell.provenance).toEqual({ kind: 'document', page: 1, line: 346, raw: '0.50' });
  });

  it('lists the realignments of the displaced rows, none of them uncertain', () => {
    const at = (table: string, line: number) =>
      result.repairs.filter((r) => r.table.includes(table) && r.line === line);
    // table 10: six detail rows shifted one field right
    for (const line of [278, 279, 280, 281, 282, 283])
      expect(at('(按部门预算经济分类)', line).length).toBeGreaterThan(0);
    // table 14: the 合计/004/004001 rows and the detail row
    for (const line of [343, 344, 345, 346])
      expect(at('公用经费(商品和服务支出)(按部门预算经济分类)', line)).toHaveLength(1);
    // table 21: the amount under 预算编制方式; table 23: 基本支出/项目支出 one column right
    expect(result.repairs.some((r) => r.table === '专项资金预算汇总表' && /预算编制方式/.test(r.what))).toBe(true);
    expect(at('整体支出绩效目标表', 503)).toHaveLength(1);
    expect(result.repairs.filter((r) => /不确定/.test(r.what))).toEqual([]);
  });

  it('is deterministic and the package survives the JSON form', () => {
    const again = parseSeed('000', loadableSets());
    expect(renderJson(again.pkg)).toBe(renderJson(pkg));
    expect(again.repairs).toEqual(result.repairs);
  });
});
