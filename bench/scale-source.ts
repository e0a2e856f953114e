/**
 * Synthetic large sources for the benchmarks: the two-unit demo department with its 事业 unit
 * (118002) cloned until the source holds about the requested number of line items. Every clone
 * keeps the original's lines, incomes, carry-overs, projects, 三公 and 会议费/培训费 records, so the
 * source stays balanced and valid; amounts vary a little per clone (by whole fen, equally on both
 * sides of each balance) so that the tables are not a simple multiple of one unit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;

const root = join(import.meta.dirname, '..');
export const DEMO_SOURCE = join(root, 'examples/demo-two-units-2024-budget/source.json');

/** The demo source with unit 118002 cloned until it has at least `targetLines` lines. */
export function scaledSource(targetLines: number): Json {
  const raw = JSON.parse(readFileSync(DEMO_SOURCE, 'utf8')) as Json;
  const lines = raw.lines as Json[];
  const template = '118002';
  const perClone = lines.filter((l) => l.unit === template).length;
  const clones = Math.max(0, Math.ceil((targetLines - lines.length) / perClone));
  const out: Json = { ...raw };
  const arrays = ['lines', 'incomes', 'yearEndCarryover', 'projects', 'threePublic', 'meetingTraining'] as const;
  const grown: Record<string, Json[]> = {};
  for (const k of arrays) grown[k] = [...((raw[k] as Json[] | undefined) ?? [])];
  const units = [...(raw.units as Json[])];
  const baseUnit = units.find((u) => u.code === template) as Json;
  for (let c = 1; c <= clones; c++) {
    const code = `118${String(100 + c).padStart(6, '0')}`;
    units.push({ ...baseUnit, code, name: `${baseUnit.name as string}（分支${c}）` });
    for (const k of arrays) {
      for (const item of (raw[k] as Json[] | undefined) ?? []) {
        if (item.unit !== template) continue;
        const copy: Json = { ...item, unit: code };
        if (k === 'projects') copy.code = `${code}${(item.code as string).slice(template.length)}`;
        if (typeof copy.project === 'string') copy.project = `${code}${copy.project.slice(template.length)}`;
        grown[k]?.push(copy);
      }
    }
  }
  for (const k of arrays) out[k] = grown[k];
  out.units = units;
  return out;
}
