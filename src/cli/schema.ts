import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { sourceJsonSchema } from '../core/source/json-schema.ts';
import { narrativeJsonSchema } from '../io/narrative-files.ts';
import { writeFileAtomic } from '../io/output-set.ts';
import { ruleCatalogJsonSchema } from '../io/rule-files.ts';
import { scoringConfigJsonSchema } from '../io/scoring-files.ts';
import { templateSetJsonSchema } from '../io/template-files.ts';

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
      async (opts: { out?: string; template?: boolean; rules?: boolean; scoring?: boolean; narrative?: boolean }) => {
        const schema = opts.narrative
          ? narrativeJsonSchema()
          : opts.scoring
            ? scoringConfigJsonSchema()
            : opts.rules
              ? ruleCatalogJsonSchema()
              : opts.template
                ? templateSetJsonSchema()
                : sourceJsonSchema();
        const text = `${JSON.stringify(schema, null, 2)}\n`;
        if (opts.out) {
          mkdirSync(dirname(opts.out), { recursive: true });
          await writeFileAtomic(opts.out, text);
          process.stdout.write(`已写入 ${opts.out}\n`);
        } else process.stdout.write(text);
      },
    );
}
