/**
 * Classification catalogs (支出功能分类, 部门/政府预算支出经济分类, 资金来源) as immutable values.
 *
 * The catalogs we ship are partial and reconstructed (see data/catalogs/README.md), so a code
 * that is missing, out of its year range, or named differently is a *warning*, never a crash, and
 * codes and names met in a document extend the catalog for that document only.
 */

export type CatalogKind = '功能分类' | '部门经济分类' | '政府经济分类' | '资金来源';
export type Confidence = 'high' | 'medium' | 'low';

export interface CatalogEntry {
  readonly code: string;
  readonly name: string;
  readonly parent: string | null;
  readonly level: number;
  /** first fiscal year this code/name is asserted for (inclusive), null = open */
  readonly validFrom: number | null;
  /** last fiscal year (inclusive), null = open */
  readonly validTo: number | null;
  readonly confidence: Confidence;
  /** where the entry comes from: a bundled file, an imported catalog, or a document */
  readonly origin: string;
  readonly aliases?: readonly string[];
}

export interface Catalog {
  readonly kind: CatalogKind;
  /** every entry per code, oldest first; a code renamed between editions has several */
  readonly byCode: ReadonlyMap<string, readonly CatalogEntry[]>;
}

export type LookupResult =
  | { readonly status: 'ok'; readonly entry: CatalogEntry }
  | { readonly status: 'out-of-range'; readonly entry: CatalogEntry; readonly year: number }
  | { readonly status: 'unknown' };

export function makeCatalog(kind: CatalogKind, entries: Iterable<CatalogEntry>): Catalog {
  const byCode = new Map<string, CatalogEntry[]>();
  for (const e of entries) {
    const list = byCode.get(e.code) ?? [];
    list.push(e);
    byCode.set(e.code, list);
  }
  for (const list of byCode.values()) list.sort((a, b) => (a.validFrom ?? 0) - (b.validFrom ?? 0));
  return { kind, byCode };
}

function inRange(e: CatalogEntry, year: number): boolean {
  return (e.validFrom === null || e.validFrom <= year) && (e.validTo === null || year <= e.validTo);
}

/** The entry valid in `year`; otherwise the nearest edition, flagged out-of-range. */
export function lookup(catalog: Catalog, code: string, year: number): LookupResult {
  const list = catalog.byCode.get(code);
  if (!list || list.length === 0) return { status: 'unknown' };
  // Later additions (imports, document entries) override bundled ones for the same years.
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i] as CatalogEntry;
    if (inRange(e, year)) return { status: 'ok', entry: e };
  }
  const nearest = [...list].sort((a, b) => distance(a, year) - distance(b, year))[0] as CatalogEntry;
  return { status: 'out-of-range', entry: nearest, year };
}

function distance(e: CatalogEntry, year: number): number {
  if (e.validFrom !== null && year < e.validFrom) return e.validFrom - year;
  if (e.validTo !== null && year > e.validTo) return year - e.validTo;
  return 0;
}

/** Name of `code` valid in `year`, or of its nearest edition; undefined when unknown. */
export function nameOf(catalog: Catalog, code: string, year: number): string | undefined {
  const r = lookup(catalog, code, year);
  return r.status === 'unknown' ? undefined : r.entry.name;
}

/**
 * Extend or override a catalog. Entries are appended after the existing ones for the same code,
 * so for the years they cover they win over the bundled edition (see `lookup`).
 */
export function extendCatalog(catalog: Catalog, additions: Iterable<CatalogEntry>): Catalog {
  const all: CatalogEntry[] = [];
  for (const list of catalog.byCode.values()) all.push(...list);
  const merged = new Map<string, CatalogEntry[]>();
  for (const e of all) merged.set(e.code, [...(merged.get(e.code) ?? []), e]);
  for (const e of additions) merged.set(e.code, [...(merged.get(e.code) ?? []), e]);
  return { kind: catalog.kind, byCode: merged };
}

/** Normalise a classification name for comparison: bracket widths, spaces, known synonyms. */
export function normaliseName(name: string): string {
  return name
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .replace(/[\s\u3000]/g, '')
    .replace(/[“”"]/g, '');
}

/** True when two names denote the same item once spelling variants are removed. */
export function sameName(a: string, b: string, aliases: readonly string[] = []): boolean {
  const na = normaliseName(a);
  if (na === normaliseName(b)) return true;
  return aliases.some((x) => normaliseName(x) === na);
}

// --- Code structure ------------------------------------------------------------------------

/** 功能分类: 3 digits 类, 5 digits 款, 7 digits 项. */
export const FUNC_LEVELS = { 3: 1, 5: 2, 7: 3 } as const;
/** 经济分类: 3 digits 类, 5 digits 款. */
export const ECON_LEVELS = { 3: 1, 5: 2 } as const;

export function functionLevel(code: string): 1 | 2 | 3 | null {
  if (!/^\d+$/.test(code)) return null;
  return (FUNC_LEVELS as Record<number, 1 | 2 | 3>)[code.length] ?? null;
}

export function economicLevel(code: string): 1 | 2 | null {
  if (!/^\d+$/.test(code)) return null;
  return (ECON_LEVELS as Record<number, 1 | 2>)[code.length] ?? null;
}

/** Parent code by the code's structure (works for codes the catalog does not know). */
export function parentCode(code: string): string | null {
  if (code.length === 7) return code.slice(0, 5);
  if (code.length === 5) return code.slice(0, 3);
  return null;
}

/** The 类 / 款 / 项 ancestors of a function code, top first, including itself. */
export function functionAncestry(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c !== null; c = parentCode(c)) chain.unshift(c);
  return chain;
}
