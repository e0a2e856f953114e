/**
 * Loads the hand-transcribed truth of seed 000 (tests/fixtures/seed-000, derived from
 * tests/corpus/seeds/000_1c98b2a221c56ec4.txt as its README explains) and the example source data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withNarrative } from '../../src/core/narrative/attach.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { generatePackage } from '../../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { narrativeFor } from '../../src/io/narrative-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';

export const ROOT = join(import.meta.dirname, '../..');

export interface TruthCell {
  row: string;
  column: string;
  value: string;
}
export interface TruthTable {
  number: number;
  title: string;
  printedTitle: string;
  state: 'full' | 'header-only' | 'empty';
  cells: TruthCell[];
  textCells?: TruthCell[];
}
export interface Truth {
  tables: TruthTable[];
}
export interface ExpectedDifference {
  table: number;
  row: string;
  column: string;
  printed: string;
  consistentValue: string;
  reason: string;
  cellKind?: string;
}

export function loadTruth(): Truth {
  return JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-000/truth.json'), 'utf8')) as Truth;
}

export function loadExpectedDifferences(): ExpectedDifference[] {
  const raw = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-000/expected-differences.json'), 'utf8'));
  return raw.inconsistencies as ExpectedDifference[];
}

export function exampleSource(name = 'hetang-zfb-2024-budget'): unknown {
  return JSON.parse(readFileSync(join(ROOT, 'examples', name, 'source.json'), 'utf8'));
}

export function generateExample(name = 'hetang-zfb-2024-budget') {
  const catalogs = loadBundledCatalogs();
  const result = normaliseSource(exampleSource(name), catalogs);
  if (!result.data) throw new Error(`example ${name} does not validate: ${JSON.stringify(result.issues)}`);
  const tables = generatePackage(result.data, result.catalogs, loadTemplateSet(result.data.templateSet));
  // the complete package: tables and the 说明 written from them
  return withNarrative(tables, result.data, narrativeFor(result.data.templateSet)).pkg;
}
