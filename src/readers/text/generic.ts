/**
 * Tables whose title no template knows: read as printed — rows keyed by their first cell,
 * columns by position ("第 3 列"), amounts only.
 */
import { type AmountUnit, parseAmount } from '../../core/money/amount.ts';
import { filled, type TextLine } from './lines.ts';
import { labelKey } from './normalise.ts';
import { isColumnNumberLine, isDataLine } from './rows.ts';
import type { ReadCell } from './types.ts';

export function readGeneric(body: readonly TextLine[], unit: AmountUnit): ReadCell[] {
  const start = body.findIndex((l) => isDataLine(l));
  if (start < 0) return [];
  const cells: ReadCell[] = [];
  const used = new Map<string, number>();
  for (const l of body.slice(start)) {
    if (isColumnNumberLine(l)) continue;
    const f = filled(l);
    const first = f[0];
    if (!first) continue;
    let row = labelKey(first.text);
    const n = (used.get(row) ?? 0) + 1;
    used.set(row, n);
    if (n > 1) row = `${row}#${n}`;
    for (const c of f.slice(1)) {
      const p = parseAmount(c.text, unit);
      if (p.kind !== 'value' || !/\d/.test(c.text) || /[^\d.,\s-]/.test(c.text)) continue;
      cells.push({
        row,
        column: `第${c.col + 1}列`,
        value: c.text,
        fen: p.fen,
        page: l.page,
        line: l.line,
        raw: c.raw,
      });
    }
  }
  return cells;
}
