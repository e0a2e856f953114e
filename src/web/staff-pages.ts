/**
 * Staff workspace pages: login, dashboard, upload (located errors, annotated workbook), the
 * review page (findings by cause, comments on cells, differences, workflow actions), the 说明
 * reasons form with its live text, the reviewer's queue and admin. Pure: view models in, HTML out.
 * Every form carries the CSRF token; every page works without JavaScript.
 */

import type { CommentView } from '../app/comments.ts';
import type { CellChange, ReasonSlot, WorkItem } from '../app/workspace.ts';
import type { Issue } from '../core/diagnostics.ts';
import { formatLocation } from '../core/diagnostics.ts';
import type { TextSection } from '../core/package/model.ts';
import { href, html, type Raw, raw } from './html.ts';
import { page, type StaffUser } from './layout.ts';

export interface StaffContext {
  readonly user: StaffUser;
  readonly csrf: string;
  readonly script?: string;
}

function csrfField(csrf: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function staffPage(
  s: StaffContext | undefined,
  title: string,
  body: Raw,
  current?: string,
  crumbs?: { label: string; href?: string }[],
): string {
  return page({
    title,
    body,
    area: 'staff',
    ...(current ? { current } : {}),
    ...(s ? { user: s.user, csrf: s.csrf } : {}),
    ...(s?.script ? { script: s.script } : {}),
    crumbs: [{ label: '工作台', href: '/staff' }, ...(crumbs ?? [{ label: title }])],
  });
}

export function loginPage(csrf: string, error?: string, login = ''): string {
  const body = html`<h1>工作人员登录</h1>
${error ? html`<div class="errors" role="alert"><p>${error}</p></div>` : ''}
<form method="post" action="/staff/login">${csrfField(csrf)}
<p><label for="login">用户名</label><input type="text" id="login" name="login" value="${login}" autocomplete="username" required></p>
<p><label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required></p>
<p><button type="submit">登录</button></p></form>`;
  return page({ title: '工作人员登录', body, area: 'staff' });
}

const STATE_CLASS: Record<string, string> = {
  编制中: 'st-missing',
  单位已提交: 'st-late',
  部门审核通过: 'st-late',
  财政审核通过: 'st-late',
  已批复: 'st-late',
  已公开: 'st-published',
};

function stateBadge(state: string): Raw {
  return html`<span class="badge ${STATE_CLASS[state] ?? ''}">${state}</span>`;
}

function clockText(item: WorkItem): Raw | string {
  const c = item.clock;
  if (!c) return '';
  const label = (c as { label?: string }).label ?? c.status;
  return html`${label}${c.dueOn ? `（期限 ${c.dueOn}` : ''}${c.daysLeft !== undefined ? `，${c.daysLeft >= 0 ? `余 ${c.daysLeft} 日` : `逾期 ${-c.daysLeft} 日`}` : ''}${c.dueOn ? '）' : ''}`;
}

function itemsTable(items: readonly WorkItem[], label: string): Raw {
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="${label}"><table class="simple">
<thead><tr><th scope="col">单位/部门</th><th scope="col">年度</th><th scope="col">类别</th><th scope="col">状态</th><th scope="col">修订</th><th scope="col">公开期限</th></tr></thead>
<tbody>${items.map(
    (
      i,
    ) => html`<tr><th scope="row"><a href="/staff/d/${i.disclosureId}">${i.name}</a>${i.consolidated ? '（部门汇总）' : ''}</th><td>${i.year}</td><td>${i.kind}</td>
<td>${stateBadge(i.state)}</td><td>${i.revisions}</td><td>${clockText(i)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function dashboardPage(s: StaffContext, items: readonly WorkItem[]): string {
  const body = html`<h1>工作台</h1><p>${s.user.name}（${s.user.roles.join('、')}）职责范围内的公开事项共 ${items.length} 项。</p>
<p><a class="button" href="/staff/upload">上传源数据</a> <a class="button secondary" href="/staff/queue">审核队列</a></p>
${itemsTable(items, '公开事项')}`;
  return staffPage(s, '工作台', body, '/staff', [{ label: '工作台' }]);
}

export function queuePage(s: StaffContext, items: readonly WorkItem[]): string {
  const order = ['单位已提交', '部门审核通过', '财政审核通过', '已批复', '编制中', '已公开'];
  const groups = order.map((st) => ({ st, items: items.filter((i) => i.state === st) })).filter((g) => g.items.length);
  const overdue = items.filter((i) => i.clock?.status === 'overdue' || i.clock?.status === 'near_due');
  const body = html`<h1>审核队列</h1>
${overdue.length ? html`<section aria-labelledby="due"><h2 id="due">临近期限和逾期未公开</h2>${itemsTable(overdue, '临期和逾期')}</section>` : ''}
${groups.map((g) => html`<section aria-labelledby="q-${g.st}"><h2 id="q-${g.st}">${g.st}（${g.items.length}）</h2>${itemsTable(g.items, g.st)}</section>`)}`;
  return staffPage(s, '审核队列', body, '/staff/queue');
}

export interface UploadResultView {
  readonly fileName: string;
  readonly status: string;
  readonly message?: string;
  readonly issues: readonly Issue[];
  readonly disclosureId?: number;
  /** data: URL of the annotated workbook (xlsx uploads with located issues) */
  readonly annotatedHref?: string;
}

export function uploadPage(s: StaffContext, results?: readonly UploadResultView[], error?: string): string {
  const body = html`<h1>上传源数据</h1>
<p>上传本单位的源数据工作簿（.xlsx）或 JSON，也可以上传包含多个文件的 ZIP。同一文件重复上传不会产生新的修订。</p>
<form method="post" action="${href('/staff/upload', { _csrf: s.csrf })}" enctype="multipart/form-data">
<p><label for="file">选择文件</label><input type="file" id="file" name="file" accept=".xlsx,.json,.zip" required></p>
<p><button type="submit">上传并校验</button></p></form>
<p><a href="/api/template.xlsx">下载空白填报工作簿</a></p>
${error ? html`<div class="errors" role="alert"><p>${error}</p></div>` : ''}
${(results ?? []).map(
  (
    r,
  ) => html`<section aria-labelledby="r-${r.fileName}"><h2 id="r-${r.fileName}">${r.fileName}：${RESULT_LABEL[r.status] ?? r.status}</h2>
${r.message ? html`<p>${r.message}</p>` : ''}
${r.disclosureId !== undefined ? html`<p><a href="/staff/d/${r.disclosureId}">打开该公开事项</a></p>` : ''}
${r.issues.length ? html`<div class="errors" role="${r.status === 'invalid' ? 'alert' : 'status'}"><ol>${r.issues.map((i) => html`<li><strong>${i.severity === 'error' ? '错误' : '警告'}</strong> ${formatLocation(i)}：${i.message}</li>`)}</ol></div>` : ''}
${r.annotatedHref ? html`<p><a href="${r.annotatedHref}" download="${r.fileName.replace(/\.xlsx$/i, '')}-标注.xlsx">下载标注了问题单元格的工作簿</a></p>` : ''}
</section>`,
)}`;
  return staffPage(s, '上传源数据', body, '/staff/upload');
}

const RESULT_LABEL: Record<string, string> = {
  created: '已导入为新修订',
  unchanged: '与当前修订相同，未产生新修订',
  invalid: '有错误，未导入',
  failed: '导入失败',
};

export interface FindingView {
  readonly id: number;
  readonly ruleId: string;
  readonly severity: string;
  readonly category: string;
  readonly title: string;
  readonly message: string;
  readonly tableId: string | null;
  readonly rowKey: string | null;
  readonly columnKey: string | null;
  readonly acknowledged?: boolean;
  /** link to the cell in the preview */
  readonly cellHref?: string;
}

export interface ReviewView {
  readonly disclosureId: number;
  readonly title: string;
  readonly state: string;
  readonly version: number;
  readonly editable: boolean;
  readonly revisionNumber?: number;
  readonly actions: readonly { action: string; label: string }[];
  readonly clock?: { label?: string; dueOn?: string; daysLeft?: number } | null;
  readonly events: readonly {
    action: string;
    from: string;
    to: string;
    actor: string | null;
    comment: string | null;
    at: string;
  }[];
  readonly findings: readonly FindingView[];
  readonly checked: boolean;
  readonly comments: readonly CommentView[];
  readonly tables: readonly { id: string; title: string }[];
  readonly diffPrevious?: readonly CellChange[];
  readonly diffLastYear?: readonly CellChange[];
  readonly secrecyConfirmed?: boolean;
  readonly error?: string;
  readonly notice?: string;
}

function diffTable(changes: readonly CellChange[], label: string): Raw {
  if (!changes.length) return html`<p>没有差异。</p>`;
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="${label}"><table class="simple"><thead><tr><th scope="col">表</th><th scope="col">行</th><th scope="col">列</th><th scope="col" class="num">原值</th><th scope="col" class="num">现值</th></tr></thead>
<tbody>${changes.map((c) => html`<tr><th scope="row">${c.table}</th><td>${c.row}</td><td>${c.column}</td><td class="num">${c.before ?? '（无）'}</td><td class="num">${c.after ?? '（无）'}</td></tr>`)}</tbody></table></div>
${changes.length >= 500 ? html`<p class="muted">只列出前 500 处。</p>` : ''}`;
}

function actionForm(s: StaffContext, v: ReviewView, a: { action: string; label: string }): Raw {
  const needsComment = /return/.test(a.action);
  const id = `act-${a.action}`;
  return html`<form method="post" action="/staff/d/${v.disclosureId}/transition" class="action">${csrfField(s.csrf)}
<input type="hidden" name="action" value="${a.action}"><input type="hidden" name="expectedVersion" value="${v.version}">
${needsComment ? html`<p><label for="${id}-c">退回意见（必填）</label><textarea id="${id}-c" name="comment" required></textarea></p>` : html`<p><label for="${id}-c">意见（可选）</label><textarea id="${id}-c" name="comment"></textarea></p>`}
${a.action === 'approve' ? html`<p><label for="${id}-d">批复日期</label><input type="date" id="${id}-d" name="approvalDate" required> <label for="${id}-n">批复文号</label><input type="text" id="${id}-n" name="documentNo"></p>` : ''}
${a.action === 'correct' ? html`<p><label for="${id}-n">更正说明（必填）</label><textarea id="${id}-n" name="correctionNote" required></textarea></p>` : ''}
<p><button type="submit"${needsComment ? raw(' class="danger"') : ''}>${a.label}</button></p></form>`;
}

function groupFindings(findings: readonly FindingView[]): { cause: string; items: FindingView[] }[] {
  const groups = new Map<string, FindingView[]>();
  for (const f of findings) {
    const cause = `${f.severity} · ${f.category} · ${f.ruleId} ${f.title}`;
    groups.set(cause, [...(groups.get(cause) ?? []), f]);
  }
  const rank = (c: string) => (c.startsWith('错误') ? 0 : c.startsWith('警告') ? 1 : 2);
  return [...groups].map(([cause, items]) => ({ cause, items })).sort((a, b) => rank(a.cause) - rank(b.cause));
}

export function reviewPage(s: StaffContext, v: ReviewView): string {
  const errors = v.findings.filter((f) => f.severity === '错误').length;
  const warnings = v.findings.filter((f) => f.severity === '警告');
  const body = html`<h1>${v.title}</h1>
<p class="lead">状态：${stateBadge(v.state)}${v.revisionNumber ? ` · 第 ${v.revisionNumber} 次修订` : ''}${v.clock?.dueOn ? ` · 公开期限 ${v.clock.dueOn}（${v.clock.label ?? ''}）` : ''}</p>
${v.error ? html`<div class="errors" role="alert"><p>${v.error}</p></div>` : ''}
${v.notice ? html`<div class="banner ok" role="status"><p>${v.notice}</p></div>` : ''}
<p><a class="button secondary" href="/staff/d/${v.disclosureId}/preview">预览公开效果</a>
${v.editable ? html` <a class="button secondary" href="/staff/d/${v.disclosureId}/reasons">填写说明中的原因</a> <a class="button secondary" href="/staff/upload">上传新的源数据</a>` : ''}</p>
<section aria-labelledby="acts"><h2 id="acts">办理</h2>
${v.actions.length ? v.actions.map((a) => actionForm(s, v, a)) : html`<p>当前状态下您没有可办理的事项。</p>`}
<form method="post" action="/staff/d/${v.disclosureId}/check" class="inline">${csrfField(s.csrf)}<button type="submit" class="secondary">重新审核</button></form>
${v.state === '已批复' || v.state === '已公开' ? html`<form method="post" action="/staff/d/${v.disclosureId}/secrecy" class="inline">${csrfField(s.csrf)}<button type="submit" class="secondary">${v.secrecyConfirmed ? '已确认保密审查（再次确认）' : '确认已完成保密审查'}</button></form>` : ''}
</section>
<section aria-labelledby="fnd"><h2 id="fnd">审核结果${v.checked ? `：错误 ${errors} 条，警告 ${warnings.length} 条` : '（尚未审核）'}</h2>
${groupFindings(v.findings).map(
  (g) =>
    html`<details${g.cause.startsWith('错误') ? raw(' open') : ''}><summary>${g.cause}（${g.items.length}）</summary><ul class="findings">${g.items.map(
      (f) => html`<li><span class="sev-${f.severity}">[${f.severity}]</span> ${f.message}
${f.cellHref ? html` <a href="${f.cellHref}">查看位置</a>` : ''}
${f.severity === '警告' ? (f.acknowledged ? html` <span class="badge st-published">已确认</span>` : html`<form method="post" action="/staff/d/${v.disclosureId}/ack" class="inline">${csrfField(s.csrf)}<input type="hidden" name="findingId" value="${f.id}"><label>确认理由<input type="text" name="reason" required></label><button type="submit" class="secondary">确认此警告</button></form>`) : ''}</li>`,
    )}</ul></details>`,
)}</section>
<section aria-labelledby="cmt"><h2 id="cmt">意见（${v.comments.filter((c) => !c.resolved).length} 条未解决）</h2>
<ul class="findings">${v.comments.map(
    (
      c,
    ) => html`<li><strong>${c.author}</strong> ${c.createdAt.slice(0, 16).replace('T', ' ')}${c.anchor.tableId ? ` · ${c.anchor.tableId}${c.anchor.rowKey ? ` / ${c.anchor.rowKey}` : ''}${c.anchor.columnKey ? ` / ${c.anchor.columnKey}` : ''}` : ''}${c.carriedOver ? '（上次修订的意见）' : ''}：${c.body}
${c.resolved ? html` <span class="badge st-published">已解决</span>` : html`<form method="post" action="/staff/d/${v.disclosureId}/comments/${c.id}/resolve" class="inline">${csrfField(s.csrf)}<button type="submit" class="secondary">标记已解决</button></form>`}</li>`,
  )}</ul>
<form method="post" action="/staff/d/${v.disclosureId}/comments">${csrfField(s.csrf)}
<div class="inline" style="display:flex;flex-wrap:wrap;gap:12px">
<label>表<select name="tableId"><option value="">（整个公开事项）</option>${v.tables.map((t) => html`<option value="${t.id}">${t.id} ${t.title}</option>`)}</select></label>
<label>行（编码或名称）<input type="text" name="rowKey"></label><label>列<input type="text" name="columnKey"></label></div>
<p><label for="comment-body">意见</label><textarea id="comment-body" name="body" required></textarea></p><p><button type="submit">发表意见</button></p></form></section>
<section aria-labelledby="dp"><h2 id="dp">与上一次修订的差异</h2>${v.diffPrevious ? diffTable(v.diffPrevious, '与上一次修订的差异') : html`<p>这是第一次修订。</p>`}</section>
<section aria-labelledby="dy"><h2 id="dy">与上年的差异</h2>${v.diffLastYear ? diffTable(v.diffLastYear, '与上年的差异') : html`<p>库中没有上年的数据。</p>`}</section>
<section aria-labelledby="ev"><h2 id="ev">办理记录</h2><ol>${v.events.map((e) => html`<li>${e.at.slice(0, 16).replace('T', ' ')} ${e.actor ?? '系统'}：${e.from} → ${e.to}${e.comment ? `（${e.comment}）` : ''}</li>`)}</ol></section>`;
  return staffPage(s, v.title, body, undefined, [{ label: v.title }]);
}

export function reasonsPage(
  s: StaffContext,
  disclosureId: number,
  title: string,
  version: number,
  slots: readonly ReasonSlot[],
  sections: readonly TextSection[],
  error?: string,
): string {
  const body = html`<h1>说明中的原因：${title}</h1>
<p>填写后，下方的说明文字会随输入更新（未启用脚本时，请点“预览”）。保存后生成新的修订。</p>
${error ? html`<div class="errors" role="alert"><p>${error}</p></div>` : ''}
<form method="post" action="/staff/d/${disclosureId}/reasons" data-live-reasons="/staff/d/${disclosureId}/reasons/preview">${csrfField(s.csrf)}
<input type="hidden" name="expectedVersion" value="${version}">
${slots.map(
  (
    r,
  ) => html`<p><label for="r-${r.slot}">${r.label}${r.missing ? html` <span class="badge st-error">必填，尚未填写</span>` : ''}</label>
<textarea id="r-${r.slot}" name="reason:${r.slot}" data-live>${r.value}</textarea></p>`,
)}
<p><button type="submit" name="intent" value="preview" class="secondary">预览</button> <button type="submit" name="intent" value="save">保存</button></p></form>
<section aria-labelledby="live-title"><h2 id="live-title">说明（生成稿）</h2><div class="live" id="live-text" aria-live="polite">${sections.map((sec) => html`<h3>${sec.number} ${sec.title}</h3>${sec.text}\n`)}</div></section>`;
  return staffPage(s, `说明中的原因：${title}`, body, undefined, [
    { label: title, href: `/staff/d/${disclosureId}` },
    { label: '说明中的原因' },
  ]);
}

export interface AdminView {
  readonly users: readonly {
    id: number;
    login: string;
    displayName: string;
    disabled: boolean;
    grants: readonly { role: string; orgId: string | null }[];
  }[];
  readonly roles: readonly { id: string; label: string }[];
  readonly deadlines: readonly { year: number; kind: string; stage: string; dueOn: string }[];
  readonly canDeadlines: boolean;
  readonly error?: string;
  readonly notice?: string;
}

export function adminPage(s: StaffContext, v: AdminView): string {
  const body = html`<h1>管理</h1>
${v.error ? html`<div class="errors" role="alert"><p>${v.error}</p></div>` : ''}
${v.notice ? html`<div class="banner ok" role="status"><p>${v.notice}</p></div>` : ''}
<section aria-labelledby="users"><h2 id="users">用户和角色</h2>
<div class="table-scroll" role="region" tabindex="0" aria-label="用户"><table class="simple"><thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">状态</th></tr></thead>
<tbody>${v.users.map((u) => html`<tr><th scope="row">${u.login}</th><td>${u.displayName}</td><td>${u.grants.map((g) => `${v.roles.find((r) => r.id === g.role)?.label ?? g.role}${g.orgId ? `（${g.orgId}）` : ''}`).join('；')}</td><td>${u.disabled ? '已停用' : '正常'}</td></tr>`)}</tbody></table></div>
<h3>新增用户</h3>
<form method="post" action="/staff/admin/users">${csrfField(s.csrf)}<div style="display:flex;flex-wrap:wrap;gap:12px">
<label>用户名<input type="text" name="login" required></label><label>姓名<input type="text" name="displayName" required></label>
<label>初始密码（至少 10 位）<input type="password" name="password" required autocomplete="new-password"></label>
<label>角色<select name="role">${v.roles.map((r) => html`<option value="${r.id}">${r.label}</option>`)}</select></label>
<label>单位/部门/地区编码<input type="text" name="orgCode"></label></div><p><button type="submit">新增</button></p></form></section>
${
  v.canDeadlines
    ? html`<section aria-labelledby="dl"><h2 id="dl">期限</h2>
<div class="table-scroll" role="region" tabindex="0" aria-label="期限"><table class="simple"><thead><tr><th scope="col">年度</th><th scope="col">类别</th><th scope="col">环节</th><th scope="col">期限</th></tr></thead>
<tbody>${v.deadlines.map((d) => html`<tr><th scope="row">${d.year}</th><td>${d.kind}</td><td>${d.stage}</td><td>${d.dueOn}</td></tr>`)}</tbody></table></div>
<form method="post" action="/staff/admin/deadlines">${csrfField(s.csrf)}<div style="display:flex;flex-wrap:wrap;gap:12px">
<label>年度<input type="text" name="year" inputmode="numeric" required></label><label>类别<select name="kind"><option>预算</option><option>决算</option></select></label>
<label>环节<select name="stage"><option value="submit">单位提交</option><option value="review">部门审核</option><option value="finance">财政审核</option></select></label>
<label>期限<input type="date" name="dueOn" required></label></div><p><button type="submit">设置期限</button></p></form></section>`
    : ''
}`;
  return staffPage(s, '管理', body, '/staff/admin');
}
