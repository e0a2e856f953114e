import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { sourceJsonSchema } from '../core/source/json-schema.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('输出源数据的 JSON Schema')
    .option('-o, --out <文件>', '写入文件（默认输出到标准输出）')
    .action((opts: { out?: string }) => {
      const text = `${JSON.stringify(sourceJsonSchema(), null, 2)}\n`;
      if (opts.out) {
        mkdirSync(dirname(opts.out), { recursive: true });
        writeFileSync(opts.out, text);
        process.stdout.write(`已写入 ${opts.out}\n`);
      } else process.stdout.write(text);
    });
}
