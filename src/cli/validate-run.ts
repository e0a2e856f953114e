/** The work of `mingzhang validate`, loaded only when that command runs (validate.ts defines it). */
import { formatIssue } from '../core/diagnostics.ts';
import { formatWan } from '../core/money/amount.ts';
import { loadSourceFile } from '../io/source-files.ts';
import { catalogsFromOptions } from './catalog-option.ts';

export interface ValidateOptions {
  strict?: boolean;
  json?: boolean;
  catalog?: string[];
}

export async function runValidate(file: string, opts: ValidateOptions): Promise<void> {
  const result = await loadSourceFile(file, await catalogsFromOptions(opts.catalog));
  const errors = result.issues.filter((i) => i.severity === 'error');
  const warnings = result.issues.filter((i) => i.severity === 'warning');
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ file, errors: errors.length, warnings: warnings.length, issues: result.issues }, null, 2)}\n`,
    );
  } else {
    for (const i of result.issues) process.stdout.write(`${formatIssue(i)}\n`);
    if (result.data) {
      const d = result.data;
      const total = d.lines.reduce((s, l) => s + l.amount, 0n);
      process.stdout.write(
        `${file}：${d.department.name} ${d.year} 年${d.kind}，${d.units.length} 个单位，${d.lines.length} 条支出明细，支出合计 ${formatWan(total)} 万元。\n`,
      );
    }
    process.stdout.write(`校验结果：${errors.length} 个错误，${warnings.length} 个警告。\n`);
  }
  if (errors.length > 0 || (opts.strict && warnings.length > 0)) process.exitCode = 1;
}
