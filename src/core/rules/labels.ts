/**
 * One normalisation for every label the checker addresses (row keys, column paths): documents
 * differ in bracket and digit width, numbering style (一、 / （一） / (一) / 1. / （1） / none),
 * spacing, quotes, 合计/总计 and unit notes inside labels ("金额（万元）"). Rules name a row by
 * its code or by its label as the template defines it; the index resolves that name against what
 * the document printed through this normalisation, so no rule has to carry a sample's spelling.
 */

const NUMBERING =
  /^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百]+[)）][、.．]?|[(（]\d+[)）][、.．]?|\d+(?:\.\d+)*[、.．](?!\d)|[①-⑳])\s*/u;
const UNIT_NOTE = /[(（]\s*(?:单位[:：])?\s*(?:万元|元|千元)\s*[)）]|单位[:：]\s*(?:万元|元|千元)/gu;

/** Spelling-level normalisation: width, spacing, quotes, dashes, unit notes; numbering kept. */
export function spellLabel(label: string): string {
  return label
    .normalize('NFKC')
    .replace(UNIT_NOTE, '')
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[“”"‘’'「」]/gu, '')
    .replace(/[—–－‐-]+/gu, '-')
    .replace(/[：]/gu, ':');
}

/** A label without its numbering ("（一）一般公共预算拨款" → "一般公共预算拨款"). */
export function bareLabel(label: string): string {
  let s = spellLabel(label);
  // numbering may stack ("二、(一)…") after a repair joined two headings
  for (let i = 0; i < 3; i++) {
    const next = s.replace(NUMBERING, '');
    if (next === s) break;
    s = next;
  }
  return s;
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function chineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? (NUMERALS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (NUMERALS[m[2]] ?? 0) : 0);
  return s.length === 1 ? NUMERALS[s] : undefined;
}

/**
 * The numbers of a label's numbering ("二、(一)…" → [2, 1]; "（3）…" → [3]); [] without numbering.
 * Two labels whose numberings both print must agree on them: "2.培训费" is not "3.培训费".
 */
export function numberingOf(label: string): number[] {
  let s = spellLabel(label);
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const m = NUMBERING.exec(s);
    if (!m) break;
    const digits = /[一二三四五六七八九十百]+|\d+/.exec(m[0].replace(/\.\d+/g, ''))?.[0] ?? '';
    const circled = m[0].codePointAt(0) ?? 0;
    const n = circled >= 0x2460 && circled <= 0x2473 ? circled - 0x245f : chineseNumber(digits);
    if (n !== undefined) out.push(n);
    s = s.slice(m[0].length);
  }
  return out;
}

/** The numbering style of a label (一、 / （一） / 1. / 1、 / （1） / ①), or undefined when unnumbered. */
export function numberingStyle(label: string): string | undefined {
  const s = spellLabel(label);
  if (/^[一二三四五六七八九十百]+[、.．]/.test(s)) return 'cn、';
  if (/^\([一二三四五六七八九十百]+\)/.test(s)) return 'cn()';
  if (/^\(\d+\)/.test(s)) return 'num()';
  if (/^\d+[.．](?!\d)/.test(s)) return 'num.';
  if (/^\d+、/.test(s)) return 'num、';
  if (/^[①-⑳]/.test(s)) return 'circled';
  return undefined;
}

function compatibleNumbering(a: string, b: string): boolean {
  const pa = a.split('/');
  const pb = b.split('/');
  return pa.every((x, i) => {
    const na = numberingOf(x);
    const nb = numberingOf(pb[i] ?? '');
    return na.length === 0 || nb.length === 0 || na.join('.') === nb.join('.');
  });
}

/** A path of labels joined by "/" (a row key under a parent, a column path), component by component. */
export function normalisePath(path: string, f: (s: string) => string): string {
  return path
    .split('/')
    .map((p) => f(p))
    .join('/');
}

const TOTAL_WORDS = new Set(['合计', '总计']);

/** Is this label the table's grand total row (合计 or 总计, however written)? */
export function isTotalLabel(label: string): boolean {
  return TOTAL_WORDS.has(bareLabel(label));
}

/**
 * Resolves a wanted label against the labels a table has: exact, then by spelling, then by the
 * bare label when exactly one candidate matches, then 合计 ↔ 总计 when only one of them is printed.
 * Returns undefined when nothing matches, or when several candidates match equally (ambiguous).
 */
export function resolveLabel(
  wanted: string,
  have: Iterable<string>,
): { key: string } | { ambiguous: string[] } | undefined {
  const all = [...have];
  if (all.includes(wanted)) return { key: wanted };
  for (const f of [spellLabel, bareLabel]) {
    const w = normalisePath(wanted, f);
    const hits = all.filter((k) => normalisePath(k, f) === w && compatibleNumbering(k, wanted));
    if (hits.length === 1) return { key: hits[0] as string };
    if (hits.length > 1) {
      // a numbered label prefers the namesake printed with the same number over an unnumbered one
      const wantedNumbers = numberingOf(wanted.split('/').pop() ?? '').join('.');
      const numbered = wantedNumbers
        ? hits.filter((k) => numberingOf(k.split('/').pop() ?? '').join('.') === wantedNumbers)
        : hits.filter((k) => numberingOf(k.split('/').pop() ?? '').length === 0);
      if (numbered.length === 1) return { key: numbered[0] as string };
      return { ambiguous: hits };
    }
  }
  if (isTotalLabel(wanted)) {
    const totals = all.filter((k) => isTotalLabel(k));
    if (totals.length === 1) return { key: totals[0] as string };
  }
  return undefined;
}
