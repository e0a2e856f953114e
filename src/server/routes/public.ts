/**
 * Public read API: published versions only. Version content is immutable, so it is served with its
 * hash as ETag and a year-long cache; the version list (which says 已更正) is short-lived.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  diffVersions,
  diffYears,
  listDepartments,
  listPublished,
  listRegions,
  portalUrl,
  publishedDisclosure,
  publishedVersion,
  versionCells,
  versionFile,
  versionFindings,
  versionPackage,
} from '../../app/public.ts';
import { defineRoute } from '../define.ts';
import { problems } from '../errors.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=60';

const Id = z.coerce.number().int().positive().describe('公开事项编号');
const VersionNo = z.coerce.number().int().positive().describe('版本号（1 起）');
const Kind = z
  .enum(['预算', '决算', 'budget', 'final'])
  .transform((k) => (k === 'budget' ? '预算' : k === 'final' ? '决算' : k));
const Paging = {
  page: z.coerce.number().int().positive().default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
};
const VersionParams = z.object({ id: Id, version: VersionNo });

/**
 * Package JSON by hash, kept in memory: the content of a hash never changes, so this cache can
 * never be stale (and several processes need no coordination). Bounded by total size.
 */
class ImmutableCache {
  private map = new Map<string, Buffer>();
  private size = 0;
  constructor(private readonly maxBytes: number) {}
  async get(key: string, load: () => Promise<Buffer | null>): Promise<Buffer | null> {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit); // most recently used last
      return hit;
    }
    const value = await load();
    if (!value || value.length > this.maxBytes) return value;
    this.map.set(key, value);
    this.size += value.length;
    for (const [k, v] of this.map) {
      if (this.size <= this.maxBytes) break;
      this.map.delete(k);
      this.size -= v.length;
    }
    return value;
  }
}

/** 304 when the client holds the same immutable content. */
function immutable(req: FastifyRequest, reply: FastifyReply, sha: string): boolean {
  const etag = `"${sha}"`;
  reply.header('etag', etag).header('cache-control', IMMUTABLE);
  if (req.headers['if-none-match'] === etag) {
    reply.code(304).send();
    return true;
  }
  return false;
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const tags = ['公开数据'];
  const packages = new ImmutableCache(128 * 1024 * 1024);
  defineRoute(app, {
    method: 'GET',
    url: '/api/regions',
    permission: 'public.read',
    summary: '本级财政（地区）',
    tags,
    handler: async (_req, reply) => {
      reply.header('cache-control', SHORT);
      return { items: await listRegions(ctx) };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/departments',
    permission: 'public.read',
    summary: '部门目录及某年度的公开状态（已公开 / 逾期 / 未公开）',
    tags,
    query: z.object({
      year: z.coerce.number().int().min(2000).max(2100),
      kind: Kind.default('预算'),
      region: z.string().optional(),
    }),
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      const items = await listDepartments(ctx, {
        year: req.query.year,
        kind: req.query.kind as '预算' | '决算',
        region: req.query.region,
      });
      return { items, url: portalUrl.departments() };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures',
    permission: 'public.read',
    summary: '已公开的预决算（每项最新版本），可按年度、类型、单位、地区筛选，分页',
    tags,
    query: z.object({
      year: z.coerce.number().int().optional(),
      kind: Kind.optional(),
      org: z.string().max(64).optional(),
      region: z.string().max(64).optional(),
      ...Paging,
    }),
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      return listPublished(ctx, { ...req.query, kind: req.query.kind as '预算' | '决算' | undefined });
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id',
    permission: 'public.read',
    summary: '一项已公开的预决算及其全部版本（已更正的旧版本仍可取得）',
    tags,
    params: z.object({ id: Id }),
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      return publishedDisclosure(ctx, req.params.id);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version',
    permission: 'public.read',
    summary: '某一版本的公开包（JSON，内容不可变：ETag 为其 sha256）',
    tags,
    params: VersionParams,
    handler: async (req, reply) => {
      const { v, corrected } = await publishedVersion(ctx, req.params.id, req.params.version);
      if (immutable(req, reply, v.package_sha)) return reply;
      const content = await packages.get(v.package_sha, async () => {
        const stored = await ctx.store.repos.getPackage(v.package_sha);
        return stored ? Buffer.from(stored.content, 'utf8') : null;
      });
      if (!content) throw problems.notFound();
      reply.header(
        'link',
        `<${portalUrl.version(req.params.id, req.params.version)}>; rel="alternate"; type="text/html"`,
      );
      reply.header('x-mingzhang-corrected', corrected ? '1' : '0');
      return reply.type('application/json; charset=utf-8').send(content);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/tables',
    permission: 'public.read',
    summary: '某一版本的表目录',
    tags,
    params: VersionParams,
    handler: async (req, reply) => {
      const { pkg, sha } = await versionPackage(ctx, req.params.id, req.params.version);
      if (immutable(req, reply, `${sha}-tables`)) return reply;
      return {
        items: pkg.tables.map((t) => ({
          id: t.id,
          number: t.number,
          title: t.title,
          cells: t.cells.length,
          url: portalUrl.table(req.params.id, req.params.version, t.id),
          api: `/api/disclosures/${req.params.id}/versions/${req.params.version}/tables/${encodeURIComponent(t.id)}`,
        })),
      };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/tables/:table',
    permission: 'public.read',
    summary: '某一版本的一张表（表头、行、单元格）',
    tags,
    params: VersionParams.extend({ table: z.string().max(64) }),
    handler: async (req, reply) => {
      const { pkg, sha } = await versionPackage(ctx, req.params.id, req.params.version);
      const t = pkg.tables.find((x) => x.id === req.params.table);
      if (!t) throw problems.notFound('该版本没有这张表。');
      if (immutable(req, reply, `${sha}-t-${t.id}`)) return reply;
      return { ...t, url: portalUrl.table(req.params.id, req.params.version, t.id) };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/cells',
    permission: 'public.read',
    summary: '某一版本的单元格（金额以分为单位的整数字符串），可按表筛选，分页',
    tags,
    params: VersionParams,
    query: z.object({ table: z.string().max(64).optional(), ...Paging }),
    handler: async (req, reply) => {
      const { v } = await publishedVersion(ctx, req.params.id, req.params.version);
      if (immutable(req, reply, `${v.package_sha}-c-${req.query.table ?? ''}-${req.query.page}-${req.query.pageSize}`))
        return reply;
      return versionCells(ctx, req.params.id, req.params.version, req.query);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/narrative',
    permission: 'public.read',
    summary: '某一版本的公开说明（逐节）',
    tags,
    params: VersionParams,
    handler: async (req, reply) => {
      const { pkg, sha } = await versionPackage(ctx, req.params.id, req.params.version);
      if (immutable(req, reply, `${sha}-n`)) return reply;
      return { sections: pkg.sections ?? [], url: `${portalUrl.version(req.params.id, req.params.version)}#说明` };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/findings',
    permission: 'public.read',
    summary: '某一版本的审核结果（由同一审核程序得出）',
    tags,
    params: VersionParams,
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      return { items: await versionFindings(ctx, req.params.id, req.params.version) };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/versions/:version/files/:format',
    permission: 'public.read',
    summary: '下载某一版本的文件：xlsx、html、json、cells（CSV）、text、pdf、docx（打印格式在首次下载时生成）',
    tags,
    params: VersionParams.extend({ format: z.string().max(16) }),
    handler: async (req, reply) => {
      const f = await versionFile(ctx, req.params.id, req.params.version, req.params.format);
      if (immutable(req, reply, f.sha)) return reply;
      reply.header('content-disposition', `attachment; filename="${f.fileName}"`);
      return reply.type(f.mediaType).send(f.content);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/disclosures/:id/diff',
    permission: 'public.read',
    summary: '同一事项两个版本的差异（逐单元格）',
    tags,
    params: z.object({ id: Id }),
    query: z.object({ from: VersionNo, to: VersionNo }),
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      return diffVersions(ctx, req.params.id, req.query.from, req.query.to);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/compare/years',
    permission: 'public.read',
    summary: '同一单位两个年度的差异（按表、行、列编码对齐）',
    tags,
    query: z.object({
      org: z.string().max(64),
      kind: Kind.default('预算'),
      from: z.coerce.number().int(),
      to: z.coerce.number().int(),
    }),
    handler: async (req, reply) => {
      reply.header('cache-control', SHORT);
      return diffYears(ctx, { ...req.query, kind: req.query.kind as '预算' | '决算' });
    },
  });
}
