/**
 * A tiny safe-HTML builder: `html` escapes every interpolated value unless it is already `Raw`
 * (the output of another `html` call or of a trusted renderer). Arrays are joined. This keeps
 * every page free of injected markup without a template engine.
 */
import { escapeHtml } from '../renderers/html.ts';

export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Markup produced by trusted code (a renderer that escapes its own data). */
export function raw(s: string): Raw {
  return new Raw(s);
}

function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += part(values[i]) + (strings[i + 1] ?? '');
  return new Raw(out);
}

/** A URL with query parameters, each value encoded; empty values are left out. */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return q.length ? `${path}?${q.join('&')}` : path;
}

export { escapeHtml };
