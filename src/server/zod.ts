/**
 * zod as Fastify's validator and the source of the OpenAPI document: route schemas (`body`,
 * `querystring`, `params`, `response`) are zod types; validation messages are Chinese.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const zh = z.locales.zhCN();

export function isZod(x: unknown): x is z.ZodType {
  return !!x && typeof x === 'object' && '_zod' in x;
}

/** JSON with bigint amounts written as decimal strings (fen), never as lossy numbers. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function installZod(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    if (!isZod(schema)) throw new Error('路由的请求模式必须是 zod 类型');
    return (data: unknown) => {
      const r = schema.safeParse(data, { error: zh.localeError });
      return r.success ? { value: r.data } : { error: r.error };
    };
  });
  app.setSerializerCompiler(() => (data) => toJson(data));
  app.setReplySerializer((payload) => toJson(payload));
}

/** Located validation issues with Chinese messages, for problem+json `errors`. */
export function zodIssues(err: z.ZodError, where: string): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

export const WHERE_LABEL: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};
