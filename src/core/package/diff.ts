/**
 * The difference between two packages, cell by cell (table title × row × column) and section by
 * section: what changed between two versions of one disclosure, or between two years.
 */
import type { Fen } from '../money/amount.ts';
import { normaliseTitle } from './index.ts';
import type { DisclosurePackage } from './model.ts';

export interface CellChange {
  table: string;
  row: string;
  column: string;
  /** null: blank or text cell; undefined: no such cell on that side */
  a: Fen | null | undefined;
  b: Fen | null | undefined;
  /** b − a when both are amounts */
  difference?: Fen;
  textA?: string;
  textB?: string;
}

export interface PackageDiff {
  cells: CellChange[];
  tablesOnlyInA: string[];
  tablesOnlyInB: string[];
  sections: { number: string; title: string; a?: string; b?: string }[];
  /** cells compared (present on both sides) */
  compared: number;
}

export function diffPackages(a: DisclosurePackage, b: DisclosurePackage): PackageDiff {
  const key = (t: string, r: string, c: string) => `${normaliseTitle(t)}\u0000${r}\u0000${c}`;
  const cellsOf = (p: DisclosurePackage) => {
    const m = new Map<string, { table: string; row: string; column: string; value: Fen | null; text: string }>();
    for (const t of p.tables) {
      for (const c of t.cells)
        m.set(key(t.title, c.row, c.column), {
          table: t.title,
          row: c.row,
          column: c.column,
          value: c.value,
          text: c.text,
        });
    }
    return m;
  };
  const ca = cellsOf(a);
  const cb = cellsOf(b);
  const cells: CellChange[] = [];
  let compared = 0;
  for (const [k, x] of ca) {
    const y = cb.get(k);
    if (!y) {
      cells.push({ table: x.table, row: x.row, column: x.column, a: x.value, b: undefined, textA: x.text });
      continue;
    }
    compared++;
    if (x.value !== y.value || x.text !== y.text) {
      cells.push({
        table: x.table,
        row: x.row,
        column: x.column,
        a: x.value,
        b: y.value,
        ...(x.value !== null && y.value !== null ? { difference: y.value - x.value } : {}),
        textA: x.text,
        textB: y.text,
      });
    }
  }
  for (const [k, y] of cb) {
    if (!ca.has(k))
      cells.push({ table: y.table, row: y.row, column: y.column, a: undefined, b: y.value, textB: y.text });
  }
  const titles = (p: DisclosurePackage) => new Map(p.tables.map((t) => [normaliseTitle(t.title), t.title]));
  const ta = titles(a);
  const tb = titles(b);
  const sectionMap = (p: DisclosurePackage) => new Map((p.sections ?? []).map((s) => [`${s.number} ${s.title}`, s]));
  const sa = sectionMap(a);
  const sb = sectionMap(b);
  const sections: PackageDiff['sections'] = [];
  for (const k of new Set([...sa.keys(), ...sb.keys()])) {
    const x = sa.get(k);
    const y = sb.get(k);
    if (x?.text !== y?.text) {
      const s = (x ?? y)!;
      sections.push({
        number: s.number,
        title: s.title,
        ...(x ? { a: x.text } : {}),
        ...(y ? { b: y.text } : {}),
      });
    }
  }
  return {
    cells,
    tablesOnlyInA: [...ta].filter(([k]) => !tb.has(k)).map(([, t]) => t),
    tablesOnlyInB: [...tb].filter(([k]) => !ta.has(k)).map(([, t]) => t),
    sections,
    compared,
  };
}
