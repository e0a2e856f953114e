/**
 * Reviewers' comments on a table, a row, a cell or a finding. A comment belongs to the disclosure
 * and records the revision it was made on; it carries over to later revisions until someone
 * resolves it explicitly.
 */
import type { Principal } from '../core/workflow/principal.ts';
import { actorIdOf } from './accounts.ts';
import type { AppContext } from './context.ts';
import { generateRevision } from './generate.ts';
import { UseCaseError } from './use-case-error.ts';
import { rolesOver } from './workflow.ts';

export interface CommentAnchor {
  tableId?: string | null;
  rowKey?: string | null;
  columnKey?: string | null;
  findingId?: number | null;
}

export interface CommentView {
  id: number;
  disclosureId: number;
  revisionId: number | null;
  /** made on an earlier revision and carried over */
  carriedOver: boolean;
  anchor: {
    kind: 'disclosure' | 'table' | 'row' | 'cell' | 'finding';
    tableId: string | null;
    rowKey: string | null;
    columnKey: string | null;
    findingId: number | null;
  };
  author: string;
  body: string;
  createdAt: string;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

const kindOf = (a: CommentAnchor): CommentView['anchor']['kind'] =>
  a.findingId
    ? 'finding'
    : a.tableId && a.rowKey && a.columnKey
      ? 'cell'
      : a.tableId && a.rowKey
        ? 'row'
        : a.tableId
          ? 'table'
          : 'disclosure';

export async function addComment(
  ctx: AppContext,
  actor: Principal,
  input: { disclosureId: number; body: string } & CommentAnchor,
): Promise<CommentView> {
  const d = await ctx.store.repos.getDisclosure(input.disclosureId);
  if (!d) throw new UseCaseError('not_found', 'not_found', '请求的资源不存在。');
  await rolesOver(ctx, actor, d);
  const authorId = actorIdOf(actor);
  if (authorId === null) throw new UseCaseError('forbidden', 'forbidden', '意见须由登录的工作人员发表');
  const body = input.body.trim();
  if (!body) throw new UseCaseError('invalid', 'empty_comment', '意见内容不能为空');
  if (body.length > 4000) throw new UseCaseError('invalid', 'comment_too_long', '意见不能超过 4000 字');
  if ((input.rowKey || input.columnKey) && !input.tableId) {
    throw new UseCaseError('invalid', 'bad_anchor', '对行或单元格的意见须指明表（tableId）');
  }
  if (input.columnKey && !input.rowKey)
    throw new UseCaseError('invalid', 'bad_anchor', '对单元格的意见须指明行（rowKey）');
  if (input.tableId) {
    if (d.current_revision_id === null)
      throw new UseCaseError('invalid', 'no_revision', '尚未上传源数据，无法对表发表意见');
    const { pkg } = await generateRevision(ctx, d.current_revision_id);
    const table = pkg.tables.find((t) => t.id === input.tableId);
    if (!table) throw new UseCaseError('invalid', 'bad_anchor', `没有编号为 ${input.tableId} 的表`);
    if (
      input.rowKey &&
      !table.cells.some((c) => c.row === input.rowKey && (!input.columnKey || c.column === input.columnKey))
    ) {
      throw new UseCaseError(
        'invalid',
        'bad_anchor',
        input.columnKey
          ? `表 ${input.tableId} 没有行“${input.rowKey}”、列“${input.columnKey}”的单元格`
          : `表 ${input.tableId} 没有行“${input.rowKey}”`,
      );
    }
  }
  if (input.findingId) {
    const f = await ctx.store.db
      .selectFrom('findings')
      .innerJoin('check_runs', 'check_runs.id', 'findings.check_run_id')
      .innerJoin('source_revisions', 'source_revisions.id', 'check_runs.revision_id')
      .select('findings.id')
      .where('findings.id', '=', input.findingId)
      .where('source_revisions.disclosure_id', '=', d.id)
      .executeTakeFirst();
    if (!f) throw new UseCaseError('invalid', 'bad_anchor', '该公开事项没有这条审核结果');
  }
  const at = ctx.clock().toISOString();
  const row = await ctx.store.transaction(async (repos) => {
    const c = await repos.addComment({
      disclosure_id: d.id,
      revision_id: d.current_revision_id,
      table_id: input.tableId ?? null,
      row_key: input.rowKey ?? null,
      column_key: input.columnKey ?? null,
      finding_id: input.findingId ?? null,
      author_id: authorId,
      body,
      created_at: at,
      resolved_at: null,
      resolved_by: null,
    });
    await repos.audit({
      at,
      actorId: authorId,
      action: 'comment.add',
      subjectType: 'comment',
      subjectId: c.id,
      detail: { disclosureId: d.id },
    });
    return c;
  });
  return (await listComments(ctx, actor, d.id)).find((c) => c.id === row.id)!;
}

export async function listComments(ctx: AppContext, actor: Principal, disclosureId: number): Promise<CommentView[]> {
  const d = await ctx.store.repos.getDisclosure(disclosureId);
  if (!d) throw new UseCaseError('not_found', 'not_found', '请求的资源不存在。');
  await rolesOver(ctx, actor, d);
  const rows = await ctx.store.repos.commentsOf(d.id);
  const names = new Map(
    (await ctx.store.db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [
      u.id,
      u.display_name,
    ]),
  );
  return rows.map((c) => ({
    id: c.id,
    disclosureId: c.disclosure_id,
    revisionId: c.revision_id,
    carriedOver: c.revision_id !== d.current_revision_id,
    anchor: {
      kind: kindOf({ tableId: c.table_id, rowKey: c.row_key, columnKey: c.column_key, findingId: c.finding_id }),
      tableId: c.table_id,
      rowKey: c.row_key,
      columnKey: c.column_key,
      findingId: c.finding_id,
    },
    author: names.get(c.author_id) ?? String(c.author_id),
    body: c.body,
    createdAt: c.created_at,
    resolved: c.resolved_at !== null,
    resolvedAt: c.resolved_at,
    resolvedBy: c.resolved_by === null ? null : (names.get(c.resolved_by) ?? String(c.resolved_by)),
  }));
}

export async function resolveComment(ctx: AppContext, actor: Principal, commentId: number): Promise<CommentView> {
  const c = await ctx.store.db.selectFrom('comments').selectAll().where('id', '=', commentId).executeTakeFirst();
  if (!c) throw new UseCaseError('not_found', 'not_found', '请求的资源不存在。');
  const d = (await ctx.store.repos.getDisclosure(c.disclosure_id))!;
  await rolesOver(ctx, actor, d);
  const by = actorIdOf(actor);
  if (by === null) throw new UseCaseError('forbidden', 'forbidden', '意见须由登录的工作人员标记解决');
  const at = ctx.clock().toISOString();
  const ok = await ctx.store.repos.resolveComment(commentId, by, at);
  if (!ok) throw new UseCaseError('conflict', 'already_resolved', '该意见已标记为已解决');
  await ctx.store.repos.audit({
    at,
    actorId: by,
    action: 'comment.resolve',
    subjectType: 'comment',
    subjectId: commentId,
  });
  return (await listComments(ctx, actor, d.id)).find((x) => x.id === commentId)!;
}
