/**
 * mingzhang parse <file> [--format json|cells]: reads a published disclosure — a PDF, or text
 * extracted from one — back into a package and prints it to stdout. A summary, the tables no
 * template knows and (with --verbose) every realignment go to stderr; an unreadable file is a
 * Chinese error with exit code 1.
 */
import type { Command } from 'commander';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      '解析已发布的公开文件（PDF，或由 PDF 提取的文本：表格以制表符或空格对齐）为公开包并输出；无法解析时退出码为 1',
    )
    .argument('<文件>', 'PDF 文件、公开表工作簿（.xlsx），或文本文件（UTF-8 或 GB18030）')
    .option(
      '-f, --format <格式>',
      '输出格式：json、cells，或 facts（说明中的每个金额、百分比和增减表述，含句子和位置）',
      'json',
    )
    .option('-t, --template <模板集>', '只按这个报表模板集识别（默认使用 data/templates 下的全部模板集）')
    .option('--verbose', '在标准错误输出中列出每一处错位修复和未读取的值')
    .action(async (file: string, opts: { format: string; template?: string; verbose?: boolean }) =>
      (await import('./parse-run.ts')).runParse(file, opts),
    );
}
