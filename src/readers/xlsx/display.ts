/**
 * The text a spreadsheet shows for a cell — the published value — without float arithmetic.
 *
 * A number cell holds an IEEE double (23.88 is stored as 23.879999…); Excel shows it through the
 * cell's number format from its 15-significant-digit decimal form. So does this module: the double
 * becomes that decimal string, which is then rounded half away from zero to the decimals of the
 * format, scaled by its % and trailing-comma factors and grouped as the format says — all on
 * digit strings. Literal text of the format (`0.00"万元"`) is not shown; a negative number is
 * shown with a leading "-" whatever the format prints ("(1.00)", red), since the sign is what the
 * number means; a zero section that prints no digits ("-") is shown as that mark.
 */

/** A number's decimal digits as Excel holds them: 15 significant digits, plain notation, no trailing zeros. */
export function excelDecimal(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(n.toExponential(14));
  if (!m) return String(n);
  const sign = m[1] ?? '';
  const digits = `${m[2]}${m[3] ?? ''}`;
  const exp = Number(m[4]);
  // the decimal point sits after digit `exp + 1`
  const point = exp + 1;
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  return joinDecimal(sign, int, frac);
}

function joinDecimal(sign: string, int: string, frac: string): string {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  const body = f === '' ? i : `${i}.${f}`;
  return body === '0' ? '0' : `${sign}${body}`;
}

function splitDecimal(dec: string): { sign: string; int: string; frac: string } {
  const sign = dec.startsWith('-') ? '-' : '';
  const [int = '0', frac = ''] = (sign ? dec.slice(1) : dec).split('.');
  return { sign, int, frac };
}

/** Multiply a decimal string by 10^k (k may be negative) by moving its point. */
export function shiftDecimal(dec: string, k: number): string {
  const { sign, int, frac } = splitDecimal(dec);
  if (k >= 0) {
    const f = frac.padEnd(k, '0');
    return joinDecimal(sign, int + f.slice(0, k), f.slice(k));
  }
  const i = int.padStart(-k + 1, '0');
  return joinDecimal(sign, i.slice(0, i.length + k), i.slice(i.length + k) + frac);
}

/** Round a decimal string half away from zero to `places` decimals, printed with exactly that many. */
export function roundDecimal(dec: string, places: number): string {
  const { sign, int, frac } = splitDecimal(dec);
  const kept = BigInt(int + frac.padEnd(places, '0').slice(0, places));
  const next = frac.length > places ? Number(frac[places]) : 0;
  const digits = (next >= 5 ? kept + 1n : kept).toString().padStart(places + 1, '0');
  const i = digits.slice(0, digits.length - places);
  const f = digits.slice(digits.length - places);
  const zero = /^0*$/.test(i + f);
  return `${zero ? '' : sign}${i}${places > 0 ? `.${f}` : ''}`;
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What a number-format section means for display. */
interface Section {
  readonly general: boolean;
  /** placeholders (0 # ?) in the section: none means the section prints no number */
  readonly digits: boolean;
  readonly places: number;
  readonly grouping: boolean;
  /** powers of ten the value is shifted by (+2 per %, −3 per trailing comma) */
  readonly shift: number;
  readonly percent: number;
  readonly scientific: boolean;
  /** the section's literal text (for sections that print no number) */
  readonly literal: string;
}

/** Split a format into sections at ";" outside quotes and brackets. */
function sections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '\\' && !quoted) {
      cur += ch + (format[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') bracket = true;
    else if (!quoted && ch === ']') bracket = false;
    if (ch === ';' && !quoted && !bracket) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function analyse(section: string): Section {
  // literal parts out: "text", \x, [colour or condition], _x (padding), *x (fill)
  let code = '';
  let literal = '';
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      literal += section.slice(i + 1, stop);
      i = stop;
    } else if (ch === '\\') {
      literal += section[i + 1] ?? '';
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i + 1);
      i = end < 0 ? section.length : end;
    } else if (ch === '_' || ch === '*') {
      i++;
    } else {
      code += ch;
      if (!/[0#?.,%Ee+]/.test(ch)) literal += ch;
    }
  }
  const general = /general/i.test(code) || code.trim() === '@' || (code.trim() === '' && literal.trim() === '');
  const digits = /[0#?]/.test(code);
  const scientific = /[Ee][+-]/.test(code);
  const point = code.indexOf('.');
  const intPart = point < 0 ? code : code.slice(0, point);
  const fracPart = point < 0 ? '' : code.slice(point + 1);
  const places = (fracPart.match(/[0#?]/g) ?? []).length;
  const grouping = /[0#?],+[0#?]/.test(intPart);
  // commas after the last digit placeholder divide by 1000 each ("0.00,," shows millions)
  const trailing = /[0#?.](,+)(?![0#?,])/.exec(code);
  const thousands = trailing ? (trailing[1]?.length ?? 0) : 0;
  const percent = (code.match(/%/g) ?? []).length;
  return {
    general,
    digits,
    places,
    grouping,
    shift: 2 * percent - 3 * thousands,
    percent,
    scientific,
    literal: literal.trim(),
  };
}

/** General display: the 15-digit decimal. */
function generalText(n: number): string {
  return excelDecimal(n);
}

/**
 * The displayed text of a number under `numFmt` (absent, "General" or "@": the 15-digit decimal).
 * Never float arithmetic: 23.88 with "0.00" is "23.88", 1.005 with "0.00" is "1.01" (as Excel shows).
 */
export function displayNumber(n: number, numFmt: string | undefined): string {
  if (!Number.isFinite(n)) return String(n);
  const all = sections(numFmt ?? '');
  const neg = n < 0;
  let section = all[0] ?? '';
  if (neg && all.length >= 2) section = all[1] ?? section;
  else if (n === 0 && all.length >= 3) section = all[2] ?? section;
  const s = analyse(section);
  if (s.general || s.scientific) return generalText(n);
  if (!s.digits) {
    // a section that prints no number ("-" for zero)
    return s.literal;
  }
  const dec = excelDecimal(Math.abs(n));
  const shifted = shiftDecimal(dec, s.shift);
  const rounded = roundDecimal(shifted, s.places);
  const [int = '0', frac] = rounded.split('.');
  const body = `${s.grouping ? group(int) : int}${frac !== undefined ? `.${frac}` : ''}${'%'.repeat(s.percent)}`;
  const zero = /^[0.,%]*$/.test(body);
  return neg && !zero ? `-${body}` : body;
}
