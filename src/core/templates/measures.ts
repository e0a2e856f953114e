/**
 * Evaluates template measures over the source data: which lines a filter selects, and the exact
 * sum with its provenance.
 */
import type { Catalogs } from '../catalogs/catalogs.ts';
import type { Fen } from '../money/amount.ts';
import type { Provenance } from '../package/model.ts';
import type { BudgetLine, SourceData, ThreePublicAmounts } from '../source/model.ts';
import type { LineFilter, Measure } from './schema.ts';
import { type ScopedItem, ScopeIndex } from './scope-index.ts';

/** Restricts a measure to one row: the row's unit(s) and, for 功能分类 rows, a code prefix. */
export interface RowScope {
  /** unit codes, or null for all units */
  readonly units: ReadonlySet<string> | null;
  /** 功能分类 code prefix; items that carry no 功能分类 code are outside every such row */
  readonly funcPrefix?: string;
  readonly econPrefix?: string;
  readonly project?: string;
  /** fund codes (with descendants) of a fund column: lines, incomes, balances and budgets alike */
  readonly funds?: readonly string[];
}

/** What non-line items (incomes, balances, budgets) share: unit, fund and perhaps a 功能分类 code. */
interface FundItem {
  readonly unit: string;
  readonly fund: string;
  readonly func: string | null;
}

export interface Evaluated {
  readonly value: Fen;
  readonly provenance: Provenance;
}

export class MeasureContext {
  private readonly fundAncestors = new Map<string, ReadonlySet<string>>();
  private readonly specialProjects: ReadonlySet<string>;
  private readonly fundNature = new Map<string, string>();
  /** candidates by row scope, built once per item list (see scope-index.ts) */
  private readonly indexes = new WeakMap<readonly object[], ScopeIndex<never>>();

  constructor(
    readonly data: SourceData,
    catalogs: Catalogs,
    /** scan every list for every cell instead of using the index: the reference the index is tested against */
    private readonly options: { plainScan?: boolean } = {},
  ) {
    const parent = new Map(catalogs.funds.map((f) => [f.code, f.parent]));
    for (const f of catalogs.funds) {
      const chain = new Set<string>();
      for (let c: string | null | undefined = f.code; c; c = parent.get(c)) chain.add(c);
      this.fundAncestors.set(f.code, chain);
      this.fundNature.set(f.code, f.fundNature);
    }
    this.specialProjects = new Set(data.projects.filter((p) => p.special).map((p) => p.code));
  }

  private fundMatches(fund: string, codes: readonly string[]): boolean {
    const chain = this.fundAncestors.get(fund) ?? new Set([fund]);
    return codes.some((c) => chain.has(c));
  }

  matches(line: BudgetLine, f: LineFilter | undefined): boolean {
    if (!f) return true;
    if (f.func && !f.func.some((p) => line.func.startsWith(p))) return false;
    if (f.econ && !f.econ.some((p) => line.econ.startsWith(p))) return false;
    if (f.notEcon?.some((p) => line.econ.startsWith(p))) return false;
    if (f.govEcon && !f.govEcon.some((p) => line.govEcon.startsWith(p))) return false;
    if (f.category && !f.category.includes(line.category)) return false;
    if (f.basicKind && line.basicKind !== f.basicKind) return false;
    if (f.fund && !this.fundMatches(line.fund, f.fund)) return false;
    if (f.notFund && this.fundMatches(line.fund, f.notFund)) return false;
    if (f.fundNature && !f.fundNature.includes(this.fundNature.get(line.fund) ?? '')) return false;
    if (f.special !== undefined && (line.project !== null && this.specialProjects.has(line.project)) !== f.special)
      return false;
    return true;
  }

  inScope(line: BudgetLine, scope: RowScope): boolean {
    if (scope.units && !scope.units.has(line.unit)) return false;
    if (scope.funcPrefix && !line.func.startsWith(scope.funcPrefix)) return false;
    if (scope.econPrefix && !line.econ.startsWith(scope.econPrefix)) return false;
    if (scope.project !== undefined && line.project !== scope.project) return false;
    if (scope.funds && !this.fundMatches(line.fund, scope.funds)) return false;
    return true;
  }

  /**
   * A non-line item in a row scope and under a table filter. The filter's fund and 功能分类
   * conditions apply; its line-only conditions (经济分类, category, project) do not. Rows scoped to
   * an 经济分类 code or a project hold no such item.
   */
  itemInScope(item: FundItem, scope: RowScope, tableFilter?: LineFilter): boolean {
    if (scope.units && !scope.units.has(item.unit)) return false;
    if (scope.funcPrefix && !(item.func ?? '').startsWith(scope.funcPrefix)) return false;
    if (scope.econPrefix !== undefined || scope.project !== undefined) return false;
    if (scope.funds && !this.fundMatches(item.fund, scope.funds)) return false;
    return this.itemMatches(item, tableFilter);
  }

  /** The fund and 功能分类 conditions of a filter, for items other than lines. */
  itemMatches(item: FundItem, f: LineFilter | undefined): boolean {
    if (!f) return true;
    if (f.func && !f.func.some((p) => (item.func ?? '').startsWith(p))) return false;
    if (f.fund && !this.fundMatches(item.fund, f.fund)) return false;
    if (f.notFund && this.fundMatches(item.fund, f.notFund)) return false;
    if (f.fundNature && !f.fundNature.includes(this.fundNature.get(item.fund) ?? '')) return false;
    return true;
  }

  private fundListMatches(fund: string, m: { fund?: string[]; notFund?: string[] }): boolean {
    if (m.fund !== undefined && !this.fundMatches(fund, m.fund)) return false;
    if (m.notFund && this.fundMatches(fund, m.notFund)) return false;
    return true;
  }

  /**
   * The items of a list that may lie in a row scope, in source order: a superset of those that do,
   * found through an index instead of a scan, so that a table costs time linear in the line items.
   * Callers still apply the exact conditions to the candidates.
   */
  private candidates<T extends ScopedItem>(items: readonly T[], scope: RowScope): readonly T[] {
    if (this.options.plainScan) return items;
    let index = this.indexes.get(items) as ScopeIndex<T> | undefined;
    if (!index) {
      index = new ScopeIndex(items);
      this.indexes.set(items, index as ScopeIndex<never>);
    }
    return index.candidates(scope);
  }

  /** Lines selected by a table filter and a row scope. */
  select(tableFilter: LineFilter | undefined, scope: RowScope): BudgetLine[] {
    return this.candidates(this.data.lines, scope).filter(
      (l) => this.matches(l, tableFilter) && this.inScope(l, scope),
    );
  }

  evaluate(measure: Measure, tableFilter: LineFilter | undefined, scope: RowScope): Evaluated {
    switch (measure.from) {
      case 'lines': {
        const lines = this.candidates(this.data.lines, scope).filter(
          (l) => this.matches(l, tableFilter) && this.matches(l, measure.filter) && this.inScope(l, scope),
        );
        return {
          value: lines.reduce((s, l) => s + l.amount, 0n),
          provenance: { kind: 'lines', lines: lines.map((l) => l.index) },
        };
      }
      case 'incomes': {
        const items = this.candidates(this.data.incomes, scope).filter(
          (i) =>
            this.itemInScope(i, scope) &&
            this.fundListMatches(i.fund, measure) &&
            (measure.carryover === undefined || i.carryover === measure.carryover),
        );
        return {
          value: items.reduce((s, i) => s + i.amount, 0n),
          provenance: { kind: 'incomes', incomes: items.map((i) => i.index) },
        };
      }
      case 'carryOut':
      case 'balanceUse':
      case 'balanceDistribution': {
        const field = measure.from === 'carryOut' ? 'yearEndCarryover' : measure.from;
        const items = this.candidates(this.data[field], scope).filter(
          (c) => this.itemInScope(c, scope) && this.fundListMatches(c.fund, measure),
        );
        return {
          value: items.reduce((s, c) => s + c.amount, 0n),
          provenance: { kind: 'field', field: `${field}[${items.map((c) => c.index).join(',')}]` },
        };
      }
      case 'budgets': {
        const items = this.candidates(this.data.budgetByFunc, scope).filter(
          (b) => this.itemInScope(b, scope) && this.fundListMatches(b.fund, measure),
        );
        const pick = (b: (typeof items)[number]) => (measure.figure === 'initial' ? b.initialBudget : b.fullYearBudget);
        return {
          value: items.reduce((s, b) => s + (pick(b) ?? 0n), 0n),
          provenance: {
            kind: 'field',
            field: `budgetByFunc[${items.map((b) => b.index).join(',')}].${measure.figure === 'initial' ? 'initialBudget' : 'fullYearBudget'}`,
          },
        };
      }
      case 'threePublic': {
        // 三公 records carry no fund or 功能分类 code: rows scoped to one hold none of them
        const scoped = scope.funcPrefix !== undefined || scope.econPrefix !== undefined || scope.project !== undefined;
        const rows = scoped
          ? []
          : this.candidates(this.data.threePublic, scope).filter((t) => !scope.units || scope.units.has(t.unit));
        const figure = measure.figure ?? 'amount';
        const amountsOf = (t: (typeof rows)[number]): ThreePublicAmounts | undefined =>
          figure === 'amount' ? t : t[figure];
        const pick = (t: (typeof rows)[number]): Fen => {
          const a = amountsOf(t);
          if (!a) return 0n;
          switch (measure.field) {
            case 'abroad':
              return a.abroad;
            case 'vehiclePurchase':
              return a.vehiclePurchase;
            case 'vehicleOperation':
              return a.vehicleOperation;
            case 'vehicle':
              return a.vehiclePurchase + a.vehicleOperation;
            case 'reception':
              return a.reception;
            case 'total':
              return a.abroad + a.vehiclePurchase + a.vehicleOperation + a.reception;
          }
        };
        return {
          value: rows.reduce((s, t) => s + pick(t), 0n),
          provenance: {
            kind: 'field',
            field: `threePublic${figure === 'amount' ? '' : `.${figure}`}.${measure.field}`,
          },
        };
      }
      case 'sum': {
        const parts = measure.of.map((m) => this.evaluate(m, tableFilter, scope));
        return {
          value: parts.reduce((s, p) => s + p.value, 0n),
          provenance: { kind: 'formula', formula: `sum(${measure.of.map((m) => m.from).join(', ')})` },
        };
      }
      case 'none':
        return { value: 0n, provenance: { kind: 'formula', formula: 'none' } };
    }
  }
}
