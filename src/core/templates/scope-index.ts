/**
 * An index over one list of source items (lines, incomes, carry-overs, budgets, 三公) that finds the
 * items a row scope may hold without scanning the whole list. Without it every table cell re-read
 * every line item, and generation grew with the square of the line items.
 *
 * The index only narrows: `candidates` returns a superset of the items in the scope (never fewer),
 * in source order, and the caller applies the exact conditions of measures.ts to it. So the index
 * cannot change a result, only the time it takes; tests/templates/scope-index.test.ts checks this
 * against a plain scan on random data.
 */

/** What the index reads of an item; fields an item lacks count as empty. */
export interface ScopedItem {
  readonly unit: string;
  readonly func?: string | null;
  readonly econ?: string;
  readonly project?: string | null;
}

/** The parts of a row scope the index uses (see RowScope in measures.ts). */
export interface IndexedScope {
  readonly units: ReadonlySet<string> | null;
  readonly funcPrefix?: string;
  readonly econPrefix?: string;
  readonly project?: string;
}

/** Items of one unit (or of the whole list), in source order, with lazily sorted views. */
class Group<T extends ScopedItem> {
  readonly items: T[] = [];
  /** each item's position in the whole list */
  readonly positions: number[] = [];
  private byFunc?: number[];
  private byEcon?: number[];

  add(item: T, position: number): void {
    this.items.push(item);
    this.positions.push(position);
  }

  /** The items whose code (功能分类 or 经济分类) starts with a non-empty prefix, in source order. */
  withPrefix(field: 'func' | 'econ', prefix: string): { items: T[]; positions: number[] } {
    const key = (i: number): string => (this.items[i]?.[field] ?? '') as string;
    let order = field === 'func' ? this.byFunc : this.byEcon;
    if (!order) {
      order = this.items.map((_, i) => i);
      order.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        return ka < kb ? -1 : ka > kb ? 1 : a - b;
      });
      if (field === 'func') this.byFunc = order;
      else this.byEcon = order;
    }
    const sorted = order;
    // codes sharing a prefix are contiguous in code-unit order: [prefix, prefix + U+FFFF)
    const lowerBound = (bound: string): number => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (key(sorted[mid] as number) < bound) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const picked = sorted.slice(lowerBound(prefix), lowerBound(`${prefix}\uffff`)).sort((a, b) => a - b);
    return {
      items: picked.map((i) => this.items[i] as T),
      positions: picked.map((i) => this.positions[i] as number),
    };
  }
}

export class ScopeIndex<T extends ScopedItem> {
  private readonly all = new Group<T>();
  private readonly byUnit = new Map<string, Group<T>>();
  private readonly byProject = new Map<string, Group<T>>();

  constructor(items: readonly T[]) {
    items.forEach((item, position) => {
      this.all.add(item, position);
      let unit = this.byUnit.get(item.unit);
      if (!unit) {
        unit = new Group<T>();
        this.byUnit.set(item.unit, unit);
      }
      unit.add(item, position);
      if (typeof item.project === 'string') {
        let project = this.byProject.get(item.project);
        if (!project) {
          project = new Group<T>();
          this.byProject.set(item.project, project);
        }
        project.add(item, position);
      }
    });
  }

  /** A superset of the items in the scope, in source order. */
  candidates(scope: IndexedScope): readonly T[] {
    if (scope.project !== undefined) return this.byProject.get(scope.project)?.items ?? [];
    if (!scope.units) return this.narrow(this.all, scope).items;
    const parts: { items: T[]; positions: number[] }[] = [];
    for (const u of scope.units) {
      const g = this.byUnit.get(u);
      if (g) parts.push(this.narrow(g, scope));
    }
    if (parts.length === 0) return [];
    if (parts.length === 1) return (parts[0] as { items: T[] }).items;
    const merged: { item: T; position: number }[] = [];
    for (const p of parts) {
      p.items.forEach((item, i) => {
        merged.push({ item, position: p.positions[i] as number });
      });
    }
    merged.sort((a, b) => a.position - b.position);
    return merged.map((m) => m.item);
  }

  private narrow(g: Group<T>, scope: IndexedScope): { items: T[]; positions: number[] } {
    if (scope.funcPrefix) return g.withPrefix('func', scope.funcPrefix);
    if (scope.econPrefix) return g.withPrefix('econ', scope.econPrefix);
    return g;
  }
}
