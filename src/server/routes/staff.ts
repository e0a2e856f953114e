/**
 * Staff API: uploads (workbook, JSON, ZIP of many), edits, checks, findings and their
 * acknowledgements, the 保密审查, workflow transitions, comments, queues and deadlines. Every
 * disclosure route is scoped (`resource: 'disclosure'`): outside the caller's scope it is 404.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorIdOf, departmentOf, rolesReaching } from '../../app/accounts.ts';
import { checkRevision } from '../../app/check.ts';
import { addComment, listComments, resolveComment } from '../../app/comments.ts';
import { generateRevision } from '../../app/generate.ts';
import { editSource, importSource, subjectOf } from '../../app/ingest.ts';
import { readSourceBytes } from '../../app/sources.ts';
import { acknowledgeWarning, confirmSecrecy, deadlineList, transition, workflowView } from '../../app/workflow.ts';
import { formatIssue } from '../../core/diagnostics.ts';
import type { Principal } from '../../core/workflow/principal.ts';
import { loadPermissions, loadWorkflow } from '../../io/workflow-files.ts';
import { defineRoute } from '../define.ts';
import { ProblemError, problems } from '../errors.ts';
import { expandZip, type GuardedFile, guardFile } from '../upload-guard.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const tags = ['工作台'];
  const wf = loadWorkflow();

  /** May this principal upload this document (its unit, or a unit of its department)? */
  async function mayUpload(p: Principal, data: Parameters<typeof subjectOf>[0]): Promise<boolean> {
    const perms = loadPermissions();
    const subject = subjectOf(data);
    const known = await ctx.store.repos.getOrganisation(subject.orgCode);
    const dept = known ? await departmentOf(ctx, subject.orgCode, data.year) : data.department.code;
    return p.grants.some((g) => {
      if (!perms.allows(g.role, 'source.upload')) return false;
      const scope = perms.scopeOf(g.role);
      if (scope === 'unit') return g.orgId === subject.orgCode;
      if (scope === 'department' || scope === 'assigned_departments')
        return g.orgId === dept || g.orgId === subject.orgCode;
      return false;
    });
  }

  async function importOne(p: Principal, f: GuardedFile) {
    if (f.kind !== 'xlsx' && f.kind !== 'json') {
      return {
        fileName: f.name,
        status: 'invalid',
        message: `${f.name}：源数据须为工作簿（.xlsx）或 JSON（识别为 ${f.kind}）`,
        issues: [],
      };
    }
    const read = await readSourceBytes(ctx, f.name, f.bytes);
    if (!read.data) {
      return {
        fileName: f.name,
        status: 'invalid',
        message: '源数据有错误，未导入',
        issues: read.issues,
        errors: read.issues.map(formatIssue),
      };
    }
    if (!(await mayUpload(p, read.data))) {
      const s = subjectOf(read.data);
      return {
        fileName: f.name,
        status: 'refused',
        code: 'out_of_scope',
        message: `${f.name}：无权为 ${s.orgCode} ${s.name} 上传数据`,
        issues: [],
      };
    }
    const s = subjectOf(read.data);
    const existing = await ctx.store.repos.findDisclosure(s.orgCode, read.data.year, read.data.kind);
    if (existing && !wf.states[existing.workflow_state]?.editable) {
      return {
        fileName: f.name,
        status: 'refused',
        code: 'not_editable',
        message: `${f.name}：${s.name} ${read.data.year} 年${read.data.kind}当前状态为“${existing.workflow_state}”，不能修改（退回后或公开后更正时才可上传）`,
        issues: [],
      };
    }
    const r = await importSource(ctx, { fileName: f.name, bytes: f.bytes, userId: actorIdOf(p) });
    return { ...r, errors: r.issues.map(formatIssue) };
  }

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/uploads',
    permission: 'source.upload',
    summary: '上传源数据：工作簿、JSON 或包含多个文件的 ZIP（multipart/form-data，字段名任意）',
    description:
      '类型由内容识别；ZIP 与 XLSX 均受条目数、解压大小和压缩比限制；原文件按 sha256 保存。逐个文件返回结果，错误注明文件、工作表、行、列。',
    tags,
    consumes: ['multipart/form-data'],
    handler: async (req) => {
      if (!req.isMultipart()) throw new ProblemError(415, 'not_multipart', '上传须使用 multipart/form-data。');
      const files: GuardedFile[] = [];
      for await (const part of req.files()) {
        const bytes = await part.toBuffer();
        const g = await guardFile(part.filename, bytes, app.uploadLimits);
        if (g.kind === 'zip') files.push(...(await expandZip(g, app.uploadLimits)));
        else files.push(g);
      }
      if (files.length === 0) throw problems.badRequest('no_file', '没有收到文件。');
      const results = [];
      for (const f of files) results.push(await importOne(req.principal, f));
      const ok = results.some((r) => r.status === 'created' || r.status === 'unchanged');
      if (!ok) {
        const first = results[0]!;
        throw new ProblemError(
          422,
          'import_failed',
          results.length === 1 ? (first.message ?? '导入失败') : '全部文件均未导入',
          {
            results,
          },
        );
      }
      return { results };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/disclosures',
    permission: 'draft.read',
    summary: '职责范围内的公开事项（审核队列），可按状态筛选',
    tags,
    query: z.object({ state: z.string().optional(), year: z.coerce.number().int().optional() }),
    handler: async (req) => {
      const all = await ctx.store.repos.listDisclosures(req.query.year ? { year: req.query.year } : {});
      const items = [];
      for (const d of all) {
        if (req.query.state && d.workflow_state !== req.query.state) continue;
        const roles = await rolesReaching(ctx, req.principal, d.org_code, d.year);
        if (roles.length === 0) continue;
        items.push({
          id: d.id,
          orgCode: d.org_code,
          year: d.year,
          kind: d.kind,
          state: d.workflow_state,
          version: d.version,
          consolidated: !!d.consolidated,
          currentRevisionId: d.current_revision_id,
          url: `/staff/d/${d.id}`,
        });
      }
      return { items };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/disclosures/:id',
    permission: 'draft.read',
    resource: 'disclosure',
    summary: '公开事项的流程状态、可办理的操作、门槛、公开时限、事件和修订',
    tags,
    params: IdParams,
    handler: async (req) => {
      const view = await workflowView(ctx, req.principal, req.params.id);
      const revisions = (await ctx.store.repos.listRevisions(req.params.id)).map((r) => ({
        id: r.id,
        number: r.number,
        origin: r.origin,
        fileName: r.file_name,
        createdAt: r.created_at,
      }));
      return { ...view, revisions, url: `/staff/d/${req.params.id}` };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/disclosures/:id/package',
    permission: 'draft.read',
    resource: 'disclosure',
    summary: '当前修订生成的公开包（预览，与公开后完全一致）',
    tags,
    params: IdParams,
    handler: async (req, reply) => {
      const d = (await ctx.store.repos.getDisclosure(req.params.id))!;
      if (d.current_revision_id === null) throw problems.notFound('尚未上传源数据。');
      const g = await generateRevision(ctx, d.current_revision_id);
      const stored = await ctx.store.repos.getPackage(g.packageSha);
      reply.header('cache-control', 'private, no-store').header('etag', `"${g.packageSha}"`);
      return reply.type('application/json; charset=utf-8').send(stored!.content);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/source',
    permission: 'source.edit',
    resource: 'disclosure',
    summary: '保存修改后的源数据（如说明中的增减原因），生成新修订；expectedVersion 不符即冲突',
    tags,
    params: IdParams,
    body: z.object({ expectedVersion: z.number().int().nonnegative(), source: z.record(z.string(), z.unknown()) }),
    handler: async (req) => {
      const d = (await ctx.store.repos.getDisclosure(req.params.id))!;
      if (!wf.states[d.workflow_state]?.editable) {
        throw problems.conflict('not_editable', `当前状态为“${d.workflow_state}”，不能修改源数据。`);
      }
      const r = await editSource(ctx, {
        disclosureId: d.id,
        expectedVersion: req.body.expectedVersion,
        source: req.body.source,
        userId: actorIdOf(req.principal),
      });
      return { ...r, errors: r.issues.map(formatIssue) };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/reasons',
    permission: 'source.edit',
    resource: 'disclosure',
    summary: '填写或修改说明中的原因（如收支增减原因），其余源数据不变，生成新修订',
    tags,
    params: IdParams,
    body: z.object({
      expectedVersion: z.number().int().nonnegative(),
      reasons: z.record(z.string().min(1).max(100), z.string().max(4000)),
    }),
    handler: async (req) => {
      const d = (await ctx.store.repos.getDisclosure(req.params.id))!;
      if (!wf.states[d.workflow_state]?.editable) {
        throw problems.conflict('not_editable', `当前状态为“${d.workflow_state}”，不能修改源数据。`);
      }
      if (d.current_revision_id === null) throw problems.unprocessable('no_revision', '尚未上传源数据。');
      const rev = await ctx.store.repos.mustGetRevision(d.current_revision_id);
      const source = JSON.parse(rev.source_json) as Record<string, unknown>;
      source.reasons = { ...((source.reasons as Record<string, string> | undefined) ?? {}), ...req.body.reasons };
      const r = await editSource(ctx, {
        disclosureId: d.id,
        expectedVersion: req.body.expectedVersion,
        source,
        userId: actorIdOf(req.principal),
      });
      return { ...r, errors: r.issues.map(formatIssue) };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/check',
    permission: 'check.run',
    resource: 'disclosure',
    summary: '对当前修订运行审核',
    tags,
    params: IdParams,
    handler: async (req) => {
      const d = (await ctx.store.repos.getDisclosure(req.params.id))!;
      if (d.current_revision_id === null) throw problems.unprocessable('no_revision', '尚未上传源数据，无法审核。');
      const r = await checkRevision(ctx, d.current_revision_id);
      return {
        checkRunId: r.checkRunId,
        revisionId: r.revisionId,
        packageSha: r.packageSha,
        rules: r.rules,
        counts: r.counts,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/disclosures/:id/findings',
    permission: 'draft.read',
    resource: 'disclosure',
    summary: '当前修订最近一次审核的结果',
    tags,
    params: IdParams,
    handler: async (req) => {
      const d = (await ctx.store.repos.getDisclosure(req.params.id))!;
      const run =
        d.current_revision_id === null ? undefined : await ctx.store.repos.latestCheckRun(d.current_revision_id);
      if (!run) return { checkRunId: null, items: [] };
      const items = (await ctx.store.repos.findingsOf(run.id)).map((f) => ({
        id: f.id,
        ruleId: f.rule_id,
        severity: f.severity,
        category: f.category,
        title: f.title,
        message: f.message,
        tableId: f.table_id,
        rowKey: f.row_key,
        columnKey: f.column_key,
      }));
      return { checkRunId: run.id, items };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/acknowledgements',
    permission: 'workflow.transition',
    resource: 'disclosure',
    summary: '对一条“警告”说明理由（提交前每条警告都须说明）',
    tags,
    params: IdParams,
    body: z.object({ findingId: z.number().int().positive(), reason: z.string().min(1).max(2000) }),
    handler: async (req) => acknowledgeWarning(ctx, req.principal, { disclosureId: req.params.id, ...req.body }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/secrecy-review',
    permission: 'secrecy.confirm',
    resource: 'disclosure',
    summary: '部门确认当前修订已通过保密审查（公开前必需）',
    tags,
    params: IdParams,
    body: z.object({ note: z.string().max(2000).optional() }),
    handler: async (req) =>
      confirmSecrecy(ctx, req.principal, { disclosureId: req.params.id, note: req.body.note ?? null }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/transitions',
    permission: 'workflow.transition',
    resource: 'disclosure',
    summary: `办理流程：${Object.entries(wf.transitions)
      .map(([k, t]) => `${k}（${t.label}）`)
      .join('、')}`,
    tags,
    params: IdParams,
    body: z.object({
      action: z.enum(Object.keys(wf.transitions) as [string, ...string[]]),
      expectedVersion: z.number().int().nonnegative().optional(),
      comment: z.string().max(4000).optional(),
      correctionNote: z.string().max(4000).optional(),
      approvalDate: z.string().max(10).optional().describe('批复日期 YYYY-MM-DD（批复时必填）'),
      documentNo: z.string().max(100).optional().describe('批复文号'),
    }),
    handler: async (req) => transition(ctx, req.principal, { disclosureId: req.params.id, ...req.body }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/disclosures/:id/comments',
    permission: 'draft.read',
    resource: 'disclosure',
    summary: '审核意见（含从之前修订带过来的未解决意见）',
    tags,
    params: IdParams,
    handler: async (req) => ({ items: await listComments(ctx, req.principal, req.params.id) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/disclosures/:id/comments',
    permission: 'comment.write',
    resource: 'disclosure',
    summary: '对表、行、单元格或审核结果发表意见',
    tags,
    params: IdParams,
    body: z.object({
      body: z.string().min(1).max(4000),
      tableId: z.string().max(64).optional(),
      rowKey: z.string().max(200).optional(),
      columnKey: z.string().max(200).optional(),
      findingId: z.number().int().positive().optional(),
    }),
    handler: async (req, reply) => {
      const c = await addComment(ctx, req.principal, { disclosureId: req.params.id, ...req.body });
      return reply.code(201).send(c);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/staff/comments/:id/resolve',
    permission: 'comment.write',
    resource: 'comment',
    summary: '把意见标记为已解决',
    tags,
    params: IdParams,
    handler: async (req) => resolveComment(ctx, req.principal, req.params.id),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/revisions/:id/original',
    permission: 'draft.read',
    resource: 'revision',
    summary: '下载修订的原始上传文件（按 sha256 保存）',
    tags,
    params: IdParams,
    handler: async (req, reply) => {
      const r = (await ctx.store.repos.getRevision(req.params.id))!;
      const blob = r.blob_sha ? await ctx.store.repos.getBlob(r.blob_sha) : undefined;
      if (!blob) throw problems.notFound('该修订不是由文件导入的。');
      const ascii = (r.file_name ?? 'source').replace(/[^\w.-]/g, '_');
      reply.header(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(r.file_name ?? 'source')}`,
      );
      return reply.type('application/octet-stream').send(blob.content);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/staff/deadlines',
    permission: 'deadline.read',
    summary: '已批复未公开、临近或超过 20 日公开期限的事项',
    tags,
    handler: async (req) => ({ items: await deadlineList(ctx, req.principal) }),
  });
}
