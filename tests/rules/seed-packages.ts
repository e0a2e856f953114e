/**
 * Packages of the seeds as published, built from their hand transcriptions
 * (tests/fixtures/seed-NNN/truth.json; see each folder's README for how they were derived).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { type CellRecord, packageFromCells } from '../../src/readers/cells-package.ts';
import { ROOT } from '../generate/seed-fixture.ts';

interface TruthTable {
  number: number;
  title: string;
  printedTitle: string | null;
  state: string;
  note?: string;
  cells?: Array<{ row: string; column: string; value: string; line?: string }>;
  textCells?: Array<{ row: string; column: string; value: string }>;
}

interface TruthSection {
  number: string;
  title: string;
  text: string;
}

export function seedPackage(
  seed: '000' | '001' | '002',
  templateSet: string,
  meta: { kind: '预算' | '决算'; year: number; unit: { code: string; name: string } },
): DisclosurePackage {
  const truth = JSON.parse(readFileSync(join(ROOT, `tests/fixtures/seed-${seed}/truth.json`), 'utf8')) as {
    tables: TruthTable[];
    sections?: TruthSection[];
  };
  const records: CellRecord[] = [];
  // tables the document does not print, or prints illegibly, contribute nothing readable
  const printed = truth.tables.filter((t) => t.state !== 'not-printed' && t.state !== 'illegible');
  for (const t of printed) {
    for (const c of t.cells ?? []) records.push({ table: t.title, row: c.row, column: c.column, value: c.value });
    for (const c of t.textCells ?? [])
      records.push({ table: t.title, row: c.row, column: c.column, value: c.value, text: true });
  }
  return packageFromCells(records, loadTemplateSet(templateSet), {
    ...meta,
    file: `seeds/seed-${seed}`,
    tables: printed.map((t) => ({ title: t.printedTitle ?? t.title, ...(t.note ? { note: t.note } : {}) })),
    ...(truth.sections
      ? { sections: truth.sections.map((s) => ({ number: s.number, title: s.title, text: s.text })) }
      : {}),
  });
}

export const seed000 = () =>
  seedPackage('000', 'hunan-2024-budget', {
    kind: '预算',
    year: 2024,
    unit: { code: '004001', name: '株洲市荷塘区人民政府办公室' },
  });

export const seed001 = () =>
  seedPackage('001', 'hunan-2020-budget', {
    kind: '预算',
    year: 2020,
    unit: { code: '', name: '株洲市石峰区人民政府办公室' },
  });

export const seed002 = () =>
  seedPackage('002', 'hunan-2023-final', {
    kind: '决算',
    year: 2023,
    unit: { code: '', name: '株洲市荷塘区人民政府办公室' },
  });

/** The seed package for a template set, when a seed in that format exists. */
export const SEED_OF_SET: Record<string, { seed: string; build: () => DisclosurePackage }> = {
  'hunan-2024-budget': { seed: '000', build: seed000 },
  'hunan-2020-budget': { seed: '001', build: seed001 },
  'hunan-2023-final': { seed: '002', build: seed002 },
};
