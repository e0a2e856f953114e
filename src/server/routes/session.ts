/** Login, logout and who am I. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { login, logout, SESSION_HOURS } from '../../app/accounts.ts';
import type { Principal } from '../../core/workflow/principal.ts';
import { SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import { defineRoute } from '../define.ts';

export const PrincipalSchema = z.object({
  kind: z.enum(['anonymous', 'user', 'token']),
  id: z.number().nullable(),
  name: z.string(),
  displayName: z.string(),
  roles: z.array(z.object({ role: z.string(), label: z.string(), orgId: z.string().nullable() })),
});

export function principalJson(app: FastifyInstance, p: Principal) {
  return {
    kind: p.kind,
    id: p.id,
    name: p.name,
    displayName: p.displayName,
    roles: p.grants.map((g) => ({ role: g.role, label: app.permissions.roleLabel(g.role), orgId: g.orgId })),
  };
}

const SessionSchema = z.object({ user: PrincipalSchema, csrfToken: z.string() });

export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  const answer = (req: FastifyRequest) => ({ user: principalJson(app, req.principal), csrfToken: req.csrfToken() });
  defineRoute(app, {
    method: 'GET',
    url: '/api/session',
    permission: 'public.read',
    summary: '当前身份和 CSRF 令牌（未登录时为公众，并设置 CSRF Cookie）',
    tags: ['账户'],
    response: { 200: SessionSchema },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return answer(req);
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/session/login',
    permission: 'session.login',
    summary: '登录（须附 CSRF 令牌：先 GET /api/session 取得）',
    tags: ['账户'],
    body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
    response: { 200: SessionSchema },
    handler: async (req, reply) => {
      const r = await login(app.ctx, { login: req.body.login, password: req.body.password, ip: req.ip });
      if (req.sessionId) await logout(app.ctx, req.sessionId);
      setSessionCookie(req, reply, r.sessionToken, SESSION_HOURS * 3600);
      reply.header('cache-control', 'no-store');
      return { user: principalJson(app, r.principal), csrfToken: r.csrfToken };
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/session/logout',
    permission: 'session.self',
    summary: '退出登录',
    tags: ['账户'],
    handler: async (req, reply) => {
      if (req.sessionId) await logout(app.ctx, req.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });
}
