/**
 * The workflow language: states, transitions (who may take each, which gates apply, what input it
 * needs) and the publication clock. Data lives in data/workflow/*.json; this schema validates it.
 */
import { z } from 'zod';
import { RoleIdSchema } from './permissions.ts';

/** Gates are named conditions over facts the app layer gathers (src/core/workflow/gates.ts). */
export const GATE_IDS = [
  'has_revision',
  'checked_current',
  'no_errors',
  'warnings_acknowledged',
  'secrecy_confirmed',
  'narrative_complete',
  'comment_given',
  'correction_note_given',
  'approval_date_given',
  'newer_revision',
] as const;
export const GateIdSchema = z.enum(GATE_IDS);
export type GateId = z.infer<typeof GateIdSchema>;

/** What a transition does beyond changing the state (the app layer carries it out). */
export const EffectSchema = z.enum(['start_clock', 'publish', 'correct']);
export type Effect = z.infer<typeof EffectSchema>;

export const StateSchema = z.strictObject({
  label: z.string().min(1),
  /** Source data may be uploaded or edited in this state. */
  editable: z.boolean(),
  /** The version visible to the public exists in this state. */
  published: z.boolean(),
});

export const TransitionSchema = z.strictObject({
  label: z.string().min(1),
  from: z.array(z.string().min(1)).min(1),
  to: z.string().min(1),
  roles: z.array(RoleIdSchema).min(1),
  gates: z.array(GateIdSchema),
  effect: EffectSchema.optional(),
});

export const WorkflowSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: z.string().min(1),
    initial: z.string().min(1),
    states: z.record(z.string().min(1), StateSchema),
    transitions: z.record(z.string().regex(/^[a-z][a-z_]*$/), TransitionSchema),
    clock: z.strictObject({
      /** 预算法 §14: publish within 20 days of 批复 */
      publishWithinDays: z.number().int().positive(),
      /** listed as near-due when this many days or fewer are left */
      nearDueDays: z.number().int().nonnegative(),
    }),
  })
  .superRefine((w, c) => {
    const states = new Set(Object.keys(w.states));
    if (!states.has(w.initial))
      c.addIssue({ code: 'custom', path: ['initial'], message: `初始状态 ${w.initial} 未定义` });
    for (const [id, t] of Object.entries(w.transitions)) {
      t.from.forEach((s, i) => {
        if (!states.has(s))
          c.addIssue({ code: 'custom', path: ['transitions', id, 'from', i], message: `状态 ${s} 未定义` });
      });
      if (!states.has(t.to))
        c.addIssue({ code: 'custom', path: ['transitions', id, 'to'], message: `状态 ${t.to} 未定义` });
    }
  });
export type Workflow = z.infer<typeof WorkflowSchema>;
export type Transition = z.infer<typeof TransitionSchema>;

export function parseWorkflow(json: unknown, file: string): Workflow {
  const r = WorkflowSchema.safeParse(json);
  if (!r.success) {
    throw new Error(
      `流程数据无效：${r.error.issues.map((i) => `${file} ${i.path.join('.') || '(根)'}：${i.message}`).join('；')}`,
    );
  }
  return r.data;
}
