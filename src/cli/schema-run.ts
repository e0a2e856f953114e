/** The work of `mingzhang schema`, loaded only when that command runs (schema.ts defines it). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sourceJsonSchema } from '../core/source/json-schema.ts';
import { narrativeJsonSchema } from '../io/narrative-files.ts';
import { ruleCatalogJsonSchema } from '../io/rule-files.ts';
import { scoringConfigJsonSchema } from '../io/scoring-files.ts';
import { templateSetJsonSchema } from '../io/template-files.ts';

export function runSchema(opts: {
  out?: string;
  template?: boolean;
  rules?: boolean;
  scoring?: boolean;
  narrative?: boolean;
}): void {
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
    writeFileSync(opts.out, text);
    process.stdout.write(`已写入 ${opts.out}\n`);
  } else process.stdout.write(text);
}
