/**
 * Tables a reading recognised but took no amount from although the document prints amounts in
 * them — never a silent success: `parse` reports each with the reader's reason and fails.
 */
import type { TextReadResult } from './text/index.ts';

export interface UnreadTable {
  readonly table: string;
  readonly line: number;
  readonly why: string;
}

const NOT_READ = /未读取金额|未读取任何金额/;

export function unreadTables(result: TextReadResult): UnreadTable[] {
  const amounts = new Map<string, number>();
  for (const t of result.pkg.tables) amounts.set(t.title, t.cells.filter((c) => c.value !== null).length);
  const out: UnreadTable[] = [];
  const seen = new Set<string>();
  for (const r of result.repairs) {
    if (!NOT_READ.test(r.what) || seen.has(r.table)) continue;
    if ((amounts.get(r.table) ?? 0) > 0) continue;
    seen.add(r.table);
    out.push({ table: r.table, line: r.line, why: r.what });
  }
  return out;
}
