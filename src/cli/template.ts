import type { Command } from 'commander';

export function registerTemplate(program: Command): void {
  program
    .command('template')
    .description('生成空白的源数据填报工作簿（含填写说明和代码表）')
    .requiredOption('-o, --out <文件>', '输出的 .xlsx 文件，如 模板.xlsx')
    .action(async (opts: { out: string }) => {
      const { writeSourceWorkbook } = await import('../io/source-workbook/writer.ts');
      await writeSourceWorkbook(opts.out);
      process.stdout.write(`已生成空白源数据工作簿：${opts.out}\n`);
    });
}
