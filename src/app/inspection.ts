/**
 * 公开检查: the inspection criteria (data/inspection/criteria.json) as checks over a published
 * package, computed with the same checker (src/core/rules) the workflow uses. Each check passes,
 * fails, is 无法核对 (an operand is missing: never counted as passed or as 0) or does not apply;
 * a criterion's points are shared equally among its applicable checks. Every point carries its
 * evidence: the rule and its findings, the dates, the sentence or the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Finding } from '../core/findings/model.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { applicableCatalogs, checkPackage } from '../core/rules/engine.ts';
import type { RuleCatalog } from '../core/rules/schema.ts';
import { DATA_DIR, loadBundledCatalogs } from '../io/catalog-files.ts';
import { loadRuleCatalogs } from '../io/rule-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';

const Check = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rules'), label: z.string().min(1), rules: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ kind: z.literal('deadline'), label: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('text'),
    label: z.string().min(1),
    section: z.string().min(1),
    pattern: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal('tables'), label: z.string().min(1), titlePattern: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('category'),
    label: z.string().min(1),
    category: z.enum(['表内', '表间', '说明与表', '完整性', '绩效', '规范性']),
  }),
]);

export const InspectionCriteriaSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  deadlineDays: z.number().int().positive(),
  criteria: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        label: z.string().min(1),
        points: z.number().int().positive(),
        description: z.string(),
        checks: z.array(Check).min(1),
      }),
    )
    .min(1),
});
export type InspectionCriteria = z.infer<typeof InspectionCriteriaSchema>;

export function loadInspectionCriteria(file = join(DATA_DIR, 'inspection', 'criteria.json')): InspectionCriteria {
  const r = InspectionCriteriaSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) {
    throw new Error(
      `检查标准无效：${r.error.issues.map((i) => `${file} ${i.path.join('.') || '(根)'}：${i.message}`).join('；')}`,
    );
  }
  for (const c of r.data.criteria) for (const k of c.checks) if (k.kind === 'text') new RegExp(k.pattern); // fail early on a bad pattern
  return r.data;
}

export type CheckStatus = '通过' | '未通过' | '无法核对' | '不适用';

export interface Evidence {
  readonly text: string;
  /** table id / row / column or 说明 section to link to */
  readonly table?: string;
  readonly row?: string;
  readonly column?: string;
  readonly section?: string;
}

export interface CheckResult {
  readonly label: string;
  readonly status: CheckStatus;
  /** points earned (decimal text) out of `max` */
  readonly earned: string;
  readonly max: string;
  readonly evidence: readonly Evidence[];
}

export interface CriterionResult {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly points: number;
  readonly earned: string;
  readonly checks: readonly CheckResult[];
}

export interface InspectionResult {
  readonly score: string;
  readonly max: number;
  /** points that could not be checked (无法核对) */
  readonly unknown: string;
  readonly criteria: readonly CriterionResult[];
}

export interface InspectionInput {
  readonly pkg: DisclosurePackage;
  /** ISO date of 批复 (absent: unknown) */
  readonly approvedAt?: string | null;
  /** ISO date of first publication (absent: not published) */
  readonly publishedAt?: string | null;
  /** today, for a disclosure not yet published */
  readonly today: string;
}

let cached: { rules: RuleCatalog[]; criteria: InspectionCriteria } | undefined;
function defaults() {
  cached ??= { rules: loadRuleCatalogs(), criteria: loadInspectionCriteria() };
  return cached;
}

function ruleMatches(pattern: string, id: string): boolean {
  if (!pattern.includes('*')) return pattern === id;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(id);
}

function findingEvidence(f: Finding): Evidence {
  const where = [f.location.table, f.location.row, f.location.column, f.location.section].filter(Boolean).join(' / ');
  return {
    text: `[${f.severity}] ${f.ruleId} ${f.message}${where ? `（${where}）` : ''}`,
    ...(f.location.table ? { table: f.location.table } : {}),
    ...(f.location.row ? { row: f.location.row } : {}),
    ...(f.location.column ? { column: f.location.column } : {}),
    ...(f.location.section ? { section: f.location.section } : {}),
  };
}

function days(fromIso: string, toIso: string): number {
  const a = Date.parse(fromIso.slice(0, 10));
  const b = Date.parse(toIso.slice(0, 10));
  return Math.round((b - a) / 86_400_000);
}

type Outcome = { status: CheckStatus; evidence: Evidence[] };

export function inspect(
  input: InspectionInput,
  opts: { rules?: RuleCatalog[]; criteria?: InspectionCriteria; findings?: readonly Finding[] } = {},
): InspectionResult {
  const rules = opts.rules ?? defaults().rules;
  const criteria = opts.criteria ?? defaults().criteria;
  const { pkg } = input;
  const applicable = applicableCatalogs(pkg, rules).flatMap((c) => c.rules);
  const findings =
    opts.findings ?? checkPackage(pkg, rules, { catalogs: loadBundledCatalogs(), scoring: loadAllScoringConfigs() });

  const evaluate = (check: InspectionCriteria['criteria'][number]['checks'][number]): Outcome => {
    switch (check.kind) {
      case 'rules': {
        const ids = applicable.filter((r) => check.rules.some((p) => ruleMatches(p, r.id)));
        if (ids.length === 0)
          return { status: '不适用', evidence: [{ text: `报表模板集 ${pkg.templateSet} 没有此项规则` }] };
        const hits = findings.filter((f) => ids.some((r) => r.id === f.ruleId) && f.severity !== '提示');
        // a rule over the 说明 finds nothing to object to when there is no 说明: that is not a pass
        if (!hits.length && !pkg.sections?.length && ids.every((r) => r.check.kind === 'text'))
          return { status: '无法核对', evidence: [{ text: '公开包中没有说明文字，无法核对' }] };
        return hits.length
          ? { status: '未通过', evidence: hits.map(findingEvidence) }
          : { status: '通过', evidence: ids.map((r) => ({ text: `规则 ${r.id}“${r.title}”核对无误` })) };
      }
      case 'category': {
        const ids = applicable.filter((r) => r.category === check.category);
        if (ids.length === 0) return { status: '不适用', evidence: [{ text: `没有“${check.category}”类规则` }] };
        const hits = findings.filter((f) => f.category === check.category && f.severity === '错误');
        return hits.length
          ? { status: '未通过', evidence: hits.map(findingEvidence) }
          : { status: '通过', evidence: [{ text: `${ids.length} 条“${check.category}”规则核对无错误` }] };
      }
      case 'tables': {
        const re = new RegExp(check.titlePattern);
        const tables = pkg.tables.filter((t) => re.test(t.title));
        const filled = tables.filter((t) => !t.empty);
        if (filled.length)
          return { status: '通过', evidence: filled.map((t) => ({ text: `已公开“${t.title}”`, table: t.id })) };
        return {
          status: '未通过',
          evidence: [{ text: tables.length ? `“${tables[0]?.title}”为空表` : '未公开绩效目标或绩效自评表' }],
        };
      }
      case 'text': {
        const sections = (pkg.sections ?? []).flatMap((s) =>
          s.text
            .split('\n')
            .filter((p) => p.includes(check.section))
            .map((p) => ({ s, p })),
        );
        if (!pkg.sections?.length) return { status: '无法核对', evidence: [{ text: '公开包中没有说明文字' }] };
        const re = new RegExp(check.pattern);
        const hit = sections.find(({ p }) => re.test(p));
        if (hit) return { status: '通过', evidence: [{ text: hit.p.trim(), section: hit.s.number }] };
        return {
          status: '未通过',
          evidence: [
            {
              text: sections.length
                ? `说明中关于“${check.section}”的段落未列出数量`
                : `说明中没有关于“${check.section}”的段落`,
            },
          ],
        };
      }
      case 'deadline': {
        if (!input.approvedAt) return { status: '无法核对', evidence: [{ text: '没有批复日期的记录' }] };
        const due = criteria.deadlineDays;
        if (!input.publishedAt) {
          const late = days(input.approvedAt, input.today);
          return late > due
            ? {
                status: '未通过',
                evidence: [
                  { text: `批复于 ${input.approvedAt.slice(0, 10)}，已过 ${late} 日仍未公开（限 ${due} 日）` },
                ],
              }
            : {
                status: '无法核对',
                evidence: [{ text: `批复于 ${input.approvedAt.slice(0, 10)}，尚在公开期限内，未公开` }],
              };
        }
        const d = days(input.approvedAt, input.publishedAt);
        return {
          status: d <= due ? '通过' : '未通过',
          evidence: [
            {
              text: `批复 ${input.approvedAt.slice(0, 10)}，公开 ${input.publishedAt.slice(0, 10)}，相隔 ${d} 日（限 ${due} 日）`,
            },
          ],
        };
      }
    }
  };

  let score = new Decimal(0);
  let unknown = new Decimal(0);
  const results = criteria.criteria.map((c) => {
    const outcomes = c.checks.map((k) => ({ k, o: evaluate(k) }));
    const counted = outcomes.filter(({ o }) => o.status !== '不适用');
    const share = counted.length ? new Decimal(c.points).div(counted.length) : new Decimal(0);
    let earned = new Decimal(0);
    const checks = outcomes.map(({ k, o }) => {
      const max = o.status === '不适用' ? new Decimal(0) : share;
      const got = o.status === '通过' ? share : new Decimal(0);
      if (o.status === '无法核对') unknown = unknown.plus(share);
      earned = earned.plus(got);
      return { label: k.label, status: o.status, earned: fmt(got), max: fmt(max), evidence: o.evidence };
    });
    score = score.plus(earned);
    return { id: c.id, label: c.label, description: c.description, points: c.points, earned: fmt(earned), checks };
  });
  return {
    score: fmt(score),
    max: criteria.criteria.reduce((n, c) => n + c.points, 0),
    unknown: fmt(unknown),
    criteria: results,
  };
}

function fmt(d: Decimal): string {
  return d.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
}
