/**
 * The disclosure page: every table in the statutory layout (the HTML package's own rendering,
 * wrapped to scroll on phones), the 说明, charts, downloads, version history with 更正说明,
 * and a permalink for every table and cell. Pure: a view model in, HTML out.
 */

import { wanExact } from '../core/money/amount.ts';
import type { DisclosurePackage, PackageTable } from '../core/package/model.ts';
import { renderSections, renderTable, tableIds } from '../renderers/html.ts';
import { chartsFor, type YearPackage } from './chart-data.ts';
import { chartFigure } from './charts.ts';
import { html, raw } from './html.ts';
import { page } from './layout.ts';

export interface VersionInfo {
  readonly version: number;
  /** ISO date-time of publication */
  readonly publishedAt: string;
  /** 更正说明 (versions after the first) */
  readonly correctionNote?: string;
}

export interface DownloadLink {
  readonly format: string;
  readonly label: string;
  readonly href: string;
}

export interface DisclosureView {
  readonly pkg: DisclosurePackage;
  /** URL of this version's page, e.g. /d/4/v/1 (tables at `${base}/t/T07`) */
  readonly base: string;
  /** URL of the disclosure (latest version) */
  readonly latest: string;
  readonly version: VersionInfo;
  readonly versions: readonly VersionInfo[];
  /** base URL of each version by number */
  readonly versionHref: (version: number) => string;
  readonly downloads: readonly DownloadLink[];
  /** the same department's published packages of other years, same kind (charts) */
  readonly history?: readonly YearPackage[];
  /** link to this department's 公开检查 page and compare page */
  readonly inspectionHref?: string;
  readonly compareHref?: string;
  readonly orgName: string;
  readonly script?: string;
}

export const FORMAT_LABELS: Readonly<Record<string, string>> = {
  xlsx: '工作簿（XLSX）',
  pdf: 'PDF',
  docx: 'Word（DOCX）',
  html: '网页（HTML）',
  cells: '单元格数据（CSV）',
  json: '公开包（JSON）',
  text: '公开说明（TXT）',
  datapackage: 'Fiscal Data Package',
};

function date(iso: string): string {
  return iso.slice(0, 10);
}

export function isCorrected(view: Pick<DisclosureView, 'version' | 'versions'>): boolean {
  return view.versions.some((v) => v.version > view.version.version);
}

function versionBanner(view: DisclosureView): string {
  const latest = Math.max(...view.versions.map((v) => v.version));
  if (view.version.version < latest) {
    const newer = view.versions.find((v) => v.version === latest);
    return html`<div class="banner warn" role="note"><strong>已更正：</strong>本版本（第 ${view.version.version} 版）已被第 ${latest} 版更正。
<a href="${view.versionHref(latest)}">查看最新版本</a>${newer?.correctionNote ? html`；更正说明：${newer.correctionNote}` : ''}</div>`
      .value;
  }
  if (view.version.correctionNote) {
    return html`<div class="banner" role="note"><strong>更正说明（第 ${view.version.version} 版）：</strong>${view.version.correctionNote}</div>`
      .value;
  }
  return '';
}

function versionList(view: DisclosureView): string {
  return html`<section aria-labelledby="versions-title"><h2 id="versions-title">版本记录</h2>
<div class="table-scroll" role="region" tabindex="0" aria-labelledby="versions-title"><table class="simple">
<thead><tr><th scope="col">版本</th><th scope="col">公开日期</th><th scope="col">状态</th><th scope="col">更正说明</th></tr></thead>
<tbody>${[...view.versions]
    .sort((a, b) => b.version - a.version)
    .map(
      (v) =>
        html`<tr><th scope="row"><a href="${view.versionHref(v.version)}"${v.version === view.version.version ? raw(' aria-current="page"') : ''}>第 ${v.version} 版</a></th>
<td>${date(v.publishedAt)}</td><td>${view.versions.some((w) => w.version > v.version) ? html`<span class="badge st-corrected">已更正</span>` : html`<span class="badge st-published">现行</span>`}</td>
<td>${v.correctionNote ?? ''}</td></tr>`,
    )}</tbody></table></div></section>`.value;
}

function downloads(view: DisclosureView): string {
  return html`<section class="downloads" aria-labelledby="dl-title"><h2 id="dl-title">下载</h2><ul>${view.downloads.map(
    (d) => html`<li><a href="${d.href}" download>${d.label}</a></li>`,
  )}</ul></section>`.value;
}

function title(pkg: DisclosurePackage): string {
  return `${pkg.unit.name} ${pkg.title}`;
}

/** The whole disclosure on one page. */
export function disclosurePage(view: DisclosureView): string {
  const { pkg } = view;
  const ids = tableIds(pkg);
  const charts = chartsFor(pkg, view.history ?? []);
  const toc = html`<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">目录</h2><ol>
${pkg.sections?.length ? html`<li><a href="#narrative">公开说明</a></li>` : ''}
${charts.length ? html`<li><a href="#charts">图表</a></li>` : ''}
${pkg.tables.map((t, i) => html`<li><a href="#${ids[i] ?? ''}">${t.number}. ${t.title}</a>${t.empty ? '（空表）' : ''}</li>`)}
<li><a href="#versions-title">版本记录</a></li></ol></nav>`;
  const body = html`<h1>${title(pkg)}</h1>
<p class="lead">${pkg.region ?? ''} · ${pkg.year}年${pkg.kind} · 第 ${view.version.version} 版，${date(view.version.publishedAt)} 公开
${isCorrected(view) ? html` <span class="badge st-corrected">已更正</span>` : ''}</p>
${raw(versionBanner(view))}
<p>${view.inspectionHref ? html`<a href="${view.inspectionHref}">公开检查得分与依据</a>` : ''}${view.compareHref ? html` · <a href="${view.compareHref}">与其他年度对比</a>` : ''}</p>
${raw(downloads(view))}
${toc}
${pkg.sections?.length ? raw(renderSections(pkg, true)) : ''}
${charts.length ? html`<section id="charts" aria-labelledby="charts-title"><h2 id="charts-title">图表</h2>${charts.map((c) => raw(chartFigure(c, `${view.base}/chart/${c.id}.csv`)))}</section>` : ''}
<section aria-labelledby="tables-title"><h2 id="tables-title">公开表</h2>
<p class="muted">点击表名展开；每张表也有自己的页面（表名中的链接），适合在手机上查看和引用。</p>
${pkg.tables.map(
  (t, i) =>
    html`<details class="table-details"><summary>${t.number}. ${t.title}${t.empty ? '（空表）' : ''}</summary>
${raw(renderTable(t, ids[i] as string, { scroll: true, noColgroup: true, titleHref: `${view.base}/t/${encodeURIComponent(t.id)}` }))}</details>`,
)}</section>
${raw(versionList(view))}`;
  return page({
    title: title(pkg),
    body,
    crumbs: [
      { label: '首页', href: '/' },
      { label: '部门目录', href: '/departments' },
      { label: view.orgName, href: view.latest },
      { label: `第 ${view.version.version} 版` },
    ],
    current: '/departments',
    ...(view.script ? { script: view.script } : {}),
  });
}

export function findTable(pkg: DisclosurePackage, tableId: string): PackageTable | undefined {
  return pkg.tables.find((t) => t.id === tableId);
}

function cellAnchor(r: number, c: number): string {
  return `c${r}-${c}`;
}

/** One table on its own page: every amount cell links to its permalink. */
export function tablePage(view: DisclosureView, table: PackageTable, opts: { cellLinks?: boolean } = {}): string {
  const base = `${view.base}/t/${encodeURIComponent(table.id)}`;
  const body = html`<h1>${table.title}</h1>
<p class="lead"><a href="${view.base}">${title(view.pkg)}</a> · 第 ${view.version.version} 版${isCorrected(view) ? html` <span class="badge st-corrected">已更正</span>` : ''}</p>
${raw(versionBanner(view))}
${opts.cellLinks !== false ? html`<p class="muted">点击金额可打开该单元格的固定链接（注明表、行、列与来源）。</p>` : ''}
${raw(
  renderTable(table, `table-${table.id}`, {
    scroll: true,
    noColgroup: true,
    cellId: cellAnchor,
    cellHref: (r, c) =>
      opts.cellLinks !== false && table.columns[c]?.role === 'amount' ? `${base}/c/${r}/${c}` : undefined,
  }),
)}
<p><a href="${view.base}#${tableIds(view.pkg)[view.pkg.tables.indexOf(table)] ?? ''}">返回整套公开表</a></p>`;
  return page({
    title: `${table.title} - ${view.pkg.unit.name}`,
    body,
    crumbs: [
      { label: '首页', href: '/' },
      { label: '部门目录', href: '/departments' },
      { label: view.orgName, href: view.base },
      { label: table.title },
    ],
    current: '/departments',
    ...(view.script ? { script: view.script } : {}),
  });
}

function provenanceText(p: import('../core/package/model.ts').Provenance): string {
  switch (p.kind) {
    case 'lines':
      return `源数据支出明细第 ${p.lines.map((l) => l + 1).join('、')} 行之和`;
    case 'incomes':
      return `源数据收入第 ${p.incomes.map((l) => l + 1).join('、')} 项之和`;
    case 'formula':
      return `由表内计算：${p.formula}`;
    case 'field':
      return `源数据字段 ${p.field}`;
    case 'document':
      return `读取自已公开文件${p.page ? `第 ${p.page} 页` : ''}${p.line ? `第 ${p.line} 行` : ''}：“${p.raw}”`;
  }
}

/** A cell's permalink page: where it sits, its exact value and where it comes from. */
export function cellPage(view: DisclosureView, table: PackageTable, r: number, c: number): string | undefined {
  const row = table.rows[r];
  const col = table.columns[c];
  if (!row || !col) return undefined;
  const value = row.values[c] ?? null;
  const cell =
    row.key !== undefined ? table.cells.find((x) => x.row === row.key && x.column === col.path.join('/')) : undefined;
  const labelIdx = table.columns.findIndex((x) => x.role === 'label');
  const rowLabel = (row.texts[labelIdx] ?? '').trim() || row.key || `第 ${r + 1} 行`;
  const tableHref = `${view.base}/t/${encodeURIComponent(table.id)}`;
  const body = html`<h1>${table.title}：${rowLabel} · ${col.path.join(' / ')}</h1>
<p class="lead"><a href="${view.base}">${title(view.pkg)}</a> · 第 ${view.version.version} 版</p>
${raw(versionBanner(view))}
<div class="table-scroll" role="region" tabindex="0" aria-label="单元格信息"><table class="simple"><tbody>
<tr><th scope="row">表</th><td><a href="${tableHref}#${cellAnchor(r, c)}">${table.number}. ${table.title}</a></td></tr>
<tr><th scope="row">行</th><td>${rowLabel}${row.key ? `（${row.key}）` : ''}</td></tr>
<tr><th scope="row">列</th><td>${col.path.join(' / ')}</td></tr>
<tr><th scope="row">公开数（${view.pkg.amountUnit}）</th><td class="num">${row.texts[c] ?? ''}</td></tr>
${value !== null ? html`<tr><th scope="row">精确值（万元）</th><td class="num">${wanExact(value)}</td></tr>` : ''}
${cell ? html`<tr><th scope="row">来源</th><td>${provenanceText(cell.provenance)}</td></tr>` : ''}
</tbody></table></div>
<p><a href="${tableHref}#${cellAnchor(r, c)}">在表中查看</a></p>`;
  return page({
    title: `${table.title} ${rowLabel} - ${view.pkg.unit.name}`,
    body,
    crumbs: [
      { label: '首页', href: '/' },
      { label: view.orgName, href: view.base },
      { label: table.title, href: tableHref },
      { label: '单元格' },
    ],
    current: '/departments',
  });
}
