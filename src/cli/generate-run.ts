/** The work of `mingzhang generate`, loaded only when that command runs (generate.ts defines it). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage, missingReasonLines } from '../app/build.ts';
import { formatIssue } from '../core/diagnostics.ts';
import { formatWan } from '../core/money/amount.ts';
import { loadSourceFile } from '../io/source-files.ts';
import { ALL_FORMATS, type OutputFormat, renderPackage } from '../renderers/index.ts';
import { catalogsFromOptions } from './catalog-option.ts';
import { progress } from './progress.ts';

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
  const missing = missingReasonLines(narrative);
  for (const m of missing) process.stderr.write(`[${opts.final ? '错误' : '警告'}] ${m}\n`);
  if (opts.final && missing.length > 0) {
    process.stderr.write(`说明尚有 ${missing.length} 处必填内容为空，不能定稿；填写源数据的 reasons 后重试。\n`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(opts.out, { recursive: true });
  const base = `${pkg.unit.code}-${pkg.year}-${pkg.kind === '预算' ? 'budget' : 'final'}`;
  const bar = progress(formats.length, '生成');
  const written: string[] = [];
  for (const format of formats) {
    const out = await renderPackage(pkg, format);
    const path = join(opts.out, `${base}${out.extension}`);
    writeFileSync(path, out.content);
    written.push(path);
    bar.tick(format);
  }
  bar.stop();
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

function parseFormats(text: string): OutputFormat[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of list) {
    if (!(ALL_FORMATS as readonly string[]).includes(f)) {
      throw new Error(`未知的输出格式“${f}”（可用：${ALL_FORMATS.join('、')}）`);
    }
  }
  return list as OutputFormat[];
}
