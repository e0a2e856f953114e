/**
 * The rest of the API on a seeded database: OpenAPI covers every route, machine tokens, the
 * bureau's deadline list, comments on findings, warning acknowledgements, admin users; the demo
 * seed; `mingzhang serve` answering health and stopping gracefully on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp } from '../../src/app/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { transition } from '../../src/app/workflow.ts';
import { withTarget } from '../support/pg.ts';
import { type Fixture, seededServer } from './fixture.ts';
import { Client, multipart } from './support.ts';

describe('API details (sqlite)', () => {
  const target = withTarget('sqlite');
  let fx: Fixture;
  beforeAll(async () => {
    fx = await seededServer(target.url);
  });
  afterAll(async () => {
    await fx?.app.close();
    if (fx) await closeApp(fx.ctx);
  });

  it('the OpenAPI document has every API route with its permission and schemas', async () => {
    const doc = (await new Client(fx.app).get('/api/openapi.json')).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            'x-permission': string;
            requestBody?: unknown;
            parameters?: { name: string; in: string }[];
          }
        >
      >;
    }>();
    const ops = Object.entries(doc.paths).flatMap(([p, m]) =>
      Object.entries(m).map(([method, op]) => ({ p, method, op })),
    );
    const api = fx.app.routeTable.filter((r) => r.api);
    expect(ops).toHaveLength(api.length);
    for (const r of api) {
      const op = doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op?.['x-permission'], `${r.method} ${r.url}`).toBe(r.permission);
    }
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    const transitions = doc.paths['/api/staff/disclosures/{id}/transitions']!.post!;
    expect(JSON.stringify(transitions.requestBody)).toContain('approvalDate');
    expect(transitions.parameters?.some((p) => p.name === 'id' && p.in === 'path')).toBe(true);
    const page = (await new Client(fx.app).get('/api/docs')).body;
    for (const o of ops) expect(page).toContain(o.p.replace(/[{}]/g, (c) => (c === '{' ? '{' : '}')));
  });

  it('machine tokens: public read-only, upload scoped to one unit, revocable', async () => {
    const pub = await fx.client('public_token');
    expect((await pub.get(`/api/disclosures/${fx.ids.published}`)).status).toBe(200);
    const files = syntheticDistrict({ departments: 2, minUnits: 1, maxUnits: 1, years: [2024] });
    const own = files.find((f) => f.unitCode === '201002')!;
    const other = files.find((f) => f.unitCode === '202001')!;
    expect(
      (
        await pub.request({
          method: 'POST',
          url: '/api/staff/uploads',
          ...multipart([{ filename: 'a.json', content: own.bytes() }]),
        })
      ).status,
    ).toBe(403);
    const up = await fx.client('upload_token');
    // the upload token's unit has a draft in 编制中: a changed file is a new revision
    const changed = structuredClone(own.raw) as { units: { actualStaff?: number }[] };
    changed.units[0]!.actualStaff = 99;
    const ok = await up.request({
      method: 'POST',
      url: '/api/staff/uploads',
      ...multipart([{ filename: 'own.json', content: JSON.stringify(changed) }]),
    });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json<{ results: { status: string }[] }>().results[0]!.status).toBe('created');
    const out = await up.request({
      method: 'POST',
      url: '/api/staff/uploads',
      ...multipart([{ filename: 'other.json', content: other.bytes() }]),
    });
    expect(out.status).toBe(422);
    expect(out.json<{ results: { code: string }[] }>().results[0]!.code).toBe('out_of_scope');
    // the token may not read drafts or act in the workflow
    expect((await up.get(`/api/staff/disclosures/${fx.ids.draft}`)).status).toBe(403);
    const admin = await fx.client('finance_admin');
    const issued = await admin.post('/api/admin/tokens', { role: 'public_token', label: '临时' });
    expect(issued.status).toBe(201);
    const { id, token } = issued.json<{ id: number; token: string }>();
    const t = new Client(fx.app);
    t.bearer = token;
    expect((await t.get('/api/regions')).status).toBe(200);
    expect((await admin.request({ method: 'DELETE', url: `/api/admin/tokens/${id}` })).status).toBe(204);
    const revoked = await t.get('/api/regions');
    expect(revoked.status).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('the 说明 reasons are edited alone and the new revision carries them', async () => {
    const unit = await fx.client('unit_preparer');
    const view = (await unit.get(`/api/staff/disclosures/${fx.ids.draft}`)).json<{ version: number; url: string }>();
    expect(view.url).toBe(`/staff/d/${fx.ids.draft}`);
    const reason = '收支预算比上年增加，主要是新增信息化运维项目（测试原因）。';
    const r = await unit.post(`/api/staff/disclosures/${fx.ids.draft}/reasons`, {
      expectedVersion: view.version,
      reasons: { 收支增减原因: reason },
    });
    expect(r.status, r.body).toBe(200);
    const pkg = (await unit.get(`/api/staff/disclosures/${fx.ids.draft}/package`)).json<{
      package: { sections: { text: string }[] };
    }>().package;
    expect(pkg.sections.map((x) => x.text).join('\n')).toContain('新增信息化运维项目（测试原因）');
    const stale = await unit.post(`/api/staff/disclosures/${fx.ids.draft}/reasons`, {
      expectedVersion: view.version,
      reasons: { 收支增减原因: 'x' },
    });
    expect(stale.status).toBe(409);
  });

  it('warnings need a reason each, comments anchor to findings, the bureau sees near-due and overdue', async () => {
    const unit = await fx.client('unit_preparer');
    const dept = await fx.client('department_reviewer');
    await unit.post(`/api/staff/disclosures/${fx.ids.draft}/check`);
    const findings = (await unit.get(`/api/staff/disclosures/${fx.ids.draft}/findings`)).json<{
      items: { id: number; severity: string }[];
    }>().items;
    expect(findings.length).toBeGreaterThan(0);
    const any = findings[0]!;
    const c = await dept.post(`/api/staff/disclosures/${fx.ids.draft}/comments`, { body: '请说明', findingId: any.id });
    expect(c.status, c.body).toBe(201);
    expect(c.json()).toMatchObject({ anchor: { kind: 'finding', findingId: any.id } });
    const noReason = await unit.post(`/api/staff/disclosures/${fx.ids.draft}/acknowledgements`, {
      findingId: findings.find((f) => f.severity === '警告')?.id ?? 1,
      reason: ' ',
    });
    expect(noReason.status).toBe(422);
    const badAnchor = await dept.post(`/api/staff/disclosures/${fx.ids.draft}/comments`, {
      body: 'x',
      tableId: 'NOPE',
    });
    expect(badAnchor.status).toBe(422);
    expect(badAnchor.json<{ detail: string }>().detail).toContain('NOPE');

    // the published disclosure was approved on 2024-01-05 and published on time: not listed;
    // take the draft to 已批复 with a 批复 17 days before today: near due
    const { principalOf } = await import('../../src/app/demo.ts');
    const { advanceDemo } = await import('../../src/app/demo.ts');
    const users = await fx.ctx.store.db.selectFrom('users').select(['id', 'login']).execute();
    const p = (login: string) => principalOf(fx.ctx, users.find((u) => u.login === login)!.id, login, login);
    const today = fx.ctx.clock();
    const approvedOn = new Date(today.getTime() - 17 * 86_400_000).toISOString().slice(0, 10);
    const why = await advanceDemo(
      fx.ctx,
      {
        preparer: await p('unit_preparer'),
        department: await p('department_reviewer'),
        finance: await p('finance_reviewer'),
      },
      fx.ids.draft,
      'approve',
      { approvedOn, publishAt: today.toISOString() },
    );
    expect(why).toBeNull();
    const fin = await fx.client('finance_reviewer');
    const list = (await fin.get('/api/staff/deadlines')).json<{
      items: { disclosureId: number; status: string; daysLeft: number }[];
    }>().items;
    expect(list).toEqual([expect.objectContaining({ disclosureId: fx.ids.draft, status: 'near_due', daysLeft: 3 })]);
    fx.clock.advance(4 * 86_400_000);
    // the sessions have expired meanwhile: log in again
    const later = (await (await fx.client('finance_reviewer')).get('/api/staff/deadlines')).json<{
      items: { status: string; daysLeft: number }[];
    }>().items;
    expect(later[0]).toMatchObject({ status: 'overdue', daysLeft: -1 });
    expect((await (await fx.client('department_reviewer')).get('/api/staff/deadlines')).status).toBe(403);
    // a wrong-state action is refused with the state named
    const wrong = await transition(fx.ctx, await p('department_reviewer'), {
      disclosureId: fx.ids.draft,
      action: 'dept_approve',
    }).catch((e) => e);
    expect(String(wrong.message)).toContain('已批复');
  });

  it('the administrator creates users with scoped roles; others may not', async () => {
    const admin = await fx.client('finance_admin');
    const r = await admin.post('/api/admin/users', {
      login: 'newunit',
      displayName: '新填报人',
      password: 'a-long-password',
      grants: [{ role: 'unit_preparer', orgCode: '202001' }],
    });
    expect(r.status, r.body).toBe(201);
    const c = new Client(fx.app);
    expect((await c.login('newunit', 'a-long-password')).status).toBe(200);
    expect((await c.get(`/api/staff/disclosures/${fx.ids.draft}`)).status).toBe(404);
    const newId = r.json<{ id: number }>().id;
    const regrant = await admin.request({
      method: 'PUT',
      url: `/api/admin/users/${newId}/grants`,
      payload: { grants: [{ role: 'unit_preparer', orgCode: '201002' }] },
    });
    expect(regrant.status, regrant.body).toBe(200);
    // the old session ended with the change; a new one sees the draft of 201002
    expect((await c.get(`/api/staff/disclosures/${fx.ids.draft}`)).status).toBe(401);
    expect((await c.login('newunit', 'a-long-password')).status).toBe(200);
    expect((await c.get(`/api/staff/disclosures/${fx.ids.draft}`)).status).toBe(200);
    const dup = await admin.post('/api/admin/users', {
      login: 'newunit',
      displayName: 'x',
      password: 'a-long-password',
      grants: [{ role: 'finance_admin' }],
    });
    expect(dup.status).toBe(409);
    const dept = await fx.client('department_reviewer');
    expect(
      (
        await dept.post('/api/admin/users', {
          login: 'y',
          displayName: 'y',
          password: 'a-long-password',
          grants: [{ role: 'finance_admin' }],
        })
      ).status,
    ).toBe(403);
  });
});

describe('demo seed', () => {
  it('seeds accounts and a published district once; the second call changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-demo-'));
    const ctx = await openApp({ db: join(dir, 'demo.sqlite'), env: {}, clock: () => new Date('2024-03-01T02:00:00Z') });
    try {
      const first = await seedDemo(ctx, { departments: 1, examplesDir: dir });
      expect(first.seeded).toBe(true);
      expect(first.published).toBeGreaterThanOrEqual(1);
      const logins = (await ctx.store.db.selectFrom('users').select('login').execute()).map((u) => u.login);
      expect(logins).toEqual(expect.arrayContaining(['admin', 'finance', 'dept201', 'unit201002']));
      const second = await seedDemo(ctx, { departments: 1, examplesDir: dir });
      expect(second.seeded).toBe(false);
      const { login } = await import('../../src/app/accounts.ts');
      expect(
        (await login(ctx, { login: 'dept201', password: DEMO_PASSWORD, ip: '127.0.0.1' })).principal.grants[0],
      ).toMatchObject({
        role: 'department_reviewer',
        orgId: '201',
      });
    } finally {
      await closeApp(ctx);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mingzhang serve', () => {
  it('answers health, prints its URL, and stops gracefully on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-serve-'));
    const child = spawn(
      process.execPath,
      ['bin/mingzhang.js', 'serve', '--port', '0', '--db', join(dir, 'db.sqlite'), '--log-level', 'warn'],
      {
        cwd: join(import.meta.dirname, '../..'),
        env: { ...process.env, PORT: '' },
      },
    );
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /明账已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const h = await fetch(`${url}/api/health`);
      expect(h.status).toBe(200);
      expect(await h.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
