/**
 * Checks of source data against what it will be published with: the template set it names
 * (exists, same 类型, 年度 in range) and the 说明 slots it fills (each one a slot of the set's
 * narrative). Run by every path that accepts source data (validate, generate, check, uploads),
 * so that `validate` passes exactly what `generate` can publish. Pure: the caller supplies the
 * template sets and narratives.
 */
import type { Issue } from '../diagnostics.ts';
import { suggestion } from '../suggest.ts';

export interface SetInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: '预算' | '决算';
  /** first and last year the set applies to */
  readonly years: readonly number[];
  /** which projects' performance indicators the set prints: 专项 only, all, or none (no such table) */
  readonly indicatorProjects: 'special' | 'all' | 'none';
}

export interface NarrativeSlots {
  /** slot name → Chinese label */
  readonly slots: Readonly<Record<string, string>>;
  /** slot families filled per code: "<family>/<code>" */
  readonly families: readonly string[];
}

export interface PublicationContext {
  readonly sets: ReadonlyMap<string, SetInfo>;
  /** the narrative of a set, undefined when the set has no 说明 */
  narrativeOf(setId: string): NarrativeSlots | undefined;
}

export interface PublicationInput {
  readonly kind: '预算' | '决算';
  readonly year: number;
  readonly templateSet: string;
  readonly reasons: Readonly<Record<string, string>>;
  readonly projects: ReadonlyArray<{
    readonly code: string;
    readonly name: string;
    readonly special: boolean;
    readonly indicators: readonly unknown[];
  }>;
}

export function checkPublication(src: PublicationInput, ctx: PublicationContext): Issue[] {
  const issues: Issue[] = [];
  const error = (path: ReadonlyArray<string | number>, message: string) =>
    issues.push({ severity: 'error', message, path });
  const set = ctx.sets.get(src.templateSet);
  if (!set) {
    error(
      ['templateSet'],
      `报表模板集“${src.templateSet}”不存在${suggestion(src.templateSet, ctx.sets.keys())}（可用：${[...ctx.sets.keys()].join('、')}）`,
    );
    return issues;
  }
  if (set.kind !== src.kind) {
    const fitting = [...ctx.sets.values()].filter((s) => s.kind === src.kind).map((s) => s.id);
    error(
      ['templateSet'],
      `类型为“${src.kind}”，但报表模板集“${set.id}”（${set.name}）用于${set.kind}，不能用${src.kind}数据生成${set.kind}公开表` +
        `（${src.kind}模板集：${fitting.join('、') || '无'}）`,
    );
  }
  const [from, to] = [set.years[0] ?? src.year, set.years[set.years.length - 1] ?? src.year];
  // a warning, not a refusal: a set is often used a year beyond the one it was drawn from
  // (multi-year stores, last year's figures) until that year's set exists
  if (src.year < from || src.year > to) {
    issues.push({
      severity: 'warning',
      path: ['templateSet'],
      message: `报表模板集“${set.id}”适用于 ${from === to ? `${from} 年` : `${from}–${to} 年`}，与年度 ${src.year} 不符，请确认表样未变`,
    });
  }
  // nothing vanishes: indicators of a project no table prints are reported where they were given
  src.projects.forEach((p, i) => {
    if (p.indicators.length === 0) return;
    const shown = set.indicatorProjects === 'all' || (set.indicatorProjects === 'special' && p.special);
    if (shown) return;
    issues.push({
      severity: 'warning',
      path: ['projects', i, 'indicators'],
      message:
        set.indicatorProjects === 'none'
          ? `项目“${p.name}”（${p.code}）的 ${p.indicators.length} 个绩效指标未使用：报表模板集“${set.id}”没有项目绩效目标表`
          : `项目“${p.name}”（${p.code}）的 ${p.indicators.length} 个绩效指标未使用：报表模板集“${set.id}”的项目支出绩效目标表只列专项项目，该项目未标为专项（是否专项 = 是 时才列出）`,
    });
  });
  const narrative = ctx.narrativeOf(set.id);
  const slots = Object.keys(narrative?.slots ?? {});
  for (const key of Object.keys(src.reasons)) {
    if (!narrative) {
      error(['reasons', key], `报表模板集“${set.id}”没有说明模板，说明插槽“${key}”不会被使用`);
      continue;
    }
    if (narrative.slots[key] !== undefined) continue;
    const family = key.includes('/') ? key.slice(0, key.indexOf('/')) : undefined;
    if (family !== undefined && narrative.families.includes(family) && key.length > family.length + 1) continue;
    error(
      ['reasons', key],
      `说明插槽“${key}”不存在${suggestion(key, [...slots, ...narrative.families.map((f) => `${f}/`)])}` +
        `（报表模板集“${set.id}”的插槽：${[...slots, ...narrative.families.map((f) => `${f}/<功能分类编码>`)].join('、')}）`,
    );
  }
  return issues;
}
