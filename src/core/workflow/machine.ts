/**
 * The workflow state machine, pure: given the workflow data, the current state, the action, the
 * actor's roles and the facts the app layer gathered, decide whether the transition may happen.
 * Also the 20-day publication clock from 批复 (预算法 §14).
 */
import type { RoleId } from './permissions.ts';
import type { Effect, GateId, Transition, Workflow } from './schema.ts';

export interface GateFacts {
  hasRevision: boolean;
  /** a check run exists for the package of the current revision */
  checkedCurrent: boolean;
  /** 错误 findings of that check run */
  errors: number;
  /** 警告 findings of that check run without an acknowledgement (their titles) */
  unacknowledgedWarnings: string[];
  /** the department confirmed the 保密审查 of the current revision */
  secrecyConfirmed: boolean;
  /** required 说明 slots still empty (what `generate --final` refuses) */
  missingNarrative: string[];
  comment: string | null;
  correctionNote: string | null;
  /** 批复 date, YYYY-MM-DD */
  approvalDate: string | null;
  /** the current revision is not the one already published */
  newerRevision: boolean;
}

export interface GateFailure {
  gate: GateId;
  message: string;
}

const list = (xs: string[], max = 5) => xs.slice(0, max).join('、') + (xs.length > max ? ` 等 ${xs.length} 项` : '');

/** Each gate: null when it passes, else the Chinese reason. */
export const GATES: Record<GateId, (f: GateFacts) => string | null> = {
  has_revision: (f) => (f.hasRevision ? null : '尚未上传源数据'),
  checked_current: (f) => (f.checkedCurrent ? null : '当前版本尚未运行审核'),
  no_errors: (f) => (f.errors === 0 ? null : `审核发现 ${f.errors} 个错误，须先改正`),
  warnings_acknowledged: (f) =>
    f.unacknowledgedWarnings.length === 0
      ? null
      : `${f.unacknowledgedWarnings.length} 个警告尚未说明理由：${list(f.unacknowledgedWarnings)}`,
  secrecy_confirmed: (f) => (f.secrecyConfirmed ? null : '部门尚未确认保密审查'),
  narrative_complete: (f) =>
    f.missingNarrative.length === 0 ? null : `公开说明尚有必填内容未填写：${list(f.missingNarrative)}`,
  comment_given: (f) => (f.comment?.trim() ? null : '退回时须填写意见'),
  correction_note_given: (f) => (f.correctionNote?.trim() ? null : '更正须填写更正说明'),
  approval_date_given: (f) =>
    f.approvalDate && /^\d{4}-\d{2}-\d{2}$/.test(f.approvalDate) && !Number.isNaN(Date.parse(f.approvalDate))
      ? null
      : '批复须填写批复日期（YYYY-MM-DD）',
  newer_revision: (f) => (f.newerRevision ? null : '没有新的源数据版本可供更正，请先上传更正后的数据'),
};

export type Decision =
  | { ok: true; action: string; from: string; to: string; effect: Effect | null; transition: Transition }
  | {
      ok: false;
      code: 'unknown_action' | 'wrong_state' | 'wrong_role' | 'gate_failed';
      message: string;
      failures: GateFailure[];
    };

export function decide(
  wf: Workflow,
  input: {
    state: string;
    action: string;
    roles: readonly RoleId[];
    facts: GateFacts;
    roleLabel?: (r: RoleId) => string;
  },
): Decision {
  const t = wf.transitions[input.action];
  if (!t) return { ok: false, code: 'unknown_action', message: `没有“${input.action}”这一流程操作`, failures: [] };
  if (!t.from.includes(input.state)) {
    return {
      ok: false,
      code: 'wrong_state',
      message: `当前状态为“${input.state}”，不能${t.label}（须处于：${t.from.join('、')}）`,
      failures: [],
    };
  }
  if (!input.roles.some((r) => t.roles.includes(r))) {
    return {
      ok: false,
      code: 'wrong_role',
      message: `${t.label}须由${t.roles.map(input.roleLabel ?? String).join('或')}办理`,
      failures: [],
    };
  }
  const failures: GateFailure[] = [];
  for (const g of t.gates) {
    const why = GATES[g](input.facts);
    if (why) failures.push({ gate: g, message: why });
  }
  if (failures.length > 0) {
    return {
      ok: false,
      code: 'gate_failed',
      message: `不能${t.label}：${failures.map((f) => f.message).join('；')}`,
      failures,
    };
  }
  return { ok: true, action: input.action, from: input.state, to: t.to, effect: t.effect ?? null, transition: t };
}

/** The actions the roles may try from this state (gates not evaluated), for queues and pages. */
export function availableActions(wf: Workflow, state: string, roles: readonly RoleId[]): string[] {
  return Object.entries(wf.transitions)
    .filter(([, t]) => t.from.includes(state) && roles.some((r) => t.roles.includes(r)))
    .map(([id]) => id);
}

export type ClockStatus = 'on_time' | 'near_due' | 'overdue' | 'published_on_time' | 'published_late';

export interface PublicationClock {
  approvedOn: string;
  dueOn: string;
  /** days from today to the due date (negative when overdue); for published ones, days to spare */
  daysLeft: number;
  status: ClockStatus;
}

const DAY = 86_400_000;
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY);
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** Calendar days; the due date is 批复 + N days, publication on the due date is on time. */
export function publicationClock(
  wf: Workflow,
  approvedOn: string,
  today: string,
  publishedOn: string | null = null,
): PublicationClock {
  const due = dayNumber(approvedOn) + wf.clock.publishWithinDays;
  const dueOn = dateOf(due);
  if (publishedOn) {
    const spare = due - dayNumber(publishedOn);
    return { approvedOn, dueOn, daysLeft: spare, status: spare >= 0 ? 'published_on_time' : 'published_late' };
  }
  const left = due - dayNumber(today);
  const status: ClockStatus = left < 0 ? 'overdue' : left <= wf.clock.nearDueDays ? 'near_due' : 'on_time';
  return { approvedOn, dueOn, daysLeft: left, status };
}

export const CLOCK_LABELS: Record<ClockStatus, string> = {
  on_time: '未到期',
  near_due: '临近期限',
  overdue: '已逾期',
  published_on_time: '按时公开',
  published_late: '逾期公开',
};

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
