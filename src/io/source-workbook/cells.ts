/**
 * Cell-level helpers shared by the workbook writer and reader: exact decimals in number cells,
 * header matching, column letters and dotted JSON paths.
 */
import { normaliseAmountText } from '../../core/money/amount.ts';
import { excelDecimal } from '../../readers/xlsx/display.ts';

export type Rec = Record<string, unknown>;

/**
 * The decimal a number cell holds, as Excel shows it: rounded to 15 significant digits, never in
 * exponent notation. Exact for every decimal of at most 15 significant digits.
 */
export function numberText(n: number): string {
  return excelDecimal(n);
}

/** Canonical spelling of a plain decimal ("+007.50" → "7.5"), or undefined. */
export function canonicalDecimal(s: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (!m[2] && !m[3])) return undefined;
  const int = (m[2] ?? '').replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** The cell value for an amount: a number when that is exact, otherwise the text as written. */
export function amountCellValue(v: string | number): string | number {
  const text = typeof v === 'number' ? String(v) : v;
  const plain = normaliseAmountText(text);
  const canonical = canonicalDecimal(plain);
  if (canonical === undefined) return text;
  const n = Number(plain);
  if (!Number.isFinite(n)) return text;
  return canonicalDecimal(numberText(n)) === canonical ? n : text;
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Header / key labels compared without spaces, “*” marks and full/half-width bracket variants. */
export function labelKey(s: string): string {
  return s
    .replace(/[\s\u3000*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[“”"]/g, '')
    .replace(/：/g, ':');
}

export function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The value at a dotted path of a JSON object, or undefined. */
export function getPath(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const k of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Set the value at a dotted path, creating the objects on the way. */
export function setPath(obj: Rec, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next && typeof next === 'object') cur = next as Rec;
    else {
      const created: Rec = {};
      cur[p] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1] as string] = value;
}
