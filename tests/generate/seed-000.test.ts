/**
 * Generating the seed-000 example reproduces every table seed 000 prints, cell for cell at
 * 0.01 万元. The reference is the hand transcription in tests/fixtures/seed-000/truth.json,
 * never the generator's own output; the seed's own contradictions are listed, with reasons, in
 * tests/fixtures/seed-000/expected-differences.json.
 */
import { describe, expect, it } from 'vitest';
import { amount } from '../../src/core/money/amount.ts';
import { generateExample, loadExpectedDifferences, loadTruth } from './seed-fixture.ts';

const pkg = generateExample();
const truth = loadTruth();
const expected = loadExpectedDifferences();

const squash = (s: string) => s.replace(/\s+/g, '').replace(/，/g, ',').replace(/；/g, ';');
/** "20万元" → fen, for amounts the forms print as text */
const textAmount = (s: string) => amount(s.replace(/万元$/, ''));

describe('seed 000 (2024 Hunan budget, 株洲市荷塘区人民政府办公室) regenerated from the example', () => {
  it('has the 23 tables of the seed’s 目录 in order, under the printed titles', () => {
    expect(pkg.tables.map((t) => t.title)).toEqual(truth.tables.map((t) => t.title));
    for (const tt of truth.tables) {
      const printed = pkg.tables[tt.number - 1]?.printedTitle ?? '';
      expect(squash(printed).replace(/—/g, '--')).toBe(squash(tt.printedTitle).replace(/—/g, '--'));
    }
  });

  it('marks as empty exactly the tables the seed prints with a zero 合计', () => {
    const empty = pkg.tables.filter((t) => t.empty).map((t) => t.number);
    expect(empty).toEqual(truth.tables.filter((t) => t.state === 'empty').map((t) => t.number));
  });

  for (const tt of truth.tables) {
    if (tt.state === 'header-only') continue;
    it(`table ${tt.number} ${tt.title}: every printed amount, and nothing the seed leaves blank`, () => {
      const table = pkg.tables[tt.number - 1]!;
      const generated = new Map(table.cells.filter((c) => c.value !== null).map((c) => [`${c.row}|${c.column}`, c]));
      const mismatches: string[] = [];
      for (const cell of tt.cells) {
        const diff = expected.find((e) => e.table === tt.number && e.row === cell.row && e.column === cell.column);
        const want = diff ? diff.consistentValue : cell.value;
        const got = generated.get(`${cell.row}|${cell.column}`)?.text ?? '';
        if (got !== want)
          mismatches.push(`${cell.row} / ${cell.column}: seed ${cell.value}, generated ${got || '(blank)'}`);
      }
      // amounts the seed prints as text inside forms ("20万元")
      const textual = new Map((tt.textCells ?? []).map((c) => [`${c.row}|${c.column}`, c.value]));
      const known = new Set(tt.cells.map((c) => `${c.row}|${c.column}`));
      for (const [key, cell] of generated) {
        if (cell.text === '' || known.has(key)) continue;
        const asText = textual.get(key);
        if (asText !== undefined && textAmount(asText) === cell.value) continue;
        mismatches.push(`${key}: generated ${cell.text}, blank in the seed`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('every listed seed inconsistency really differs from what the data implies', () => {
    for (const e of expected) {
      if (e.cellKind === 'textCell') continue;
      expect(e.printed).not.toBe(e.consistentValue);
      const table = pkg.tables[e.table - 1]!;
      const cell = table.cells.find((c) => c.row === e.row && c.column === e.column);
      expect(cell?.text ?? '').toBe(e.consistentValue);
    }
  });

  it('performance sheets (tables 22 and 23) carry every printed text', () => {
    const mismatches: string[] = [];
    for (const n of [22, 23]) {
      const tt = truth.tables[n - 1]!;
      const table = pkg.tables[n - 1]!;
      const generated = new Map(table.cells.map((c) => [`${c.row}|${c.column}`, c.text]));
      for (const cell of tt.textCells ?? []) {
        const diff = expected.find((e) => e.table === n && e.row === cell.row && e.column === cell.column);
        const got = generated.get(`${cell.row}|${cell.column}`);
        if (got === undefined) {
          if (cell.value === '') continue;
          mismatches.push(`${n} ${cell.row} / ${cell.column}: missing`);
          continue;
        }
        if (/万元$/.test(cell.value) && textAmount(cell.value) === textAmount(got)) continue;
        if (squash(got) !== squash(diff ? diff.consistentValue : cell.value)) {
          mismatches.push(`${n} ${cell.row} / ${cell.column}: seed “${cell.value}”, generated “${got}”`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
