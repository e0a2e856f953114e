/**
 * The review workflow as a use case: gather the facts the gates need, let the pure state machine
 * (src/core/workflow/machine.ts) decide, carry out the effect (start the clock, publish, correct),
 * and record the event and the audit entry. Warning acknowledgements, the 保密审查 confirmation and
 * the bureau's list of near-due and overdue disclosures live here too.
 */
import {
  availableActions,
  CLOCK_LABELS,
  chinaDate,
  decide,
  type GateFacts,
  type PublicationClock,
  publicationClock,
} from '../core/workflow/machine.ts';
import type { RoleId } from '../core/workflow/permissions.ts';
import type { Principal } from '../core/workflow/principal.ts';
import { loadPermissions, loadWorkflow } from '../io/workflow-files.ts';
import { ConflictError } from '../store/errors.ts';
import type { Row } from '../store/schema.ts';
import { actorIdOf, audit, rolesReaching } from './accounts.ts';
import type { AppContext } from './context.ts';
import { generateRevision } from './generate.ts';
import { correct, type PublishedVersion, publish } from './publish.ts';
import { sdb } from './server-tables.ts';
import { UseCaseError } from './use-case-error.ts';

export interface TransitionInput {
  disclosureId: number;
  action: string;
  /** the disclosure version the caller saw; a different one is a 冲突 */
  expectedVersion?: number;
  comment?: string | null;
  correctionNote?: string | null;
  /** 批复 date (YYYY-MM-DD) and document number */
  approvalDate?: string | null;
  documentNo?: string | null;
}

export interface TransitionResult {
  disclosureId: number;
  action: string;
  from: string;
  to: string;
  version: number;
  eventId: number;
  published?: PublishedVersion;
  clock?: PublicationClock;
}

/** A finding's identity across revisions: its rule and location. */
export const findingKey = (f: Pick<Row<'findings'>, 'rule_id' | 'table_id' | 'row_key' | 'column_key'>) =>
  [f.rule_id, f.table_id ?? '', f.row_key ?? '', f.column_key ?? ''].join('|');

async function mustDisclosure(ctx: AppContext, id: number) {
  const d = await ctx.store.repos.getDisclosure(id);
  if (!d) throw new UseCaseError('not_found', 'not_found', '请求的资源不存在。');
  return d;
}

async function latestRun(ctx: AppContext, revisionId: number | null) {
  if (revisionId === null) return undefined;
  const run = await ctx.store.repos.latestCheckRun(revisionId);
  if (!run) return undefined;
  // a run is current only when it checked the package the revision generates now
  const gen = await ctx.store.repos.getGeneration(revisionId);
  return gen && gen.package_sha === run.package_sha ? run : undefined;
}

export async function gatherFacts(
  ctx: AppContext,
  d: Row<'disclosures'>,
  input: Pick<TransitionInput, 'comment' | 'correctionNote' | 'approvalDate'> & { needNarrative?: boolean },
): Promise<GateFacts> {
  const revisionId = d.current_revision_id;
  const run = await latestRun(ctx, revisionId);
  const findings = run ? await ctx.store.repos.findingsOf(run.id) : [];
  const acks = new Set(
    (await sdb(ctx).selectFrom('warning_acks').select('finding_key').where('disclosure_id', '=', d.id).execute()).map(
      (a) => a.finding_key,
    ),
  );
  const secrecy =
    revisionId !== null &&
    !!(await sdb(ctx)
      .selectFrom('secrecy_reviews')
      .select('id')
      .where('disclosure_id', '=', d.id)
      .where('revision_id', '=', revisionId)
      .executeTakeFirst());
  let missingNarrative: string[] = [];
  if (input.needNarrative && revisionId !== null) {
    // the narrative's empty required slots, as `generate --final` refuses them (regenerate: the cache keeps no narrative)
    const g = await generateRevision(ctx, revisionId, { force: true });
    missingNarrative = (g.narrative?.missingReasons ?? []).map((m) => m.label);
  }
  const versions = await ctx.store.repos.publishedVersions(d.id);
  const lastPublished = versions.at(-1);
  return {
    hasRevision: revisionId !== null,
    checkedCurrent: !!run,
    errors: run?.error_count ?? 0,
    unacknowledgedWarnings: findings
      .filter((f) => f.severity === '警告' && !acks.has(findingKey(f)))
      .map((f) => `${f.rule_id} ${f.title}`),
    secrecyConfirmed: secrecy,
    missingNarrative,
    comment: input.comment ?? null,
    correctionNote: input.correctionNote ?? null,
    approvalDate: input.approvalDate ?? null,
    newerRevision: revisionId !== null && (!lastPublished || lastPublished.revision_id !== revisionId),
  };
}

/** The roles the actor holds over this disclosure's organisation; none → the resource does not exist for them. */
export async function rolesOver(ctx: AppContext, actor: Principal, d: Row<'disclosures'>): Promise<RoleId[]> {
  const roles = await rolesReaching(ctx, actor, d.org_code, d.year);
  if (roles.length === 0) throw new UseCaseError('not_found', 'not_found', '请求的资源不存在。');
  return roles;
}

export async function transition(ctx: AppContext, actor: Principal, input: TransitionInput): Promise<TransitionResult> {
  const wf = loadWorkflow();
  const perms = loadPermissions();
  const d = await mustDisclosure(ctx, input.disclosureId);
  const roles = await rolesOver(ctx, actor, d);
  if (input.expectedVersion !== undefined && input.expectedVersion !== d.version) {
    throw new UseCaseError(
      'conflict',
      'conflict',
      `冲突：该公开事项已被他人修改（您看到的是第 ${input.expectedVersion} 版，当前为第 ${d.version} 版），请刷新后重试`,
    );
  }
  const t = wf.transitions[input.action];
  const facts = await gatherFacts(ctx, d, { ...input, needNarrative: !!t?.gates.includes('narrative_complete') });
  const decision = decide(wf, {
    state: d.workflow_state,
    action: input.action,
    roles,
    facts,
    roleLabel: (r) => perms.roleLabel(r),
  });
  if (!decision.ok) {
    const kind =
      decision.code === 'wrong_role' ? 'forbidden' : decision.code === 'unknown_action' ? 'invalid' : 'refused';
    throw new UseCaseError(kind, `workflow_${decision.code}`, decision.message, {
      state: d.workflow_state,
      failures: decision.failures,
    });
  }
  const actorId = actorIdOf(actor);
  let published: PublishedVersion | undefined;
  if (decision.effect === 'publish') published = await publish(ctx, { disclosureId: d.id, userId: actorId });
  if (decision.effect === 'correct') {
    published = await correct(ctx, { disclosureId: d.id, userId: actorId, note: input.correctionNote ?? '' });
  }
  const at = ctx.clock().toISOString();
  const record = async (expectedVersion: number) =>
    ctx.store.transaction(async (repos) => {
      const version = await repos.advanceDisclosure(d.id, expectedVersion, { workflow_state: decision.to });
      const eventId = await repos.addWorkflowEvent({
        disclosure_id: d.id,
        from_state: decision.from,
        to_state: decision.to,
        action: input.action,
        actor_id: actorId,
        comment: input.comment?.trim() || input.correctionNote?.trim() || null,
        at,
      });
      if (decision.effect === 'start_clock') {
        await repos.db
          .withTables<import('./server-tables.ts').ServerTables>()
          .insertInto('approvals')
          .values({
            disclosure_id: d.id,
            approved_on: input.approvalDate!,
            document_no: input.documentNo ?? null,
            user_id: actorId,
            at,
          })
          .onConflict((oc) =>
            oc
              .column('disclosure_id')
              .doUpdateSet({ approved_on: input.approvalDate!, document_no: input.documentNo ?? null, at }),
          )
          .execute();
      }
      await repos.audit({
        at,
        actorId,
        action: `workflow.${input.action}`,
        subjectType: 'disclosure',
        subjectId: d.id,
        detail: {
          from: decision.from,
          to: decision.to,
          actor: actor.name,
          comment: input.comment ?? null,
          ...(published ? { versionNo: published.versionNo } : {}),
        },
      });
      return { version, eventId };
    });
  let recorded: { version: number; eventId: number };
  try {
    recorded = await record(d.version);
  } catch (e) {
    // the version is immutable once published: if the disclosure moved meanwhile (an upload of the
    // correction's data, say), the state must still follow what was published, so record it anew
    if (!(e instanceof ConflictError) || !published) throw e;
    const now = await ctx.store.repos.mustGetDisclosure(d.id);
    recorded = await record(now.version);
  }
  const { version, eventId } = recorded;
  const clock = await clockOf(ctx, d.id);
  return {
    disclosureId: d.id,
    action: input.action,
    from: decision.from,
    to: decision.to,
    version,
    eventId,
    ...(published ? { published } : {}),
    ...(clock ? { clock } : {}),
  };
}

/** The publication clock of a disclosure once it has a 批复 date. */
export async function clockOf(ctx: AppContext, disclosureId: number): Promise<PublicationClock | null> {
  const a = await sdb(ctx)
    .selectFrom('approvals')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .executeTakeFirst();
  if (!a) return null;
  const first = (await ctx.store.repos.publishedVersions(disclosureId))[0];
  return publicationClock(
    loadWorkflow(),
    a.approved_on,
    chinaDate(ctx.clock()),
    first ? chinaDate(new Date(first.published_at)) : null,
  );
}

/** Each 警告 needs a reason before submitting; the acknowledgement stands while the same warning does. */
export async function acknowledgeWarning(
  ctx: AppContext,
  actor: Principal,
  input: { disclosureId: number; findingId: number; reason: string },
): Promise<{ findingKey: string }> {
  const d = await mustDisclosure(ctx, input.disclosureId);
  await rolesOver(ctx, actor, d);
  if (!input.reason.trim()) throw new UseCaseError('invalid', 'reason_required', '确认警告须填写理由');
  const f = await ctx.store.db
    .selectFrom('findings')
    .innerJoin('check_runs', 'check_runs.id', 'findings.check_run_id')
    .innerJoin('source_revisions', 'source_revisions.id', 'check_runs.revision_id')
    .select(['findings.rule_id', 'findings.table_id', 'findings.row_key', 'findings.column_key', 'findings.severity'])
    .where('findings.id', '=', input.findingId)
    .where('source_revisions.disclosure_id', '=', d.id)
    .executeTakeFirst();
  if (!f) throw new UseCaseError('not_found', 'not_found', '该公开事项没有这条审核结果');
  if (f.severity !== '警告')
    throw new UseCaseError('invalid', 'not_a_warning', `只有“警告”需要确认理由（这条是“${f.severity}”）`);
  const key = findingKey(f);
  const at = ctx.clock().toISOString();
  await sdb(ctx)
    .insertInto('warning_acks')
    .values({ disclosure_id: d.id, finding_key: key, reason: input.reason.trim(), user_id: actorIdOf(actor), at })
    .onConflict((oc) => oc.columns(['disclosure_id', 'finding_key']).doUpdateSet({ reason: input.reason.trim(), at }))
    .execute();
  await audit(ctx, actorIdOf(actor), 'finding.acknowledge', 'disclosure', String(d.id), {
    findingKey: key,
    reason: input.reason,
  });
  return { findingKey: key };
}

/** The department's 保密审查 confirmation of the current revision (須 部门审核人). */
export async function confirmSecrecy(
  ctx: AppContext,
  actor: Principal,
  input: { disclosureId: number; note?: string | null },
): Promise<{ revisionId: number }> {
  const d = await mustDisclosure(ctx, input.disclosureId);
  const roles = await rolesOver(ctx, actor, d);
  if (!roles.includes('department_reviewer')) {
    throw new UseCaseError('forbidden', 'forbidden', '保密审查须由部门审核人确认');
  }
  if (d.current_revision_id === null) throw new UseCaseError('invalid', 'no_revision', '尚未上传源数据');
  const at = ctx.clock().toISOString();
  await sdb(ctx)
    .insertInto('secrecy_reviews')
    .values({
      disclosure_id: d.id,
      revision_id: d.current_revision_id,
      user_id: actorIdOf(actor),
      note: input.note ?? null,
      at,
    })
    .execute();
  await audit(ctx, actorIdOf(actor), 'secrecy.confirm', 'disclosure', String(d.id), {
    revisionId: d.current_revision_id,
  });
  return { revisionId: d.current_revision_id };
}

/** What a staff page shows about a disclosure's workflow. */
export async function workflowView(ctx: AppContext, actor: Principal, disclosureId: number) {
  const wf = loadWorkflow();
  const d = await mustDisclosure(ctx, disclosureId);
  const roles = await rolesOver(ctx, actor, d);
  const facts = await gatherFacts(ctx, d, { needNarrative: true });
  const events = await ctx.store.repos.workflowEvents(d.id);
  const users = new Map(
    (await ctx.store.db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [
      u.id,
      u.display_name,
    ]),
  );
  const clock = await clockOf(ctx, d.id);
  return {
    disclosureId: d.id,
    state: d.workflow_state,
    version: d.version,
    currentRevisionId: d.current_revision_id,
    editable: wf.states[d.workflow_state]?.editable ?? false,
    actions: availableActions(wf, d.workflow_state, roles).map((a) => ({ action: a, label: wf.transitions[a]!.label })),
    facts: { ...facts, comment: undefined, correctionNote: undefined, approvalDate: undefined },
    clock: clock ? { ...clock, label: CLOCK_LABELS[clock.status] } : null,
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      actor: e.actor_id === null ? null : (users.get(e.actor_id) ?? null),
      comment: e.comment,
      at: e.at,
    })),
  };
}

/** Disclosures approved but not yet published, near-due or overdue, for the finance bureau. */
export async function deadlineList(ctx: AppContext, actor: Principal) {
  const rows = await sdb(ctx)
    .selectFrom('approvals')
    .innerJoin('disclosures', 'disclosures.id', 'approvals.disclosure_id')
    .innerJoin('organisations', 'organisations.code', 'disclosures.org_code')
    .select([
      'disclosures.id',
      'disclosures.org_code',
      'disclosures.year',
      'disclosures.kind',
      'disclosures.workflow_state',
      'organisations.name',
      'approvals.approved_on',
    ])
    .orderBy('approvals.approved_on')
    .execute();
  const out = [];
  for (const r of rows) {
    if ((await rolesReaching(ctx, actor, r.org_code, r.year)).length === 0) continue;
    const clock = await clockOf(ctx, r.id);
    if (!clock || (clock.status !== 'near_due' && clock.status !== 'overdue')) continue;
    out.push({
      disclosureId: r.id,
      orgCode: r.org_code,
      name: r.name,
      year: r.year,
      kind: r.kind,
      state: r.workflow_state,
      ...clock,
      label: CLOCK_LABELS[clock.status],
    });
  }
  return out;
}
