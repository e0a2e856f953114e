/**
 * The page shell shared by every portal and workspace page: skip link, header with navigation,
 * breadcrumbs, main, footer. Pages work without JavaScript; the client script (if built) is
 * added with `defer` and only enhances.
 */
import { html, type Raw } from './html.ts';
import { SITE_CSS_PATH } from './styles.ts';

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

export interface StaffUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export interface PageOptions {
  readonly title: string;
  readonly body: Raw;
  /** which navigation: the public portal or the staff workspace */
  readonly area?: 'public' | 'staff';
  readonly current?: string;
  readonly crumbs?: readonly Crumb[];
  readonly user?: StaffUser;
  /** CSRF token for the logout form (staff pages) */
  readonly csrf?: string;
  /** URL of the client script (absent: none built, the page still works) */
  readonly script?: string;
  readonly description?: string;
}

const PUBLIC_NAV: readonly [string, string][] = [
  ['/', '首页'],
  ['/departments', '部门目录'],
  ['/compare', '对比'],
  ['/search', '搜索'],
  ['/inspection', '公开检查'],
  ['/verify', '核对文件'],
];

const STAFF_NAV: readonly [string, string][] = [
  ['/staff', '工作台'],
  ['/staff/upload', '上传'],
  ['/staff/queue', '审核队列'],
  ['/staff/admin', '管理'],
];

export function page(opts: PageOptions): string {
  const nav = opts.area === 'staff' ? STAFF_NAV : PUBLIC_NAV;
  const crumbs = opts.crumbs?.length
    ? html`<nav class="crumbs" aria-label="当前位置"><ol>${opts.crumbs.map((c, i) =>
        c.href && i < (opts.crumbs?.length ?? 0) - 1
          ? html`<li><a href="${c.href}">${c.label}</a></li>`
          : html`<li aria-current="page">${c.label}</li>`,
      )}</ol></nav>`
    : '';
  const account =
    opts.area === 'staff'
      ? opts.user
        ? html`<form method="post" action="/staff/logout" class="logout"><span>${opts.user.name}</span>
<input type="hidden" name="_csrf" value="${opts.csrf ?? ''}"><button type="submit" class="secondary">退出</button></form>`
        : html`<a href="/staff/login">登录</a>`
      : html`<a href="/staff">工作人员入口</a>`;
  const doc = html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} - 明账 预决算公开</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
<link rel="stylesheet" href="${SITE_CSS_PATH}">
${opts.script ? html`<script type="module" src="${opts.script}"></script>` : ''}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header"><div class="bar">
<a class="brand" href="${opts.area === 'staff' ? '/staff' : '/'}">明账 · ${opts.area === 'staff' ? '预决算工作台' : '预决算公开'}</a>
<nav class="site-nav" aria-label="${opts.area === 'staff' ? '工作台导航' : '主导航'}"><ul>${nav.map(
    ([path, label]) =>
      html`<li><a href="${path}"${opts.current === path ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>
${account}
</div></header>
<main id="main" tabindex="-1">
${crumbs}
${opts.body}
</main>
<footer class="site-footer"><div class="bar">明账 Mingzhang · 数据以已公开版本为准；金额单位除注明外为万元。
<a href="/api/docs">开放接口</a></div></footer>
</body>
</html>
`;
  return doc.value;
}
