/** Health, the OpenAPI document and its browsable page. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute } from '../define.ts';
import { ProblemError } from '../errors.ts';
import { buildOpenApi, renderDocsPage } from '../openapi.ts';

export async function systemRoutes(app: FastifyInstance): Promise<void> {
  defineRoute(app, {
    method: 'GET',
    url: '/api/health',
    permission: 'public.read',
    summary: '健康检查：数据库可用时返回 200',
    tags: ['系统'],
    response: {
      200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), time: z.string() }),
    },
    handler: async (_req, reply) => {
      try {
        await sql`SELECT 1`.execute(app.ctx.store.db);
      } catch {
        throw new ProblemError(503, 'database_unavailable', '数据库暂时无法访问。');
      }
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, database: app.ctx.store.dialect, time: app.ctx.clock().toISOString() };
    },
  });

  let doc: Record<string, unknown> | null = null;
  let page: string | null = null;
  // built on first request, when every plugin has registered its routes
  const openapi = () => {
    doc ??= buildOpenApi(app);
    return doc;
  };
  defineRoute(app, {
    method: 'GET',
    url: '/api/openapi.json',
    permission: 'public.read',
    summary: 'OpenAPI 3.1 接口描述',
    tags: ['系统'],
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return openapi();
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/docs',
    permission: 'public.read',
    summary: '可浏览的接口文档（HTML）',
    tags: ['系统'],
    handler: async (_req, reply) => {
      page ??= renderDocsPage(openapi());
      reply.header('cache-control', 'public, max-age=300');
      return reply.type('text/html; charset=utf-8').send(page);
    },
  });
}
