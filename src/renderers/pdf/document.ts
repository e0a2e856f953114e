/**
 * The whole print document as a page plan: cover (unit, year, 部门预算/决算公开), 目录 with page
 * numbers, the 说明 in the package's (official) order, then every table; a footer
 * "第 N 页 共 M 页" on every page and an outline entry for each part, section and table.
 *
 * The 目录 needs the page of every part, and its own length decides those pages: it is laid out
 * once with placeholder numbers to count its pages, then the body, then the 目录 for real.
 */
import type { DisclosurePackage } from '../../core/package/model.ts';
import {
  alignedText,
  baselineIn,
  MARGIN,
  type Measure,
  type OutlineEntry,
  Pages,
  type Plan,
  type PlanPage,
  wrap,
} from './plan.ts';
import { layoutTable } from './table.ts';

const TEXT_SIZE = 11.5;
const TEXT_LINE = TEXT_SIZE * 1.8;
const HEADING_SIZE = 13;
const TOC_SIZE = 11;
const TOC_LINE = TOC_SIZE * 2;
const FOOTER_SIZE = 9;
const TODO_COLOR = '#b00020';

export const NARRATIVE_TITLE = '公开说明';

/** "一" + "收入…" → "一、收入…" (as the HTML prints section headings). */
export function sectionHeading(number: string, title: string): string {
  if (/^[一二三四五六七八九十]+$/.test(number)) return `${number}、${title.trim()}`;
  if (/[、）)]$/.test(number)) return `${number}${title.trim()}`;
  return title.trim();
}

function layoutCover(pages: Pages, measure: Measure, pkg: DisclosurePackage): void {
  const page = pages.add(false);
  const w = page.width - MARGIN.left - MARGIN.right;
  let y = page.height * 0.28;
  const centred = (text: string, size: number, font: 'sans' | 'serif', gap: number) => {
    for (const line of wrap(measure, font, size, text, w)) {
      page.ops.push(alignedText(measure, font, size, MARGIN.left, w, baselineIn(y, size * 1.4, size), line, 'center'));
      y += size * 1.4;
    }
    y += gap;
  };
  centred(pkg.unit.name, 26, 'sans', 28);
  centred(`${pkg.year}年度部门${pkg.kind}公开`, 30, 'sans', 24);
  if (pkg.title.trim() !== '' && pkg.title.trim() !== `${pkg.year}年度部门${pkg.kind}公开`)
    centred(pkg.title, 16, 'serif', 12);
  y = page.height * 0.72;
  const facts = [
    `单位编码：${pkg.unit.code}`,
    ...(pkg.region ? [`地区：${pkg.region}`] : []),
    `金额单位：${pkg.amountUnit}`,
  ];
  for (const f of facts) centred(f, 12, 'serif', 4);
}

interface TocEntry {
  readonly label: string;
  readonly title: string;
  readonly dest: string;
  readonly page: number;
}

function layoutToc(pages: Pages, measure: Measure, entries: readonly TocEntry[]): void {
  let page: PlanPage = pages.add(false);
  const w = page.width - MARGIN.left - MARGIN.right;
  let y = MARGIN.top + 10;
  page.ops.push(alignedText(measure, 'sans', 18, MARGIN.left, w, baselineIn(y, 30, 18), '目　录', 'center'));
  y += 44;
  const labelW = TOC_SIZE * 3.5;
  const numberW = TOC_SIZE * 3;
  const titleW = w - labelW - numberW - TOC_SIZE;
  for (const e of entries) {
    const lines = wrap(measure, 'serif', TOC_SIZE, e.title, titleW);
    if (y + lines.length * TOC_LINE > page.height - MARGIN.bottom) {
      page = pages.add(false);
      y = MARGIN.top;
    }
    const first = baselineIn(y, TOC_LINE, TOC_SIZE);
    page.ops.push(alignedText(measure, 'serif', TOC_SIZE, MARGIN.left, labelW - TOC_SIZE, first, e.label, 'right'));
    lines.forEach((line, i) => {
      const op = alignedText(
        measure,
        'serif',
        TOC_SIZE,
        MARGIN.left + labelW,
        titleW,
        first + i * TOC_LINE,
        line,
        'left',
        {
          goTo: e.dest,
        },
      );
      page.ops.push(op);
      if (i === lines.length - 1 && op.kind === 'text') {
        // dotted leader from the end of the title to the page number
        const from = op.x + op.width + 4;
        const to = MARGIN.left + w - numberW;
        if (to > from) {
          page.ops.push({ kind: 'line', x1: from, y1: op.y, x2: to, y2: op.y, width: 0.6, dash: 1.5 });
        }
      }
    });
    const last = first + (lines.length - 1) * TOC_LINE;
    page.ops.push(
      alignedText(measure, 'serif', TOC_SIZE, MARGIN.left + w - numberW, numberW, last, String(e.page), 'right'),
    );
    y += lines.length * TOC_LINE;
  }
}

/** The 说明: portrait pages, headings in the sans face, paragraphs indented two characters. */
function layoutNarrative(pages: Pages, measure: Measure, pkg: DisclosurePackage, dest: string): OutlineEntry[] {
  const sections = pkg.sections ?? [];
  let page = pages.add(false);
  const w = page.width - MARGIN.left - MARGIN.right;
  page.ops.push({ kind: 'dest', name: dest, y: MARGIN.top });
  let y = MARGIN.top;
  page.ops.push(alignedText(measure, 'sans', 18, MARGIN.left, w, baselineIn(y, 30, 18), NARRATIVE_TITLE, 'center'));
  y += 44;
  const bottom = () => page.height - MARGIN.bottom;
  const children: OutlineEntry[] = [];
  sections.forEach((s, i) => {
    const heading = sectionHeading(s.number, s.title);
    const headLines = wrap(measure, 'sans', HEADING_SIZE, heading, w);
    // a heading never ends a page: keep it with its first two lines of text
    if (y + headLines.length * TEXT_LINE + 2 * TEXT_LINE > bottom()) {
      page = pages.add(false);
      y = MARGIN.top;
    }
    const sdest = `${dest}-${i + 1}`;
    page.ops.push({ kind: 'dest', name: sdest, y });
    children.push({ title: heading, page: pages.number, dest: sdest, children: [] });
    y += 4;
    for (const line of headLines) {
      page.ops.push(
        alignedText(
          measure,
          'sans',
          HEADING_SIZE,
          MARGIN.left,
          w,
          baselineIn(y, TEXT_LINE, HEADING_SIZE),
          line,
          'left',
        ),
      );
      y += TEXT_LINE;
    }
    for (const para of s.text.split('\n')) {
      const text = para.trim();
      if (text === '') continue;
      const color = /【待填写/.test(text) ? { color: TODO_COLOR } : {};
      const indent = 2 * TEXT_SIZE;
      wrap(measure, 'serif', TEXT_SIZE, text, w, indent).forEach((line, k) => {
        if (y + TEXT_LINE > bottom()) {
          page = pages.add(false);
          y = MARGIN.top;
        }
        const x = MARGIN.left + (k === 0 ? indent : 0);
        page.ops.push(
          alignedText(measure, 'serif', TEXT_SIZE, x, w, baselineIn(y, TEXT_LINE, TEXT_SIZE), line, 'left', color),
        );
        y += TEXT_LINE;
      });
    }
  });
  return children;
}

function tableDest(i: number): string {
  return `table-${i + 1}`;
}

function tocEntries(pkg: DisclosurePackage, narrativePage: number | null, tablePages: readonly number[]): TocEntry[] {
  const entries: TocEntry[] = [];
  if (narrativePage !== null)
    entries.push({ label: '', title: NARRATIVE_TITLE, dest: 'narrative', page: narrativePage });
  pkg.tables.forEach((t, i) => {
    entries.push({ label: `${t.number}`, title: t.title, dest: tableDest(i), page: tablePages[i] ?? 0 });
  });
  return entries;
}

export function planDocument(pkg: DisclosurePackage, measure: Measure): Plan {
  const hasNarrative = (pkg.sections?.length ?? 0) > 0;
  // 1. how many pages the 目录 takes (page numbers do not change its length)
  const scratch = new Pages();
  layoutToc(
    scratch,
    measure,
    tocEntries(
      pkg,
      hasNarrative ? 999 : null,
      pkg.tables.map(() => 999),
    ),
  );
  const front = 1 + scratch.pages.length;
  // 2. the body, numbered after the cover and the 目录
  const body = new Pages();
  const outline: OutlineEntry[] = [{ title: '目录', page: 2, dest: 'toc', children: [] }];
  let narrativePage: number | null = null;
  if (hasNarrative) {
    const children = layoutNarrative(body, measure, pkg, 'narrative');
    narrativePage = front + 1;
    outline.push({
      title: NARRATIVE_TITLE,
      page: narrativePage,
      dest: 'narrative',
      children: children.map((c) => ({ ...c, page: c.page + front })),
    });
  }
  const tablePages = pkg.tables.map((t, i) => front + layoutTable(body, measure, t, tableDest(i)));
  pkg.tables.forEach((t, i) => {
    outline.push({ title: `${t.number} ${t.title}`, page: tablePages[i] ?? 0, dest: tableDest(i), children: [] });
  });
  // 3. cover, the real 目录, the body
  const doc = new Pages();
  layoutCover(doc, measure, pkg);
  layoutToc(doc, measure, tocEntries(pkg, narrativePage, tablePages));
  doc.pages[1]?.ops.unshift({ kind: 'dest', name: 'toc', y: MARGIN.top });
  doc.pages.push(...body.pages);
  const total = doc.pages.length;
  doc.pages.forEach((p, i) => {
    const text = `第 ${i + 1} 页 共 ${total} 页`;
    const w = p.width - MARGIN.left - MARGIN.right;
    p.ops.push(
      alignedText(measure, 'serif', FOOTER_SIZE, MARGIN.left, w, p.height - MARGIN.bottom / 2, text, 'center'),
    );
  });
  return { pages: doc.pages, outline };
}
