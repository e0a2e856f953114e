/**
 * Checks on a source document before it is normalised, where JSON.parse would already have lost
 * something or the core would spend too much:
 * - numbers JSON.parse cannot hold exactly (integers beyond 2^53, more than 15 significant
 *   digits): an amount must then be written as a string — found by scanning the text, with its path;
 * - text fields longer than the field limit, arrays (line items) longer than the item limit;
 * - control characters in text (they would reach terminals, cells and pages).
 * Every finding is an error Issue with the JSON path.
 */
import type { Issue } from '../core/diagnostics.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Is this JSON number literal read exactly by JSON.parse? */
export function isExactJsonNumber(token: string): boolean {
  const t = token.replace(/^-/, '');
  if (/^\d+$/.test(t)) return t.length < 16 || BigInt(t) <= MAX_SAFE;
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) return false;
  const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15 && Number.isFinite(Number(token));
}

type Frame = { kind: 'object'; key: string | undefined; expectKey: boolean } | { kind: 'array'; index: number };

/** Paths and texts of the number literals in `text` that JSON.parse would change. Stops after `max`. */
export function inexactNumbers(text: string, max = 20): Array<{ path: Array<string | number>; token: string }> {
  const out: Array<{ path: Array<string | number>; token: string }> = [];
  const stack: Frame[] = [];
  const path = (): Array<string | number> =>
    stack.flatMap((f): Array<string | number> => (f.kind === 'array' ? [f.index] : f.key === undefined ? [] : [f.key]));
  let i = 0;
  while (i < text.length && out.length < max) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        try {
          top.key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          top.key = text.slice(i + 1, j);
        }
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === '{') stack.push({ kind: 'object', key: undefined, expectKey: true });
    else if (ch === '[') stack.push({ kind: 'array', index: 0 });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectKey = true;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j] as string)) j++;
      const token = text.slice(i, j);
      if (!isExactJsonNumber(token)) out.push({ path: path(), token });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const MULTILINE = new Set(['reasons', 'duties', 'organisation', 'note', 'notes', 'dutiesBasis', 'description']);

/** Field length, array length and control-character errors in a parsed source, with their paths. */
export function checkSourceShape(raw: unknown, limits: Limits = DEFAULT_LIMITS, max = 50): Issue[] {
  const issues: Issue[] = [];
  const walk = (v: unknown, path: Array<string | number>, multiline: boolean) => {
    if (issues.length >= max) return;
    if (typeof v === 'string') {
      if (v.length > limits.fieldChars)
        issues.push({
          severity: 'error',
          message: `文字长度 ${v.length} 个字符，超过上限 ${limits.fieldChars} 个字符`,
          path,
        });
      // a line break is text in free text; in a name or code it would forge output lines
      const bad = CONTROL.exec(multiline ? v.replace(/\r?\n/g, '') : v) ?? (multiline ? null : /\n/.exec(v));
      if (bad)
        issues.push({
          severity: 'error',
          message: `含有控制字符 U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}，请删除后重试`,
          path,
        });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.lineItems) {
        issues.push({
          severity: 'error',
          message: `共 ${v.length} 项，超过上限 ${limits.lineItems} 项，拒绝读取`,
          path,
        });
        return;
      }
      for (const [i, x] of v.entries()) walk(x, [...path, i], multiline);
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > limits.fieldChars || CONTROL.test(k))
          issues.push({ severity: 'error', message: '键名过长或含有控制字符', path });
        // free text (reasons, duties, notes) may span lines; names and codes may not
        walk(x, [...path, k], !/(name|code)$/i.test(k) && (multiline || MULTILINE.has(k)));
      }
    }
  };
  walk(raw, [], false);
  return issues;
}

/** Errors for the inexact numbers of a JSON source text. */
export function inexactNumberIssues(text: string): Issue[] {
  return inexactNumbers(text).map(({ path, token }) => ({
    severity: 'error' as const,
    message: `数字 ${token.length > 40 ? `${token.slice(0, 40)}…` : token} 超出 JSON 数字可精确表示的范围（2^53，或超过 15 位有效数字），读入会改变数值；金额请写成字符串，如 "${token.length > 40 ? '…' : token}"`,
    path,
  }));
}
