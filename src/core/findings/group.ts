/**
 * One cause, shown once. A wrong cell breaks every identity it takes part in (its row, its column,
 * the other tables that repeat it); a reviewer should see one cause with the likely culprit cell,
 * not five unrelated-looking 错误. Findings that compared amounts carry the cells they read; the
 * cell that most findings share is the likely culprit, and the findings that read it form one
 * group. Findings that read no cells (structure, text) group by rule and table.
 */
import { type CellAddress, type Finding, SEVERITY_ORDER } from './model.ts';

export interface FindingGroup {
  /** the most serious severity in the group */
  readonly severity: Finding['severity'];
  /** the cell every finding of the group read (the likely culprit), when there is one */
  readonly culprit?: CellAddress;
  readonly findings: readonly Finding[];
}

const cellKey = (c: CellAddress) => `${c.table}\u0000${c.row}\u0000${c.column}`;

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups: FindingGroup[] = [];
  // 尾数 and 无法核对 notes stay one each: they are not the effect of a wrong cell
  const candidates = findings.filter((f) => f.severity !== '提示' && (f.cells?.length ?? 0) > 0);
  const rest = findings.filter((f) => !candidates.includes(f));
  const open = new Set(candidates);
  while (open.size > 0) {
    const count = new Map<string, { cell: CellAddress; n: number }>();
    for (const f of open) {
      for (const c of new Map((f.cells ?? []).map((x) => [cellKey(x), x])).values()) {
        const e = count.get(cellKey(c)) ?? { cell: c, n: 0 };
        e.n++;
        count.set(cellKey(c), e);
      }
    }
    let best: { cell: CellAddress; n: number } | undefined;
    for (const e of count.values()) if (!best || e.n > best.n) best = e;
    if (!best || best.n < 2) break;
    const key = cellKey(best.cell);
    const members = [...open].filter((f) => (f.cells ?? []).some((c) => cellKey(c) === key));
    for (const f of members) open.delete(f);
    groups.push({ severity: worst(members), culprit: best.cell, findings: members });
  }
  for (const f of open) {
    const where = f.location;
    const culprit =
      where.table && where.row && where.column
        ? { table: where.table, row: where.row, column: where.column }
        : undefined;
    groups.push({ severity: f.severity, ...(culprit ? { culprit } : {}), findings: [f] });
  }
  // structural and text findings: one group per rule and table (or section)
  const byRule = new Map<string, Finding[]>();
  for (const f of rest) {
    if (f.severity === '提示') {
      groups.push({ severity: f.severity, findings: [f] });
      continue;
    }
    const k = `${f.ruleId}\u0000${f.location.table ?? f.location.section ?? ''}`;
    byRule.set(k, [...(byRule.get(k) ?? []), f]);
  }
  for (const members of byRule.values()) groups.push({ severity: worst(members), findings: members });
  return groups.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function worst(fs: readonly Finding[]): Finding['severity'] {
  return fs.reduce<Finding['severity']>(
    (w, f) => (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[w] ? f.severity : w),
    '提示',
  );
}
