/**
 * The package model: a disclosure package is a list of tables of typed cells. Generated packages
 * and packages read back from documents share this model, so renderers and the checker work on
 * either.
 *
 * Every table carries two views of the same content:
 *  - the printed grid (`columns`, `headerRows`, `rows`): what a person sees, for renderers;
 *  - the tidy `cells`: one record per amount (or text) cell with its row key, column path and
 *    provenance, for the `cells` interface, comparisons and the checker.
 */
import type { Fen } from '../money/amount.ts';

export type PackageKind = '预算' | '决算';

export interface DisclosurePackage {
  readonly kind: PackageKind;
  readonly year: number;
  /** template set id, e.g. hunan-2024-budget */
  readonly templateSet: string;
  /** cover title, e.g. 2024年部门预算公开表 */
  readonly title: string;
  /** the publishing department (or unit) */
  readonly unit: { readonly code: string; readonly name: string };
  readonly region?: string;
  /** unit of every amount shown in the tables */
  readonly amountUnit: '万元' | '元';
  /** decimals shown in the tables (2 for 万元) */
  readonly places: number;
  readonly tables: readonly PackageTable[];
  /** the explanatory text, section by section (absent when the package has none) */
  readonly sections?: readonly TextSection[];
  /** how the package came to be */
  readonly origin:
    | { readonly kind: 'generated'; readonly generator: string }
    | {
        readonly kind: 'parsed';
        readonly file: string;
        /**
         * true when the package lists every non-blank amount (the cells format, a transcription), so
         * that an absent row or column is blank; a document read back may have missed some
         */
        readonly complete?: boolean;
      };
}

export type TableLayout = 'grid' | 'side-by-side' | 'form' | 'reference';

/** One section of the explanatory text (说明 / 情况说明), as printed or generated. */
export interface TextSection {
  /** numbering as printed: "一", "五(三)", "七" */
  readonly number: string;
  readonly title: string;
  readonly text: string;
  readonly page?: number;
  readonly line?: number;
}

export type ColumnRole =
  /** code columns (类/款/项, 科目编码, 单位代码) */
  | 'code'
  /** name / label columns */
  | 'label'
  /** amount columns */
  | 'amount'
  /** free text columns (performance sheets) */
  | 'text';

export interface LeafColumn {
  /** header path from the top header row to the leaf, e.g. ["基本支出","人员经费","工资福利支出"] */
  readonly path: readonly string[];
  readonly role: ColumnRole;
  /** suggested width in characters */
  readonly width: number;
}

/** One header cell of the printed header block; positions are 0-based within the header block. */
export interface HeaderCell {
  readonly text: string;
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export type RowKind =
  | 'total'
  | 'department'
  | 'unit'
  | 'class'
  | 'kuan'
  | 'item'
  | 'econ-class'
  | 'econ-kuan'
  | 'line'
  | 'project'
  | 'footer'
  | 'form';

export interface TableRow {
  readonly kind: RowKind;
  /** the row key its cells carry (grid tables); absent for form and side-by-side rows */
  readonly key?: string;
  /** printed text of every leaf column ('' when blank), aligned with `columns` */
  readonly texts: readonly string[];
  /** exact amount behind each amount column (null where the column is not an amount or is blank) */
  readonly values: readonly (Fen | null)[];
}

/** A rectangular merge in the body (form layouts), 0-based body coordinates, inclusive. */
export interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export type Provenance =
  | { readonly kind: 'lines'; readonly lines: readonly number[] }
  | { readonly kind: 'incomes'; readonly incomes: readonly number[] }
  | { readonly kind: 'formula'; readonly formula: string }
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'document'; readonly page?: number; readonly line?: number; readonly raw: string };

export interface Cell {
  /** official title of the table */
  readonly table: string;
  /** row key: code (or unit/code) when the row has one, else its label */
  readonly row: string;
  /** column header path joined by "/" */
  readonly column: string;
  /** exact amount in fen; null for text cells */
  readonly value: Fen | null;
  /** text as printed ("559.57", or the text of a text cell) */
  readonly text: string;
  readonly provenance: Provenance;
}

export interface PackageTable {
  /** position in the template set's 目录 (1-based) */
  readonly number: number;
  /** stable id within the template set, e.g. "T07" */
  readonly id: string;
  /** official title (as in the 目录) */
  readonly title: string;
  /** title printed above the table when it differs from the 目录 title */
  readonly printedTitle: string;
  /** caption lines under the title (单位: …, 金额单位: 万元) */
  readonly captions: readonly string[];
  readonly layout: TableLayout;
  readonly columns: readonly LeafColumn[];
  readonly headerRows: readonly (readonly HeaderCell[])[];
  /** number of header rows (max row + rowSpan) */
  readonly headerDepth: number;
  readonly rows: readonly TableRow[];
  readonly merges: readonly Merge[];
  readonly cells: readonly Cell[];
  /** note printed under the table (注：…), if any */
  readonly note?: string;
  /** no data: the table prints only its empty 合计 row (or nothing) */
  readonly empty: boolean;
}

export function columnKey(path: readonly string[]): string {
  return path.join('/');
}
