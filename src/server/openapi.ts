/**
 * The OpenAPI 3.1 document, built from the route table: every /api route with its zod schemas
 * (converted by z.toJSONSchema), its permission (`x-permission`) and the problem+json error shape.
 * Plus /api/docs: the same document as a self-contained HTML page (no CDN, no script).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteEntry } from './route-table.ts';
import { isZod } from './zod.ts';

type Json = Record<string, unknown>;

const jsonSchema = (s: unknown): Json | undefined => {
  if (!isZod(s)) return undefined;
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
};

export const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'RFC 9457 problem details；code 为稳定的机器代码，detail 为中文说明',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object' } },
  },
  required: ['type', 'title', 'status', 'code', 'detail'],
};

function operation(app: FastifyInstance, r: RouteEntry): Json {
  const schema = (r.schema ?? {}) as Record<string, unknown>;
  const parameters: Json[] = [];
  for (const [where, location] of [
    ['params', 'path'],
    ['querystring', 'query'],
  ] as const) {
    const js = jsonSchema(schema[where]);
    const props = (js?.properties ?? {}) as Record<string, Json>;
    const required = new Set((js?.required as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries(props)) {
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        schema: s,
        ...(s.description ? { description: s.description } : {}),
      });
    }
  }
  for (const m of r.url.matchAll(/:([A-Za-z_]+)/g)) {
    if (!parameters.some((p) => p.in === 'path' && p.name === m[1])) {
      parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  const responses: Json = {};
  const resp = (schema.response ?? {}) as Record<string, unknown>;
  for (const [status, s] of Object.entries(resp)) {
    const js = jsonSchema(s);
    responses[status] = {
      description: status.startsWith('2') ? '成功' : '错误',
      ...(js ? { content: { 'application/json': { schema: js } } } : {}),
    };
  }
  if (Object.keys(responses).length === 0) responses['200'] = { description: '成功' };
  responses.default = {
    description: '错误（problem+json）',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const perm = app.permissions.file.permissions[r.permission];
  const body = jsonSchema(schema.body);
  const isPublic = app.permissions.isPublic(r.permission);
  return {
    operationId: `${r.method.toLowerCase()}${r.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: (schema.summary as string | undefined) ?? r.url,
    ...(schema.description ? { description: schema.description } : {}),
    tags: (schema.tags as string[] | undefined) ?? [r.url.split('/')[2] ?? 'api'],
    'x-permission': r.permission,
    'x-permission-label': perm?.label,
    'x-roles': perm?.roles,
    ...(r.resource ? { 'x-scoped-resource': r.resource } : {}),
    ...(isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { [(schema.consumes as string[] | undefined)?.[0] ?? 'application/json']: { schema: body } },
          },
        }
      : schema.consumes
        ? {
            requestBody: {
              required: true,
              content: { [(schema.consumes as string[])[0]!]: { schema: { type: 'object' } } },
            },
          }
        : {}),
    responses,
  };
}

export function buildOpenApi(app: FastifyInstance): Json {
  const paths: Record<string, Json> = {};
  for (const r of app.routeTable) {
    if (!r.api) continue;
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operation(app, r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '明账 Mingzhang API',
      version: '0.1.0',
      description:
        '部门预决算公开系统的接口。公开数据无需登录；工作人员以会话 Cookie（状态变更须附 x-csrf-token）或接口令牌（Authorization: Bearer）访问。错误一律为 application/problem+json。金额以“分”为单位的整数字符串表示。',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'mz_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
  };
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The OpenAPI document as a browsable page, rendered on the server. */
export function renderDocsPage(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined) ?? ['api'])[0]!;
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code>（${escapeHtml(p.in)}${p.required ? '，必填' : ''}）${escapeHtml(p.description ?? '')}</li>`,
        )
        .join('');
      const body = op.requestBody
        ? `<details><summary>请求体</summary><pre>${escapeHtml(JSON.stringify(op.requestBody, null, 2))}</pre></details>`
        : '';
      const resp = `<details><summary>响应</summary><pre>${escapeHtml(JSON.stringify(op.responses, null, 2))}</pre></details>`;
      const html = `<section class="op" id="${escapeHtml(op.operationId)}"><h3><span class="m m-${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
<p class="perm">权限：<code>${escapeHtml(op['x-permission'])}</code>（${escapeHtml(op['x-permission-label'])}；角色：${escapeHtml(((op['x-roles'] as string[]) ?? []).join('、'))}）</p>
${params ? `<ul>${params}</ul>` : ''}${body}${resp}</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const info = doc.info as Json;
  const toc = [...byTag.keys()].map((t) => `<li><a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a></li>`).join('');
  const sections = [...byTag.entries()]
    .map(([t, ops]) => `<h2 id="tag-${escapeHtml(t)}">${escapeHtml(t)}</h2>${ops.join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} 接口文档</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;line-height:1.6;max-width:960px;margin:0 auto;padding:1rem;color:#1a1a1a}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.5rem;overflow-x:auto;font-size:.85rem}
.op{border-top:1px solid #ccc;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;text-align:center;color:#fff;border-radius:3px;padding:0 .3em;background:#555}
.m-get{background:#1d5fa8}.m-post{background:#1e7a3c}.m-put,.m-patch{background:#8a5a00}.m-delete{background:#a11}.perm{color:#444}
</style></head><body>
<h1>${escapeHtml(info.title)} 接口文档</h1><p>${escapeHtml(info.description)}</p>
<p>机器可读的文档：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI ${escapeHtml(doc.openapi)}）</p>
<nav><ul>${toc}</ul></nav>${sections}</body></html>`;
}
