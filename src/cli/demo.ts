import type { Command } from 'commander';

/** The main job: validate every bundled example and generate its package into out/. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('演示：校验自带示例并把公开表生成到 out/ 目录')
    .option('-o, --out <目录>', '输出目录', 'out')
    .action(async (opts: { out: string }) => (await import('./demo-run.ts')).runDemo(opts));
}
