/**
 * What the reader needs from the template sets: which template a printed title belongs to (in
 * every set, by title, printed title or alias — never by position), and each table's column
 * model (leaf paths in print order, key and amount columns, and the arithmetic the header tree
 * implies: a group's 合计/小计 equals the sum of its other parts).
 */
import type { GridTableTemplate, TableTemplate, TemplateSet } from '../../core/templates/schema.ts';
import { isTotalName, titleKey } from './normalise.ts';

export interface TemplateMatch {
  readonly set: TemplateSet;
  readonly template: TableTemplate;
  /** 1-based position in the set's 目录 */
  readonly number: number;
}

/** Every template of every set whose title, printed title or alias matches the printed title. */
export function matchTitle(printed: string, sets: readonly TemplateSet[]): TemplateMatch[] {
  const key = titleKey(printed);
  if (key.length < 2) return [];
  const out: TemplateMatch[] = [];
  for (const set of sets) {
    set.tables.forEach((t, i) => {
      if (templateTitleKeys(t).includes(key)) out.push({ set, template: t, number: i + 1 });
    });
  }
  if (out.length > 0) return out;
  // "…总表（分类）" is printed for "…总表" in some documents
  const bare = key.replace(/\(分类\)$/, '');
  if (bare !== key) return matchTitle(printed.replace(/[（(]\s*分类\s*[)）]\s*$/, ''), sets);
  return out;
}

const keyCache = new WeakMap<TableTemplate, string[]>();

export function templateTitleKeys(t: TableTemplate): string[] {
  let keys = keyCache.get(t);
  if (!keys) {
    keys = [t.title, t.printedTitle ?? '', ...t.aliases].filter((s) => s !== '').map(titleKey);
    keyCache.set(t, keys);
  }
  return keys;
}

export type ColumnRole = 'key' | 'amount';

export interface ColumnSpec {
  /** position among the model's columns (print order) */
  readonly index: number;
  readonly path: readonly string[];
  /** path joined by "/" — the column key of the package cells */
  readonly key: string;
  readonly role: ColumnRole;
  /** what a key column prints (grid templates) */
  readonly field?: string;
  /** may carry an amount (amount columns, and key columns after the last amount column) */
  readonly acceptsValue: boolean;
}

/** total = Σ parts (column indices) */
export interface Identity {
  readonly total: number;
  readonly parts: readonly number[];
}

export interface ColumnModel {
  readonly columns: readonly ColumnSpec[];
  /** key columns before the first amount column (grid templates); undefined when unknown */
  readonly leadKeys: number | undefined;
  readonly identities: readonly Identity[];
}

/** Column model of a grid template, of a reference table, or of a budget block (form). */
export function columnModel(
  paths: ReadonlyArray<{ path: readonly string[]; role: ColumnRole; field?: string }>,
): ColumnModel {
  let lastAmount = -1;
  paths.forEach((p, i) => {
    if (p.role === 'amount') lastAmount = i;
  });
  const columns: ColumnSpec[] = paths.map((p, i) => ({
    index: i,
    path: p.path,
    key: p.path.join('/'),
    role: p.role,
    ...(p.field ? { field: p.field } : {}),
    acceptsValue: p.role === 'amount' || (lastAmount >= 0 && i > lastAmount),
  }));
  const firstAmount = columns.findIndex((c) => c.role === 'amount');
  return {
    columns,
    leadKeys: firstAmount < 0 ? undefined : firstAmount,
    identities: identitiesOf(columns.filter((c) => c.role === 'amount')),
  };
}

interface Node {
  name: string;
  children: Node[];
  col?: number;
}

function identitiesOf(amounts: readonly ColumnSpec[]): Identity[] {
  const root: Node = { name: '', children: [] };
  for (const c of amounts) {
    let node = root;
    c.path.forEach((seg, depth) => {
      const leaf = depth === c.path.length - 1;
      let child = leaf ? undefined : node.children.find((n) => n.name === seg && n.col === undefined);
      if (!child) {
        child = { name: seg, children: [] };
        if (leaf) child.col = c.index;
        node.children.push(child);
      }
      node = child;
    });
  }
  const out: Identity[] = [];
  const totalChild = (n: Node) => n.children.find((c) => c.col !== undefined && isTotalName(c.name));
  const value = (n: Node): number[] => {
    if (n.col !== undefined) return [n.col];
    const t = totalChild(n);
    return t?.col !== undefined ? [t.col] : n.children.flatMap(value);
  };
  const visit = (n: Node) => {
    const t = totalChild(n);
    if (t?.col !== undefined) {
      const others = n.children.filter((c) => c !== t);
      const groupsOnly = others.length >= 2 && others.every((o) => o.col === undefined && !totalChild(o));
      if (groupsOnly) {
        // alternative breakdowns of one total (按收入性质分 / 按支出性质分)
        for (const o of others) out.push({ total: t.col, parts: value(o) });
      } else {
        const parts = others.flatMap(value);
        if (parts.length > 0) out.push({ total: t.col, parts });
      }
    }
    for (const c of n.children) if (c.col === undefined) visit(c);
  };
  visit(root);
  return out;
}

/** The column model of a grid template (key and amount columns in print order). */
export function gridColumnModel(t: GridTableTemplate): ColumnModel {
  return columnModel(
    t.columns.map((c) =>
      'measure' in c
        ? { path: c.path, role: 'amount' as const }
        : { path: c.path, role: 'key' as const, field: c.field },
    ),
  );
}
