/**
 * Staff workspace routes. Each declares its permission; pages about one unpublished disclosure
 * declare `resource: 'disclosure'` so the server answers 404 outside the caller's scope. Forms
 * post back and redirect (post/redirect/get); errors from the use cases are shown on the page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createUser, listUsers, login, logout, reachesOrg, SESSION_HOURS } from '../app/accounts.ts';
import { checkRevision } from '../app/check.ts';
import { addComment, listComments, resolveComment } from '../app/comments.ts';
import { generateRevision } from '../app/generate.ts';
import { importSource, subjectOf } from '../app/ingest.ts';
import { readSourceBytes } from '../app/sources.ts';
import { UseCaseError } from '../app/use-case-error.ts';
import { acknowledgeWarning, confirmSecrecy, findingKey, transition, workflowView } from '../app/workflow.ts';
import {
  annotateWorkbook,
  lastYearPackage,
  listDeadlines,
  packageDiff,
  previewReasons,
  previousRevisionPackage,
  reasonSlots,
  saveReasons,
  setDeadline,
  workItems,
} from '../app/workspace.ts';
import type { RoleId } from '../core/workflow/permissions.ts';
import { rolesOf } from '../core/workflow/principal.ts';
import { narrativeParagraphs, sectionAnchor } from '../renderers/html.ts';
import { SESSION_COOKIE, setSessionCookie } from '../server/auth.ts';
import { expandZip, guardFile } from '../server/upload-guard.ts';
import { type DisclosureView, disclosurePage, tablePage } from './disclosure-page.ts';
import { html } from './html.ts';
import {
  adminPage,
  dashboardPage,
  type FindingView,
  loginPage,
  queuePage,
  reasonsPage,
  reviewPage,
  type StaffContext,
  type UploadResultView,
  uploadPage,
} from './staff-pages.ts';

const HTML = 'text/html; charset=utf-8';

function message(e: unknown): string {
  if (e instanceof UseCaseError) {
    const failures = (e.extra.failures as { message?: string }[] | undefined)?.map((f) => f.message).filter(Boolean);
    return failures?.length ? `${e.message}：${failures.join('；')}` : e.message;
  }
  if (e && typeof e === 'object' && 'detail' in e && typeof (e as { detail: unknown }).detail === 'string')
    return (e as { detail: string }).detail;
  return e instanceof Error ? e.message : String(e);
}

export function staffRoutes(app: FastifyInstance, opts: { script: () => string | undefined }): void {
  const ctx = app.ctx;
  const staff = (req: FastifyRequest): StaffContext => {
    const roles = rolesOf(req.principal).map((r: RoleId) => app.permissions.roleLabel(r));
    const script = opts.script();
    return { user: { name: req.principal.displayName, roles }, csrf: req.csrfToken(), ...(script ? { script } : {}) };
  };
  const idOf = (req: FastifyRequest) => Number((req.params as { id: string }).id);
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, string | string[] | undefined>;
  const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
  const back = (reply: FastifyReply, id: number, q: { error?: string; notice?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString();
    return reply.redirect(`/staff/d/${id}${params ? `?${params}` : ''}`, 303);
  };
  app.get('/staff/login', { config: { permission: 'session.login', api: false } }, async (req, reply) => {
    if (req.principal.kind === 'user') return reply.redirect('/staff', 303);
    return reply.type(HTML).send(loginPage(req.csrfToken()));
  });

  app.post('/staff/login', { config: { permission: 'session.login', api: false } }, async (req, reply) => {
    const b = body(req);
    try {
      const r = await login(ctx, { login: str(b.login), password: str(b.password), ip: req.ip });
      setSessionCookie(req, reply, r.sessionToken, SESSION_HOURS * 3600);
      const next = str((req.query as Record<string, string>).next);
      return reply.redirect(next.startsWith('/staff') ? next : '/staff', 303);
    } catch (e) {
      const status =
        e instanceof UseCaseError && e.kind === 'rate_limited'
          ? 429
          : e instanceof UseCaseError && e.kind === 'locked'
            ? 423
            : 401;
      return reply
        .code(status)
        .type(HTML)
        .send(loginPage(req.csrfToken(), message(e), str(b.login)));
    }
  });

  app.post('/staff/logout', { config: { permission: 'session.self', api: false } }, async (req, reply) => {
    if (req.sessionId) await logout(ctx, req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/staff/login', 303);
  });

  app.get('/staff', { config: { permission: 'draft.read', api: false } }, async (req, reply) => {
    return reply.type(HTML).send(dashboardPage(staff(req), await workItems(ctx, req.principal)));
  });

  app.get('/staff/queue', { config: { permission: 'draft.read', api: false } }, async (req, reply) => {
    const items = (await workItems(ctx, req.principal)).map((i) => ({
      ...i,
      clock: i.clock ? { ...i.clock, label: i.clock.status } : null,
    }));
    return reply.type(HTML).send(queuePage(staff(req), items));
  });

  app.get('/staff/upload', { config: { permission: 'source.upload', api: false } }, async (req, reply) =>
    reply.type(HTML).send(uploadPage(staff(req))),
  );

  app.post('/staff/upload', { config: { permission: 'source.upload', api: false } }, async (req, reply) => {
    const results: UploadResultView[] = [];
    try {
      const part = await req.file();
      if (!part)
        return reply
          .code(400)
          .type(HTML)
          .send(uploadPage(staff(req), [], '请选择要上传的文件'));
      const guarded = await guardFile(part.filename, await part.toBuffer(), app.uploadLimits);
      const files = guarded.kind === 'zip' ? await expandZip(guarded, app.uploadLimits) : [guarded];
      for (const f of files) {
        if (f.kind !== 'xlsx' && f.kind !== 'json') {
          results.push({
            fileName: f.name,
            status: 'invalid',
            message: '只能上传源数据工作簿（.xlsx）或 JSON',
            issues: [],
          });
          continue;
        }
        // the file must speak for an organisation inside the uploader's scope
        const read = await readSourceBytes(ctx, f.name, f.bytes);
        if (read.data && !(await reachesOrg(ctx, req.principal, subjectOf(read.data).orgCode, read.data.year))) {
          results.push({
            fileName: f.name,
            status: 'failed',
            message: `${subjectOf(read.data).name}不在您的职责范围内，未导入`,
            issues: [],
          });
          continue;
        }
        const userId = req.principal.kind === 'user' ? req.principal.id : null;
        const r = await importSource(ctx, { fileName: f.name, bytes: f.bytes, userId });
        if (r.revisionId !== undefined) await checkRevision(ctx, r.revisionId);
        const located = r.issues.filter((i) => i.location?.sheet && i.location.row);
        const annotated =
          f.kind === 'xlsx' && located.length
            ? `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${(await annotateWorkbook(f.bytes, r.issues)).toString('base64')}`
            : undefined;
        results.push({
          fileName: f.name,
          status: r.status,
          ...(r.message ? { message: r.message } : {}),
          issues: r.issues,
          ...(r.disclosureId !== undefined ? { disclosureId: r.disclosureId } : {}),
          ...(annotated ? { annotatedHref: annotated } : {}),
        });
      }
    } catch (e) {
      return reply
        .code(422)
        .type(HTML)
        .send(uploadPage(staff(req), results, message(e)));
    }
    const invalid = results.some((r) => r.status === 'invalid' || r.status === 'failed');
    return reply
      .code(invalid ? 422 : 200)
      .type(HTML)
      .send(uploadPage(staff(req), results));
  });

  const D = (permission: string) => ({ config: { permission, resource: 'disclosure' as const, api: false } });

  app.get('/staff/d/:id', D('draft.read'), async (req, reply) => {
    const id = idOf(req);
    const q = req.query as Record<string, string>;
    const wf = await workflowView(ctx, req.principal, id);
    const d = await ctx.store.repos.mustGetDisclosure(id);
    const rev = d.current_revision_id ? await ctx.store.repos.mustGetRevision(d.current_revision_id) : undefined;
    const gen = rev ? await generateRevision(ctx, rev.id) : undefined;
    const run = rev ? await ctx.store.repos.latestCheckRun(rev.id) : undefined;
    const current = run && gen && run.package_sha === gen.packageSha;
    const acks = new Set(
      (
        await ctx.store.db
          .withTables<import('../app/server-tables.ts').ServerTables>()
          .selectFrom('warning_acks')
          .select('finding_key')
          .where('disclosure_id', '=', id)
          .execute()
      ).map((a) => a.finding_key),
    );
    const findings: FindingView[] =
      run && current
        ? (await ctx.store.repos.findingsOf(run.id)).map((f) => ({
            id: f.id,
            ruleId: f.rule_id,
            severity: f.severity,
            category: f.category,
            title: f.title,
            message: f.message,
            tableId: f.table_id,
            rowKey: f.row_key,
            columnKey: f.column_key,
            acknowledged: acks.has(findingKey(f)),
            ...(locate(id, gen?.pkg, f) ? { cellHref: locate(id, gen?.pkg, f) } : {}),
          }))
        : [];
    const prev = await previousRevisionPackage(ctx, id);
    const lastYear = await lastYearPackage(ctx, id);
    const org = await ctx.store.repos.organisationYear(d.org_code, d.year);
    const secrecy = await ctx.store.db
      .withTables<import('../app/server-tables.ts').ServerTables>()
      .selectFrom('secrecy_reviews')
      .select('revision_id')
      .where('disclosure_id', '=', id)
      .execute();
    return reply.type(HTML).send(
      reviewPage(staff(req), {
        disclosureId: id,
        title: `${org?.name ?? d.org_code} ${d.year}年${d.kind}`,
        state: wf.state,
        version: wf.version,
        editable: wf.editable,
        ...(rev ? { revisionNumber: rev.number } : {}),
        actions: wf.actions,
        clock: wf.clock,
        events: wf.events,
        findings,
        checked: !!current,
        comments: await listComments(ctx, req.principal, id),
        tables: gen?.pkg.tables.map((t) => ({ id: t.id, title: t.title })) ?? [],
        ...(prev && gen ? { diffPrevious: packageDiff(prev, gen.pkg) } : {}),
        ...(lastYear && gen ? { diffLastYear: packageDiff(lastYear, gen.pkg) } : {}),
        secrecyConfirmed: secrecy.some((s) => s.revision_id === d.current_revision_id),
        ...(q.error ? { error: q.error } : {}),
        ...(q.notice ? { notice: q.notice } : {}),
      }),
    );
  });

  app.get('/staff/d/:id/preview', D('draft.read'), async (req, reply) => {
    const id = idOf(req);
    const d = await ctx.store.repos.mustGetDisclosure(id);
    if (!d.current_revision_id) return back(reply, id, { error: '尚未上传源数据' });
    const gen = await generateRevision(ctx, d.current_revision_id);
    const org = await ctx.store.repos.organisationYear(d.org_code, d.year);
    const view: DisclosureView = {
      pkg: gen.pkg,
      base: `/staff/d/${id}/preview`,
      latest: `/staff/d/${id}`,
      version: { version: 0, publishedAt: ctx.clock().toISOString() },
      versions: [{ version: 0, publishedAt: ctx.clock().toISOString() }],
      versionHref: () => `/staff/d/${id}/preview`,
      downloads: [],
      orgName: org?.name ?? d.org_code,
    };
    const page = disclosurePage(view)
      .replace('<h1>', '<p class="banner warn" role="note">预览：这是当前修订生成的公开稿，尚未公开。</p><h1>')
      .replace(/第 0 版，[^<]*公开/, '预览稿');
    return reply.type(HTML).send(page);
  });

  app.get('/staff/d/:id/preview/t/:table', D('draft.read'), async (req, reply) => {
    const id = idOf(req);
    const d = await ctx.store.repos.mustGetDisclosure(id);
    if (!d.current_revision_id) return back(reply, id, { error: '尚未上传源数据' });
    const gen = await generateRevision(ctx, d.current_revision_id);
    const table = gen.pkg.tables.find((t) => t.id === (req.params as { table: string }).table);
    if (!table) return back(reply, id, { error: '没有这张表' });
    const org = await ctx.store.repos.organisationYear(d.org_code, d.year);
    const now = ctx.clock().toISOString();
    const view: DisclosureView = {
      pkg: gen.pkg,
      base: `/staff/d/${id}/preview`,
      latest: `/staff/d/${id}`,
      version: { version: 0, publishedAt: now },
      versions: [{ version: 0, publishedAt: now }],
      versionHref: () => `/staff/d/${id}/preview`,
      downloads: [],
      orgName: org?.name ?? d.org_code,
    };
    const page = tablePage(view, table, { cellLinks: false })
      .replace('<h1>', '<p class="banner warn" role="note">预览：当前修订生成的公开稿，尚未公开。</p><h1>')
      .replace(/ · 第 0 版/, ' · 预览稿');
    return reply.type(HTML).send(page);
  });

  app.post('/staff/d/:id/check', D('check.run'), async (req, reply) => {
    const id = idOf(req);
    const d = await ctx.store.repos.mustGetDisclosure(id);
    if (!d.current_revision_id) return back(reply, id, { error: '尚未上传源数据' });
    const r = await checkRevision(ctx, d.current_revision_id);
    return back(reply, id, { notice: `已审核：错误 ${r.counts.错误 ?? 0} 条，警告 ${r.counts.警告 ?? 0} 条` });
  });

  app.post('/staff/d/:id/transition', D('workflow.transition'), async (req, reply) => {
    const id = idOf(req);
    const b = body(req);
    try {
      const r = await transition(ctx, req.principal, {
        disclosureId: id,
        action: str(b.action),
        ...(b.expectedVersion ? { expectedVersion: Number(str(b.expectedVersion)) } : {}),
        comment: str(b.comment) || null,
        correctionNote: str(b.correctionNote) || null,
        approvalDate: str(b.approvalDate) || null,
        documentNo: str(b.documentNo) || null,
      });
      return back(reply, id, {
        notice: `已办理：${r.from} → ${r.to}${r.published ? `，已公开第 ${r.published.versionNo} 版` : ''}`,
      });
    } catch (e) {
      return back(reply, id, { error: message(e) });
    }
  });

  app.post('/staff/d/:id/ack', D('workflow.transition'), async (req, reply) => {
    const id = idOf(req);
    const b = body(req);
    try {
      await acknowledgeWarning(ctx, req.principal, {
        disclosureId: id,
        findingId: Number(str(b.findingId)),
        reason: str(b.reason),
      });
      return back(reply, id, { notice: '已确认该警告' });
    } catch (e) {
      return back(reply, id, { error: message(e) });
    }
  });

  app.post('/staff/d/:id/secrecy', D('workflow.transition'), async (req, reply) => {
    const id = idOf(req);
    try {
      await confirmSecrecy(ctx, req.principal, { disclosureId: id });
      return back(reply, id, { notice: '已确认保密审查' });
    } catch (e) {
      return back(reply, id, { error: message(e) });
    }
  });

  app.post('/staff/d/:id/comments', D('comment.write'), async (req, reply) => {
    const id = idOf(req);
    const b = body(req);
    try {
      await addComment(ctx, req.principal, {
        disclosureId: id,
        body: str(b.body),
        tableId: str(b.tableId) || null,
        rowKey: str(b.rowKey) || null,
        columnKey: str(b.columnKey) || null,
      });
      return back(reply, id, { notice: '意见已发表' });
    } catch (e) {
      return back(reply, id, { error: message(e) });
    }
  });

  app.post('/staff/d/:id/comments/:comment/resolve', D('comment.write'), async (req, reply) => {
    const id = idOf(req);
    try {
      await resolveComment(ctx, req.principal, Number((req.params as { comment: string }).comment));
      return back(reply, id, { notice: '意见已标记为已解决' });
    } catch (e) {
      return back(reply, id, { error: message(e) });
    }
  });

  const titleOf = async (id: number) => {
    const d = await ctx.store.repos.mustGetDisclosure(id);
    const org = await ctx.store.repos.organisationYear(d.org_code, d.year);
    return `${org?.name ?? d.org_code} ${d.year}年${d.kind}`;
  };
  const reasonsOf = (b: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(b)
        .filter(([k]) => k.startsWith('reason:'))
        .map(([k, v]) => [k.slice(7), str(v)]),
    );

  app.get('/staff/d/:id/reasons', D('source.edit'), async (req, reply) => {
    const id = idOf(req);
    const { slots, version } = await reasonSlots(ctx, id);
    const preview = await previewReasons(ctx, id, {});
    return reply.type(HTML).send(reasonsPage(staff(req), id, await titleOf(id), version, slots, preview.sections));
  });

  app.post('/staff/d/:id/reasons', D('source.edit'), async (req, reply) => {
    const id = idOf(req);
    const b = body(req);
    const reasons = reasonsOf(b);
    const { slots } = await reasonSlots(ctx, id);
    const filled = slots.map((s) => ({ ...s, value: reasons[s.slot] ?? s.value }));
    if (str(b.intent) !== 'save') {
      const preview = await previewReasons(ctx, id, reasons);
      const missing = new Set(preview.missing.map((m) => m.slot));
      return reply.type(HTML).send(
        reasonsPage(
          staff(req),
          id,
          await titleOf(id),
          Number(str(b.expectedVersion)),
          filled.map((s) => ({ ...s, missing: missing.has(s.slot) })),
          preview.sections,
        ),
      );
    }
    try {
      const userId = req.principal.kind === 'user' ? req.principal.id : null;
      const r = await saveReasons(ctx, {
        disclosureId: id,
        expectedVersion: Number(str(b.expectedVersion)),
        reasons,
        userId,
      });
      await checkRevision(ctx, r.revisionId);
      return back(reply, id, { notice: `说明已保存为第 ${r.number} 次修订并已重新审核` });
    } catch (e) {
      const preview = await previewReasons(ctx, id, reasons);
      return reply
        .code(409)
        .type(HTML)
        .send(
          reasonsPage(
            staff(req),
            id,
            await titleOf(id),
            Number(str(b.expectedVersion)),
            filled,
            preview.sections,
            message(e),
          ),
        );
    }
  });

  // live text for the reasons form (the client script posts here with the x-csrf-token header)
  app.post('/staff/d/:id/reasons/preview', D('source.edit'), async (req, reply) => {
    const preview = await previewReasons(ctx, idOf(req), reasonsOf(body(req)));
    return reply
      .type(HTML)
      .send(html`${preview.sections.map((sec) => html`<h3>${sec.number} ${sec.title}</h3>${sec.text}\n`)}`.value);
  });

  const adminView = async (req: FastifyRequest, q: { error?: string; notice?: string } = {}) =>
    adminPage(staff(req), {
      users: await listUsers(ctx),
      roles: app.permissions.roleIds
        .filter((r) => app.permissions.file.roles[r]?.account)
        .map((r) => ({ id: r, label: app.permissions.roleLabel(r) })),
      deadlines: await listDeadlines(ctx),
      canDeadlines: rolesOf(req.principal).some((r) => app.permissions.allows(r, 'admin.deadlines')),
      ...q,
    });

  app.get('/staff/admin', { config: { permission: 'admin.users', api: false } }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    return reply
      .type(HTML)
      .send(
        await adminView(req, { ...(q.error ? { error: q.error } : {}), ...(q.notice ? { notice: q.notice } : {}) }),
      );
  });

  const adminBack = (reply: FastifyReply, q: { error?: string; notice?: string }) =>
    reply.redirect(
      `/staff/admin?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][])}`,
      303,
    );

  app.post('/staff/admin/users', { config: { permission: 'admin.users', api: false } }, async (req, reply) => {
    const b = body(req);
    try {
      const role = str(b.role) as RoleId;
      const org = str(b.orgCode) || null;
      await createUser(
        ctx,
        {
          login: str(b.login),
          displayName: str(b.displayName),
          password: str(b.password),
          grants: [role === 'finance_admin' ? { role, regionCode: org } : { role, orgCode: org }],
        },
        req.principal.kind === 'user' ? req.principal.id : null,
      );
      return adminBack(reply, { notice: `已新增用户 ${str(b.login)}` });
    } catch (e) {
      return adminBack(reply, { error: message(e) });
    }
  });

  app.post('/staff/admin/deadlines', { config: { permission: 'admin.deadlines', api: false } }, async (req, reply) => {
    const b = body(req);
    try {
      await setDeadline(ctx, req.principal, {
        year: Number(str(b.year)),
        kind: str(b.kind),
        stage: str(b.stage),
        dueOn: str(b.dueOn),
      });
      return adminBack(reply, { notice: '期限已设置' });
    } catch (e) {
      return adminBack(reply, { error: message(e) });
    }
  });
}

/** Where a finding points in the preview: its cell (row, table) or its 说明 sentence. */
function locate(
  id: number,
  pkg: import('../core/package/model.ts').DisclosurePackage | undefined,
  f: { table_id: string | null; row_key: string | null; column_key: string | null; detail_json: string },
): string | undefined {
  if (f.table_id) return findingHref(id, pkg, f.table_id, f.row_key, f.column_key);
  let loc: { section?: string; sentence?: string } = {};
  try {
    loc = (JSON.parse(f.detail_json) as { location?: typeof loc }).location ?? {};
  } catch {
    return undefined;
  }
  if (!pkg?.sections || (!loc.section && !loc.sentence)) return undefined;
  for (const s of pkg.sections) {
    const paragraphs = narrativeParagraphs(s.text);
    const i = loc.sentence ? paragraphs.findIndex((p) => p.includes(loc.sentence as string)) : -1;
    if (i >= 0) return `/staff/d/${id}/preview#s-${sectionAnchor(s.number)}-${i}`;
  }
  return undefined;
}

/** Where a finding points: its cell (or row, or table) on the preview's table page. */
function findingHref(
  id: number,
  pkg: import('../core/package/model.ts').DisclosurePackage | undefined,
  tableId: string,
  rowKey: string | null,
  columnKey: string | null,
): string {
  const base = `/staff/d/${id}/preview/t/${encodeURIComponent(tableId)}`;
  const t = pkg?.tables.find((x) => x.id === tableId);
  if (!t || !rowKey) return base;
  const r = t.rows.findIndex((row) => row.key === rowKey || row.texts.some((x) => x.trim() === rowKey));
  if (r < 0) return base;
  const c = columnKey ? t.columns.findIndex((col) => col.path.join('/') === columnKey) : -1;
  return `${base}#c${r}-${c >= 0 ? c : t.columns.findIndex((col) => col.role === 'amount')}`;
}
