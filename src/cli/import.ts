/**
 * mingzhang import <file|folder|zip> [--db …]: source files into the store, one transaction per
 * file, with a progress bar and a result line per file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { Command } from 'commander';
import type { ImportFile, ImportResult } from '../app/ingest.ts';
import { formatIssue } from '../core/diagnostics.ts';

const SOURCE_EXT = new Set(['.json', '.xlsx']);

export function addDbOption(cmd: Command): Command {
  return cmd.option(
    '--db <数据库>',
    'SQLite 文件或 postgres:// 地址（默认 MINGZHANG_DATABASE_URL，否则 .mingzhang/mingzhang.sqlite）',
  );
}

export function registerImport(program: Command): void {
  addDbOption(
    program
      .command('import')
      .description('把源数据（单个 .json/.xlsx、文件夹或 ZIP）导入数据库；每个文件一个事务，相同内容不重复建修订')
      .argument('<路径>', '源数据文件、文件夹或 .zip'),
  )
    .option('--json', '以 JSON 输出每个文件的结果')
    .action(async (path: string, opts: { db?: string; json?: boolean }) => {
      // the store and the server load only for the commands that use them (fast --help)
      const [{ closeApp, openApp }, { importMany }] = await Promise.all([
        import('../app/context.ts'),
        import('../app/ingest.ts'),
      ]);
      const { progress } = await import('./progress.ts');

      const files = await collectFiles(path);
      if (files.length === 0) throw new Error(`${path} 中没有 .json 或 .xlsx 源数据文件`);
      const ctx = await openApp({ ...(opts.db ? { db: opts.db } : {}) });
      try {
        const bar = progress(files.length, '导入');
        const results = await importMany(ctx, files, { onResult: (r) => bar.tick(r.fileName) });
        bar.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else for (const r of results) process.stdout.write(resultLines(r));
        const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
        process.stderr.write(
          `共 ${results.length} 个文件：新建修订 ${count('created')} 个，未变化 ${count('unchanged')} 个，有错误 ${count('invalid')} 个，失败 ${count('failed')} 个（数据库 ${ctx.store.location}）\n`,
        );
        if (count('invalid') + count('failed') > 0) process.exitCode = 1;
      } finally {
        await closeApp(ctx);
      }
    });
}

function resultLines(r: ImportResult): string {
  const s = r.subject;
  const what = s ? `${s.orgCode} ${s.year} 年${s.kind}` : '';
  const head =
    r.status === 'created'
      ? `✓ ${r.fileName}：已导入 ${what}，第 ${r.revisionNumber} 次修订${r.consolidation?.status === 'created' ? '；部门汇总已更新' : ''}`
      : r.status === 'unchanged'
        ? `= ${r.fileName}：与当前修订（第 ${r.revisionNumber} 次）完全相同，未新建修订`
        : `✗ ${r.fileName}：${r.message ?? '未导入'}`;
  const issues = r.issues.filter((i) => r.status !== 'created' || i.severity === 'error').slice(0, 20);
  return [head, ...issues.map((i) => `    ${formatIssue(i)}`), ''].join('\n');
}

/** The source files under a path: itself, a folder (recursively, sorted) or the members of a ZIP. */
export async function collectFiles(path: string): Promise<ImportFile[]> {
  const st = statSync(path);
  if (st.isDirectory()) {
    const out: ImportFile[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        if (name.startsWith('.')) continue;
        const full = join(dir, name);
        const s = statSync(full);
        if (s.isDirectory()) walk(full);
        else if (SOURCE_EXT.has(extname(name).toLowerCase())) {
          out.push({ name: relative(path, full), bytes: async () => readFileSync(full) });
        }
      }
    };
    walk(path);
    return out;
  }
  if (extname(path).toLowerCase() === '.zip') {
    const { readZipMembers } = await import('../io/zip-entries.ts');
    const members = await readZipMembers(readFileSync(path), path, (n) => SOURCE_EXT.has(extname(n).toLowerCase()));
    return members
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((m) => ({ name: m.name, bytes: async () => m.bytes }));
  }
  return [{ name: path.split(/[\\/]/).pop() ?? path, bytes: async () => readFileSync(path) }];
}
