/** The work of `mingzhang generate`, loaded only when that command runs (generate.ts defines it). */
import { join } from 'node:path';
import { buildPackage, missingReasonLines } from '../app/build.ts';
import { formatIssue } from '../core/diagnostics.ts';
import { formatWan } from '../core/money/amount.ts';
import { grammarFindings } from '../core/narrative/grammar.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { manifestName, type OutputFile, writeOutputSet } from '../io/output-set.ts';
import { loadRuleCatalogs } from '../io/rule-files.ts';
import { loadSourceFile } from '../io/source-files.ts';
import { ALL_FORMATS, type OutputFormat, renderPackage } from '../renderers/index.ts';
import { catalogFiles, catalogsFromOptions } from './catalog-option.ts';
import { UsageError } from './errors.ts';
import { progress } from './progress.ts';
import { printable } from './terminal.ts';

export interface GenerateOptions {
  out: string;
  format: string;
  catalog?: string[];
  final?: boolean;
}

export async function runGenerate(file: string, opts: GenerateOptions): Promise<void> {
  const formats = parseFormats(opts.format);
  const loaded = await loadSourceFile(file, await catalogsFromOptions(opts.catalog));
  for (const i of loaded.issues) process.stderr.write(`${formatIssue(i)}\n`);
  if (!loaded.data) {
    process.stderr.write('源数据有错误，未生成。\n');
    process.exitCode = 1;
    return;
  }
  const { pkg, narrative } = buildPackage(loaded.data, loaded.catalogs);
  const missing = [...missingReasonLines(narrative), ...textDefectLines(pkg)];
  for (const m of missing) process.stderr.write(`[${opts.final ? '错误' : '警告'}] ${m}\n`);
  if (opts.final && missing.length > 0) {
    process.stderr.write(
      `说明尚有 ${missing.length} 处必填内容为空或文字不规范，不能定稿；填写源数据的 reasons 或修正说明模板后重试。\n`,
    );
    process.exitCode = 1;
    return;
  }
  const base = `${pkg.unit.code}-${pkg.year}-${pkg.kind === '预算' ? 'budget' : 'final'}`;
  const bar = progress(formats.length + 1, '生成');
  const files: OutputFile[] = [];
  for (const format of formats) {
    const out = await renderPackage(pkg, format);
    files.push({ name: `${base}${out.extension}`, content: out.content });
    bar.tick(format);
  }
  // the whole set at once: the previous set stays until the new one is complete (io/output-set.ts)
  const manifest = await writeOutputSet(opts.out, base, files, { inputs: [file, ...catalogFiles(opts.catalog)] });
  bar.tick('写入');
  bar.stop();
  const written = [...files.map((f) => f.name), manifestName(manifest.base)].map((n) => join(opts.out, n));
  const t1 = pkg.tables.find((t) => t.id === 'T01');
  const total = t1?.cells.find((c) => c.row === '收入总计')?.value;
  const filled = pkg.tables.filter((t) => !t.empty).length;
  process.stdout.write(
    `${pkg.unit.name}（${pkg.unit.code}）${pkg.year} 年${pkg.kind}：${pkg.tables.length} 张表（${filled} 张有数据，${pkg.tables.length - filled} 张为空表）` +
      (total !== undefined && total !== null ? `，收入总计 ${formatWan(total)} 万元` : '') +
      `${narrative ? `，公开说明 ${pkg.sections?.length ?? 0} 节${missing.length ? `（${missing.length} 处待填写）` : ''}` : ''}。\n`,
  );
  for (const p of written) process.stdout.write(`  已写入 ${p}\n`);
}

/** `--format xlsx,json`: every entry known, none empty, none twice, at least one. */
export function parseFormats(text: string): OutputFormat[] {
  const list = text.split(',').map((s) => s.trim());
  const seen = new Set<string>();
  for (const f of list) {
    if (f === '') throw new UsageError(`--format 中有空的格式（可用：${ALL_FORMATS.join('、')}）`);
    if (!(ALL_FORMATS as readonly string[]).includes(f))
      throw new UsageError(`未知的输出格式“${printable(f)}”（可用：${ALL_FORMATS.join('、')}）`);
    if (seen.has(f)) throw new UsageError(`输出格式“${f}”重复`);
    seen.add(f);
  }
  return list as OutputFormat[];
}

/** The 说明 sentences the grammar rules (data/rules/text-grammar.json) find fault with. */
function textDefectLines(pkg: DisclosurePackage): string[] {
  return grammarFindings(pkg, loadRuleCatalogs()).map((f) => `说明文字不规范（${f.ruleId}）：${f.message}`);
}
