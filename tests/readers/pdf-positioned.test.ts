/**
 * Tables read by position from a PDF (text/positioned.ts through the PDF reader), on a small 决算
 * document written for the test: amounts under their column headers whatever the blank cells, a
 * header stacked over two lines, a name wrapped in its cell, amounts printed on a line of their
 * own above their row (certain when the row's 合计 then adds up), and a line of amounts as near to
 * two rows that neither row's arithmetic decides: kept, and flagged uncertain.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { readPdfDisclosure } from '../../src/readers/pdf/index.ts';
import { makePdf, type PdfText } from './pdf-fixture.ts';

const t = (text: string, x: number, y: number, size = 10): PdfText => ({ text, x, y, size });

const cover: PdfText[] = [t('上海市普陀区测试局', 320, 200, 20), t('2024 年度部门决算', 330, 240, 16)];
// columns: 本年支出合计 ~385, 基本支出 ~480, 项目支出 ~560, 上缴上级支出 ~640, 经营支出 ~715, 对附属单位补助支出 ~785
const table: PdfText[] = [
  t('支出决算表', 380, 60, 16),
  t('单位：万元', 730, 90),
  t('项目', 180, 120),
  t('本年支出合计', 355, 135),
  t('基本支出', 460, 135),
  t('项目支出', 540, 135),
  t('上缴上级支出', 610, 135),
  t('经营支出', 695, 135),
  t('对附属单位', 760, 135),
  t('科目编码', 60, 145),
  t('科目名称', 170, 145),
  t('补助支出', 765, 145),
  // 合计: its 基本支出 and 项目支出 printed 7 points above the row
  t('24.00', 470, 173),
  t('15.00', 550, 173),
  t('合计', 190, 180),
  t('39.00', 370, 180),
  t('201', 60, 205),
  t('一般公共服务支出', 120, 205),
  t('30.00', 370, 205),
  t('20.00', 470, 205),
  t('10.00', 550, 205),
  t('20101', 60, 230),
  t('人大事务', 120, 230),
  t('30.00', 370, 230),
  t('20.00', 470, 230),
  t('10.00', 550, 230),
  // a name wrapped over two lines, code and amounts on the middle one
  t('人大会议及其', 120, 253),
  t('2010101', 60, 260),
  t('30.00', 370, 260),
  t('20.00', 470, 260),
  t('10.00', 550, 260),
  t('他事务支出', 120, 267),
  t('203', 60, 290),
  t('国防支出', 120, 290),
  t('5.00', 375, 290),
  t('5.00', 555, 290),
  // as near to 203 as to 204, and neither row adds up with it
  t('5.00', 705, 300),
  t('204', 60, 310),
  t('公共安全支出', 120, 310),
  t('4.00', 375, 310),
  t('4.00', 475, 310),
  t('注：本表反映部门本年度各项支出情况。', 60, 340),
];

describe('PDF tables read by position', async () => {
  const set = loadTemplateSet('shanghai-final');
  const r = await readPdfDisclosure(makePdf([cover, table]), 'test.pdf', [set]);
  const cells = r.pkg.tables.find((x) => x.id === 'G03')!.cells;
  const row = (key: string) => Object.fromEntries(cells.filter((c) => c.row === key).map((c) => [c.column, c.text]));

  it('reads the document: cover, title, columns by position', () => {
    expect(r.pkg.templateSet).toBe('shanghai-final');
    expect(r.pkg.unit.name).toBe('上海市普陀区测试局');
    expect(r.pkg.year).toBe(2024);
    expect(r.unmatched).toEqual([]);
    expect(row('201')).toEqual({ 本年支出合计: '30.00', 基本支出: '20.00', 项目支出: '10.00' });
    expect(row('203')).toMatchObject({ 本年支出合计: '5.00', 项目支出: '5.00' });
    expect(row('204')).toEqual({ 本年支出合计: '4.00', 基本支出: '4.00' });
  });

  it('puts amounts printed above their row back into it, certain when the row adds up', () => {
    expect(row('合计')).toEqual({ 本年支出合计: '39.00', 基本支出: '24.00', 项目支出: '15.00' });
    const moved = r.repairs.find((x) => /24\.00、15\.00/.test(x.what))!;
    expect(moved.what).toMatch(/与行“合计”不在同一行.*按位置并入该行/);
    expect(moved.uncertain).toBeUndefined();
  });

  it('joins a name wrapped over two lines to the row of its code', () => {
    expect(row('2010101')).toEqual({ 本年支出合计: '30.00', 基本支出: '20.00', 项目支出: '10.00' });
    const lines = r.repairs.filter((x) => /人大会议/.test(x.what));
    expect(lines).toEqual([]);
  });

  it('keeps an amount it cannot place with certainty, and flags the decision', () => {
    const flagged = r.repairs.filter((x) => x.uncertain);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.what).toMatch(/^金额 5\.00 与行“203 国防支出”不在同一行.*归属不确定$/);
    expect(cells.filter((c) => c.column === '经营支出').map((c) => [c.row, c.text])).toEqual([['203', '5.00']]);
  });
});
