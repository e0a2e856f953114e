/** Shared shapes of the text reader. */
import type { AmountUnit, Fen } from '../../core/money/amount.ts';
import type { TemplateSet } from '../../core/templates/schema.ts';
import type { ReadCursor } from './errors.ts';

/** One cell read from the document, before it becomes a package cell. */
export interface ReadCell {
  readonly row: string;
  readonly column: string;
  /** the amount as printed (cleaned), or the text of a text cell */
  readonly value: string;
  /** the amount; undefined for text cells */
  readonly fen?: Fen;
  readonly page: number;
  readonly line: number;
  /** the field as extracted */
  readonly raw: string;
}

/** A decision the reader took where the printed layout is displaced, or a value it could not take. */
export interface Repair {
  /** official title of the table (or the printed title of an unknown table) */
  readonly table: string;
  readonly line: number;
  readonly what: string;
  /** the reader had to choose between equally plausible readings: worth a look by a person */
  readonly uncertain?: boolean;
  /** amounts printed on the line that the reader left unread: a blank cell there may hold one of them */
  readonly dropped?: readonly string[];
}

export interface ReadContext {
  readonly set: TemplateSet;
  /** unit the document prints its amounts in */
  readonly unit: AmountUnit;
  /** one unit of the printed last decimal (0.01 万元 = 10 000 fen) */
  readonly step: Fen;
  /** how the document separates cells (see lines.ts) */
  readonly split: 'tabs' | 'spaces' | 'positions';
  /** the unit code from the cover, when printed */
  readonly unitCode: string | undefined;
  readonly cursor: ReadCursor;
  /** is (column path, amount) confirmed by another table of the document? */
  readonly evidence?: (path: readonly string[], fen: Fen) => boolean;
}
