/**
 * Benchmark (not a test): the print documents of the 23-table example (hetang-zfb-2024-budget,
 * with its 说明) — median warm time of the PDF (pdfkit, target ≤ 400 ms) and of the Word document,
 * each with its ratio to writing the same text without layout (one flowing PDF in the same
 * embedded face; one paragraph per text in Word), and, for the choice of pdfkit, Chromium printing
 * the web page of the same package (browser launched once, not counted).
 *
 *   node --import tsx bench/print.ts [runs]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage } from '../src/app/build.ts';
import type { DisclosurePackage } from '../src/core/package/model.ts';
import { normaliseSource } from '../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../src/io/catalog-files.ts';
import { renderDocx } from '../src/renderers/docx/index.ts';
import { renderHtml } from '../src/renderers/html.ts';
import { FONTS } from '../src/renderers/pdf/fonts.ts';
import { renderPdf } from '../src/renderers/pdf/index.ts';

const runs = Number(process.argv[2] ?? 7);
const root = join(import.meta.dirname, '..');
const raw = JSON.parse(readFileSync(join(root, 'examples/hetang-zfb-2024-budget/source.json'), 'utf8'));
const r = normaliseSource(raw, loadBundledCatalogs());
if (!r.data) throw new Error('example does not validate');
const { pkg } = buildPackage(r.data, r.catalogs);

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  out.sort((a, b) => a - b);
  return out[Math.floor(out.length / 2)] as number;
}

/** Every text the print documents show: title, 说明, and each table's title, captions, header and cells. */
function allText(p: DisclosurePackage): string[] {
  const out = [p.unit.name, p.title];
  for (const s of p.sections ?? []) out.push(s.title, ...s.text.split('\n'));
  for (const t of p.tables) {
    out.push(t.title, ...t.captions, ...t.headerRows.flat().map((h) => h.text));
    for (const row of t.rows) out.push(row.texts.filter(Boolean).join(' '));
    if (t.note) out.push(t.note);
  }
  return out.filter((s) => s.trim() !== '');
}

const texts = allText(pkg);
const serifBytes = readFileSync(FONTS.serif.file);

async function plainPdf(): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
  doc.registerFont('serif', serifBytes, FONTS.serif.postscriptName);
  doc.font('serif').fontSize(10);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on('end', () => res(Buffer.concat(chunks))));
  for (const t of texts) doc.text(t);
  doc.end();
  return done;
}

async function plainDocx(): Promise<Buffer> {
  const d = await import('docx');
  const doc = new d.Document({
    sections: [{ children: texts.map((t) => new d.Paragraph({ children: [new d.TextRun(t)] })) }],
  });
  return d.Packer.toBuffer(doc);
}

const pdfMs = await time(() => renderPdf(pkg));
const plainPdfMs = await time(plainPdf);
const docxMs = await time(() => renderDocx(pkg));
const plainDocxMs = await time(plainDocx);
const pdf = await renderPdf(pkg);
const pages = pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

const f = (ms: number) => `${ms.toFixed(0)} ms`;
process.stdout.write(
  `print documents, ${pkg.tables.length} tables + 说明 (${texts.length} texts), median of ${runs} warm runs\n`,
);
process.stdout.write(
  `  PDF (pdfkit, layout)      ${f(pdfMs)}  ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KB  ` +
    `target ≤ 400 ms: ${pdfMs <= 400 ? 'met' : 'NOT met'}\n`,
);
process.stdout.write(`  PDF plain text            ${f(plainPdfMs)}  ratio ${(pdfMs / plainPdfMs).toFixed(2)}\n`);
process.stdout.write(`  DOCX (docx, tables)       ${f(docxMs)}\n`);
process.stdout.write(`  DOCX plain paragraphs     ${f(plainDocxMs)}  ratio ${(docxMs / plainDocxMs).toFixed(2)}\n`);

const chromium = '/usr/bin/chromium';
if (existsSync(chromium)) {
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  const html = renderHtml(pkg);
  let size = 0;
  const ms = await time(async () => {
    await page.setContent(html, { waitUntil: 'load' });
    size = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).length;
  });
  await browser.close();
  process.stdout.write(
    `  alternative: Chromium page.pdf of the HTML  ${f(ms)}  ${(size / 1024).toFixed(0)} KB (fonts Type 3, not subset)\n`,
  );
} else {
  process.stdout.write('  alternative: Chromium not found, not measured\n');
}
