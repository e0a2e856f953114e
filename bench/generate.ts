/**
 * Benchmark (not a test): median time to generate the seed-000 package in all formats, and its
 * ratio to a plain ExcelJS write of the same cells (the floor any XLSX output has to pay).
 *
 *   node --import tsx bench/generate.ts [runs]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { normaliseSource } from '../src/core/source/normalise.ts';
import { generatePackage } from '../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../src/io/catalog-files.ts';
import { loadTemplateSet } from '../src/io/template-files.ts';
import { DEFAULT_FORMATS, renderPackage } from '../src/renderers/index.ts';

const runs = Number(process.argv[2] ?? 15);
const root = join(import.meta.dirname, '..');
const raw = JSON.parse(readFileSync(join(root, 'examples/hetang-zfb-2024-budget/source.json'), 'utf8'));
const catalogs = loadBundledCatalogs();
const set = loadTemplateSet('hunan-2024-budget');

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const fullTimes = await time(async () => {
  const r = normaliseSource(raw, catalogs);
  const pkg = generatePackage(r.data!, r.catalogs, set);
  for (const f of DEFAULT_FORMATS) await renderPackage(pkg, f);
});
const generateOnly = await time(async () => {
  const r = normaliseSource(raw, catalogs);
  generatePackage(r.data!, r.catalogs, set);
});

const r = normaliseSource(raw, catalogs);
const pkg = generatePackage(r.data!, r.catalogs, set);
const perFormat: Record<string, number> = {};
for (const f of DEFAULT_FORMATS) perFormat[f] = median(await time(() => renderPackage(pkg, f)));

// Baseline: the same cells, one sheet per table, no layout work.
const plainTimes = await time(async () => {
  const wb = new ExcelJS.Workbook();
  for (const t of pkg.tables) {
    const ws = wb.addWorksheet(`T${t.number}`);
    for (const row of t.rows) ws.addRow([...row.texts]);
  }
  await wb.xlsx.writeBuffer();
});

const cells = pkg.tables.reduce((n, t) => n + t.cells.length, 0);
const full = median(fullTimes);
const plain = median(plainTimes);
console.log(`seed-000 package: ${pkg.tables.length} tables, ${cells} cells, ${runs} runs each (median)`);
console.log(`  validate + generate (model only): ${median(generateOnly).toFixed(1)} ms`);
for (const [f, ms] of Object.entries(perFormat)) console.log(`  render ${f.padEnd(5)}: ${ms.toFixed(1)} ms`);
console.log(`  validate + generate + all formats: ${full.toFixed(1)} ms`);
console.log(`  plain ExcelJS write of the same cells: ${plain.toFixed(1)} ms`);
console.log(`  ratio full / plain ExcelJS: ${(full / plain).toFixed(2)}`);
