/**
 * mingzhang serve: the HTTP server (API and portal) on the embedded SQLite database or PostgreSQL,
 * optionally seeded with demo data. Stops gracefully on SIGINT/SIGTERM (in-flight requests finish,
 * then the database closes).
 */
import type { Command } from 'commander';
import type { seedDemo } from '../app/demo.ts';

interface ServeOptions {
  host: string;
  port?: string;
  db?: string;
  demo?: boolean;
  demoDepartments: string;
  logLevel: string;
  trustProxy?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务：接口（/api）与公开网站；默认使用内置 SQLite 数据库')
    .option('--host <地址>', '监听地址', '127.0.0.1')
    .option('--port <端口>', '监听端口（默认 3000，环境变量 PORT 可覆盖）')
    .option('--db <SQLite 文件 | postgres://…>', '数据库（默认 MINGZHANG_DATABASE_URL 或 .mingzhang/mingzhang.sqlite）')
    .option('--demo', '首次启动时导入演示数据（示例与虚构的示范区）并创建演示账户')
    .option('--demo-departments <数量>', '演示数据的部门数', '30')
    .option('--log-level <级别>', '日志级别（fatal、error、warn、info、debug）', 'info')
    .option('--trust-proxy', '位于反向代理之后：信任 X-Forwarded-*（HTTPS 时 Cookie 加 Secure）')
    .action(async (opts: ServeOptions) => {
      // the store and the server load only for the commands that use them (fast --help)
      const [{ closeApp, databaseTarget, openApp }, demoModule, { buildServer }] = await Promise.all([
        import('../app/context.ts'),
        import('../app/demo.ts'),
        import('../server/app.ts'),
      ]);
      const { progress } = await import('./progress.ts');

      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`端口无效：${opts.port ?? process.env.PORT}`);
      const target = databaseTarget({ db: opts.db });
      const ctx = await openApp({ db: target });
      let demo: Awaited<ReturnType<typeof seedDemo>> | null = null;
      if (opts.demo) {
        let bar: ReturnType<typeof progress> | null = null;
        demo = await demoModule.seedDemo(ctx, {
          departments: Number(opts.demoDepartments),
          onTotal: (n) => {
            bar = progress(n, '导入演示数据');
          },
          onProgress: (label) => bar?.tick(label),
        });
        (bar as ReturnType<typeof progress> | null)?.stop();
        for (const n of demo.notes) process.stderr.write(`演示数据（停在当前状态）：${n}\n`);
      }
      const app = await buildServer(ctx, {
        logger: { level: opts.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
        trustProxy: !!opts.trustProxy,
      });
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, '正在停止服务');
        try {
          await app.close();
        } finally {
          await closeApp(ctx);
        }
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      const address = await app.listen({ host: opts.host, port });
      const lines = [
        `明账已启动：${address}`,
        `  公开网站 ${address}/  接口文档 ${address}/api/docs  健康检查 ${address}/api/health`,
        `  数据库：${ctx.store.location}（${ctx.store.dialect === 'sqlite' ? '内置 SQLite' : 'PostgreSQL'}）`,
      ];
      if (demo) {
        lines.push(
          demo.seeded
            ? `  已导入演示数据：${demo.disclosures} 个文件，${demo.published} 项已公开`
            : '  演示数据已在数据库中（首次启动时导入）',
          '  演示账户（仅供演示，请勿用于生产）：',
          ...demo.accounts.map(
            (a) => `    ${a.login.padEnd(12)} 密码 ${a.password}  ${a.displayName}，范围：${a.scope}`,
          ),
        );
      }
      lines.push('  按 Ctrl+C 停止。');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
