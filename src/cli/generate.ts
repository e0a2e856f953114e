import type { Command } from 'commander';
import { ALL_FORMATS, DEFAULT_FORMATS } from '../renderers/formats.ts';
import { addCatalogOption } from './catalog-option.ts';
import type { GenerateOptions } from './generate-run.ts';

export function registerGenerate(program: Command): void {
  const cmd = program
    .command('generate')
    .description('由源数据生成部门预算公开表（XLSX、HTML、JSON、cells，可选 PDF、Word）')
    .argument('<源数据>', 'source.json 或源数据工作簿 .xlsx')
    .requiredOption('-o, --out <目录>', '输出目录')
    .option('-f, --format <格式>', `输出格式，逗号分隔：${ALL_FORMATS.join(',')}`, DEFAULT_FORMATS.join(','));
  cmd.option('--final', '定稿：说明中的必填内容（增减原因等）为空时拒绝生成');
  addCatalogOption(cmd).action(async (file: string, opts: GenerateOptions) =>
    (await import('./generate-run.ts')).runGenerate(file, opts),
  );
}
