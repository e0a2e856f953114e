/**
 * Seeds 001 (2020 Hunan budget, older format) and 002 (2023 部门决算) read back with the text
 * reader and measured against their transcriptions like seed 000. Runs when the template sets of
 * their formats exist (data/templates/hunan-2020-budget.json, hunan-2023-final.json).
 */
import { describe, expect, it } from 'vitest';
import { compareWithTruth, listedDifferences, type Seed, sameDifference, share, templateExists } from './seed-parse.ts';

const SEEDS: Array<{ seed: Seed; set: string; kind: '预算' | '决算'; year: number; unitName: string }> = [
  { seed: '001', set: 'hunan-2020-budget', kind: '预算', year: 2020, unitName: '株洲市石峰区人民政府办公室' },
  { seed: '002', set: 'hunan-2023-final', kind: '决算', year: 2023, unitName: '株洲市荷塘区人民政府办公室' },
];

for (const s of SEEDS) {
  describe.skipIf(!templateExists(s.set))(`seed ${s.seed} read back from its text (${s.set})`, () => {
    const comparison = compareWithTruth(s.seed);
    const { result } = comparison;

    it('reads ≥ 99.5 % of the transcribed amount cells exactly', () => {
      console.log(
        `seed ${s.seed}: ${comparison.numeric.matched}/${comparison.numeric.total} amount cells ` +
          `(${(100 * share(comparison.numeric)).toFixed(2)} %), ${comparison.text.matched}/${comparison.text.total} text cells`,
      );
      expect(share(comparison.numeric)).toBeGreaterThanOrEqual(0.995);
    });

    it('lists every remaining difference with a reason, and nothing that no longer occurs', () => {
      const listed = listedDifferences(s.seed);
      const unlisted = comparison.differences.filter((d) => !listed.some((l) => sameDifference(l, d)));
      const stale = listed.filter((l) => !comparison.differences.some((d) => sameDifference(l, d)));
      expect(unlisted, `differences missing from seed-${s.seed}-parse-differences.json`).toEqual([]);
      expect(stale, 'listed differences that no longer occur').toEqual([]);
    });

    it('takes the set, kind, year and unit from the document', () => {
      expect(result.pkg.templateSet).toBe(s.set);
      expect(result.pkg).toMatchObject({ kind: s.kind, year: s.year, unit: { name: s.unitName } });
    });

    it('reads the explanatory sections, joining lines broken mid-sentence', () => {
      const sections = result.pkg.sections ?? [];
      expect(sections.length).toBeGreaterThan(10);
      for (const sec of sections) expect(sec.number).toMatch(/^[一二三四五六七八九十]+(\([一二三四五六七八九十]+\))?$/);
      if (s.seed === '001') {
        const two = sections.find((x) => x.number === '二')!;
        expect(two.title).toBe('机构设置');
        expect(two.text).toContain('株洲市石峰区人民政府办公室是石峰区人民政府主管政府工作的正科级行政机关');
        expect(sections.find((x) => x.number === '七(一)')!.title).toBe('机关运行经费');
      } else {
        expect(sections.map((x) => x.number).filter((n) => !n.includes('('))).toEqual([
          '一',
          '二',
          '三',
          '四',
          '五',
          '六',
          '七',
          '八',
          '九',
          '十',
          '十一',
          '十二',
          '十三',
        ]);
        // 07/08 are listed in the 目录 but not printed
        expect(result.document.notPrinted).toEqual([
          '政府性基金预算财政拨款收入支出决算表',
          '国有资本经营预算财政拨款支出决算表',
        ]);
      }
    });
  });
}
