/** The work of `mingzhang demo`, loaded only when that command runs (demo.ts defines it). */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPackage } from '../app/build.ts';
import { formatIssue, hasErrors } from '../core/diagnostics.ts';
import { DATA_DIR } from '../io/catalog-files.ts';
import { loadSourceFile } from '../io/source-files.ts';
import { DEFAULT_FORMATS, renderPackage } from '../renderers/index.ts';
import { progress } from './progress.ts';

export const EXAMPLES_DIR = resolve(DATA_DIR, '../examples');

export async function runDemo(opts: { out: string }): Promise<void> {
  const examples = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const bar = progress(examples.length, '示例');
  let failed = false;
  const summary: string[] = [];
  for (const name of examples) {
    const loaded = await loadSourceFile(join(EXAMPLES_DIR, name, 'source.json'));
    for (const i of loaded.issues) process.stderr.write(`${formatIssue(i)}\n`);
    if (!loaded.data || hasErrors(loaded.issues)) {
      failed = true;
      bar.tick(`${name}（校验失败）`);
      continue;
    }
    const { pkg, narrative } = buildPackage(loaded.data, loaded.catalogs);
    const todo = narrative?.missingReasons.length ?? 0;
    const dir = join(opts.out, name);
    mkdirSync(dir, { recursive: true });
    const base = `${pkg.unit.code}-${pkg.year}-${pkg.kind === '预算' ? 'budget' : 'final'}`;
    for (const format of DEFAULT_FORMATS) {
      const out = await renderPackage(pkg, format);
      writeFileSync(join(dir, `${base}${out.extension}`), out.content);
    }
    summary.push(
      `  ${pkg.unit.name} ${pkg.year} 年${pkg.kind}：${pkg.tables.length} 张表${pkg.sections ? `和公开说明${todo ? `（${todo} 处待填写）` : ''}` : ''} → ${resolve(dir)}`,
    );
    bar.tick(name);
  }
  bar.stop();
  process.stdout.write(`已校验 ${examples.length} 个示例并生成公开表：\n${summary.join('\n')}\n`);
  process.stdout.write(`打开 ${resolve(opts.out)} 下的 .html 文件即可浏览，.xlsx 为可打印的工作簿。\n`);
  if (failed) process.exitCode = 1;
}
