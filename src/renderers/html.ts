/**
 * HTML rendering: one standalone UTF-8 page (inline CSS, no external assets) with a cover (title,
 * unit, year and the 目录 with in-page links) and every table as printed. Printing gives A4
 * landscape pages, each table starting on a new page, with the header block (a real `<thead>`)
 * repeated on every page the table runs over.
 */
import type { DisclosurePackage, PackageTable, TableRow } from '../core/package/model.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** Escaped text with line breaks kept. */
function textHtml(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>');
}

const CSS = `
.narrative{max-width:60em;margin:2em auto;line-height:1.8}.narrative h3{font-size:1.05em;margin:1.2em 0 .4em}.narrative p{text-indent:2em;margin:.2em 0}.narrative p.todo{color:#b00020;background:#fff3f3}
@media print{.narrative{page-break-after:always}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:24px 32px;color:#000;background:#fff;
  font-family:"Noto Serif CJK SC","Noto Sans CJK SC","SimSun",serif;font-size:14px;line-height:1.5}
.cover{text-align:center;padding:48px 0 24px}
.cover .unit{font-size:24px;font-weight:bold;margin:0 0 12px}
.cover h1{font-size:30px;margin:0 0 24px}
.facts{display:inline-grid;grid-template-columns:auto auto;gap:4px 16px;text-align:left;margin:0 auto 32px}
.facts dt{font-weight:bold}
.facts dd{margin:0}
.toc{max-width:760px;margin:0 auto;text-align:left}
.toc h2{text-align:center;font-size:22px;letter-spacing:.5em}
.toc ol{list-style:none;padding:0;margin:0}
.toc li{display:flex;gap:12px;padding:4px 0;border-bottom:1px dotted #999}
.toc .no{min-width:2.5em;text-align:right;font-variant-numeric:tabular-nums}
.toc a{color:#1f4e79;text-decoration:none}
.toc a:hover{text-decoration:underline}
.table-section{margin:48px 0 0}
.table-section h2{text-align:center;font-size:20px;margin:0 0 8px}
.captions{display:flex;justify-content:space-between;gap:16px;font-size:13px;margin:0 0 4px}
.captions .right{margin-left:auto;text-align:right}
.data{border-collapse:collapse;width:100%;font-size:13px}
.data th,.data td{border:1px solid #000;padding:3px 6px;vertical-align:middle}
.data thead th{background:#f2f2f2;font-weight:bold;text-align:center}
.data td.amount{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.data td.code{white-space:nowrap;font-variant-numeric:tabular-nums}
.data td.label,.data td.text{white-space:pre-wrap}
.data tr.total td{font-weight:bold}
.note{font-size:13px;margin:6px 0 0;white-space:pre-wrap}
@page{size:A4 landscape;margin:12mm 10mm}
@media print{
  body{padding:0;font-size:12px}
  .cover{padding-top:0}
  .toc a{color:#000}
  .table-section{break-before:page;page-break-before:always;margin:0}
  .data{font-size:11px}
  .data thead{display:table-header-group}
  .data tr{break-inside:avoid;page-break-inside:avoid}
  .data thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/**
 * Options for embedding tables in another page (the web portal): a horizontally scrolling,
 * keyboard-focusable wrapper, and per-cell anchors/links. The standalone page uses none of them.
 */
export interface TableRenderOptions {
  /** wrap the grid in a focusable scroll container (wide tables on phones) */
  readonly scroll?: boolean;
  /** element id for a body cell (permalink anchor); undefined = no id */
  readonly cellId?: (row: number, col: number) => string | undefined;
  /** link target for a body cell's text; undefined = plain text */
  readonly cellHref?: (row: number, col: number) => string | undefined;
  /** link for the table title (the table's own page) */
  readonly titleHref?: string;
  /** leave out the colgroup (the portal sizes columns by content) */
  readonly noColgroup?: boolean;
}

/** Unique element ids for the tables, from their 目录 numbers. */
export function tableIds(pkg: DisclosurePackage): string[] {
  const used = new Set<string>();
  return pkg.tables.map((t, i) => {
    let id = `table-${Number.isInteger(t.number) && t.number > 0 ? t.number : i + 1}`;
    for (let n = 2; used.has(id); n++) id = `table-${t.number}-${n}`;
    used.add(id);
    return id;
  });
}

function isAmountUnitCaption(caption: string): boolean {
  return /金额单位|^\s*单位\s*[:：]\s*(万元|元)\s*$/.test(caption);
}

function renderCaptions(table: PackageTable): string {
  const captions = table.captions.filter((c) => c.trim() !== '');
  if (captions.length === 0) return '';
  const spans = captions.map((c, i) => {
    const right = captions.length === 2 ? i === 1 : isAmountUnitCaption(c);
    return `<span class="${right ? 'right' : 'left'}">${textHtml(c)}</span>`;
  });
  return `<div class="captions">${spans.join('')}</div>\n`;
}

function spanAttrs(rowSpan: number, colSpan: number): string {
  return `${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ''}${colSpan > 1 ? ` colspan="${colSpan}"` : ''}`;
}

function renderHead(table: PackageTable): string {
  const cells = table.headerRows.flat();
  const depth = Math.max(table.headerDepth, ...cells.map((h) => h.row + h.rowSpan), 0);
  if (depth === 0) return '';
  const lines: string[] = ['<thead>'];
  for (let r = 0; r < depth; r++) {
    const row = cells.filter((h) => h.row === r).sort((a, b) => a.col - b.col);
    const ths = row.map((h) => `<th scope="col"${spanAttrs(h.rowSpan, h.colSpan)}>${textHtml(h.text)}</th>`);
    lines.push(`<tr>${ths.join('')}</tr>`);
  }
  lines.push('</thead>');
  return `${lines.join('\n')}\n`;
}

function renderBody(table: PackageTable, opts: TableRenderOptions = {}): string {
  const ncols = table.columns.length;
  const nrows = table.rows.length;
  // body merges: the top-left cell spans, the others are not written
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  const covered = new Set<string>();
  for (const m of table.merges) {
    if (m.top < 0 || m.left < 0 || m.bottom >= nrows || m.right >= ncols || m.bottom < m.top || m.right < m.left) {
      continue;
    }
    if (covered.has(`${m.top},${m.left}`)) continue;
    spans.set(`${m.top},${m.left}`, { rowSpan: m.bottom - m.top + 1, colSpan: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r},${c}`);
    }
  }
  const lines: string[] = ['<tbody>'];
  table.rows.forEach((row: TableRow, r) => {
    const tds: string[] = [];
    for (let c = 0; c < ncols; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const role = table.columns[c]?.role ?? 'label';
      const span = spans.get(`${r},${c}`);
      const attrs = span ? spanAttrs(span.rowSpan, span.colSpan) : '';
      const text = row.texts[c] ?? '';
      const id = opts.cellId?.(r, c);
      const href = text !== '' ? opts.cellHref?.(r, c) : undefined;
      const body = href ? `<a href="${escapeHtml(href)}">${textHtml(text)}</a>` : textHtml(text);
      tds.push(`<td class="${role}"${id ? ` id="${escapeHtml(id)}"` : ''}${attrs}>${body}</td>`);
    }
    lines.push(`<tr class="${row.kind}">${tds.join('')}</tr>`);
  });
  lines.push('</tbody>');
  return `${lines.join('\n')}\n`;
}

function renderColgroup(table: PackageTable): string {
  const total = table.columns.reduce((sum, c) => sum + Math.max(1, c.width), 0);
  if (total === 0) return '';
  const cols = table.columns.map((c) => `<col style="width:${((Math.max(1, c.width) / total) * 100).toFixed(2)}%">`);
  return `<colgroup>${cols.join('')}</colgroup>\n`;
}

export function renderTable(table: PackageTable, id: string, opts: TableRenderOptions = {}): string {
  const title = table.printedTitle.trim() || table.title;
  const titleHtml = opts.titleHref ? `<a href="${escapeHtml(opts.titleHref)}">${textHtml(title)}</a>` : textHtml(title);
  const parts: string[] = [
    `<section class="table-section${table.empty ? ' empty' : ''}" id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-title">\n`,
    `<h2 id="${escapeHtml(id)}-title">${titleHtml}</h2>\n`,
    renderCaptions(table),
  ];
  if (table.columns.length > 0) {
    const grid = [
      `<table class="data layout-${table.layout}">\n`,
      opts.noColgroup ? '' : renderColgroup(table),
      renderHead(table),
      renderBody(table, opts),
      '</table>\n',
    ].join('');
    parts.push(
      opts.scroll
        ? `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="${escapeHtml(id)}-title">\n${grid}</div>\n`
        : grid.replace(`<table class="data layout-${table.layout}">`, '<table class="data">'),
    );
  }
  if (table.note && table.note.trim() !== '') parts.push(`<p class="note">${textHtml(table.note)}</p>\n`);
  parts.push('</section>\n');
  return parts.join('');
}

/** The 说明, section by section, each paragraph as printed (line breaks kept). */
export function renderSections(pkg: DisclosurePackage, sentenceIds = false): string {
  if (!pkg.sections?.length) return '';
  const body = pkg.sections
    .map(
      (s) =>
        `<h3>${textHtml(`${heading(s.number, s.title)}`)}</h3>\n` +
        narrativeParagraphs(s.text)
          .map(
            (line, i) =>
              `<p${sentenceIds ? ` id="s-${escapeHtml(sectionAnchor(s.number))}-${i}"` : ''}${/【待填写/.test(line) ? ' class="todo"' : ''}>${textHtml(line)}</p>`,
          )
          .join('\n'),
    )
    .join('\n');
  return `<section class="narrative" id="narrative">\n<h2>公开说明</h2>\n${body}\n</section>\n`;
}

/** The printed paragraphs of a 说明 section (blank lines dropped); their index is the paragraph anchor. */
export function narrativeParagraphs(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Anchor-safe form of a 说明 section number ("五(三)" → "五-三"). */
export function sectionAnchor(number: string): string {
  return number.replace(/[()（）、\s]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function renderHtml(pkg: DisclosurePackage): string {
  const ids = tableIds(pkg);
  const facts: [string, string][] = [
    ['单位编码', pkg.unit.code],
    ['单位名称', pkg.unit.name],
    ['年度', `${pkg.year}年`],
  ];
  if (pkg.region) facts.push(['地区', pkg.region]);
  const narrativeToc = pkg.sections?.length
    ? ['<li><span class="no">说明</span><a href="#narrative">公开说明</a></li>']
    : [];
  const toc = pkg.tables.map(
    (t, i) =>
      `<li><span class="no">${escapeHtml(String(t.number))}</span><a href="#${escapeHtml(ids[i] as string)}">${textHtml(t.title)}</a></li>`,
  );
  const generator =
    pkg.origin.kind === 'generated' ? pkg.origin.generator : `明账 Mingzhang（读取自 ${pkg.origin.file}）`;
  return [
    '<!DOCTYPE html>\n',
    '<html lang="zh-CN">\n',
    '<head>\n',
    '<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    `<meta name="generator" content="${escapeHtml(generator)}">\n`,
    `<title>${escapeHtml(`${pkg.unit.name} ${pkg.title}`)}</title>\n`,
    `<style>${CSS}</style>\n`,
    '</head>\n',
    '<body>\n',
    '<header class="cover">\n',
    `<p class="unit">${textHtml(pkg.unit.name)}</p>\n`,
    `<h1>${textHtml(pkg.title)}</h1>\n`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${textHtml(v)}</dd>`).join('')}</dl>\n`,
    '<nav class="toc" aria-label="目录">\n<h2>目录</h2>\n<ol>\n',
    [...narrativeToc, ...toc].join('\n'),
    '\n</ol>\n</nav>\n',
    '</header>\n',
    '<main>\n',
    renderSections(pkg),
    ...pkg.tables.map((t, i) => renderTable(t, ids[i] as string)),
    '</main>\n',
    '</body>\n',
    '</html>\n',
  ].join('');
}

/** "一" + "收入…" → "一、收入…"; numbers that already end in 、 or a bracket print as they are. */
function heading(number: string, title: string): string {
  if (/^[一二三四五六七八九十]+$/.test(number)) return `${number}、${title}`;
  if (/[、）)]$/.test(number)) return `${number}${title}`;
  // a part without a numeral (“概况”) prints its title alone
  return title;
}
