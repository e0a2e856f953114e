import type { Command } from 'commander';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('审核：对源数据生成的公开包或已导出的公开包逐条执行审核规则；有错误时退出码为 1')
    .argument(
      '<文件>',
      '源数据（.json/.xlsx）、公开包 JSON（由 generate 生成的 .json）或已公开的文件（.pdf、.xlsx、.txt）',
    )
    .option('-f, --format <格式>', '输出格式：text、json 或 html', 'text')
    .option('-o, --out <文件>', '写入文件（默认输出到标准输出）')
    .option('--min-severity <级别>', '只列出不低于该级别的发现：错误、警告或提示', '提示')
    .action(async (file: string, opts: { format: string; out?: string; minSeverity: string }) =>
      (await import('./check-run.ts')).runCheck(file, opts),
    );
}
