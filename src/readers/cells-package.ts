/**
 * Builds a package from `cells` records (the public CSV interface, or a hand transcription of a
 * published document), matching each record's table to the template set by title or alias.
 * Values keep the precision they were written with; provenance records where each came from.
 */

import { type Fen, parseAmount } from '../core/money/amount.ts';
import { normaliseTitle } from '../core/package/index.ts';
import type {
  Cell,
  DisclosurePackage,
  PackageKind,
  PackageTable,
  Provenance,
  TextSection,
} from '../core/package/model.ts';
import type { TableTemplate, TemplateSet } from '../core/templates/schema.ts';

export interface CellRecord {
  readonly table: string;
  readonly row: string;
  readonly column: string;
  /** amount in the package's unit, or text for text cells */
  readonly value: string;
  /** true for text cells (performance sheets) */
  readonly text?: boolean;
  readonly provenance?: Provenance;
}

export interface PrintedTable {
  /** title as printed or as in the 目录 */
  readonly title: string;
  readonly note?: string;
  readonly captions?: readonly string[];
}

export interface CellsPackageMeta {
  readonly kind: PackageKind;
  readonly year: number;
  readonly unit: { readonly code: string; readonly name: string };
  readonly file: string;
  /** tables the document prints (also those with no cells, e.g. printed as a bare header) */
  readonly tables?: readonly PrintedTable[];
  /** the document's explanatory text */
  readonly sections?: readonly TextSection[];
  /** the records list every non-blank amount (the cells format), so absent cells are blank */
  readonly complete?: boolean;
}

export class UnknownTableError extends Error {}

export function findTemplate(set: TemplateSet, title: string): TableTemplate | undefined {
  const n = normaliseTitle(title);
  return set.tables.find(
    (t) =>
      normaliseTitle(t.title) === n ||
      normaliseTitle(t.printedTitle ?? '') === n ||
      t.aliases.some((a) => normaliseTitle(a) === n),
  );
}

export function packageFromCells(
  records: readonly CellRecord[],
  set: TemplateSet,
  meta: CellsPackageMeta,
): DisclosurePackage {
  const byTable = new Map<string, { template: TableTemplate; printed?: PrintedTable; cells: Cell[] }>();
  const entry = (title: string, printed?: PrintedTable) => {
    const template = findTemplate(set, title);
    if (!template) throw new UnknownTableError(`表“${title}”不属于报表模板集“${set.id}”`);
    const e = byTable.get(template.id) ?? { template, cells: [] };
    if (printed) e.printed = printed;
    byTable.set(template.id, e);
    return e;
  };
  for (const p of meta.tables ?? []) entry(p.title, p);
  for (const r of records) {
    const e = entry(r.table);
    let value: Fen | null = null;
    if (!r.text) {
      const parsed = parseAmount(r.value, set.amountUnit);
      if (parsed.kind === 'error') throw new Error(`表“${r.table}”“${r.row}”行“${r.column}”：${parsed.reason}`);
      value = parsed.kind === 'value' ? parsed.fen : 0n;
    }
    e.cells.push({
      table: e.template.title,
      row: r.row,
      column: r.column,
      value,
      text: r.value,
      provenance: r.provenance ?? { kind: 'document', raw: r.value },
    });
  }
  const tables: PackageTable[] = set.tables
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => byTable.has(t.id))
    .map(({ t, i }) => {
      const e = byTable.get(t.id)!;
      return {
        number: i + 1,
        id: t.id,
        title: t.title,
        printedTitle: e.printed?.title ?? t.printedTitle ?? t.title,
        captions: e.printed?.captions ?? [],
        layout: t.layout,
        columns: [],
        headerRows: [],
        headerDepth: 0,
        rows: [],
        merges: [],
        cells: e.cells,
        ...(e.printed?.note ? { note: e.printed.note } : {}),
        empty: !e.cells.some((c) => c.value !== null && c.value !== 0n),
      };
    });
  return {
    kind: meta.kind,
    year: meta.year,
    templateSet: set.id,
    title: set.title.replaceAll('{year}', String(meta.year)),
    unit: meta.unit,
    amountUnit: set.amountUnit,
    places: set.places,
    tables,
    ...(meta.sections ? { sections: meta.sections } : {}),
    origin: { kind: 'parsed', file: meta.file, ...(meta.complete ? { complete: true } : {}) },
  };
}
