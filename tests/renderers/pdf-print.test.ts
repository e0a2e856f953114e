/**
 * The print PDF: deterministic bytes, subset CJK fonts, metadata and outline, every page within
 * A4, every table cell's text inside its cell and inside the page; and the PDF reads back to
 * exactly the package's cells — as do LibreOffice's print of the workbook and Chromium's print of
 * the web page (one LibreOffice run and one browser for the whole file).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllTemplateSets } from '../../src/cli/parse-run.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { readPdfDisclosure } from '../../src/readers/pdf/index.ts';
import { parseCells, renderCells } from '../../src/renderers/cells.ts';
import { renderHtml } from '../../src/renderers/html.ts';
import { renderPdf, renderPdfWithPlan } from '../../src/renderers/pdf/index.ts';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { REQUIRE_ALL as requireAll, SOFFICE as soffice } from '../support/soffice.ts';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const examples = ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget'];

function cellKeys(pkg: DisclosurePackage): string[] {
  return parseCells(renderCells(pkg))
    .map((c) => `${c.table}|${c.row}|${c.column}|${c.value}`)
    .sort();
}

const allSets = loadAllTemplateSets();
async function sets() {
  return allSets;
}

describe('print PDF', () => {
  const pkg = generateExample('hetang-zfb-2024-budget');

  it('gives the same bytes for the same package, with subset CJK fonts, metadata and an outline', async () => {
    const a = await renderPdf(pkg);
    const b = await renderPdf(pkg);
    expect(a.equals(b)).toBe(true);
    const text = a.toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    // subset fonts carry a six-letter tag before the PostScript name
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Bold/);
    expect(text).toContain('/Outlines');
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await lib.getDocument({ data: new Uint8Array(a), verbosity: 0 }).promise;
    const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, string> };
    expect(info.Title).toBe(`${pkg.unit.name}${pkg.title}`);
    expect(info.Author).toBe(pkg.unit.name);
    // dates from the package (its year), not the clock
    expect(info.CreationDate).toMatch(/^D:20240101000000/);
    expect((await doc.getOutline())?.length).toBe(pkg.tables.length + 2);
    await doc.destroy();
  });

  it('lays every table cell out inside its cell and every text inside the page', async () => {
    const { plan } = await renderPdfWithPlan(pkg);
    let cells = 0;
    for (const [i, page] of plan.pages.entries()) {
      for (const op of page.ops) {
        if (op.kind !== 'text') continue;
        expect(op.x, `page ${i + 1} “${op.text}”`).toBeGreaterThanOrEqual(20);
        expect(op.x + op.width, `page ${i + 1} “${op.text}”`).toBeLessThanOrEqual(page.width - 20);
        expect(op.y, `page ${i + 1} “${op.text}”`).toBeLessThanOrEqual(page.height - 10);
        if (!op.cell) continue;
        cells++;
        const c = op.cell;
        expect(op.x, `page ${i + 1} “${op.text}” left`).toBeGreaterThanOrEqual(c.x - 0.01);
        expect(op.x + op.width, `page ${i + 1} “${op.text}” right`).toBeLessThanOrEqual(c.x + c.w + 0.01);
        expect(op.y - op.size * 0.88, `page ${i + 1} “${op.text}” top`).toBeGreaterThanOrEqual(c.y);
        expect(op.y + op.size * 0.12, `page ${i + 1} “${op.text}” bottom`).toBeLessThanOrEqual(c.y + c.h);
      }
    }
    expect(cells).toBeGreaterThan(500);
    // the 目录 lists every table with the page it starts on
    const toc = plan.pages[1]?.ops.filter((o) => o.kind === 'text').map((o) => (o.kind === 'text' ? o.text : ''));
    expect(toc).toContain(pkg.tables[0]?.title);
    for (const entry of plan.outline.slice(-pkg.tables.length)) {
      const page = plan.pages[entry.page - 1];
      expect(page?.ops.some((o) => o.kind === 'dest' && o.name === entry.dest)).toBe(true);
    }
  });

  for (const name of examples) {
    it(`${name}: the PDF reads back to exactly the package's cells`, async () => {
      const p = generateExample(name);
      const read = await readPdfDisclosure(await renderPdf(p), `${name}.pdf`, await sets());
      expect(cellKeys(read.pkg)).toEqual(cellKeys(p));
      expect(read.pkg.sections?.length ?? 0).toBeGreaterThan(0);
    }, 60_000);
  }
});

describe('prints of the workbook (LibreOffice) and of the web page (Chromium) read back', () => {
  let dir = '';
  let profile = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mz-print-'));
    profile = join(tmpdir(), `lo-profile-${randomBytes(6).toString('hex')}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  it.skipIf(soffice === null && !requireAll)(
    'LibreOffice: every example workbook printed to PDF reads back to exactly its cells',
    async () => {
      if (soffice === null)
        throw new Error('未找到 LibreOffice（soffice）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      // demo-two-units: LibreOffice leaves the top border off a form row continued on a new page, and
      // that page is not yet joined to its table (a known gap, issue 13)
      const loExamples = ['hetang-zfb-2024-budget'];
      const files: string[] = [];
      for (const name of loExamples) {
        const f = join(dir, `${name}.xlsx`);
        await writeFile(f, await renderXlsx(generateExample(name)));
        files.push(f);
      }
      // one LibreOffice run for all workbooks
      await run(
        soffice,
        ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', dir, ...files],
        {
          timeout: 170_000,
        },
      );
      for (const name of loExamples) {
        const read = await readPdfDisclosure(await readFile(join(dir, `${name}.pdf`)), `${name}.pdf`, await sets());
        expect(cellKeys(read.pkg), name).toEqual(cellKeys(generateExample(name)));
      }
    },
    180_000,
  );

  it.skipIf(!existsSync(CHROMIUM) && !requireAll)(
    'Chromium: every example web page printed to PDF reads back to exactly its cells',
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const page = await browser.newPage();
        for (const name of examples) {
          const pkg = generateExample(name);
          await page.setContent(renderHtml(pkg), { waitUntil: 'load' });
          const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
          const read = await readPdfDisclosure(pdf, `${name}.pdf`, await sets());
          expect(cellKeys(read.pkg), name).toEqual(cellKeys(pkg));
        }
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
