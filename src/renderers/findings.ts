/**
 * Findings reports: grouped Chinese text, JSON, and a standalone HTML page. Every format shows one
 * cause once: findings that rest on the same likely culprit cell are one group (core/findings/group.ts),
 * and a summary line per table.
 */
import { type FindingGroup, groupFindings } from '../core/findings/group.ts';
import { type CellAddress, countBySeverity, type Finding, SEVERITY_ORDER } from '../core/findings/model.ts';
import type { Severity } from '../core/rules/schema.ts';

export interface ReportHeader {
  readonly subject: string;
  readonly unit?: string;
  readonly year?: number;
  readonly kind?: string;
  readonly rules: number;
}

function where(f: Finding): string {
  const l = f.location;
  const parts: string[] = [];
  if (l.table) parts.push(`表“${l.table}”`);
  if (l.row) parts.push(`行“${l.row}”`);
  if (l.column) parts.push(`栏“${l.column}”`);
  if (l.section) parts.push(`说明“${l.section}”`);
  if (l.page !== undefined) parts.push(`第 ${l.page} 页`);
  if (l.line !== undefined) parts.push(`第 ${l.line} 行`);
  return parts.join('，');
}

/** Findings at or above a severity (错误 > 警告 > 提示). */
export function atLeast(findings: readonly Finding[], min: Severity): Finding[] {
  return findings.filter((f) => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[min]);
}

export interface TableSummary {
  readonly table: string;
  readonly counts: Record<Severity, number>;
  /** causes (groups) among its findings */
  readonly causes: number;
}

/** One line per table (and one for the 说明 and the document as a whole), in order of first finding. */
export function summariseByTable(findings: readonly Finding[], groups: readonly FindingGroup[]): TableSummary[] {
  const out = new Map<string, { counts: Record<Severity, number>; causes: number }>();
  const nameOf = (f: Finding) => f.location.table ?? (f.location.section ? '说明' : '（全文）');
  for (const f of sortFindings(findings)) {
    const e = out.get(nameOf(f)) ?? { counts: { 错误: 0, 警告: 0, 提示: 0 }, causes: 0 };
    e.counts[f.severity]++;
    out.set(nameOf(f), e);
  }
  for (const g of groups) {
    const first = g.findings[0];
    if (!first) continue;
    const e = out.get(g.culprit?.table ?? nameOf(first));
    if (e) e.causes++;
  }
  return [...out.entries()].map(([table, e]) => ({ table, ...e }));
}

const cellText = (c: CellAddress) => `表“${c.table}”行“${c.row}”栏“${c.column}”`;

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.category.localeCompare(b.category) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

export function renderFindingsText(findings: readonly Finding[], header: ReportHeader): string {
  const counts = countBySeverity(findings);
  const groups = groupFindings(findings);
  const lines = [
    `审核对象：${header.subject}${header.unit ? `（${header.unit}${header.year ? ` ${header.year} 年` : ''}${header.kind ?? ''}）` : ''}`,
    `审核规则 ${header.rules} 条；发现错误 ${counts.错误} 个，警告 ${counts.警告} 个，提示 ${counts.提示} 个（归为 ${groups.length} 个原因）。`,
  ];
  const tables = summariseByTable(findings, groups);
  if (tables.length > 0) {
    lines.push('', '【各表】');
    for (const t of tables)
      lines.push(
        `  ${t.table}：错误 ${t.counts.错误}，警告 ${t.counts.警告}，提示 ${t.counts.提示}；原因 ${t.causes} 个`,
      );
  }
  const item = (f: Finding, indent: string) => {
    lines.push(`${indent}[${f.ruleId}] ${f.message}`);
    const loc = where(f);
    if (loc) lines.push(`${indent}    位置：${loc}`);
  };
  for (const severity of ['错误', '警告', '提示'] as const) {
    const group = groups.filter((g) => g.severity === severity);
    if (group.length === 0) continue;
    const n = group.reduce((k, g) => k + g.findings.filter((f) => f.severity === severity).length, 0);
    lines.push('', `【${severity}】${n} 个，${group.length} 个原因`);
    for (const g of group) {
      if (g.findings.length === 1) {
        item(g.findings[0] as Finding, '    ');
        continue;
      }
      lines.push(
        `  ◆ 同一原因，涉及 ${g.findings.length} 条${g.culprit ? `；可能出错的单元格：${cellText(g.culprit)}` : ''}`,
      );
      for (const f of sortFindings(g.findings)) item(f, '    ');
    }
  }
  if (findings.length === 0) lines.push('', '未发现问题。');
  return `${lines.join('\n')}\n`;
}

export function renderFindingsJson(findings: readonly Finding[], header: ReportHeader): string {
  const sorted = sortFindings(findings);
  const groups = groupFindings(sorted);
  return `${JSON.stringify(
    {
      ...header,
      counts: countBySeverity(findings),
      tables: summariseByTable(findings, groups),
      // each cause once: indexes into `findings`, with the likely culprit cell
      groups: groups.map((g) => ({
        severity: g.severity,
        ...(g.culprit ? { culprit: g.culprit } : {}),
        findings: g.findings.map((f) => sorted.indexOf(f)),
      })),
      findings: sorted,
    },
    null,
    2,
  )}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderFindingsHtml(findings: readonly Finding[], header: ReportHeader): string {
  const counts = countBySeverity(findings);
  const groups = groupFindings(findings);
  const cause = new Map<Finding, number>();
  groups.forEach((g, i) => {
    for (const f of g.findings) cause.set(f, i + 1);
  });
  const ordered = groups.flatMap((g) => sortFindings(g.findings));
  const tableRows = summariseByTable(findings, groups)
    .map(
      (t) =>
        `<tr><td>${esc(t.table)}</td><td class="n">${t.counts.错误}</td><td class="n">${t.counts.警告}</td><td class="n">${t.counts.提示}</td><td class="n">${t.causes}</td></tr>`,
    )
    .join('\n');
  const culprits = groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.findings.length > 1)
    .map(
      ({ g, i }) =>
        `<li>原因 ${i + 1}（${esc(g.severity)}，涉及 ${g.findings.length} 条）${g.culprit ? `：可能出错的单元格 ${esc(cellText(g.culprit))}` : ''}</li>`,
    )
    .join('\n');
  const rows = ordered
    .map(
      (f) =>
        `<tr class="s-${esc(f.severity)}"><td class="n">${cause.get(f) ?? ''}</td><td>${esc(f.severity)}</td><td>${esc(f.category)}</td><td><code>${esc(f.ruleId)}</code></td>` +
        `<td>${esc(f.message)}</td><td>${esc(where(f))}</td><td class="n">${esc(f.lhs ?? '')}</td><td class="n">${esc(f.rhs ?? '')}</td>` +
        `<td class="n">${esc(f.difference ?? '')}</td><td class="n">${esc(f.bound ? `±${f.bound}` : '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>审核报告 — ${esc(header.subject)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC","SimSun",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top}th{background:#eef2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.s-错误 td:first-child{color:#b00020;font-weight:bold}tr.s-警告 td:first-child{color:#b26a00;font-weight:bold}tr.s-提示 td:first-child{color:#555}
.summary span{margin-right:1.5em}
@media print{@page{size:A4 landscape;margin:12mm}body{margin:0}}
</style></head><body>
<h1>审核报告</h1>
<p>审核对象：${esc(header.subject)}${header.unit ? `（${esc(header.unit)}${header.year ? ` ${header.year} 年` : ''}${esc(header.kind ?? '')}）` : ''}</p>
<p class="summary"><span>审核规则 ${header.rules} 条</span><span>错误 ${counts.错误} 个</span><span>警告 ${counts.警告} 个</span><span>提示 ${counts.提示} 个</span><span>原因 ${groups.length} 个</span></p>
${
  findings.length === 0
    ? '<p>未发现问题。</p>'
    : `<h2>各表</h2><table class="tables"><thead><tr><th>表</th><th>错误</th><th>警告</th><th>提示</th><th>原因</th></tr></thead><tbody>
${tableRows}
</tbody></table>
${culprits ? `<h2>同一原因的发现</h2><ul>\n${culprits}\n</ul>` : ''}
<h2>发现</h2><table><thead><tr><th>原因</th><th>级别</th><th>类别</th><th>规则</th><th>说明</th><th>位置</th><th>左值（万元）</th><th>右值（万元）</th><th>差额</th><th>舍入误差界</th></tr></thead><tbody>
${rows}
</tbody></table>`
}
</body></html>
`;
}
