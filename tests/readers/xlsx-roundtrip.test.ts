/**
 * Reading Mingzhang's own disclosure workbooks back: for every bundled example, the package
 * generated from its source.json, rendered to XLSX and read back with the workbook reader, gives
 * exactly the same `cells` output, table by table, with every table recognised by its title —
 * and the same after LibreOffice has opened and re-saved the workbook (rich text, its own styles).
 * The text cells, titles, captions, notes and cover facts come back too.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { readXlsxDisclosure, readXlsxWorkbook, type XlsxReadResult } from '../../src/readers/xlsx/index.ts';
import { cellRecords, renderCells } from '../../src/renderers/cells.ts';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { generateExample, ROOT } from '../generate/seed-fixture.ts';
import { SOFFICE as bin, REQUIRE_ALL as requireAll } from '../support/soffice.ts';
import { loadableSets } from './seed-parse.ts';

const sets = loadableSets();

async function bundledExamples(): Promise<string[]> {
  const names: string[] = [];
  for (const e of await readdir(join(ROOT, 'examples'), { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const files = await readdir(join(ROOT, 'examples', e.name));
    if (files.includes('source.json')) names.push(e.name);
  }
  return names.sort();
}
const examples = await bundledExamples();

/** Text cells as printed: (table, row, column, text). */
function textCells(pkg: DisclosurePackage): string[] {
  return pkg.tables.flatMap((t) =>
    t.cells
      .filter((c) => c.value === null && c.text !== '')
      .map((c) => JSON.stringify([t.title, c.row, c.column, c.text])),
  );
}

/** Everything the round trip must keep: cells table by table, titles, captions, notes, cover facts. */
function expectSamePackage(read: XlsxReadResult, pkg: DisclosurePackage): void {
  expect(read.unmatched).toEqual([]);
  expect(read.pkg.tables.map((t) => t.title)).toEqual(pkg.tables.map((t) => t.title));
  expect(read.document.tables.map((t) => t.templateId)).toEqual(pkg.tables.map((t) => t.id));
  const want = cellRecords(pkg);
  const got = cellRecords(read.pkg);
  for (const table of pkg.tables) {
    expect(
      got.filter((r) => r.table === table.title),
      `${table.number} ${table.title}`,
    ).toEqual(want.filter((r) => r.table === table.title));
  }
  expect(renderCells(read.pkg)).toBe(renderCells(pkg));
  expect(textCells(read.pkg)).toEqual(textCells(pkg));
  for (const table of pkg.tables) {
    const back = read.pkg.tables.find((t) => t.id === table.id)!;
    expect(back.printedTitle, table.title).toBe(table.printedTitle);
    expect(back.captions, table.title).toEqual(table.captions);
    expect(back.note ?? '', table.title).toBe(table.note ?? '');
    expect(back.layout, table.title).toBe(table.layout);
  }
  expect(read.pkg).toMatchObject({
    kind: pkg.kind,
    year: pkg.year,
    templateSet: pkg.templateSet,
    title: pkg.title,
    unit: pkg.unit,
    amountUnit: pkg.amountUnit,
  });
  // nothing was realigned, re-mapped or skipped in our own workbooks
  expect(read.repairs).toEqual([]);
  expect(read.document.notPrinted).toEqual([]);
}

describe('workbook reader: Mingzhang workbooks read back', () => {
  it('has bundled examples to read', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  for (const name of examples) {
    it(`${name}: the workbook gives back the generated package's cells, table by table`, async () => {
      const pkg = generateExample(name);
      const read = await readXlsxWorkbook(await renderXlsx(pkg), `${name}.xlsx`, sets);
      expectSamePackage(read, pkg);
      // provenance: the sheet (page) and row of every cell (sheets: 目录, 说明, then the tables)
      const cell = read.pkg.tables[1]!.cells[0]!;
      expect(cell.provenance).toMatchObject({ kind: 'document', page: 4 });
      // the 说明 sheet reads back as the 说明 (as the text reader splits it into sections): nothing
      // in it that the package's 说明 does not say
      const sections = read.pkg.sections ?? [];
      expect(sections.length).toBeGreaterThan(0);
      const source = (pkg.sections ?? [])
        .map((s) => s.text)
        .join('')
        .replace(/\s/g, '');
      for (const s of sections) expect(source, s.title).toContain(s.text.replace(/\s/g, '').slice(0, 40));
    });
  }

  it('reads a workbook from a file path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mz-xlsx-'));
    try {
      const name = examples[0]!;
      const pkg = generateExample(name);
      const path = join(dir, `${name}.xlsx`);
      await writeFile(path, await renderXlsx(pkg));
      const read = await readXlsxDisclosure(path, sets);
      expect(renderCells(read.pkg)).toBe(renderCells(pkg));
      expect(read.pkg.origin).toEqual({ kind: 'parsed', file: `${name}.xlsx` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('workbook reader: after a LibreOffice round trip', () => {
  it.skipIf(bin === null && !requireAll)(
    'every example re-saved by LibreOffice reads back to the same cells',
    async () => {
      if (bin === null) throw new Error('未找到 LibreOffice（soffice）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      const dir = await mkdtemp(join(tmpdir(), 'mz-lo-xlsx-'));
      const out = join(dir, 'out');
      const profile = join(tmpdir(), `lo-profile-${randomBytes(6).toString('hex')}`);
      try {
        const pkgs = new Map<string, DisclosurePackage>();
        const inputs: string[] = [];
        for (const name of examples) {
          const pkg = generateExample(name);
          pkgs.set(name, pkg);
          const path = join(dir, `${name}.xlsx`);
          await writeFile(path, await renderXlsx(pkg));
          inputs.push(path);
        }
        await promisify(execFile)(
          bin,
          ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'xlsx', '--outdir', out, ...inputs],
          { timeout: 170_000 },
        );
        for (const [name, pkg] of pkgs) {
          const bytes = await readFile(join(out, `${name}.xlsx`));
          const original = await renderXlsx(pkg);
          // LibreOffice wrote its own file (not a copy of ours)
          expect(bytes.equals(original)).toBe(false);
          expectSamePackage(await readXlsxWorkbook(bytes, `${name}.xlsx`, sets), pkg);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
