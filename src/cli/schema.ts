import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('输出源数据（或报表模板语言）的 JSON Schema')
    .option('-o, --out <文件>', '写入文件（默认输出到标准输出）')
    .option('--template', '输出报表模板语言的 JSON Schema')
    .option('--rules', '输出审核规则语言的 JSON Schema')
    .option('--scoring', '输出绩效自评评分规则的 JSON Schema')
    .option('--narrative', '输出公开说明句式语言的 JSON Schema')
    .action(
      async (opts: { out?: string; template?: boolean; rules?: boolean; scoring?: boolean; narrative?: boolean }) =>
        (await import('./schema-run.ts')).runSchema(opts),
    );
}
