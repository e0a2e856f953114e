/**
 * 说明与表: checks of the explanatory text against the tables and against itself. A text rule
 * finds sentences by a pattern (data), reads the numbers it captures, and asserts relations:
 * a percentage recomputed from amounts, an amount equal to a table cell, a change and its growth
 * rate, a direction word that agrees with the numbers. Printed percentages are compared at the
 * precision they are printed with; the error that rounding the amounts themselves can cause is
 * computed and reported as 尾数 (提示) rather than 错误.
 */
import { Decimal } from 'decimal.js';
import type { Finding } from '../findings/model.ts';
import { type Fen, formatWan } from '../money/amount.ts';
import type { PackageIndex } from '../package/index.ts';
import type { TextSection } from '../package/model.ts';
import { resolveLabel } from './labels.ts';
import type { Operand, Rule, TextAssert, TextCheckSpec } from './schema.ts';

const NUMBER = '[0-9][0-9 ,]*(?:\\.[ 0-9]*[0-9])?';
/** one printed amount carries up to half a cent of 万元 of rounding */
const HALF_CENT = new Decimal('0.005');

interface Value {
  /** value in 万元 */
  readonly v: Decimal;
  /** rounding error it may carry, in 万元 */
  readonly err: Decimal;
  readonly text: string;
}

export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern.replaceAll('{amount}', NUMBER).replaceAll('{percent}', NUMBER), 'gu');
}

function cleanNumber(text: string): string {
  return text.replace(/[\s,]/g, '');
}

export function runTextRule(rule: Rule, check: TextCheckSpec, index: PackageIndex): Finding[] {
  const sections = index.pkg.sections ?? [];
  const selectors = (check.sections ?? []).map((s) => new RegExp(s));
  const out: Finding[] = [];
  for (const section of sections) {
    const label = `${section.number} ${section.title}`;
    if (selectors.length > 0 && !selectors.some((re) => re.test(label))) continue;
    const re = compilePattern(check.pattern);
    for (const m of section.text.matchAll(re)) {
      const groups = m.groups ?? {};
      const sentence = enclosingSentence(section.text, m.index ?? 0, m[0].length);
      for (const a of check.asserts) {
        const f = judgeAssert(rule, a, groups, index, section, sentence);
        if (!f) continue;
        // one 无法核对 per rule and missing operand, however many sentences name it
        if (f.status === 'unverifiable') {
          if (out.some((x) => x.status === 'unverifiable' && x.message === f.message)) continue;
        }
        out.push(f);
      }
    }
  }
  return out;
}

/** The sentence(s) around a match: from the previous 。/line break to the next one. */
export function enclosingSentence(text: string, start: number, length: number): string {
  const stops = /[。\n]/g;
  let from = 0;
  for (const m of text.slice(0, start).matchAll(stops)) from = (m.index ?? 0) + 1;
  const rest = text.slice(start + length);
  const next = rest.search(/[。\n]/);
  const to = next < 0 ? text.length : start + length + next + 1;
  return text.slice(from, to).trim();
}

function captured(groups: Record<string, string | undefined>, name: string): Value | undefined {
  const raw = groups[name];
  if (raw === undefined) return undefined;
  const text = cleanNumber(raw);
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return { v: new Decimal(text), err: HALF_CENT, text };
}

/** What a text rule could not read: the 无法核对 reason. */
interface Missing {
  readonly missing: string;
}
type Read = Value | Missing | undefined;
const isMissing = (r: Read): r is Missing => r !== undefined && 'missing' in r;

function operand(op: Operand, groups: Record<string, string | undefined>, index: PackageIndex): Read {
  if ('capture' in op) return captured(groups, op.capture);
  if ('cell' in op) {
    // "{name}" in an address stands for what the sentence captured (e.g. the column it names)
    const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, g: string) => groups[g] ?? '');
    const title = fill(op.cell.table);
    const t = index.table(title);
    if (!t || t.table.cells.length === 0) return { missing: `未找到表“${title}”或该表没有数据` };
    const row = resolveLabel(fill(op.cell.row), t.rows);
    const column = resolveLabel(fill(op.cell.column), t.columns);
    if (!row || 'ambiguous' in row) return { missing: `表“${t.table.title}”没有唯一的“${fill(op.cell.row)}”行` };
    if (!column || 'ambiguous' in column)
      return { missing: `表“${t.table.title}”没有唯一的“${fill(op.cell.column)}”栏` };
    const c = t.get(row.key, column.key);
    // a printed row with a blank cell in that column shows no amount: it reads as zero
    const fen: Fen = c?.printed ?? 0n;
    return {
      v: new Decimal(fen.toString()).div(1_000_000),
      err: c && !c.blank ? HALF_CENT : new Decimal(0),
      text: formatWan(fen),
    };
  }
  const parts = ('plus' in op ? op.plus : op.minus).map((x) => operand(x, groups, index));
  const gap = parts.find(isMissing);
  if (gap) return gap;
  if (parts.some((p) => p === undefined)) return undefined;
  const vs = parts as Value[];
  const v = 'plus' in op ? vs.reduce((s, p) => s.add(p.v), new Decimal(0)) : (vs[0] as Value).v.sub((vs[1] as Value).v);
  return { v, err: vs.reduce((s, p) => s.add(p.err), new Decimal(0)), text: v.toFixed(2) };
}

function places(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

/** percent = part / whole × 100: |printed − computed| against printing and propagated rounding. */
function percentCheck(
  p: Value,
  part: Value,
  whole: Value,
): { ok: boolean; rounding: boolean; computed: Decimal; bound: Decimal } | null {
  if (whole.v.isZero()) return null; // no ratio against a zero base (DOMAIN §6.3): tolerated
  const computed = part.v.div(whole.v).mul(100);
  const printHalf = new Decimal(5).div(new Decimal(10).pow(places(p.text) + 1));
  // d(a/b) ≤ ea/|b| + |a|·eb/b²
  const propagated = part.err
    .div(whole.v.abs())
    .add(part.v.abs().mul(whole.err).div(whole.v.pow(2)))
    .mul(100);
  const diff = p.v.sub(computed).abs();
  const eps = new Decimal('1e-9');
  if (diff.lte(printHalf.add(eps))) return { ok: true, rounding: false, computed, bound: printHalf };
  const bound = printHalf.add(propagated);
  return { ok: false, rounding: diff.lte(bound.add(eps)), computed, bound };
}

function finding(
  rule: Rule,
  section: TextSection,
  sentence: string,
  detail: string,
  severity: Finding['severity'],
  extra: Partial<Finding> = {},
): Finding {
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity,
    message: rule.message.replaceAll('{detail}', detail).replaceAll('{section}', `${section.number} ${section.title}`),
    location: {
      section: `${section.number} ${section.title}`,
      sentence: sentence.trim(),
      ...(section.page !== undefined ? { page: section.page } : {}),
      ...(section.line !== undefined ? { line: section.line } : {}),
    },
    ...extra,
  };
}

/** 无法核对: the sentence names an amount the tables do not show (never compared with 0). */
function cannotCheck(rule: Rule, section: TextSection, sentence: string, gap: Missing): Finding {
  return {
    ...finding(rule, section, sentence, gap.missing, '提示'),
    status: 'unverifiable',
    message: `无法核对“${rule.title}”：${gap.missing}（缺少的数据不按 0 计算）`,
  };
}

const UP = /增加|增长|上升|提高|多/;
const DOWN = /减少|下降|降低|少/;

function judgeAssert(
  rule: Rule,
  a: TextAssert,
  groups: Record<string, string | undefined>,
  index: PackageIndex,
  section: TextSection,
  sentence: string,
): Finding | null {
  switch (a.kind) {
    case 'percent-of': {
      const p = captured(groups, a.percent);
      const part = operand(a.part, groups, index);
      const whole = operand(a.whole, groups, index);
      const gap = [part, whole].find(isMissing);
      if (gap) return cannotCheck(rule, section, sentence, gap);
      if (!p || !part || !whole || isMissing(part) || isMissing(whole)) return null;
      const r = percentCheck(p, part, whole);
      if (!r || r.ok) return null;
      const shown = r.computed.toFixed(places(p.text), Decimal.ROUND_HALF_UP);
      const detail = `文中为 ${p.text}%，按 ${part.text} ÷ ${whole.text} 计算应为 ${shown}%`;
      return finding(rule, section, sentence, detail, r.rounding ? '提示' : rule.severity, {
        lhs: p.text,
        rhs: r.computed.toFixed(4),
        bound: r.bound.toFixed(4),
      });
    }
    case 'change': {
      const current = operand(a.current, groups, index);
      const amount = captured(groups, a.amount);
      const word = groups[a.word] ?? '';
      if (isMissing(current)) return cannotCheck(rule, section, sentence, current);
      if (!current || !amount) return null;
      const up = UP.test(word) && !DOWN.test(word);
      if (a.percentWord) {
        const pw = groups[a.percentWord] ?? '';
        if (pw && UP.test(pw) !== up) {
          return finding(rule, section, sentence, `增减方向前后矛盾：“${word}”与“${pw}”`, rule.severity);
        }
      }
      if (!a.percent) return null;
      const p = captured(groups, a.percent);
      if (!p) return null;
      const base: Value = {
        v: up ? current.v.sub(amount.v) : current.v.add(amount.v),
        err: current.err.add(amount.err),
        text: '',
      };
      const baseText = base.v.toFixed(2);
      const r = percentCheck(p, amount, { ...base, text: baseText });
      if (!r || r.ok) return null;
      const detail = `文中为 ${p.text}%，按变动额 ${amount.text} ÷ 上期数 ${baseText}（${current.text} ${up ? '−' : '+'} ${amount.text}）计算应为 ${r.computed.toFixed(places(p.text), Decimal.ROUND_HALF_UP)}%`;
      return finding(rule, section, sentence, detail, r.rounding ? '提示' : rule.severity, {
        lhs: p.text,
        rhs: r.computed.toFixed(4),
        bound: r.bound.toFixed(4),
      });
    }
    case 'equals': {
      const value = captured(groups, a.value);
      const other = operand(a.other, groups, index);
      if (isMissing(other)) return cannotCheck(rule, section, sentence, other);
      if (!value || !other) return null;
      const diff = value.v.sub(other.v).abs();
      if (diff.isZero()) return null;
      const bound = value.err.add(other.err);
      const detail = `文中为 ${value.text} 万元，表中为 ${other.text} 万元，相差 ${value.v.sub(other.v).toFixed(2)} 万元`;
      return finding(rule, section, sentence, detail, diff.lte(bound) ? '提示' : rule.severity, {
        lhs: value.text,
        rhs: other.text,
        difference: value.v.sub(other.v).toFixed(2),
        bound: bound.toFixed(3),
      });
    }
    case 'compare-word': {
      const left = operand(a.left, groups, index);
      const right = operand(a.right, groups, index);
      const word = groups[a.word] ?? '';
      const gap = [left, right].find(isMissing);
      if (gap) return cannotCheck(rule, section, sentence, gap);
      if (!left || !right || !word || isMissing(left) || isMissing(right)) return null;
      const cmp = left.v.cmp(right.v);
      const expected = cmp > 0 ? '大于' : cmp < 0 ? '小于' : '等于';
      if (word.includes(expected)) return null;
      return finding(
        rule,
        section,
        sentence,
        `文中写“${word}”，但 ${left.text} ${expected} ${right.text}`,
        rule.severity,
      );
    }
    case 'defect': {
      const v = a.value ? captured(groups, a.value) : undefined;
      const detail = sentence.trim();
      // a defect that leaves the value unchanged (0元 for 0万元) is worth a note, not an error
      const severity = v?.v.isZero() ? '提示' : rule.severity;
      return finding(rule, section, sentence, detail, severity);
    }
  }
}
