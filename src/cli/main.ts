/**
 * mingzhang — the command-line shell. Each subcommand lives in its own module and only wires
 * files and streams to the pure core.
 */
import { Command, Help } from 'commander';
import { registerCommands } from './commands.ts';

/** commander prints its section labels in English; translate them for Chinese users. */
const LABELS: Array<[RegExp, string]> = [
  [/^Usage:/gm, '用法：'],
  [/^Options:/gm, '选项：'],
  [/^Commands:/gm, '命令：'],
  [/^Arguments:/gm, '参数：'],
];
const defaultFormat = Help.prototype.formatHelp;
Help.prototype.formatHelp = function formatHelp(cmd, helper) {
  return LABELS.reduce((text, [re, label]) => text.replace(re, label), defaultFormat.call(this, cmd, helper));
};

const program = new Command();
program
  .name('mingzhang')
  .description('明账：部门预决算公开的生成、审核与解析工具')
  .version('0.1.0', '-v, --version', '显示版本号')
  .helpOption('-h, --help', '显示帮助')
  .addHelpCommand('help [命令]', '显示某个命令的帮助')
  .showHelpAfterError('（使用 --help 查看用法）')
  .configureOutput({
    outputError: (str, write) => write(str.replace(/^error:/, '错误：')),
  });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
