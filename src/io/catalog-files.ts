/**
 * Reads the bundled catalog CSVs (data/catalogs) and imported official catalogs (CSV or XLSX)
 * into the pure catalog values of src/core/catalogs.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { type CatalogEntry, type CatalogKind, type Confidence, makeCatalog } from '../core/catalogs/catalog.ts';
import type { Catalogs, EconomicMapping, FundSource } from '../core/catalogs/catalogs.ts';
import { withAdditions } from '../core/catalogs/catalogs.ts';

export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');
export const CATALOG_DIR = join(DATA_DIR, 'catalogs');

type Row = Record<string, string>;

export function readCsvRows(file: string): Row[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

function yearOrNull(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^(\d{4})/.exec(v);
  return m ? Number(m[1]) : null;
}

function confidenceOf(v: string | undefined): Confidence {
  return v === 'high' || v === 'medium' || v === 'low' ? v : 'medium';
}

export function entryFromRow(row: Row, origin: string): CatalogEntry {
  const code = (row.code ?? '').trim();
  return {
    code,
    name: (row.name ?? '').trim(),
    parent: row.parent ? row.parent.trim() : null,
    level: Number(row.level) || (code.length === 7 ? 3 : code.length === 5 ? 2 : 1),
    validFrom: yearOrNull(row.valid_from),
    validTo: yearOrNull(row.valid_to),
    confidence: confidenceOf(row.confidence),
    origin,
  };
}

let cached: Catalogs | undefined;

/** The catalogs shipped with Mingzhang (cached; they are immutable values). */
export function loadBundledCatalogs(dir = CATALOG_DIR): Catalogs {
  if (cached && dir === CATALOG_DIR) return cached;
  const entries = (file: string) => readCsvRows(join(dir, file)).map((r) => entryFromRow(r, `data/catalogs/${file}`));
  const mapping: Map<string, { govCode: string; confidence: string }> = new Map();
  for (const r of readCsvRows(join(dir, 'dept_to_gov_economic_mapping.csv'))) {
    mapping.set(`${r.dept_code}|${r.unit_kind}`, {
      govCode: r.gov_code ?? '',
      confidence: r.confidence ?? 'medium',
    });
  }
  const funds: FundSource[] = readCsvRows(join(dir, 'fund_sources.csv')).map((r) => ({
    ...entryFromRow(r, 'data/catalogs/fund_sources.csv'),
    fundNature: r.fund_nature ?? '',
    fiscal: r.fiscal === 'yes',
    aliases: (r.aliases ?? '').split('|').filter(Boolean),
  }));
  const result: Catalogs = {
    func: makeCatalog('功能分类', entries('function_classification_partial.csv')),
    deptEcon: makeCatalog('部门经济分类', entries('dept_economic_classification.csv')),
    govEcon: makeCatalog('政府经济分类', entries('gov_economic_classification.csv')),
    funds,
    mapping: { byKey: mapping } satisfies EconomicMapping,
  };
  if (dir === CATALOG_DIR) cached = result;
  return result;
}

export interface ImportedCatalog {
  readonly kind: Exclude<CatalogKind, '资金来源'>;
  readonly entries: CatalogEntry[];
  readonly source: string;
}

/**
 * Import an official catalog (CSV or XLSX with the bundled files' columns: code, name, parent,
 * level, valid_from, valid_to …) for a fiscal year. Rows without valid_from/valid_to are taken
 * as valid for `year` only. Errors name the file, sheet and row.
 */
export async function importCatalogFile(
  file: string,
  kind: Exclude<CatalogKind, '资金来源'>,
  year: number,
): Promise<ImportedCatalog> {
  const origin = `导入:${basename(file)}`;
  let rows: Array<{ row: Row; where: string }>;
  if (extname(file).toLowerCase() === '.xlsx') {
    const { default: ExcelJS } = await import('exceljs'); // only for workbook catalogs
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error(`${basename(file)}：工作簿中没有工作表`);
    const header: string[] = [];
    ws.getRow(1).eachCell((cell, col) => {
      header[col] = cell.text.trim();
    });
    rows = [];
    ws.eachRow((r, rowNumber) => {
      if (rowNumber === 1) return;
      const row: Row = {};
      header.forEach((h, col) => {
        if (h) row[h] = r.getCell(col).text.trim();
      });
      rows.push({ row, where: `${basename(file)} 工作表“${ws.name}”第 ${rowNumber} 行` });
    });
  } else {
    rows = readCsvRows(file).map((row, i) => ({ row, where: `${basename(file)} 第 ${i + 2} 行` }));
  }
  const entries: CatalogEntry[] = [];
  for (const { row, where } of rows) {
    const code = (row.code ?? row.科目编码 ?? '').trim();
    const name = (row.name ?? row.科目名称 ?? '').trim();
    if (!code && !name) continue;
    if (!/^\d+$/.test(code)) throw new Error(`${where}：科目编码“${code}”不是数字编码`);
    if (!name) throw new Error(`${where}：科目编码 ${code} 缺少科目名称`);
    const e = entryFromRow({ ...row, code, name }, origin);
    entries.push({
      ...e,
      validFrom: e.validFrom ?? year,
      validTo: e.validTo ?? (e.validFrom === null ? year : null),
      confidence: 'high',
    });
  }
  return { kind, entries, source: file };
}

export function applyImports(base: Catalogs, imports: readonly ImportedCatalog[]): Catalogs {
  return withAdditions(
    base,
    imports.flatMap((i) => i.entries.map((entry) => ({ kind: i.kind, entry }))),
  );
}
