/**
 * The Shanghai corpus (pdftotext -layout output: columns are runs of spaces, pages are form
 * feeds) is not read by position yet. What the reader already does with it: no crash, cover facts,
 * pages, tables recognised by title (决算 公开表 against the 2023 final set), and an honest repair per
 * table instead of misplaced amounts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { loadableSets, SEED_DIR, templateExists } from './seed-parse.ts';

const DIR = join(SEED_DIR, '../corpus/shanghai/txt');

describe.skipIf(!existsSync(DIR))('Shanghai corpus (space-aligned text)', () => {
  const sets = loadableSets();
  const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.txt')) : [];

  it('reads every document without error: cover facts, pages, titles; no amount read by guesswork', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = readTextDisclosure(readFileSync(join(DIR, f), 'utf8'), f, sets);
      const year = Number(f.slice(0, 4));
      expect(r.pkg.year, f).toBe(year);
      expect(r.pkg.kind, f).toBe(f.includes('_final_') ? '决算' : '预算');
      expect(r.pkg.tables.length, f).toBeGreaterThan(0);
      expect(
        r.pkg.tables.flatMap((t) => t.cells),
        f,
      ).toEqual([]);
      expect(r.repairs.filter((x) => /空格对齐/.test(x.what)).length, f).toBe(r.pkg.tables.length);
      const pages = new Set(
        r.pkg.tables.map((t) => r.document.tables.find((d) => d.printedTitle === t.printedTitle)?.page),
      );
      expect(Math.max(...[...pages].filter((p): p is number => p !== undefined)), f).toBeGreaterThan(1);
    }
  });

  it.skipIf(!templateExists('hunan-2023-final'))('recognises the 决算 公开表 by their titles', () => {
    const f = files.find((x) => x.startsWith('2024_final_shpt_shgzb'))!;
    const r = readTextDisclosure(readFileSync(join(DIR, f), 'utf8'), f, sets);
    expect(r.pkg.templateSet).toBe('hunan-2023-final');
    expect(r.unmatched).toEqual([]);
    expect(r.pkg.tables.map((t) => t.id)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09']);
  });
});
