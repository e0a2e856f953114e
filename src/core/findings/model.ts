/**
 * A finding: one inconsistency (or a tail difference explained by rounding) the checker found,
 * located in the package and, for packages read from documents, in the document.
 */
import type { Category, Severity } from '../rules/schema.ts';

export interface FindingLocation {
  readonly table?: string;
  readonly row?: string;
  readonly column?: string;
  /** 说明 section and sentence, for text findings */
  readonly section?: string;
  readonly sentence?: string;
  readonly page?: number;
  readonly line?: number;
}

export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly message: string;
  readonly location: FindingLocation;
  /** compared values in 万元 as printed decimals, when the rule compares amounts */
  readonly lhs?: string;
  readonly rhs?: string;
  readonly difference?: string;
  /** the rounding bound used (万元): differences within it are 尾数误差 */
  readonly bound?: string;
  /**
   * 'unverifiable' (无法核对): an operand was missing, unreadable or ambiguous, so nothing was
   * compared; the message names what was missing and where the rule looked.
   */
  readonly status?: 'unverifiable';
  /** the finding rests on a cell the reader realigned or could not place with certainty */
  readonly reading?: 'realigned' | 'uncertain';
  /** the cells the finding compared (table, row, column), for grouping findings by cause */
  readonly cells?: readonly CellAddress[];
}

export interface CellAddress {
  readonly table: string;
  readonly row: string;
  readonly column: string;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { 错误: 0, 警告: 1, 提示: 2 };

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { 错误: 0, 警告: 0, 提示: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
