/**
 * Amounts of source data that carry their own unit: "42万元", "¥25,000元", "3.5 万". The unit
 * written in the cell wins over the document's unit (a finance officer who types 42万元 into a
 * 元 workbook means 420 000 元, not 42 元); a bare number takes the document's unit; a cell that
 * names two different units contradicts itself and is an error.
 */
import { type AmountParseError, type AmountUnit, type ParsedAmount, parseAmount } from './amount.ts';

/** The units a text names (元 / 万元; ¥ alone means 元), and the number without them. */
export function splitUnit(raw: string): { text: string; units: AmountUnit[] } {
  let s = raw.trim();
  const units = new Set<AmountUnit>();
  const currency = /^[¥￥]\s*/u.exec(s);
  if (currency) s = s.slice(currency[0].length);
  for (let m = /\s*(万元|万|元|圆)\s*$/u.exec(s); m; m = /\s*(万元|万|元|圆)\s*$/u.exec(s)) {
    units.add(m[1] === '万元' || m[1] === '万' ? '万元' : '元');
    s = s.slice(0, m.index);
  }
  if (currency && units.size === 0) units.add('元');
  return { text: s, units: [...units] };
}

/**
 * Parse an amount of a document kept in `unit`; the result is fen either way (fen are the same
 * whatever the unit). `converted` is the unit the cell itself named when that differs.
 */
export function parseAmountWithUnit(
  raw: string,
  unit: AmountUnit,
  opts: { readonly strict?: boolean } = {},
): (ParsedAmount & { readonly converted?: AmountUnit }) | AmountParseError {
  const { text, units } = splitUnit(raw);
  if (units.length > 1) {
    return { kind: 'error', reason: `“${raw.trim()}”同时写了“元”和“万元”两个单位，请只保留一个` };
  }
  const written = units[0];
  if (written === undefined) return parseAmount(raw, unit, opts);
  const p = parseAmount(text, written, opts);
  if (p.kind === 'error') return { kind: 'error', reason: p.reason.replace(`“${text.trim()}”`, `“${raw.trim()}”`) };
  if (p.kind !== 'value' || written === unit) return p;
  return { ...p, converted: written };
}
