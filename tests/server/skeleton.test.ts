import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, LOCKOUT } from '../../src/app/accounts.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { buildServer } from '../../src/server/app.ts';
import { storeTargets, withTarget } from '../support/pg.ts';
import { Client, testClock } from './support.ts';

for (const dialect of await storeTargets()) {
  describe(`server basics (${dialect})`, () => {
    const target = withTarget(dialect);
    let ctx: AppContext;
    let app: FastifyInstance;
    const clock = testClock();
    beforeAll(async () => {
      ctx = await openApp({ db: target.url, clock, env: {} });
      app = await buildServer(ctx, { web: false });
      await createUser(ctx, {
        login: 'admin',
        displayName: '管理员',
        password: 'correct horse battery',
        grants: [{ role: 'finance_admin' }],
      });
    });
    afterAll(async () => {
      await app?.close();
      if (ctx) await closeApp(ctx);
    });

    it('answers health, the OpenAPI document and the docs page', async () => {
      const c = new Client(app);
      const h = await c.get('/api/health');
      expect(h.status).toBe(200);
      expect(h.json()).toMatchObject({ status: 'ok', database: dialect });
      const doc = (await c.get('/api/openapi.json')).json<{
        openapi: string;
        paths: Record<string, Record<string, { 'x-permission': string }>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.paths['/api/session/login']?.post?.['x-permission']).toBe('session.login');
      const docs = await c.get('/api/docs');
      expect(docs.headers['content-type']).toContain('text/html');
      expect(docs.body).toContain('/api/session/login');
      expect(docs.body).not.toMatch(/<script|https?:\/\/cdn/);
    });

    it('answers unknown URLs with problem+json', async () => {
      const r = await new Client(app).get('/api/nothing-here');
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 404, code: 'not_found' });
      expect(r.json<{ detail: string }>().detail).toMatch(/没有这个地址/);
    });

    it('validation errors are problem+json with Chinese, located messages', async () => {
      const c = new Client(app);
      const r = await c.post('/api/session/login', { login: 'admin' });
      expect(r.status).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation_failed' });
      expect(r.json<{ detail: string }>().detail).toMatch(/请求体.*password/);
    });

    it('logs in with CSRF, refuses without it, and locks after repeated failures', async () => {
      const c = new Client(app);
      const noCsrf = await c.post(
        '/api/session/login',
        { login: 'admin', password: 'correct horse battery' },
        { csrf: false },
      );
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.json()).toMatchObject({ code: 'csrf_failed' });
      const ok = await c.login('admin', 'correct horse battery');
      expect(ok.status).toBe(200);
      const setCookie = String(ok.headers['set-cookie']);
      expect(setCookie).toMatch(/mz_session=.*HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const me = (await c.get('/api/session')).json<{ user: { kind: string; roles: { role: string }[] } }>();
      expect(me.user.kind).toBe('user');
      expect(me.user.roles[0]?.role).toBe('finance_admin');
      // a state change with the session but a wrong token is refused
      const bad = await c.request({
        method: 'POST',
        url: '/api/session/logout',
        headers: { 'x-csrf-token': 'nope' },
        csrf: false,
      });
      expect(bad.status).toBe(403);

      const brute = new Client(app);
      for (let i = 1; i < LOCKOUT.failures; i++) {
        const r = await brute.login('admin', `wrong-${i}`);
        expect(r.status).toBe(401);
        expect(r.json()).toMatchObject({ code: 'bad_credentials', detail: '用户名或密码错误' });
      }
      const locked = await brute.login('admin', 'wrong-last');
      expect(locked.status).toBe(423);
      expect(locked.json()).toMatchObject({ code: 'account_locked' });
      // even the right password is refused while locked
      const still = await brute.login('admin', 'correct horse battery');
      expect(still.status).toBe(423);
      expect(still.headers['retry-after']).toBeDefined();
      clock.advance((LOCKOUT.minutes + 1) * 60_000);
      expect((await brute.login('admin', 'correct horse battery')).status).toBe(200);
    });
  });
}

describe('route registration', () => {
  it('refuses a route without a permission, or with an unknown one', async () => {
    const ctx = await openApp({ db: ':memory:', env: {} });
    try {
      await expect(
        buildServer(ctx, { web: false, plugins: [async (a) => void a.get('/api/x', async () => 'x')] }),
      ).rejects.toThrow(/未声明权限/);
      await expect(
        buildServer(ctx, {
          web: false,
          plugins: [async (a) => void a.get('/api/y', { config: { permission: 'no.such' } }, async () => 'y')],
        }),
      ).rejects.toThrow(/不在 data\/permissions/);
    } finally {
      await closeApp(ctx);
    }
  });
});
