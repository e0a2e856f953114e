/**
 * The package as an editable Word document: the cover lines and the 说明 (headings and paragraphs
 * as Word styles a person edits), then every table as a real Word table — merged header cells
 * (gridSpan / vMerge), the header rows marked to repeat on every page, rows that do not split
 * across pages, body merges of form tables, the 注 under it — each in its own section, portrait or
 * landscape by the table's width.
 *
 * Fonts carry East Asian attributes (w:eastAsia), so Word and WPS show 仿宋 for text, 黑体 for
 * headings and 宋体 in tables, with Times New Roman for Latin letters and digits. The `docx`
 * library is loaded only when a document is rendered.
 */
import type { DisclosurePackage, PackageTable } from '../../core/package/model.ts';

type Docx = typeof import('docx');

const LATIN = 'Times New Roman';
const FONT_TEXT = '仿宋';
const FONT_HEADING = '黑体';
const FONT_TABLE = '宋体';
/** A4 in twentieths of a point, and the page margin */
const A4_W = 11906;
const A4_H = 16838;
const MARGIN = 1020;
/** twips per character unit of the template's width hints at the table size (9 pt, half width) */
const TWIPS_PER_UNIT = 90;

function font(eastAsia: string) {
  return { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia };
}

/** "一" + "收入…" → "一、收入…" (as the other renderers print headings). */
function heading(number: string, title: string): string {
  if (/^[一二三四五六七八九十]+$/.test(number)) return `${number}、${title.trim()}`;
  if (/[、）)]$/.test(number)) return `${number}${title.trim()}`;
  return title.trim();
}

export function tableIsLandscape(table: PackageTable): boolean {
  const units = table.columns.reduce((a, c) => a + Math.max(4, c.width), 0);
  return units * TWIPS_PER_UNIT > A4_W - 2 * MARGIN;
}

function textRuns(d: Docx, text: string, opts: { font: string; size: number; bold?: boolean; color?: string }) {
  return text.split(/\r?\n/).map(
    (line, i) =>
      new d.TextRun({
        text: line,
        font: font(opts.font),
        size: opts.size,
        ...(opts.bold ? { bold: true } : {}),
        ...(opts.color ? { color: opts.color } : {}),
        ...(i > 0 ? { break: 1 } : {}),
      }),
  );
}

function frontMatter(d: Docx, pkg: DisclosurePackage) {
  const out: InstanceType<Docx['Paragraph']>[] = [];
  const centred = (text: string, size: number, after = 200) =>
    new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      spacing: { after },
      children: textRuns(d, text, { font: FONT_HEADING, size }),
    });
  out.push(centred(pkg.unit.name, 44, 240));
  out.push(centred(`${pkg.year}年度部门${pkg.kind}公开`, 48, 480));
  if (pkg.sections?.length) {
    out.push(
      new d.Paragraph({
        heading: d.HeadingLevel.HEADING_1,
        alignment: d.AlignmentType.CENTER,
        spacing: { before: 240, after: 240 },
        children: textRuns(d, '公开说明', { font: FONT_HEADING, size: 32 }),
      }),
    );
    for (const s of pkg.sections) {
      out.push(
        new d.Paragraph({
          heading: d.HeadingLevel.HEADING_2,
          spacing: { before: 200, after: 100 },
          children: textRuns(d, heading(s.number, s.title), { font: FONT_HEADING, size: 28 }),
        }),
      );
      for (const para of s.text.split('\n')) {
        const text = para.trim();
        if (text === '') continue;
        out.push(
          new d.Paragraph({
            indent: { firstLine: 480 },
            spacing: { line: 440 },
            children: textRuns(d, text, {
              font: FONT_TEXT,
              size: 24,
              ...(/【待填写/.test(text) ? { color: 'B00020' } : {}),
            }),
          }),
        );
      }
    }
  }
  return out;
}

function cellParagraph(d: Docx, text: string, role: string, bold: boolean, header: boolean) {
  const alignment = header ? d.AlignmentType.CENTER : role === 'amount' ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT;
  return new d.Paragraph({ alignment, children: textRuns(d, text, { font: FONT_TABLE, size: 18, bold }) });
}

function wordTable(d: Docx, table: PackageTable, width: number) {
  const hints = table.columns.map((c) => Math.max(4, c.width));
  const total = hints.reduce((a, b) => a + b, 0);
  const columnWidths = hints.map((h) => Math.floor((width * h) / total));
  const borders = {
    top: { style: d.BorderStyle.SINGLE, size: 4, color: '000000' },
    bottom: { style: d.BorderStyle.SINGLE, size: 4, color: '000000' },
    left: { style: d.BorderStyle.SINGLE, size: 4, color: '000000' },
    right: { style: d.BorderStyle.SINGLE, size: 4, color: '000000' },
  };
  const spanWidth = (col: number, span: number) => columnWidths.slice(col, col + span).reduce((a, b) => a + b, 0);
  const rows: InstanceType<Docx['TableRow']>[] = [];
  const headerCells = table.headerRows.flat();
  for (let r = 0; r < table.headerDepth; r++) {
    const cells = headerCells
      .filter((h) => h.row === r)
      .sort((a, b) => a.col - b.col)
      .map(
        (h) =>
          new d.TableCell({
            children: [cellParagraph(d, h.text, 'label', true, true)],
            verticalAlign: d.VerticalAlign.CENTER,
            shading: { type: d.ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' },
            width: { size: spanWidth(h.col, Math.max(1, h.colSpan)), type: d.WidthType.DXA },
            borders,
            ...(h.colSpan > 1 ? { columnSpan: h.colSpan } : {}),
            ...(h.rowSpan > 1 ? { rowSpan: h.rowSpan } : {}),
          }),
      );
    if (cells.length > 0) rows.push(new d.TableRow({ tableHeader: true, cantSplit: true, children: cells }));
  }
  // body merges: the top-left cell spans, the cells it covers are not written (as in the HTML)
  const nrows = table.rows.length;
  const ncols = table.columns.length;
  const spans = new Map<string, [number, number]>();
  const covered = new Set<string>();
  for (const m of table.merges) {
    if (m.top < 0 || m.left < 0 || m.bottom >= nrows || m.right >= ncols || m.bottom < m.top || m.right < m.left) {
      continue;
    }
    if (covered.has(`${m.top},${m.left}`) || spans.has(`${m.top},${m.left}`)) continue;
    spans.set(`${m.top},${m.left}`, [m.bottom - m.top + 1, m.right - m.left + 1]);
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r},${c}`);
    }
  }
  table.rows.forEach((row, r) => {
    const cells: InstanceType<Docx['TableCell']>[] = [];
    for (let c = 0; c < ncols; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const [rowSpan, colSpan] = spans.get(`${r},${c}`) ?? [1, 1];
      cells.push(
        new d.TableCell({
          children: [
            cellParagraph(d, row.texts[c] ?? '', table.columns[c]?.role ?? 'label', row.kind === 'total', false),
          ],
          verticalAlign: d.VerticalAlign.CENTER,
          width: { size: spanWidth(c, colSpan), type: d.WidthType.DXA },
          borders,
          ...(colSpan > 1 ? { columnSpan: colSpan } : {}),
          ...(rowSpan > 1 ? { rowSpan } : {}),
        }),
      );
    }
    rows.push(new d.TableRow({ cantSplit: true, children: cells }));
  });
  return new d.Table({
    rows,
    columnWidths,
    width: { size: width, type: d.WidthType.DXA },
    layout: d.TableLayoutType.FIXED,
  });
}

function tableSection(d: Docx, table: PackageTable) {
  const landscape = tableIsLandscape(table);
  const width = (landscape ? A4_H : A4_W) - 2 * MARGIN;
  const children: (InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>)[] = [
    new d.Paragraph({
      heading: d.HeadingLevel.HEADING_2,
      alignment: d.AlignmentType.CENTER,
      spacing: { after: 120 },
      children: textRuns(d, table.printedTitle.trim() || table.title, { font: FONT_HEADING, size: 30 }),
    }),
  ];
  const captions = table.captions.map((c) => c.trim()).filter((c) => c !== '');
  if (captions.length > 0) {
    children.push(
      new d.Paragraph({
        tabStops: [{ type: d.TabStopType.RIGHT, position: width }],
        spacing: { after: 60 },
        children: textRuns(d, captions.join('\t'), { font: FONT_TABLE, size: 18 }),
      }),
    );
  }
  if (table.columns.length > 0) children.push(wordTable(d, table, width));
  if (table.note && table.note.trim() !== '') {
    children.push(
      new d.Paragraph({
        spacing: { before: 80 },
        children: textRuns(d, table.note.trim(), { font: FONT_TABLE, size: 18 }),
      }),
    );
  }
  return {
    properties: {
      page: {
        size: {
          width: A4_W,
          height: A4_H,
          orientation: landscape ? d.PageOrientation.LANDSCAPE : d.PageOrientation.PORTRAIT,
        },
        margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      },
    },
    footers: { default: pageFooter(d) },
    children,
  };
}

function pageFooter(d: Docx) {
  return new d.Footer({
    children: [
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        children: [
          new d.TextRun({
            children: ['第 ', d.PageNumber.CURRENT, ' 页 共 ', d.PageNumber.TOTAL_PAGES, ' 页'],
            font: font(FONT_TABLE),
            size: 18,
          }),
        ],
      }),
    ],
  });
}

export async function renderDocx(pkg: DisclosurePackage): Promise<Buffer> {
  const d = await import('docx');
  const doc = new d.Document({
    creator: pkg.unit.name,
    title: `${pkg.unit.name}${pkg.title}`,
    description: `${pkg.year}年度部门${pkg.kind}公开`,
    lastModifiedBy: '明账 Mingzhang',
    styles: {
      default: {
        document: { run: { font: font(FONT_TEXT), size: 24 } },
        heading1: { run: { font: font(FONT_HEADING), color: '000000', size: 32 } },
        heading2: { run: { font: font(FONT_HEADING), color: '000000', size: 28 } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_W, height: A4_H, orientation: d.PageOrientation.PORTRAIT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        footers: { default: pageFooter(d) },
        children: frontMatter(d, pkg),
      },
      ...pkg.tables.map((t) => tableSection(d, t)),
    ],
  });
  return d.Packer.toBuffer(doc);
}
