/**
 * Exact money. Every amount is an integer number of fen (分) held in a bigint.
 * Documents write amounts in 元 or 万元 with arbitrary stray characters; this module
 * turns such text into fen and back, and rounds for display (0.01 万元, half up).
 *
 * No JS number ever carries an amount: parsing works on the digit string, arithmetic on bigint.
 */

/** An amount in fen (1 元 = 100 fen; 1 万元 = 1 000 000 fen). */
export type Fen = bigint;

export type AmountUnit = '元' | '万元';

/** fen per one unit of the given currency unit. */
export const FEN_PER: Readonly<Record<AmountUnit, bigint>> = { 元: 100n, 万元: 1_000_000n };

/** Decimal places of the unit that are still whole fen. */
const FEN_PLACES: Readonly<Record<AmountUnit, number>> = { 元: 2, 万元: 6 };

export const ZERO: Fen = 0n;

export type ParsedAmount =
  | { readonly kind: 'blank' }
  | {
      readonly kind: 'value';
      readonly fen: Fen;
      /** decimal places written in the source text (e.g. "111.6768" → 4). */
      readonly places: number;
    };

export type AmountParseError = { readonly kind: 'error'; readonly reason: string };

const FULLWIDTH_OFFSET = 0xfee0;

/**
 * Normalise the spelling of an amount as it appears in documents and workbooks:
 * full-width digits and signs, stray spaces inside the number ("365. 55"), thousands
 * separators ("1,234.50" and "9，501，164"), and a trailing unit word.
 */
export function normaliseAmountText(raw: string): string {
  let s = '';
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    // Full-width ASCII block (！..～) maps onto ASCII by a fixed offset.
    if (code >= 0xff01 && code <= 0xff5e) s += String.fromCodePoint(code - FULLWIDTH_OFFSET);
    else if (ch === '\u3000' || ch === '\u00a0') s += ' ';
    else if (ch === '−' || ch === '–' || ch === '—' || ch === '－') s += '-';
    else s += ch;
  }
  s = s.trim();
  s = s.replace(/(万元|元)$/u, '').trim();
  // Spaces and thousands separators never carry meaning inside a number.
  return s.replace(/[\s,]/g, '');
}

/**
 * Separators that change the number: thousands separators only in groups of three before the
 * decimal point ("1,234.50", "9，501，164"; not "1,2,3" or "1,23"), and — in strict mode, for
 * source data typed by people — no space between digits ("12 34" is two numbers or a typo, never
 * 1234; published documents keep their stray spaces, as in "365. 55").
 */
export function amountSpellingError(raw: string, strict: boolean): string | undefined {
  let s = '';
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    s += code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - FULLWIDTH_OFFSET) : ch;
  }
  s = s
    .trim()
    .replace(/(万元|元)$/u, '')
    .trim();
  const shown = raw.trim();
  if (strict && /\d[\s\u3000\u00a0]+[\d.]|\.[\s\u3000\u00a0]+\d/.test(s))
    return `“${shown}”的数字中间有空格，不是有效的金额`;
  if (s.includes(',')) {
    const body = s.replace(/^[+\-−–—]/, '').replace(/\s/g, strict ? '\u0000' : '');
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(body))
      return `“${shown}”的千分位分隔符位置不对（应每三位一组，如 1,234.50）`;
  }
  return undefined;
}

/** Strings that mean "no amount" in published tables. */
const BLANK_MARKS = new Set(['', '-', '--', '/', '—', '——', '－']);

/**
 * Parse an amount written in `unit`. Blank cells and dashes are `blank`; text that is not a
 * number, or that is more precise than one fen, is an error with a Chinese reason.
 */
export function parseAmount(
  raw: string,
  unit: AmountUnit,
  opts: { readonly strict?: boolean } = {},
): ParsedAmount | AmountParseError {
  if (BLANK_MARKS.has(raw.trim())) return { kind: 'blank' };
  const spelling = amountSpellingError(raw, opts.strict ?? false);
  if (spelling) return { kind: 'error', reason: spelling };
  const s = normaliseAmountText(raw);
  if (BLANK_MARKS.has(s)) return { kind: 'blank' };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    return { kind: 'error', reason: `“${raw.trim()}”不是有效的金额` };
  }
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] === '' ? '0' : (m[2] as string);
  const fracRaw = m[3] ?? '';
  const places = fracRaw.length;
  const maxPlaces = FEN_PLACES[unit];
  // Trailing zeros beyond fen precision are harmless ("1.230000000" 元).
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > maxPlaces) {
    return {
      kind: 'error',
      reason: `“${raw.trim()}”的精度超过 1 分（以${unit}计最多 ${maxPlaces} 位小数）`,
    };
  }
  // FEN_PLACES is chosen so that the padded fraction is a count of fen.
  const fen = BigInt(intPart) * FEN_PER[unit] + BigInt(frac.padEnd(maxPlaces, '0'));
  return { kind: 'value', fen: sign * fen, places };
}

/** Parse or throw; for trusted, programmatic input (fixtures, templates). */
export function amount(text: string, unit: AmountUnit = '万元'): Fen {
  const p = parseAmount(text, unit);
  if (p.kind === 'error') throw new Error(p.reason);
  return p.kind === 'blank' ? 0n : p.fen;
}

/** Convert a fen amount to the same value counted in another unit, as an exact digit string. */
export function fenToDecimalString(fen: Fen, unit: AmountUnit, minPlaces = 0): string {
  const per = FEN_PER[unit];
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const whole = abs / per;
  const fracDigits = FEN_PLACES[unit];
  let frac = (abs % per).toString().padStart(fracDigits, '0').replace(/0+$/, '');
  if (frac.length < minPlaces) frac = frac.padEnd(minPlaces, '0');
  const body = frac.length > 0 ? `${whole}.${frac}` : `${whole}`;
  return neg && abs !== 0n ? `-${body}` : body;
}

/**
 * Round to a multiple of `step` fen, half away from zero (“四舍五入”: 0.005 → 0.01, −0.005 → −0.01).
 */
export function roundFen(fen: Fen, step: bigint): Fen {
  if (step <= 0n) throw new Error('step must be positive');
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const q = abs / step;
  const r = abs % step;
  const rounded = (r * 2n >= step ? q + 1n : q) * step;
  return neg ? -rounded : rounded;
}

/** One published cent of 万元: 0.01 万元 = 100 元 = 10 000 fen. */
export const WAN_CENT: Fen = 10_000n;

/** Round to 0.01 万元, half up, as published tables print. */
export function roundToWanCent(fen: Fen): Fen {
  return roundFen(fen, WAN_CENT);
}

export interface FormatOptions {
  /** decimal places to print (default 2) */
  readonly places?: number;
  /** insert thousands separators (Shanghai style "2,961.68"); default false (Hunan style) */
  readonly grouping?: boolean;
}

/**
 * Format for display in `unit`, rounding half up to `places` decimals. The rounding is done on
 * the exact fen value, so a total is always rounded from its exact sum.
 */
export function formatAmount(fen: Fen, unit: AmountUnit, options: FormatOptions = {}): string {
  const places = options.places ?? 2;
  const per = FEN_PER[unit];
  const maxPlaces = FEN_PLACES[unit];
  let text: string;
  if (places >= maxPlaces) {
    text = fenToDecimalString(fen, unit, places);
  } else {
    const step = per / 10n ** BigInt(places);
    text = fenToDecimalString(roundFen(fen, step), unit, places);
  }
  if (options.grouping) {
    const [intPart = '', frac] = text.split('.');
    const sign = intPart.startsWith('-') ? '-' : '';
    const digits = sign ? intPart.slice(1) : intPart;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    text = `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
  }
  return text;
}

/** "559.57" — how Hunan tables print 万元. */
export function formatWan(fen: Fen, places = 2): string {
  return formatAmount(fen, '万元', { places });
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

export function absFen(v: Fen): Fen {
  return v < 0n ? -v : v;
}

/**
 * The amount as printed in 万元 with as many decimals as are needed to be exact (at least 2):
 * the `cells` interface value. 5 589 712.34 元 → "558.971234".
 */
export function wanExact(fen: Fen): string {
  return fenToDecimalString(fen, '万元', 2);
}
