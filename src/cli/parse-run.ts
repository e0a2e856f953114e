/** The work of `mingzhang parse`, loaded only when that command runs (parse.ts defines it). */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { extractTextFacts } from '../core/narrative/facts.ts';
import type { TemplateSet } from '../core/templates/schema.ts';
import { listTemplateSets, loadTemplateSet } from '../io/template-files.ts';
import { decodeText, readDisclosureFile } from '../readers/index.ts';
import { renderCells } from '../renderers/cells.ts';
import { renderJson } from '../renderers/json.ts';

export const FORMATS = ['json', 'cells', 'facts'] as const;

export async function runParse(
  file: string,
  opts: { format: string; template?: string; verbose?: boolean },
): Promise<void> {
  try {
    if (!(FORMATS as readonly string[]).includes(opts.format))
      throw new Error(`未知的输出格式“${opts.format}”（可用：${FORMATS.join('、')}）`);
    if (!existsSync(file)) throw new Error(`找不到文件 ${file}`);
    const sets = opts.template ? [loadTemplateSet(opts.template)] : loadAllTemplateSets();
    const result = await readDisclosureFile(file, sets);
    const out =
      opts.format === 'cells'
        ? renderCells(result.pkg)
        : opts.format === 'facts'
          ? `${JSON.stringify(extractTextFacts(result.pkg.sections ?? []), null, 2)}\n`
          : renderJson(result.pkg);
    process.stdout.write(out);
    const { pkg } = result;
    const amounts = pkg.tables.reduce((n, t) => n + t.cells.filter((c) => c.value !== null).length, 0);
    const matched = pkg.tables.length - result.unmatched.length;
    process.stderr.write(
      `已解析 ${basename(file)}：${pkg.unit.name || '（未印单位名称）'} ${pkg.year} 年${pkg.kind}，` +
        `${matched} 张表按报表模板集“${pkg.templateSet}”识别，${result.unmatched.length} 张未能识别，` +
        `${amounts} 个金额单元格，${result.repairs.length} 处修复或提示。\n`,
    );
    for (const u of result.unmatched)
      process.stderr.write(`[未识别] 第 ${u.line ?? '?'} 行“${u.title}”：${u.reason}\n`);
    if (opts.verbose)
      for (const r of result.repairs)
        process.stderr.write(
          `[${r.uncertain ? '待核' : '修复'}] ${r.table ? `${r.table}，` : ''}第 ${r.line} 行：${r.what}\n`,
        );
  } catch (e) {
    process.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

/** Every template set under data/templates that loads; a broken one is skipped with a warning. */
/** Every template set in data/templates (the reader matches tables against all of them). */
export function loadAllTemplateSets(): TemplateSet[] {
  const sets: TemplateSet[] = [];
  for (const id of listTemplateSets()) {
    try {
      sets.push(loadTemplateSet(id));
    } catch (e) {
      process.stderr.write(`[警告] 跳过报表模板集“${id}”：${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return sets;
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; undecodable bytes stay visible as U+FFFD. */
export function decode(bytes: Uint8Array): string {
  return decodeText(bytes);
}
