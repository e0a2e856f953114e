/**
 * mingzhang — the command-line shell. Each subcommand lives in its own module and only wires
 * files and streams to the pure core.
 */
import { Command, CommanderError, Help } from 'commander';
import { commanderMessage, fileErrorMessage } from '../io/library-errors.ts';
import { registerCommands } from './commands.ts';
import { EXIT_IO, errorMessage, exitCodeFor } from './errors.ts';
import { guardTerminal } from './terminal.ts';

guardTerminal();

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
    outputError: (str, write) => write(commanderMessage(str)),
  })
  // a wrong option is exit code 2, like every other "could not do what was asked" (errors.ts)
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_IO;
  } else {
    // a file system error escaping a command (ENOENT …) still gets a Chinese message naming the file
    const path = (e as NodeJS.ErrnoException | undefined)?.path;
    process.stderr.write(`错误：${path ? fileErrorMessage(e, path) : errorMessage(e)}\n`);
    process.exitCode = exitCodeFor(e);
  }
}
