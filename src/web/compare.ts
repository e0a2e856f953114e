/**
 * Compare views. Across years: one department's spending by 功能分类 aligned by code, with the
 * change and the reason its 说明 gives. Across departments: one year's totals side by side, per
 * person where the 说明 states the staff count. Pure: packages in, model and HTML out.
 */
import type { Fen } from '../core/money/amount.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { narrativeParagraphs, sectionAnchor } from '../renderers/html.ts';
import { basicProject, changePercent, functionalTree, sangong, wan, type YearPackage } from './chart-data.ts';
import { html, type Raw, raw } from './html.ts';

export interface YearRow {
  readonly code: string;
  readonly label: string;
  readonly depth: number;
  /** one value per year (same order as the years) */
  readonly values: readonly (Fen | null)[];
}

export interface Reason {
  readonly text: string;
  /** anchor of the sentence in the later year's page (#s-…) */
  readonly anchor: string;
}

export interface YearComparison {
  readonly years: readonly number[];
  readonly rows: readonly YearRow[];
  /** reasons the latest year's 说明 gives, by code */
  readonly reasons: ReadonlyMap<string, Reason>;
}

/** Sentences of the 说明 that explain an increase or decrease, with their anchors. */
export function reasonSentences(pkg: DisclosurePackage): Reason[] {
  const out: Reason[] = [];
  for (const s of pkg.sections ?? []) {
    narrativeParagraphs(s.text).forEach((p, i) => {
      for (const sentence of p.split(/(?<=[。；])/)) {
        if (/(增加|减少|增长|下降|持平)/.test(sentence) && /(主要|原因|是因为|用于)/.test(sentence)) {
          out.push({ text: sentence.trim(), anchor: `s-${sectionAnchor(s.number)}-${i}` });
        }
      }
    });
  }
  return out;
}

export function compareYears(packages: readonly YearPackage[]): YearComparison {
  const sorted = [...packages].sort((a, b) => a.year - b.year);
  const years = sorted.map((p) => p.year);
  const byCode = new Map<string, { label: string; depth: number; values: (Fen | null)[] }>();
  sorted.forEach((p, yi) => {
    const walk = (rows: ReturnType<typeof functionalTree>, depth: number) => {
      for (const r of rows ?? []) {
        const code = r.code ?? r.label;
        const entry = byCode.get(code) ?? { label: r.label, depth, values: years.map(() => null) };
        entry.values[yi] = r.values[0] ?? null;
        entry.label = r.label;
        byCode.set(code, entry);
        walk(r.children as ReturnType<typeof functionalTree>, depth + 1);
      }
    };
    walk(functionalTree(p.pkg), 0);
  });
  const rows = [...byCode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, e]) => ({ code, label: e.label, depth: e.depth, values: e.values }));
  const latest = sorted[sorted.length - 1];
  const reasons = new Map<string, Reason>();
  if (latest) {
    const sentences = reasonSentences(latest.pkg);
    for (const r of rows) {
      const hit = sentences.find((s) => s.text.includes(r.label));
      if (hit) reasons.set(r.code, hit);
    }
    // the overall reason (total spending) under the pseudo-code "total"
    const overall = sentences.find((s) => /(支出|收支|预算数|决算数|总计)/.test(s.text));
    if (overall) reasons.set('total', overall);
  }
  return { years, rows, reasons };
}

export function yearComparisonTable(cmp: YearComparison, latestHref: string): Raw {
  const n = cmp.years.length;
  const last = n - 1;
  const prev = n - 2;
  const total = (yi: number) =>
    cmp.rows
      .filter((r) => r.depth === 0)
      .reduce<Fen | null>((s, r) => (r.values[yi] === null ? s : (s ?? 0n) + (r.values[yi] as Fen)), null);
  const change = (a: Fen | null, b: Fen | null) =>
    a === null || b === null ? '' : html`<span class="${b > a ? 'up' : b < a ? 'down' : ''}">${wan(b - a)}</span>`;
  const reasonCell = (code: string) => {
    const r = cmp.reasons.get(code);
    return r ? html`<a href="${latestHref}#${r.anchor}">${r.text}</a>` : '';
  };
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="按功能分类逐年对比"><table class="simple">
<thead><tr><th scope="col">科目</th>${cmp.years.map((y) => html`<th scope="col" class="num">${y}年</th>`)}
${n > 1 ? html`<th scope="col" class="num">增减</th><th scope="col" class="num">增减率</th><th scope="col">说明中的原因</th>` : ''}</tr></thead>
<tbody><tr><th scope="row"><strong>合计</strong></th>${cmp.years.map((_, yi) => html`<td class="num"><strong>${wan(total(yi))}</strong></td>`)}
${n > 1 ? html`<td class="num">${change(total(prev), total(last))}</td><td class="num">${changePercent(total(prev), total(last))}</td><td>${reasonCell('total')}</td>` : ''}</tr>
${cmp.rows.map(
  (
    r,
  ) => html`<tr><th scope="row">${'　'.repeat(r.depth)}${r.code} ${r.label}</th>${r.values.map((v) => html`<td class="num">${wan(v)}</td>`)}
${n > 1 ? html`<td class="num">${change(r.values[prev] ?? null, r.values[last] ?? null)}</td><td class="num">${changePercent(r.values[prev] ?? null, r.values[last] ?? null)}</td><td>${reasonCell(r.code)}</td>` : ''}</tr>`,
)}</tbody></table></div>`;
}

export interface PeerInput {
  readonly name: string;
  readonly href: string;
  readonly pkg: DisclosurePackage;
}

export interface PeerRow {
  readonly name: string;
  readonly href: string;
  readonly total: Fen | null;
  readonly basic: Fen | null;
  readonly project: Fen | null;
  readonly sangong: Fen | null;
  /** 实有人数 stated in the 说明, when it states one */
  readonly staff: number | null;
}

/** 实有人数 as the 说明 states it ("实有人数53人", "实有人员41人"). */
export function staffCount(pkg: DisclosurePackage): number | null {
  for (const s of pkg.sections ?? []) {
    const m = s.text.match(/实有(?:人数|人员)[^\d]{0,4}(\d+)\s*人/);
    if (m) return Number(m[1]);
  }
  return null;
}

export function comparePeers(inputs: readonly PeerInput[]): PeerRow[] {
  return inputs.map((p) => {
    const bp = basicProject(p.pkg);
    const tree = functionalTree(p.pkg);
    const sg = sangong(p.pkg);
    const sum = (vs: readonly (Fen | null | undefined)[] | undefined) =>
      vs?.some((v) => v !== null && v !== undefined) ? vs.reduce<Fen>((s, v) => s + (v ?? 0n), 0n) : null;
    return {
      name: p.name,
      href: p.href,
      total: sum(tree?.map((r) => r.values[0])),
      basic: bp?.[0]?.values[0] ?? null,
      project: bp?.[1]?.values[0] ?? null,
      sangong: sum(sg),
      staff: staffCount(p.pkg),
    };
  });
}

/** An amount per person in 万元, rounded half up from the exact figure. */
function perPerson(v: Fen | null, staff: number | null): string {
  if (v === null || !staff) return '';
  const n = BigInt(staff);
  // round half up at 0.01 万元 (10_000 fen)
  const cents = (v * 2n + n * 10_000n) / (n * 20_000n);
  return wan(cents * 10_000n);
}

export function peerTable(rows: readonly PeerRow[]): Raw {
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="部门间对比"><table class="simple">
<thead><tr><th scope="col">部门</th><th scope="col" class="num">支出合计</th><th scope="col" class="num">基本支出</th><th scope="col" class="num">项目支出</th>
<th scope="col" class="num">“三公”经费</th><th scope="col" class="num">实有人数</th><th scope="col" class="num">人均支出</th><th scope="col" class="num">人均基本支出</th></tr></thead>
<tbody>${rows.map(
    (
      r,
    ) => html`<tr><th scope="row"><a href="${r.href}">${r.name}</a></th><td class="num">${wan(r.total)}</td><td class="num">${wan(r.basic)}</td>
<td class="num">${wan(r.project)}</td><td class="num">${wan(r.sangong)}</td><td class="num">${r.staff ?? '未说明'}</td>
<td class="num">${perPerson(r.total, r.staff)}</td><td class="num">${perPerson(r.basic, r.staff)}</td></tr>`,
  )}</tbody></table></div>
<p class="muted">人均 = 金额 ÷ 说明中所列实有人数，四舍五入到 0.01 万元；说明未列人数的部门不计算人均。</p>${raw('')}`;
}
