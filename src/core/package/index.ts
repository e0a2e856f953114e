/**
 * Read access to a package by table title, row key and column path, with the row structure
 * (kinds, order, hierarchy) the checker needs. Works for generated packages and for packages
 * read back from documents or transcriptions (which may carry cells only).
 */
import { type AmountUnit, type Fen, parseAmount } from '../money/amount.ts';
import type { Cell, DisclosurePackage, PackageTable, RowKind } from './model.ts';

export interface IndexedCell {
  readonly cell: Cell;
  /** the printed value in fen (what a reader sees), 0 for blank */
  readonly printed: Fen;
  readonly blank: boolean;
}

export interface IndexedTable {
  readonly table: PackageTable;
  /** row keys in print order */
  readonly rows: readonly string[];
  readonly kinds: ReadonlyMap<string, RowKind>;
  get(row: string, column: string): IndexedCell | undefined;
  /** direct children of a row in a code hierarchy: key + two more digits (201 → 20101; 004001/201 → 004001/20101) */
  children(row: string): string[];
  readonly columns: ReadonlySet<string>;
}

export class PackageIndex {
  private readonly byTitle = new Map<string, IndexedTable>();

  constructor(readonly pkg: DisclosurePackage) {
    for (const t of pkg.tables) this.byTitle.set(normaliseTitle(t.title), indexTable(t, pkg.amountUnit));
  }

  table(title: string): IndexedTable | undefined {
    return this.byTitle.get(normaliseTitle(title));
  }
}

/** Titles compare without spacing, bracket-width and dash variants. */
export function normaliseTitle(title: string): string {
  return title
    .replace(/[\s\u3000]/g, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .replace(/[—–－-]+/g, '--')
    .replace(/[“”"]/g, '"');
}

function indexTable(t: PackageTable, unit: AmountUnit): IndexedTable {
  const cells = new Map<string, IndexedCell>();
  const order: string[] = [];
  const seen = new Set<string>();
  const kinds = new Map<string, RowKind>();
  for (const r of t.rows) {
    if (r.key !== undefined && !seen.has(r.key)) {
      seen.add(r.key);
      order.push(r.key);
      kinds.set(r.key, r.kind);
    }
  }
  const columns = new Set<string>();
  for (const c of t.cells) {
    columns.add(c.column);
    if (!seen.has(c.row)) {
      seen.add(c.row);
      order.push(c.row);
    }
    if (c.value === null) continue;
    const parsed = parseAmount(c.text, unit);
    const printed = parsed.kind === 'value' ? parsed.fen : 0n;
    cells.set(`${c.row}\u0000${c.column}`, { cell: c, printed, blank: parsed.kind !== 'value' });
  }
  const numeric = order.filter((k) => /^\d+$/.test(k)).sort();
  for (const key of order) if (!kinds.has(key)) kinds.set(key, inferKind(key, order, numeric));
  let childrenOf: Map<string, string[]> | undefined;
  return {
    table: t,
    rows: order,
    kinds,
    columns,
    get: (row, column) => cells.get(`${row}\u0000${column}`),
    children: (row) => {
      if (!childrenOf) {
        // every key is the child of its key less two trailing digits; built once, in row order
        childrenOf = new Map();
        for (const k of order) {
          if (k.length < 2 || !/^\d\d$/.test(k.slice(-2))) continue;
          const parent = k.slice(0, -2);
          const list = childrenOf.get(parent);
          if (list) list.push(k);
          else childrenOf.set(parent, [k]);
        }
      }
      return [...(childrenOf.get(row) ?? [])];
    },
  };
}

/**
 * Row kind from the key alone, for packages that carry cells only. `numericSorted` (the numeric keys
 * of `all`, sorted) may be passed to avoid a scan of every key per call.
 */
export function inferKind(key: string, all: readonly string[], numericSorted?: readonly string[]): RowKind {
  if (key === '合计' || key === '总计') return 'total';
  const slash = key.indexOf('/');
  if (slash >= 0) {
    const code = key.slice(slash + 1);
    if (!/^\d+$/.test(code)) return 'project';
    return code.length === 3 ? 'class' : code.length === 5 ? 'kuan' : 'item';
  }
  if (/^\d+$/.test(key)) {
    // a numeric key that prefixes another numeric key of a unit list is the department
    const longer = numericSorted
      ? prefixed(numericSorted, key).filter((k) => k !== key)
      : all.filter((k) => /^\d+$/.test(k) && k !== key && k.startsWith(key));
    if (longer.length > 0 && longer.every((k) => k.length >= key.length + 3)) return 'department';
    return 'unit';
  }
  return 'line';
}

/** The strings of a sorted list that start with a prefix (contiguous in code-unit order). */
function prefixed(sorted: readonly string[], prefix: string): readonly string[] {
  const lowerBound = (bound: string): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as string) < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sorted.slice(lowerBound(prefix), lowerBound(`${prefix}\uffff`));
}
