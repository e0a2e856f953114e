/**
 * Benchmark (not a test): time to read each Shanghai corpus PDF into a package (pdfjs extraction,
 * layout, structure, tables by position), against `pdftotext -layout` on the same PDF (poppler,
 * text only). Median of a few runs each, after one warm-up read (loading pdfjs).
 *
 *   node --import tsx bench/parse.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTemplateSets, loadTemplateSet } from '../src/io/template-files.ts';
import { readPdfDisclosure } from '../src/readers/pdf/index.ts';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const dir = join(import.meta.dirname, '../tests/corpus/shanghai/pdf');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const havePdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).status === 0;
if (!existsSync(dir)) {
  console.log(`parse PDF: corpus not found at ${dir}, skipped`);
} else {
  const sets = listTemplateSets().map((id) => loadTemplateSet(id));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  // warm-up: the first read loads pdfjs
  const t0 = process.hrtime.bigint();
  await readPdfDisclosure(readFileSync(join(dir, files[0]!)), files[0]!, sets);
  console.log(`parse PDF: first read (loads pdfjs) ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`);
  let sumOurs = 0;
  let sumPoppler = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    const ours: number[] = [];
    let pages = 0;
    let cells = 0;
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const r = await readPdfDisclosure(bytes, f, sets);
      ours.push(Number(process.hrtime.bigint() - t) / 1e6);
      pages = Math.max(...r.document.tables.map((x) => x.page), 0);
      cells = r.pkg.tables.reduce((n, x) => n + x.cells.length, 0);
    }
    const poppler: number[] = [];
    if (havePdftotext) {
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, f), '-']);
        poppler.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const a = median(ours);
    const b = poppler.length > 0 ? median(poppler) : Number.NaN;
    sumOurs += a;
    sumPoppler += b;
    console.log(
      `parse PDF ${f}: ${a.toFixed(0)} ms (${cells} cells, tables to page ${pages}); pdftotext -layout ${
        havePdftotext ? `${b.toFixed(0)} ms, ratio ${(a / b).toFixed(1)}×` : 'not installed'
      } — median of ${runs} runs`,
    );
  }
  if (havePdftotext)
    console.log(
      `parse PDF: all ${files.length} documents ${sumOurs.toFixed(0)} ms vs pdftotext -layout ${sumPoppler.toFixed(0)} ms (ratio ${(sumOurs / sumPoppler).toFixed(1)}×)`,
    );
}
