/** Administration (财政管理员): users and roles, machine tokens, deadlines. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  actorIdOf,
  audit,
  createApiToken,
  createUser,
  listUsers,
  revokeApiToken,
  setGrants,
  setUserDisabled,
} from '../../app/accounts.ts';
import { sdb } from '../../app/server-tables.ts';
import { defineRoute } from '../define.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const AccountRole = z.enum(['unit_preparer', 'department_reviewer', 'finance_reviewer', 'finance_admin']);
const Grant = z.object({
  role: AccountRole,
  orgCode: z.string().max(64).optional(),
  regionCode: z.string().max(64).optional(),
});

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const tags = ['管理'];
  defineRoute(app, {
    method: 'GET',
    url: '/api/admin/users',
    permission: 'admin.users',
    summary: '用户及其角色',
    tags,
    handler: async () => ({ items: await listUsers(ctx) }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/admin/users',
    permission: 'admin.users',
    summary: '新建用户并授予角色（角色限定到单位、部门或地区）',
    tags,
    body: z.object({
      login: z.string().min(2).max(64),
      displayName: z.string().min(1).max(100),
      password: z.string().min(10).max(200),
      grants: z.array(Grant).min(1),
    }),
    handler: async (req, reply) => {
      const id = await createUser(ctx, req.body, actorIdOf(req.principal));
      return reply.code(201).send({ id });
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/admin/users/:id/disable',
    permission: 'admin.users',
    resource: 'user',
    summary: '停用或启用用户（停用即注销其全部会话）',
    tags,
    params: IdParams,
    body: z.object({ disabled: z.boolean() }),
    handler: async (req) => {
      await setUserDisabled(ctx, req.params.id, req.body.disabled, actorIdOf(req.principal));
      return { id: req.params.id, disabled: req.body.disabled };
    },
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/admin/users/:id/grants',
    permission: 'admin.users',
    resource: 'user',
    summary: '重新设定用户的角色（其会话随之失效）',
    tags,
    params: IdParams,
    body: z.object({ grants: z.array(Grant) }),
    handler: async (req) => ({
      id: req.params.id,
      grants: await setGrants(ctx, req.params.id, req.body.grants, actorIdOf(req.principal)),
    }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/admin/tokens',
    permission: 'admin.tokens',
    summary: '签发接口令牌：公开数据只读令牌，或限定单位/部门的一体化系统上传令牌（令牌只显示一次）',
    tags,
    body: z.object({
      role: z.enum(['public_token', 'upload_token']),
      label: z.string().min(1).max(100),
      orgCode: z.string().max(64).optional(),
      expiresAt: z.string().datetime().optional(),
    }),
    handler: async (req, reply) => reply.code(201).send(await createApiToken(ctx, req.body, actorIdOf(req.principal))),
  });
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/admin/tokens/:id',
    permission: 'admin.tokens',
    summary: '吊销接口令牌',
    tags,
    params: IdParams,
    handler: async (req, reply) => {
      await revokeApiToken(ctx, req.params.id, actorIdOf(req.principal));
      return reply.code(204).send();
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/admin/deadlines',
    permission: 'admin.deadlines',
    summary: '填报、审核期限',
    tags,
    handler: async () => ({
      items: await sdb(ctx).selectFrom('deadlines').selectAll().orderBy('year').orderBy('stage').execute(),
    }),
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/admin/deadlines',
    permission: 'admin.deadlines',
    summary: '设置期限（地区 × 年度 × 预算/决算 × 环节）',
    tags,
    body: z.object({
      regionCode: z.string().max(64).nullable().default(null),
      year: z.number().int().min(2000).max(2100),
      kind: z.enum(['预算', '决算']),
      stage: z.enum(['单位提交', '部门审核', '财政审核']),
      dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD'),
    }),
    handler: async (req) => {
      const b = req.body;
      const at = ctx.clock().toISOString();
      const by = actorIdOf(req.principal);
      const db = sdb(ctx);
      const existing = await db
        .selectFrom('deadlines')
        .select('id')
        .where('region_code', b.regionCode === null ? 'is' : '=', b.regionCode)
        .where('year', '=', b.year)
        .where('kind', '=', b.kind)
        .where('stage', '=', b.stage)
        .executeTakeFirst();
      if (existing)
        await db
          .updateTable('deadlines')
          .set({ due_on: b.dueOn, set_by: by, at })
          .where('id', '=', existing.id)
          .execute();
      else {
        await db
          .insertInto('deadlines')
          .values({
            region_code: b.regionCode,
            year: b.year,
            kind: b.kind,
            stage: b.stage,
            due_on: b.dueOn,
            set_by: by,
            at,
          })
          .execute();
      }
      await audit(ctx, by, 'deadline.set', 'deadline', `${b.regionCode ?? ''}:${b.year}:${b.kind}:${b.stage}`, b);
      return b;
    },
  });
}
