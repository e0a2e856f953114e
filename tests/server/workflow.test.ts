import { describe, expect, it } from 'vitest';
import {
  availableActions,
  chinaDate,
  decide,
  type GateFacts,
  publicationClock,
} from '../../src/core/workflow/machine.ts';
import { parseWorkflow } from '../../src/core/workflow/schema.ts';
import { loadPermissions, loadWorkflow } from '../../src/io/workflow-files.ts';

const wf = loadWorkflow();
const clean: GateFacts = {
  hasRevision: true,
  checkedCurrent: true,
  errors: 0,
  unacknowledgedWarnings: [],
  secrecyConfirmed: true,
  missingNarrative: [],
  comment: null,
  correctionNote: null,
  approvalDate: null,
  newerRevision: false,
};

describe('workflow data', () => {
  it('walks the statutory path 编制中 → … → 已公开 with the right roles', () => {
    const path: Array<[string, 'unit_preparer' | 'department_reviewer' | 'finance_reviewer', Partial<GateFacts>]> = [
      ['submit', 'unit_preparer', {}],
      ['dept_approve', 'department_reviewer', {}],
      ['finance_approve', 'finance_reviewer', {}],
      ['approve', 'finance_reviewer', { approvalDate: '2024-01-10' }],
      ['publish', 'department_reviewer', {}],
    ];
    let state = wf.initial;
    const seen = [state];
    for (const [action, role, facts] of path) {
      const d = decide(wf, { state, action, roles: [role], facts: { ...clean, ...facts } });
      expect(d.ok, `${action}: ${d.ok ? '' : d.message}`).toBe(true);
      if (d.ok) state = d.to;
      seen.push(state);
    }
    expect(seen).toEqual(['编制中', '单位已提交', '部门审核通过', '财政审核通过', '已批复', '已公开']);
  });

  it('returns go back one level: 部门退回 to 编制中, 财政退回 to the department', () => {
    const back = decide(wf, {
      state: '单位已提交',
      action: 'dept_return',
      roles: ['department_reviewer'],
      facts: { ...clean, comment: '请核对' },
    });
    expect(back.ok && back.to).toBe('编制中');
    const fin = decide(wf, {
      state: '部门审核通过',
      action: 'finance_return',
      roles: ['finance_reviewer'],
      facts: { ...clean, comment: '请核对' },
    });
    expect(fin.ok && fin.to).toBe('单位已提交');
  });

  it('refuses the wrong state and the wrong role with Chinese reasons', () => {
    const s = decide(wf, { state: '编制中', action: 'publish', roles: ['department_reviewer'], facts: clean });
    expect(s).toMatchObject({ ok: false, code: 'wrong_state' });
    const perms = loadPermissions();
    const r = decide(wf, {
      state: '单位已提交',
      action: 'dept_approve',
      roles: ['unit_preparer'],
      facts: clean,
      roleLabel: (x) => perms.roleLabel(x),
    });
    expect(r).toMatchObject({ ok: false, code: 'wrong_role' });
    expect(r.ok ? '' : r.message).toBe('部门审核通过须由部门审核人办理');
  });

  it('gates: 错误 blocks submit, every 警告 needs a reason, publish needs 保密审查 and the 说明 slots', () => {
    const e = decide(wf, {
      state: '编制中',
      action: 'submit',
      roles: ['unit_preparer'],
      facts: { ...clean, errors: 2 },
    });
    expect(e).toMatchObject({ ok: false, code: 'gate_failed' });
    expect(e.ok ? [] : e.failures.map((f) => f.gate)).toEqual(['no_errors']);
    const w = decide(wf, {
      state: '编制中',
      action: 'submit',
      roles: ['unit_preparer'],
      facts: { ...clean, unacknowledgedWarnings: ['三公经费增减未说明原因'] },
    });
    expect(w.ok ? '' : w.message).toContain('三公经费增减未说明原因');
    const p = decide(wf, {
      state: '已批复',
      action: 'publish',
      roles: ['department_reviewer'],
      facts: { ...clean, secrecyConfirmed: false, missingNarrative: ['一般公共预算支出增减原因'] },
    });
    expect(p.ok ? [] : p.failures.map((f) => f.gate)).toEqual(['secrecy_confirmed', 'narrative_complete']);
    const back = decide(wf, {
      state: '单位已提交',
      action: 'dept_return',
      roles: ['department_reviewer'],
      facts: { ...clean, comment: '  ' },
    });
    expect(back.ok ? [] : back.failures.map((f) => f.gate)).toEqual(['comment_given']);
  });

  it('a correction needs a newer revision and a 更正说明, and stays 已公开', () => {
    const no = decide(wf, { state: '已公开', action: 'correct', roles: ['department_reviewer'], facts: clean });
    expect(no.ok ? [] : no.failures.map((f) => f.gate)).toEqual(['newer_revision', 'correction_note_given']);
    const yes = decide(wf, {
      state: '已公开',
      action: 'correct',
      roles: ['department_reviewer'],
      facts: { ...clean, newerRevision: true, correctionNote: '更正第3表数字' },
    });
    expect(yes).toMatchObject({ ok: true, to: '已公开', effect: 'correct' });
  });

  it('lists the actions a role may try', () => {
    expect(availableActions(wf, '单位已提交', ['department_reviewer']).sort()).toEqual(['dept_approve', 'dept_return']);
    expect(availableActions(wf, '单位已提交', ['unit_preparer'])).toEqual([]);
  });

  it('every transition role is a role of the permission data, and the data validates', () => {
    const roles = new Set(loadPermissions().roleIds);
    for (const t of Object.values(wf.transitions)) for (const r of t.roles) expect(roles.has(r)).toBe(true);
    expect(() => parseWorkflow({ ...wf, initial: '不存在' }, 'x.json')).toThrow(/初始状态 不存在 未定义/);
    expect(() =>
      parseWorkflow(
        { ...wf, transitions: { ...wf.transitions, submit: { ...wf.transitions.submit, to: '乱写' } } },
        'x.json',
      ),
    ).toThrow(/transitions\.submit\.to/);
    expect(() => parseWorkflow({ ...wf, extra: 1 }, 'x.json')).toThrow(/x\.json/);
  });
});

describe('the 20-day clock from 批复', () => {
  it('counts calendar days; the due day itself is on time', () => {
    expect(publicationClock(wf, '2024-01-31', '2024-02-01')).toMatchObject({
      dueOn: '2024-02-20',
      daysLeft: 19,
      status: 'on_time',
    });
    expect(publicationClock(wf, '2024-01-31', '2024-02-15').status).toBe('near_due');
    expect(publicationClock(wf, '2024-01-31', '2024-02-20')).toMatchObject({ daysLeft: 0, status: 'near_due' });
    expect(publicationClock(wf, '2024-01-31', '2024-02-21')).toMatchObject({ daysLeft: -1, status: 'overdue' });
    expect(publicationClock(wf, '2024-01-31', '2024-03-01', '2024-02-20').status).toBe('published_on_time');
    expect(publicationClock(wf, '2024-01-31', '2024-03-01', '2024-02-21').status).toBe('published_late');
  });
  it('uses the date in China', () => {
    expect(chinaDate(new Date('2024-01-31T16:30:00Z'))).toBe('2024-02-01');
    expect(chinaDate(new Date('2024-01-31T15:59:00Z'))).toBe('2024-01-31');
  });
});
