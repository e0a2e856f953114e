/** The work of `mingzhang check`, loaded only when that command runs (check.ts defines it). */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { buildPackage } from '../app/build.ts';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import { formatIssue } from '../core/diagnostics.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import type { Realignment } from '../core/rules/compare.ts';
import { applicableCatalogs, checkPackage } from '../core/rules/engine.ts';
import type { Severity } from '../core/rules/schema.ts';
import { loadBundledCatalogs } from '../io/catalog-files.ts';
import { loadRuleCatalogs } from '../io/rule-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';
import { loadSourceFile } from '../io/source-files.ts';
import { readDisclosureFile } from '../readers/index.ts';
import { atLeast, renderFindingsHtml, renderFindingsJson, renderFindingsText } from '../renderers/findings.ts';
import { parsePackageJson } from '../renderers/json.ts';
import { loadAllTemplateSets } from './parse-run.ts';

export async function runCheck(
  file: string,
  opts: { format: string; out?: string; minSeverity: string },
): Promise<void> {
  if (!['text', 'json', 'html'].includes(opts.format))
    throw new Error(`未知的输出格式“${opts.format}”（可用：text、json、html）`);
  if (!['错误', '警告', '提示'].includes(opts.minSeverity))
    throw new Error(`未知的级别“${opts.minSeverity}”（可用：错误、警告、提示）`);
  const loaded = await loadPackage(file);
  if (!loaded) {
    process.exitCode = 1;
    return;
  }
  const ruleCatalogs = loadRuleCatalogs();
  const applicable = applicableCatalogs(loaded.pkg, ruleCatalogs);
  if (applicable.length === 0) throw new Error(`没有适用于报表模板集“${loaded.pkg.templateSet}”的审核规则`);
  const { pkg, catalogs } = loaded;
  const findings = checkPackage(pkg, ruleCatalogs, {
    catalogs,
    scoring: loadAllScoringConfigs(),
    realignments: loaded.realignments ?? [],
  });
  const header = {
    subject: basename(file),
    unit: `${pkg.unit.code} ${pkg.unit.name}`,
    year: pkg.year,
    kind: pkg.kind,
    rules: applicable.reduce((n, c) => n + c.rules.length, 0),
  };
  const shown = atLeast(findings, opts.minSeverity as Severity);
  const text =
    opts.format === 'json'
      ? renderFindingsJson(shown, header)
      : opts.format === 'html'
        ? renderFindingsHtml(shown, header)
        : renderFindingsText(shown, header);
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
  if (findings.some((f) => f.severity === '错误')) process.exitCode = 1;
}

/** A package from source data (generated) or from an exported package JSON, with the catalogs to check codes against. */
async function loadPackage(
  file: string,
): Promise<{ pkg: DisclosurePackage; catalogs: Catalogs; realignments?: Realignment[] } | undefined> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    const text = readFileSync(file, 'utf8');
    if (/"format"\s*:\s*"mingzhang-package"/.test(text.slice(0, 200)))
      return { pkg: parsePackageJson(text), catalogs: loadBundledCatalogs() };
  }
  if (ext === '.txt' || ext === '.pdf' || (ext === '.xlsx' && !(await isSourceWorkbook(file)))) {
    // a published document: read it back against every known table set
    const result = await readDisclosureFile(file, loadAllTemplateSets());
    for (const u of result.unmatched) process.stderr.write(`[提示] 未能匹配模板的表“${u.title}”：${u.reason}\n`);
    return { pkg: result.pkg, catalogs: loadBundledCatalogs(), realignments: result.repairs };
  }
  const loaded = await loadSourceFile(file);
  for (const i of loaded.issues) process.stderr.write(`${formatIssue(i)}\n`);
  if (!loaded.data) {
    process.stderr.write('源数据有错误，无法审核。\n');
    return undefined;
  }
  // codes the source itself introduced (catalogAdditions, names met in input) count as known
  return {
    pkg: buildPackage(loaded.data, loaded.catalogs).pkg,
    catalogs: loaded.catalogs,
  };
}

/** A source-data workbook (mingzhang template) rather than a published disclosure workbook. */
async function isSourceWorkbook(file: string): Promise<boolean> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.some((w) => w.name === '支出明细') && wb.worksheets.some((w) => w.name === '基本信息');
}
