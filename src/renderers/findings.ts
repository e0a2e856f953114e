/**
 * Findings reports: grouped Chinese text, JSON, and a standalone HTML page.
 */
import { countBySeverity, type Finding, SEVERITY_ORDER } from '../core/findings/model.ts';

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
  const lines = [
    `审核对象：${header.subject}${header.unit ? `（${header.unit}${header.year ? ` ${header.year} 年` : ''}${header.kind ?? ''}）` : ''}`,
    `审核规则 ${header.rules} 条；发现错误 ${counts.错误} 个，警告 ${counts.警告} 个，提示 ${counts.提示} 个。`,
  ];
  for (const severity of ['错误', '警告', '提示'] as const) {
    const group = sortFindings(findings.filter((f) => f.severity === severity));
    if (group.length === 0) continue;
    lines.push('', `【${severity}】${group.length} 个`);
    let category = '';
    for (const f of group) {
      if (f.category !== category) {
        category = f.category;
        lines.push(`  ${category}：`);
      }
      lines.push(`    [${f.ruleId}] ${f.message}`);
      const loc = where(f);
      if (loc) lines.push(`        位置：${loc}`);
    }
  }
  if (findings.length === 0) lines.push('', '未发现问题。');
  return `${lines.join('\n')}\n`;
}

export function renderFindingsJson(findings: readonly Finding[], header: ReportHeader): string {
  return `${JSON.stringify({ ...header, counts: countBySeverity(findings), findings: sortFindings(findings) }, null, 2)}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderFindingsHtml(findings: readonly Finding[], header: ReportHeader): string {
  const counts = countBySeverity(findings);
  const rows = sortFindings(findings)
    .map(
      (f) =>
        `<tr class="s-${esc(f.severity)}"><td>${esc(f.severity)}</td><td>${esc(f.category)}</td><td><code>${esc(f.ruleId)}</code></td>` +
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
<p class="summary"><span>审核规则 ${header.rules} 条</span><span>错误 ${counts.错误} 个</span><span>警告 ${counts.警告} 个</span><span>提示 ${counts.提示} 个</span></p>
${
  findings.length === 0
    ? '<p>未发现问题。</p>'
    : `<table><thead><tr><th>级别</th><th>类别</th><th>规则</th><th>说明</th><th>位置</th><th>左值（万元）</th><th>右值（万元）</th><th>差额</th><th>舍入误差界</th></tr></thead><tbody>
${rows}
</tbody></table>`
}
</body></html>
`;
}
