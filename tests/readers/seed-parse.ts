/**
 * Parses a seed document with the text reader and compares the package with the seed's hand
 * transcription (tests/fixtures/seed-NNN/truth.json): same table title, row key, column path and
 * value. Differences are matched against tests/readers/seed-NNN-parse-differences.json, where
 * each known difference carries the reason it is accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateSet } from '../../src/core/templates/schema.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readTextDisclosure, type TextReadResult } from '../../src/readers/text/index.ts';
import { ROOT } from '../generate/seed-fixture.ts';

export const SEED_FILES = {
  '000': '000_1c98b2a221c56ec4.txt',
  '001': '001_79f57dc323052dcc.txt',
  '002': '002_85c35c189350072a.txt',
} as const;
export type Seed = keyof typeof SEED_FILES;

/** Published documents copied into the repository (tests/corpus/README.md names their sources). */
export const CORPUS_DIR = join(ROOT, 'tests/corpus');
export const SEED_DIR = join(CORPUS_DIR, 'seeds');

export function seedText(seed: Seed): string {
  return readFileSync(join(SEED_DIR, SEED_FILES[seed]), 'utf8');
}

/** Every template set under data/templates that loads (sets being edited elsewhere may not). */
export function loadableSets(): TemplateSet[] {
  const out: TemplateSet[] = [];
  for (const id of listTemplateSets()) {
    try {
      out.push(loadTemplateSet(id));
    } catch {
      // a set that does not load is not the reader's business here
    }
  }
  return out;
}

export function templateExists(id: string): boolean {
  return existsSync(join(ROOT, 'data/templates', `${id}.json`));
}

interface TruthCell {
  row: string;
  column: string;
  value: string;
}
interface TruthTable {
  number: number;
  title: string;
  printedTitle: string | null;
  state: string;
  cells?: TruthCell[];
  textCells?: TruthCell[];
}
export interface Truth {
  tables: TruthTable[];
}

export function loadTruth(seed: Seed): Truth {
  return JSON.parse(readFileSync(join(ROOT, `tests/fixtures/seed-${seed}/truth.json`), 'utf8')) as Truth;
}

export interface Difference {
  /** numeric: an amount cell; text: a text cell */
  readonly kind: 'numeric' | 'text';
  readonly table: string;
  readonly row: string;
  readonly column: string;
  /** value in the truth (absent: the parser read a cell the truth does not have) */
  readonly truth?: string;
  /** value read (absent: the parser did not read the cell) */
  readonly parsed?: string;
}

export interface ListedDifference extends Difference {
  readonly reason: string;
}

export interface Comparison {
  readonly numeric: { readonly total: number; readonly matched: number };
  readonly text: { readonly total: number; readonly matched: number };
  readonly differences: readonly Difference[];
  readonly result: TextReadResult;
}

export function parseSeed(seed: Seed, sets: readonly TemplateSet[] = loadableSets()): TextReadResult {
  return readTextDisclosure(seedText(seed), SEED_FILES[seed], sets);
}

export function compareWithTruth(seed: Seed, result: TextReadResult = parseSeed(seed)): Comparison {
  const truth = loadTruth(seed);
  const got = new Map<string, { value: string; numeric: boolean }>();
  const k = (table: string, row: string, column: string) => `${table}\u0000${row}\u0000${column}`;
  for (const t of result.pkg.tables)
    for (const c of t.cells) got.set(k(t.title, c.row, c.column), { value: c.text, numeric: c.value !== null });
  const differences: Difference[] = [];
  const counts = { numeric: { total: 0, matched: 0 }, text: { total: 0, matched: 0 } };
  const inTruth = new Set<string>();
  const truthTitles = new Set(truth.tables.map((t) => t.title));
  for (const t of truth.tables) {
    for (const [kind, list] of [
      ['numeric', t.cells ?? []],
      ['text', t.textCells ?? []],
    ] as const) {
      for (const c of list) {
        const key = k(t.title, c.row, c.column);
        inTruth.add(key);
        counts[kind].total++;
        const g = got.get(key);
        if (g && g.value === c.value && g.numeric === (kind === 'numeric')) counts[kind].matched++;
        else
          differences.push({
            kind,
            table: t.title,
            row: c.row,
            column: c.column,
            truth: c.value,
            ...(g ? { parsed: g.value } : {}),
          });
      }
    }
  }
  // cells read from a transcribed table that the transcription does not have
  for (const t of result.pkg.tables) {
    if (!truthTitles.has(t.title)) continue;
    for (const c of t.cells) {
      if (inTruth.has(k(t.title, c.row, c.column))) continue;
      differences.push({
        kind: c.value !== null ? 'numeric' : 'text',
        table: t.title,
        row: c.row,
        column: c.column,
        parsed: c.text,
      });
    }
  }
  return { ...counts, differences, result };
}

export function listedDifferences(seed: Seed): ListedDifference[] {
  const file = join(ROOT, `tests/readers/seed-${seed}-parse-differences.json`);
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { differences: ListedDifference[] }).differences;
}

export function sameDifference(a: Difference, b: Difference): boolean {
  return (
    a.kind === b.kind &&
    a.table === b.table &&
    a.row === b.row &&
    a.column === b.column &&
    (a.truth ?? null) === (b.truth ?? null) &&
    (a.parsed ?? null) === (b.parsed ?? null)
  );
}

export function share(c: { total: number; matched: number }): number {
  return c.total === 0 ? 1 : c.matched / c.total;
}
