/**
 * mingzhang db export <file> / db import <file> [--db …]: backup and restore of the whole
 * database (src/app/backup.ts), written to a temporary name and renamed.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { addDbOption } from './import.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('数据库备份与恢复');
  addDbOption(
    db
      .command('export')
      .description('把整个数据库（含原始文件）导出为备份文件')
      .argument('<文件>', '备份文件（JSON Lines）'),
  ).action(async (file: string, opts: { db?: string }) => {
    // the store and the server load only for the commands that use them (fast --help)
    const [{ exportDatabase }, { closeApp, openApp }] = await Promise.all([
      import('../app/backup.ts'),
      import('../app/context.ts'),
    ]);

    const ctx = await openApp({ ...(opts.db ? { db: opts.db } : {}) });
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      const out = createWriteStream(tmp);
      const result = await exportDatabase(
        ctx,
        async (line) => {
          if (!out.write(`${line}\n`)) await once(out, 'drain');
        },
        (table, rows) => process.stderr.write(`导出 ${table}：${rows} 行\n`),
      );
      out.end();
      await once(out, 'finish');
      renameSync(tmp, file);
      process.stdout.write(
        `已导出 ${result.tables} 张表、${result.rows} 行到 ${file}（数据库 ${ctx.store.location}）\n`,
      );
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    } finally {
      await closeApp(ctx);
    }
  });
  addDbOption(
    db.command('import').description('把备份文件恢复到一个新的（空）数据库').argument('<文件>', '备份文件'),
  ).action(async (file: string, opts: { db?: string }) => {
    // the store and the server load only for the commands that use them (fast --help)
    const [{ importDatabase }, { closeApp, openApp }] = await Promise.all([
      import('../app/backup.ts'),
      import('../app/context.ts'),
    ]);

    const ctx = await openApp({ ...(opts.db ? { db: opts.db } : {}) });
    try {
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      const result = await importDatabase(ctx, lines, (table, rows) =>
        process.stderr.write(`恢复 ${table}：${rows} 行\n`),
      );
      process.stdout.write(`已恢复 ${result.tables} 张表、${result.rows} 行（数据库 ${ctx.store.location}）\n`);
    } finally {
      await closeApp(ctx);
    }
  });
}
