/**
 * Spelling normalisation for text extracted from published PDFs.
 *
 * Two strengths:
 *  - `cleanCellText`: what a cell prints, minus extraction noise (markdown bold, HTML paragraph
 *    tags, full-width digits, stray spaces inside numbers). Labels, row keys and text cells keep
 *    this form, so they read as printed (full-width brackets stay full-width).
 *  - `matchKey` / `titleKey`: a comparison key that also folds bracket widths, dash variants,
 *    quotes and all whitespace. Titles, header texts and labels are matched on these keys only.
 */

import { normaliseTitle } from '../../core/package/index.ts';

const FULLWIDTH_DIGIT_0 = 0xff10;
const FULLWIDTH_DIGIT_9 = 0xff19;

/** Full-width digits and the full-width decimal point / percent sign / minus become ASCII. */
export function asciiDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= FULLWIDTH_DIGIT_0 && code <= FULLWIDTH_DIGIT_9) out += String.fromCodePoint(code - 0xfee0);
    else if (ch === '．') out += '.';
    else if (ch === '％') out += '%';
    else if (ch === '\u00a0' || ch === '\u2002' || ch === '\u2003' || ch === '\u2009') out += ' ';
    else out += ch;
  }
  return out;
}

/** Remove markdown emphasis and HTML paragraph/line-break tags; tags become spaces. */
export function stripMarkup(s: string): string {
  return s
    .replace(/<\/?(?:p|br|span|div|b|strong|i|em)\b[^>]*>/gi, ' ')
    .replace(/\*\*/g, '')
    .replace(/__(?=\S)|(?<=\S)__/g, '');
}

/** A cell that is a number apart from stray spaces ("365. 55", "1 234.50", "0. 00"). */
const SPACED_NUMBER = /^[-+]?\d[\d\s,]*(?:\.\s*\d[\d\s]*)?%?$/;

/** Collapse whitespace runs to one space and trim. */
export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u3000]+/g, ' ').trim();
}

/** The printed text of a cell without extraction noise. */
export function cleanCellText(raw: string): string {
  let s = collapseSpaces(stripMarkup(asciiDigits(raw)));
  if (SPACED_NUMBER.test(s)) s = s.replace(/\s+/g, '');
  return s;
}

const CJK = '\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const CJK_GAP = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'g');

/**
 * A row label as a row key: whitespace collapsed, and spaces between two CJK characters removed
 * ("收 入 总 计" → "收入总计"; "(一) 一般公共服务支出" keeps its space).
 */
export function labelKey(s: string): string {
  return collapseSpaces(s).replace(CJK_GAP, '');
}

/** Comparison key: no whitespace, ASCII brackets, one dash spelling, straight quotes, no trailing colon. */
export function matchKey(s: string): string {
  return asciiDigits(stripMarkup(s))
    .replace(/[\s\u3000]/g, '')
    .replace(/[（(〔［[]/g, '(')
    .replace(/[）)〕］\]]/g, ')')
    .replace(/[—–－‐-]+/g, '-')
    .replace(/[“”"‘’']/g, '"')
    .replace(/[：:]$/g, '');
}

/** Leading numbering of a label: "一、", "(一)", "（1）", "1.", "1、", "①". */
const NUMBERING =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、.．](?!\d)|[①-⑳])\s*/;

export function stripNumbering(s: string): string {
  return s.replace(NUMBERING, '');
}

/** Key of a name for evidence matching across tables: numbering and spacing removed. */
export function nameKey(s: string): string {
  return matchKey(stripNumbering(collapseSpaces(s)).replace(/^其中[:：]?/, ''));
}

/**
 * Key of a table title: the package's title comparison (normaliseTitle: no spacing, one bracket
 * width, one dash spelling) after removing the prefixes documents put before a title ("2020 年",
 * "附件 3", "表一：", "公开01表", "一、").
 */
export function titleKey(s: string): string {
  let t = collapseSpaces(stripMarkup(asciiDigits(s)));
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t
      .replace(/^附件\s*\d+\s*[:：]?\s*/, '')
      .replace(/^(?:绩效)?表[一二三四五六七八九十\d]+\s*[:：]\s*/, '')
      .replace(/^公开\d+表\s*/, '')
      .replace(/^\d{4}\s*年度?\s*/, '')
      .replace(/^[一二三四五六七八九十]+、\s*/, '');
    if (t === before) break;
  }
  return normaliseTitle(t);
}

/** A decimal amount as printed ("559.57", "0.00", "111.6768", "1,234.50"). */
export function isDecimalAmount(s: string): boolean {
  return /^[-+]?\d{1,3}(?:,\d{3})*\.\d+$|^[-+]?\d+\.\d+$/.test(s);
}

/** An integer ("9", "60", "004001"). */
export function isInteger(s: string): boolean {
  return /^\d+$/.test(s);
}

/** Any amount-like token (decimal or integer, optional thousands separators). */
export function isAmountLike(s: string): boolean {
  return isDecimalAmount(s) || /^[-+]?\d{1,3}(?:,\d{3})+$|^[-+]?\d+$/.test(s);
}

const TOTAL_LABELS = new Set(['合计', '总计', '小计']);

/** Is this label a total (合计 / 总计), spacing ignored? */
export function isTotalLabel(s: string, extra: readonly string[] = []): boolean {
  const k = matchKey(s);
  return TOTAL_LABELS.has(k) || extra.some((e) => matchKey(e) === k);
}

/** Is the leaf name a total of its group (合计, 小计, 总计, "一般公共预算小计", "“三公”经费合计")? */
export function isTotalName(s: string): boolean {
  const k = matchKey(s);
  return TOTAL_LABELS.has(k) || /(?:合计|小计|总计|总额)$/.test(k);
}
