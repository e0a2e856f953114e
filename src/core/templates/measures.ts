/**
 * Evaluates template measures over the source data: which lines a filter selects, and the exact
 * sum with its provenance.
 */
import type { Catalogs } from '../catalogs/catalogs.ts';
import type { Fen } from '../money/amount.ts';
import type { Provenance } from '../package/model.ts';
import type { BudgetLine, SourceData } from '../source/model.ts';
import type { LineFilter, Measure } from './schema.ts';

/** Restricts a measure to one row: the row's unit(s) and, for 功能分类 rows, a code prefix. */
export interface RowScope {
  /** unit codes, or null for all units */
  readonly units: ReadonlySet<string> | null;
  readonly funcPrefix?: string;
  readonly econPrefix?: string;
  readonly project?: string;
}

export interface Evaluated {
  readonly value: Fen;
  readonly provenance: Provenance;
}

export class MeasureContext {
  private readonly fundAncestors = new Map<string, ReadonlySet<string>>();
  private readonly specialProjects: ReadonlySet<string>;
  private readonly fundNature = new Map<string, string>();

  constructor(
    readonly data: SourceData,
    catalogs: Catalogs,
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
    return true;
  }

  /** Lines selected by a table filter and a row scope. */
  select(tableFilter: LineFilter | undefined, scope: RowScope): BudgetLine[] {
    return this.data.lines.filter((l) => this.matches(l, tableFilter) && this.inScope(l, scope));
  }

  evaluate(measure: Measure, tableFilter: LineFilter | undefined, scope: RowScope): Evaluated {
    switch (measure.from) {
      case 'lines': {
        const lines = this.data.lines.filter(
          (l) => this.matches(l, tableFilter) && this.matches(l, measure.filter) && this.inScope(l, scope),
        );
        return {
          value: lines.reduce((s, l) => s + l.amount, 0n),
          provenance: { kind: 'lines', lines: lines.map((l) => l.index) },
        };
      }
      case 'incomes': {
        const items = this.data.incomes.filter(
          (i) =>
            (!scope.units || scope.units.has(i.unit)) &&
            (measure.fund === undefined || this.fundMatches(i.fund, measure.fund)) &&
            !(measure.notFund && this.fundMatches(i.fund, measure.notFund)) &&
            (measure.carryover === undefined || i.carryover === measure.carryover),
        );
        return {
          value: items.reduce((s, i) => s + i.amount, 0n),
          provenance: { kind: 'incomes', incomes: items.map((i) => i.index) },
        };
      }
      case 'carryOut': {
        const items = this.data.yearEndCarryover.filter(
          (c) =>
            (!scope.units || scope.units.has(c.unit)) &&
            (measure.fund === undefined || this.fundMatches(c.fund, measure.fund)),
        );
        return {
          value: items.reduce((s, c) => s + c.amount, 0n),
          provenance: { kind: 'field', field: 'yearEndCarryover' },
        };
      }
      case 'threePublic': {
        const rows = this.data.threePublic.filter((t) => !scope.units || scope.units.has(t.unit));
        const pick = (t: (typeof rows)[number]): Fen => {
          switch (measure.field) {
            case 'abroad':
              return t.abroad;
            case 'vehiclePurchase':
              return t.vehiclePurchase;
            case 'vehicleOperation':
              return t.vehicleOperation;
            case 'vehicle':
              return t.vehiclePurchase + t.vehicleOperation;
            case 'reception':
              return t.reception;
            case 'total':
              return t.abroad + t.vehiclePurchase + t.vehicleOperation + t.reception;
          }
        };
        return {
          value: rows.reduce((s, t) => s + pick(t), 0n),
          provenance: { kind: 'field', field: `threePublic.${measure.field}` },
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
