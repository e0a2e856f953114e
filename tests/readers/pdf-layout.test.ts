/**
 * The PDF reader's first steps: CJK radicals and compatibility ideographs normalised, text items
 * grouped into lines and cells by position, page numbers dropped; and pdfjs reading a PDF whose
 * non-embedded CJK font needs a predefined CMap.
 */
import { describe, expect, it } from 'vitest';
import { hasCjkVariants, normaliseCjk } from '../../src/readers/pdf/cjk.ts';
import type { PdfItem } from '../../src/readers/pdf/extract.ts';
import { extractPdf } from '../../src/readers/pdf/extract.ts';
import { pdfDocument } from '../../src/readers/pdf/index.ts';
import { cellsOf, groupLines, layoutPages } from '../../src/readers/pdf/layout.ts';
import { TextReadError } from '../../src/readers/text/index.ts';
import { makePdf } from './pdf-fixture.ts';

const item = (text: string, x: number, y: number, width: number, size = 10): PdfItem => ({ text, x, y, width, size });

describe('CJK normalisation', () => {
  it('maps Kangxi radicals and the CJK Radicals Supplement onto the ideographs they stand for', () => {
    expect(normaliseCjk('\u2f00般公共预算')).toBe('一般公共预算');
    expect(normaliseCjk('\u2f40出')).toBe('支出');
    expect(normaliseCjk('部\u2ed4')).toBe('部门');
    expect(normaliseCjk('\u2ec5\u2ec9\u2ecb\u2ed3\u2eda\u2ee9')).toBe('见贝车长页黄');
    // compatibility ideographs (NFKC)
    expect(normaliseCjk('\uf900')).toBe('\u8c48');
  });

  it('leaves everything else as printed: full-width brackets, digits and punctuation', () => {
    for (const s of ['因公出国（境）费', '１２３．４５', '“三公”经费', '2,940.05', '亻氵']) {
      expect(normaliseCjk(s)).toBe(s);
    }
    expect(hasCjkVariants('一般公共预算')).toBe(false);
    expect(hasCjkVariants('\u2f00')).toBe(true);
  });
});

describe('text items → lines → cells', () => {
  it('puts items whose baselines differ by less than a third of the font size on one line', () => {
    const rows = groupLines([item('b', 100, 101.5, 5), item('a', 50, 100, 5), item('c', 50, 107, 5)]);
    expect(rows.map((r) => r.items.map((i) => i.text).join(''))).toEqual(['ab', 'c']);
  });

  it('starts a cell at a gap wider than about a character, joins a printed space with one space', () => {
    const cells = cellsOf([
      item('项目', 72, 100, 20),
      item('名称', 93, 100, 20),
      item('甲', 116, 100, 10),
      item('2,940.05', 200, 100, 40),
      item(' 12 ', 300, 100, 20),
    ]);
    expect(cells.map((c) => c.text)).toEqual(['项目名称 甲', '2,940.05', '12']);
    expect(Math.round(cells[2]!.x)).toBe(305);
  });

  it('numbers lines through the document, keeps positions, and drops page numbers at the page edge', () => {
    const doc = layoutPages([
      { number: 1, width: 595, height: 842, items: [item('封面', 100, 100, 20), item('- 1 -', 290, 800, 20)] },
      { number: 2, width: 595, height: 842, items: [item('收入决算表', 200, 60, 50), item('合计', 72, 90, 20)] },
    ]);
    expect(doc.split).toBe('positions');
    expect(doc.pages).toBe(2);
    expect(doc.lines.map((l) => [l.page, l.line, l.raw])).toEqual([
      [1, 1, '封面'],
      [2, 2, '收入决算表'],
      [2, 3, '合计'],
    ]);
    expect(doc.lines[2]!.cells[0]).toMatchObject({ x: 72, width: 20 });
    expect(doc.lines[2]!.y).toBe(90);
  });
});

describe('pdfjs extraction', () => {
  it('reads a PDF in a non-embedded CJK font (predefined CMap) and normalises its radicals', async () => {
    const bytes = makePdf([
      [
        { x: 72, y: 72, size: 16, text: '收入支出决算总表' },
        { x: 72, y: 110, size: 10, text: '\u2f00般公共预算' },
        { x: 300, y: 110, size: 10, text: '部\u2ed4' },
        { x: 400, y: 110, size: 10, text: '12.50' },
      ],
    ]);
    const pages = await extractPdf(bytes);
    expect(pages).toHaveLength(1);
    // pdfjs maps ⼀ back through the font's CID; the supplement radical ⻔ comes out as written
    expect(pages[0]!.items.map((i) => i.text)).toEqual(['收入支出决算总表', '一般公共预算', '部\u2ed4', '12.50']);
    // positions: left edge and baseline, y from the top of the page
    expect(pages[0]!.items[1]).toMatchObject({ x: 72, y: 110, size: 10 });
    const doc = await pdfDocument(bytes, 't.pdf');
    expect(doc.lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ['收入支出决算总表'],
      ['一般公共预算', '部门', '12.50'],
    ]);
  });

  it('refuses what is not a PDF with a located Chinese error', async () => {
    const bad = new TextEncoder().encode('这不是 PDF 文件');
    await expect(pdfDocument(bad, 'bad.pdf')).rejects.toThrow(TextReadError);
    await expect(pdfDocument(bad, 'bad.pdf')).rejects.toThrow(/^bad\.pdf：第 1 页第 1 行：不是可读取的 PDF 文件/);
  });
});
