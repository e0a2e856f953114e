/**
 * Public portal pages other than the disclosure itself: home, directory, search, 公开检查,
 * compare and 核对. Pure: view models in, HTML out.
 */
import type { InspectionResult } from '../app/inspection.ts';
import type { Finding } from '../core/findings/model.ts';
import type { ChartRow } from './chart-data.ts';
import { chartFigure } from './charts.ts';
import { type PeerRow, peerTable, type YearComparison, yearComparisonTable } from './compare.ts';
import { href, html, type Raw, raw } from './html.ts';
import { page } from './layout.ts';
import type { DirectoryRow, DocKind, SearchHit } from './source.ts';

const STATUS_CLASS: Record<string, string> = { 已公开: 'st-published', 逾期: 'st-overdue', 未公开: 'st-missing' };

export function disclosureHref(id: number, version?: number): string {
  return version ? `/d/${id}/v/${version}` : `/d/${id}`;
}

function statusBadge(r: DirectoryRow): Raw {
  const late = r.status === '已公开' && r.onTime === false;
  return html`<span class="badge ${STATUS_CLASS[r.status] ?? ''}">${r.status}</span>${late ? html` <span class="badge st-late">逾期公开</span>` : ''}${r.corrected ? html` <span class="badge st-corrected">已更正</span>` : ''}`;
}

function searchBox(q = ''): Raw {
  return html`<form class="search-box" method="get" action="/search" role="search">
<label for="q" class="visually-hidden">搜索公开表和说明</label>
<input type="search" id="q" name="q" value="${q}" placeholder="搜索科目、项目或说明，如：公务接待" required>
<button type="submit">搜索</button></form>`;
}

export interface HomeView {
  readonly region: string;
  readonly year: number;
  readonly kind: DocKind;
  readonly years: readonly number[];
  readonly rows: readonly DirectoryRow[];
  /** region totals by 功能分类 类 over published departments */
  readonly functional?: { readonly rows: readonly ChartRow[]; readonly csvHref: string };
}

export function homePage(v: HomeView): string {
  const published = v.rows.filter((r) => r.status === '已公开');
  const onTime = published.filter((r) => r.onTime !== false).length;
  const overdue = v.rows.filter((r) => r.status === '逾期').length;
  const body = html`<h1>${v.region} ${v.year}年部门${v.kind}公开</h1>
<p class="lead">本区各部门依法公开的${v.kind}表、说明和绩效目标，可下载、可对比、可核对。</p>
${searchBox()}
<form class="inline" method="get" action="/"><label>年度<select name="year">${v.years.map(
    (y) => html`<option value="${y}"${y === v.year ? raw(' selected') : ''}>${y}年</option>`,
  )}</select></label><label>类别<select name="kind">${(['预算', '决算'] as const).map(
    (k) => html`<option value="${k}"${k === v.kind ? raw(' selected') : ''}>${k}</option>`,
  )}</select></label><button type="submit" class="secondary">查看</button></form>
<div class="cards">
<div class="card"><div class="num">${published.length}</div>个部门已公开（共 ${v.rows.length} 个）</div>
<div class="card"><div class="num">${onTime}</div>个按期公开</div>
<div class="card"><div class="num">${published.length - onTime}</div>个逾期后公开</div>
<div class="card"><div class="num">${overdue}</div>个逾期未公开</div>
</div>
<p><a href="${href('/departments', { year: v.year, kind: v.kind })}">查看部门目录和公开状态</a> ·
<a href="${href('/inspection', { year: v.year, kind: v.kind })}">公开检查结果</a></p>
${
  v.functional?.rows.length
    ? raw(
        chartFigure(
          {
            id: 'region-functional',
            title: `${v.year}年已公开部门支出按功能分类汇总`,
            type: 'bar',
            series: ['金额（万元）'],
            rows: v.functional.rows,
            source: `来源：${published.length} 个已公开部门的支出表（各“项”之和）`,
          },
          v.functional.csvHref,
        ),
      )
    : html`<p class="muted">本年度尚无已公开的部门。</p>`
}`;
  return page({ title: `${v.region} ${v.year}年部门${v.kind}公开`, body, current: '/' });
}

export interface DirectoryView {
  readonly region: string;
  readonly years: readonly number[];
  readonly year?: number;
  readonly kind?: DocKind;
  readonly orgKind?: string;
  readonly orgKinds: readonly string[];
  readonly rows: readonly DirectoryRow[];
}

export function directoryPage(v: DirectoryView): string {
  const body = html`<h1>部门目录</h1>
<form class="inline" method="get" action="/departments">
<label>年度<select name="year"><option value="">全部</option>${v.years.map((y) => html`<option value="${y}"${y === v.year ? raw(' selected') : ''}>${y}年</option>`)}</select></label>
<label>类别<select name="kind"><option value="">全部</option>${(['预算', '决算'] as const).map((k) => html`<option value="${k}"${k === v.kind ? raw(' selected') : ''}>${k}</option>`)}</select></label>
<label>单位性质<select name="orgKind"><option value="">全部</option>${v.orgKinds.map((k) => html`<option value="${k}"${k === v.orgKind ? raw(' selected') : ''}>${k}</option>`)}</select></label>
<button type="submit">筛选</button></form>
<p>共 ${v.rows.length} 条，已公开 ${v.rows.filter((r) => r.status === '已公开').length} 条。</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="部门公开状态"><table class="simple">
<thead><tr><th scope="col">部门</th><th scope="col">年度</th><th scope="col">类别</th><th scope="col">性质</th><th scope="col">状态</th><th scope="col">批复日期</th><th scope="col">公开期限</th><th scope="col">公开日期</th></tr></thead>
<tbody>${v.rows.map(
    (
      r,
    ) => html`<tr><th scope="row">${r.disclosureId !== undefined && r.status === '已公开' ? html`<a href="${disclosureHref(r.disclosureId)}">${r.org.name}</a>` : r.org.name}</th>
<td>${r.year}</td><td>${r.kind}</td><td>${r.org.orgKind ?? ''}</td><td>${statusBadge(r)}</td><td>${r.approvedAt?.slice(0, 10) ?? ''}</td><td>${r.dueAt?.slice(0, 10) ?? ''}</td><td>${r.publishedAt?.slice(0, 10) ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
  return page({
    title: '部门目录',
    body,
    current: '/departments',
    crumbs: [{ label: '首页', href: '/' }, { label: '部门目录' }],
  });
}

function hitHref(h: SearchHit): string {
  const base = disclosureHref(h.disclosureId, h.version);
  if (h.type === 'cell' && h.tableId !== undefined && h.row !== undefined && h.col !== undefined)
    return `${base}/t/${encodeURIComponent(h.tableId)}/c/${h.row}/${h.col}`;
  if (h.type === 'table' && h.tableId !== undefined) return `${base}/t/${encodeURIComponent(h.tableId)}`;
  return `${base}${h.anchor ? `#${h.anchor}` : ''}`;
}

/** The text with every occurrence of the query marked. */
function marked(text: string, q: string): Raw {
  if (!q) return html`${text}`;
  const parts = text.split(q);
  return html`${parts.map((p, i) => (i === 0 ? html`${p}` : html`<mark>${q}</mark>${p}`))}`;
}

export function searchPage(q: string, hits: readonly SearchHit[], error?: string): string {
  const body = html`<h1>搜索</h1>${searchBox(q)}
${error ? html`<p class="errors" role="alert">${error}</p>` : ''}
${q && !error ? html`<p role="status">“${q}”共找到 ${hits.length} 条结果${hits.length >= 100 ? '（只列出前 100 条）' : ''}。</p>` : ''}
<ol class="hits">${hits.map(
    (
      h,
    ) => html`<li><a href="${hitHref(h)}">${h.orgName} ${h.year}年${h.kind}${h.tableTitle ? ` · ${h.tableTitle}` : ' · 公开说明'}</a>
<br><span>${marked(h.text, q)}</span></li>`,
  )}</ol>`;
  return page({
    title: q ? `搜索：${q}` : '搜索',
    body,
    current: '/search',
    crumbs: [{ label: '首页', href: '/' }, { label: '搜索' }],
  });
}

const STATUS_STYLE: Record<string, string> = {
  通过: 'check-pass',
  未通过: 'check-fail',
  无法核对: 'check-unknown',
  不适用: 'muted',
};

export function inspectionDetail(result: InspectionResult): Raw {
  return html`<p><span class="score">${result.score}</span> / ${result.max} 分${result.unknown !== '0.0' ? html`（另有 ${result.unknown} 分无法核对）` : ''}</p>
${result.criteria.map(
  (
    c,
  ) => html`<section aria-labelledby="crit-${c.id}"><h2 id="crit-${c.id}">${c.label}：${c.earned} / ${c.points} 分</h2><p class="muted">${c.description}</p>
<ul class="findings">${c.checks.map(
    (
      k,
    ) => html`<li><strong class="${STATUS_STYLE[k.status] ?? ''}">${k.status}</strong> ${k.label}（${k.earned} / ${k.max} 分）
<details><summary>依据</summary><ul>${k.evidence.map((e) => html`<li>${e.text}</li>`)}</ul></details></li>`,
  )}</ul></section>`,
)}`;
}

export interface InspectionRow {
  readonly row: DirectoryRow;
  readonly result?: InspectionResult;
}

export function regionInspectionPage(
  region: string,
  year: number,
  kind: DocKind,
  rows: readonly InspectionRow[],
): string {
  const scored = rows.filter((r) => r.result);
  const avg = scored.length ? scored.reduce((s, r) => s + Number(r.result?.score ?? 0), 0) / scored.length : null;
  const body = html`<h1>${region} ${year}年部门${kind}公开检查</h1>
<p>按公开检查标准（完整性、及时性、细化、“三公”经费、绩效目标）逐项核对已公开的文件，由审核规则自动计算，每一分都有依据。</p>
<p>已检查 ${scored.length} 个部门${avg !== null ? html`，平均 ${avg.toFixed(1)} 分` : ''}；未公开的部门不计分。</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="各部门得分"><table class="simple">
<thead><tr><th scope="col">部门</th><th scope="col" class="num">得分</th>${(scored[0]?.result?.criteria ?? []).map((c) => html`<th scope="col" class="num">${c.label}（${c.points}）</th>`)}<th scope="col">状态</th></tr></thead>
<tbody>${[...rows]
    .sort((a, b) => Number(b.result?.score ?? -1) - Number(a.result?.score ?? -1))
    .map(
      (
        r,
      ) => html`<tr><th scope="row">${r.row.disclosureId !== undefined && r.result ? html`<a href="/inspection/${r.row.disclosureId}">${r.row.org.name}</a>` : r.row.org.name}</th>
<td class="num">${r.result?.score ?? '—'}</td>${(scored[0]?.result?.criteria ?? []).map((_, i) => html`<td class="num">${r.result?.criteria[i]?.earned ?? '—'}</td>`)}<td>${statusBadge(r.row)}</td></tr>`,
    )}</tbody></table></div>`;
  return page({
    title: `${year}年公开检查`,
    body,
    current: '/inspection',
    crumbs: [{ label: '首页', href: '/' }, { label: '公开检查' }],
  });
}

export function departmentInspectionPage(
  name: string,
  year: number,
  kind: DocKind,
  pageHref: string,
  result: InspectionResult,
): string {
  const body = html`<h1>${name} ${year}年${kind}公开检查</h1>
<p><a href="${pageHref}">查看所检查的公开文件</a></p>${inspectionDetail(result)}`;
  return page({
    title: `${name} 公开检查`,
    body,
    current: '/inspection',
    crumbs: [
      { label: '首页', href: '/' },
      { label: '公开检查', href: href('/inspection', { year, kind }) },
      { label: name },
    ],
  });
}

export interface CompareIndexView {
  readonly years: readonly number[];
  readonly orgs: readonly { code: string; name: string }[];
}

export function compareIndexPage(v: CompareIndexView): string {
  const body = html`<h1>对比</h1>
<section aria-labelledby="cy"><h2 id="cy">同一部门不同年度</h2>
<form class="inline" method="get" action="/compare/years"><label>部门<select name="org">${v.orgs.map((o) => html`<option value="${o.code}">${o.name}</option>`)}</select></label>
<label>类别<select name="kind"><option value="预算">预算</option><option value="决算">决算</option></select></label><button type="submit">对比各年</button></form></section>
<section aria-labelledby="cp"><h2 id="cp">同一年度不同部门</h2>
<form method="get" action="/compare/peers"><div class="inline" style="display:flex;flex-wrap:wrap;gap:12px">
<label>年度<select name="year">${v.years.map((y) => html`<option value="${y}">${y}年</option>`)}</select></label>
<label>类别<select name="kind"><option value="预算">预算</option><option value="决算">决算</option></select></label></div>
<fieldset><legend>部门（可多选）</legend>${v.orgs.map(
    (o, i) =>
      html`<label style="font-weight:normal;display:flex;gap:8px;align-items:center;min-height:44px"><input type="checkbox" name="org" value="${o.code}"${i < 3 ? raw(' checked') : ''}> ${o.name}</label>`,
  )}</fieldset>
<p><button type="submit">对比所选部门</button></p></form></section>`;
  return page({ title: '对比', body, current: '/compare', crumbs: [{ label: '首页', href: '/' }, { label: '对比' }] });
}

export function compareYearsPage(name: string, kind: DocKind, cmp: YearComparison, latestHref: string): string {
  const body = html`<h1>${name}：${kind}各年度对比</h1>
<p>按功能分类科目编码对齐；增减为最近两年之差；“原因”摘自最近一年公开说明，点击可跳到原句。</p>
${cmp.years.length < 2 ? html`<p class="banner">只有 ${cmp.years.length} 个年度已公开，暂无可对比的上年数。</p>` : ''}
${yearComparisonTable(cmp, latestHref)}`;
  return page({
    title: `${name} 各年度对比`,
    body,
    current: '/compare',
    crumbs: [{ label: '首页', href: '/' }, { label: '对比', href: '/compare' }, { label: name }],
  });
}

export function comparePeersPage(year: number, kind: DocKind, rows: readonly PeerRow[]): string {
  const body = html`<h1>${year}年部门${kind}对比</h1>${rows.length ? peerTable(rows) : html`<p>请至少选择一个已公开的部门。</p>`}`;
  return page({
    title: `${year}年部门对比`,
    body,
    current: '/compare',
    crumbs: [{ label: '首页', href: '/' }, { label: '对比', href: '/compare' }, { label: `${year}年` }],
  });
}

export function verifyPage(
  csrf: string,
  report?: { file: string; unit: string; findings: readonly Finding[]; inspection?: InspectionResult },
  error?: string,
): string {
  const counts = report
    ? {
        错误: 0,
        警告: 0,
        提示: 0,
        ...Object.fromEntries(
          ['错误', '警告', '提示'].map((s) => [s, report.findings.filter((f) => f.severity === s).length]),
        ),
      }
    : undefined;
  const body = html`<h1>核对已公开的文件</h1>
<p>上传部门已公开的预决算文件（PDF、工作簿 XLSX 或文本 TXT），系统读回各表并逐条核对，立即给出审核报告。<strong>文件不会被保存。</strong></p>
<form method="post" action="${href('/verify', { _csrf: csrf })}" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${csrf}">
<p><label for="file">选择文件（不超过 20 MB）</label><input type="file" id="file" name="file" accept=".pdf,.xlsx,.txt" required></p>
<p><button type="submit">核对</button></p></form>
${error ? html`<div class="errors" role="alert"><p>${error}</p></div>` : ''}
${
  report && counts
    ? html`<section aria-labelledby="rep"><h2 id="rep">审核报告：${report.file}</h2><p>${report.unit}：错误 ${counts.错误} 条，警告 ${counts.警告} 条，提示 ${counts.提示} 条。</p>
<ol class="findings">${report.findings.map(
        (f) =>
          html`<li><span class="sev-${f.severity}">[${f.severity}]</span> ${f.ruleId} ${f.title}：${f.message}${f.location.page ? `（第 ${f.location.page} 页${f.location.line ? `第 ${f.location.line} 行` : ''}）` : ''}</li>`,
      )}</ol>${report.inspection ? html`<h2>按公开检查标准</h2>${inspectionDetail(report.inspection)}` : ''}</section>`
    : ''
}`;
  return page({
    title: '核对已公开的文件',
    body,
    current: '/verify',
    crumbs: [{ label: '首页', href: '/' }, { label: '核对文件' }],
  });
}

export function errorPage(status: number, detail: string): string {
  const title =
    status === 404 ? '页面不存在' : status === 403 ? '没有权限' : status === 429 ? '请求过于频繁' : '出错了';
  return page({ title, body: html`<h1>${title}</h1><p>${detail}</p><p><a href="/">返回首页</a></p>` });
}
