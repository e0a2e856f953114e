/**
 * The 13 Shanghai PDFs (corpus/shanghai/pdf) read with the PDF reader: every table recognised by a
 * Shanghai template set, every table's totals as printed (tests/readers/shanghai-totals.json,
 * transcribed by hand from the pdftotext -layout output and checked by eye), and the reading of
 * each PDF's pdftotext text (corpus/shanghai/txt) giving the very same cells.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AmountUnit, type Fen, parseAmount } from '../../src/core/money/amount.ts';
import { readDisclosureFile } from '../../src/readers/index.ts';
import { readTextDisclosure, type TextReadResult } from '../../src/readers/text/index.ts';
import { CORPUS_DIR, loadableSets } from './seed-parse.ts';

const CORPUS = join(CORPUS_DIR, 'shanghai');
const PDF_DIR = join(CORPUS, 'pdf');
const TXT_DIR = join(CORPUS, 'txt');

interface ExpectedTable {
  title: string;
  unit: AmountUnit;
  rows?: Record<string, Record<string, string>>;
  empty?: boolean;
  noTotals?: string;
}
interface Fixture {
  documents: Record<string, { set: string; tables: Record<string, ExpectedTable> }>;
  unmatched: Record<string, Record<string, string>>;
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'shanghai-totals.json'), 'utf8')) as Fixture;
const docs = readdirSync(PDF_DIR)
  .filter((f) => f.endsWith('.pdf'))
  .map((f) => f.replace(/\.pdf$/, ''))
  .sort();

const requireAll = (process.env.MINGZHANG_REQUIRE_ALL ?? '') !== '' && process.env.MINGZHANG_REQUIRE_ALL !== '0';

/** An amount as printed in a table of unit `unit`, in fen. */
function printedFen(text: string, unit: AmountUnit): Fen {
  const p = parseAmount(text, unit);
  if (p.kind !== 'value') throw new Error(`bad fixture amount ${text}`);
  return p.fen;
}

function cellKeys(r: TextReadResult): string[] {
  return r.pkg.tables.flatMap((t) => t.cells.map((c) => `${t.id}|${c.row}|${c.column}|${c.value}`)).sort();
}

describe('Shanghai corpus: the PDFs', () => {
  const sets = loadableSets();
  const pdf = new Map<string, TextReadResult>();

  beforeAll(async () => {
    for (const d of docs) pdf.set(d, await readDisclosureFile(join(PDF_DIR, `${d}.pdf`), sets));
  }, 120_000);

  it('has a fixture for every PDF of the corpus', () => {
    expect(docs).toHaveLength(13);
    expect(Object.keys(fixture.documents).sort()).toEqual(docs);
  });

  it.each(docs)('%s: every table recognised by its Shanghai template set', (d) => {
    const r = pdf.get(d)!;
    const expected = fixture.documents[d]!;
    expect(r.pkg.templateSet).toBe(expected.set);
    expect(r.pkg.year).toBe(Number(d.slice(0, 4)));
    expect(r.pkg.kind).toBe(d.includes('_final_') ? '决算' : '预算');
    // no table left unmatched, unless the fixture explains it
    const explained = fixture.unmatched[d] ?? {};
    for (const u of r.unmatched) expect(explained[u.title], `${d}: ${u.title} — ${u.reason}`).toBeDefined();
    expect(r.unmatched.length).toBe(Object.keys(explained).length);
    expect(r.pkg.tables.map((t) => t.id).sort()).toEqual(Object.keys(expected.tables).sort());
    for (const t of r.pkg.tables) expect(t.title).toBe(expected.tables[t.id]!.title);
    // the unit name comes from the document
    expect(r.pkg.unit.name).toMatch(/^上海市|^中共上海市/);
  });

  it.each(docs)('%s: every total as printed', (d) => {
    const r = pdf.get(d)!;
    for (const [id, exp] of Object.entries(fixture.documents[d]!.tables)) {
      const table = r.pkg.tables.find((t) => t.id === id)!;
      const nonZero = table.cells.filter((c) => c.value !== null && c.value !== 0n);
      if (exp.empty) {
        expect(nonZero, `${d} ${id} prints no amount`).toEqual([]);
        continue;
      }
      if (exp.noTotals) {
        expect(table.cells.length, `${d} ${id}`).toBeGreaterThan(0);
        continue;
      }
      for (const [row, cols] of Object.entries(exp.rows ?? {})) {
        const got = table.cells.filter((c) => c.row === row);
        for (const [column, printed] of Object.entries(cols)) {
          const cell = got.find((c) => c.column === column);
          expect(cell, `${d} ${id} ${row} ${column}`).toBeDefined();
          expect(cell!.value, `${d} ${id} ${row} ${column}`).toBe(printedFen(printed, exp.unit));
        }
        // blank cells of a total row are absent or zero
        for (const c of got)
          if (!(c.column in cols)) expect(c.value ?? 0n, `${d} ${id} ${row} ${c.column} is blank in print`).toBe(0n);
      }
    }
  });

  it('reports the repairs the layout needs, and flags none of them uncertain in the PDFs', () => {
    const czj = pdf.get('2024_final_shpt_czj')!;
    // 支出决算表: 基本支出 and 项目支出 printed on the line above their row
    const above = czj.repairs.filter((x) => x.table === '支出决算表' && /不在同一行/.test(x.what));
    expect(above.length).toBeGreaterThanOrEqual(6);
    expect(above.map((x) => x.what).join('\n')).toContain('金额 2,336.91、603.14 与行“合计”不在同一行');
    // codes the document prints short are read with the template's structure and reported
    const wljd = pdf.get('2024_budget_shpt_wljd')!;
    expect(wljd.repairs.map((x) => x.what)).toContain('科目编码印作“301 2”，款、项编码应为两位，读作“301 02”');
    const shfly = pdf.get('2024_budget_shpt_shfly_unit')!;
    expect(shfly.repairs.some((x) => /印作“7 11 02”.*读作“210 11 02”/.test(x.what))).toBe(true);
    for (const [d, r] of pdf)
      expect(
        r.repairs.filter((x) => x.uncertain),
        d,
      ).toEqual([]);
  });

  it('reads each table in the unit it prints: the budget “三公” table in 万元 within 元 documents', () => {
    const zfb = pdf.get('2025_budget_shpt_zfb')!;
    expect(zfb.pkg.amountUnit).toBe('元');
    const sanGong = zfb.pkg.tables.find((t) => t.id === 'B09')!;
    const total = sanGong.cells.find((c) => c.column === '“三公”经费预算数/合计')!;
    expect(total.value).toBe(867_50n * 10_000n);
    expect(total.provenance).toMatchObject({ kind: 'document', raw: '867.50' });
  });

  it.each(docs)('%s: poppler, run now, agrees: pdftotext -layout read as text gives the same cells', (d) => {
    const run = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(PDF_DIR, `${d}.pdf`), '-'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.error || run.status !== 0) {
      if (requireAll)
        throw new Error('未找到 pdftotext（poppler-utils）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      return;
    }
    const txt = readTextDisclosure(run.stdout, `${d}.txt`, sets);
    expect(cellKeys(txt)).toEqual(cellKeys(pdf.get(d)!));
  });

  it.each(docs)('%s: the stored pdftotext text gives the same cells as the PDF', (d) => {
    const txt = readTextDisclosure(readFileSync(join(TXT_DIR, `${d}.txt`), 'utf8'), `${d}.txt`, sets);
    const p = pdf.get(d)!;
    expect(txt.pkg.templateSet).toBe(p.pkg.templateSet);
    expect(txt.unmatched).toEqual([]);
    expect(cellKeys(txt)).toEqual(cellKeys(p));
  });
});
