import type { Command } from 'commander';
import { addCatalogOption } from './catalog-option.ts';
import type { ValidateOptions } from './validate-run.ts';

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('校验源数据（source.json 或填好的源数据工作簿 .xlsx）；有错误时退出码为 1')
    .argument('<文件>', '源数据文件（.json 或 .xlsx）')
    .option('--strict', '把警告也当作错误')
    .option('--json', '以 JSON 输出问题列表');
  addCatalogOption(cmd).action(async (file: string, opts: ValidateOptions) =>
    (await import('./validate-run.ts')).runValidate(file, opts),
  );
}
