/**
 * Security, on SQLite and PostgreSQL: CSRF, brute force, another department's draft by id, an XLSX
 * ZIP bomb and path traversal through the upload API, and XSS payloads in every text field inert in
 * every HTML and JSON response of the route table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IP_LIMIT } from '../../src/app/accounts.ts';
import { closeApp } from '../../src/app/context.ts';
import { storeTargets, withTarget } from '../support/pg.ts';
import { type Fixture, PW, seededServer } from './fixture.ts';
import { Client, multipart } from './support.ts';
import { xlsxWith, zip } from './zip.ts';

const PAYLOAD = `<script>alert("xss")</script><img src=x onerror=alert(1)>"'&`;

for (const dialect of await storeTargets()) {
  describe(`security (${dialect})`, () => {
    const target = withTarget(dialect);
    let fx: Fixture;
    beforeAll(async () => {
      fx = await seededServer(target.url, { payload: PAYLOAD });
    });
    afterAll(async () => {
      await fx?.app.close();
      if (fx) await closeApp(fx.ctx);
    });

    it('refuses a state change without the CSRF token, with a session cookie', async () => {
      const c = await fx.client('department_reviewer');
      const url = `/api/staff/disclosures/${fx.ids.draft}/comments`;
      const none = await c.post(url, { body: '意见' }, { csrf: false });
      expect(none.status).toBe(403);
      expect(none.json()).toMatchObject({ code: 'csrf_failed' });
      // a token of another session does not do either
      const other = await fx.client('finance_reviewer');
      const foreign = await c.request({
        method: 'POST',
        url,
        payload: { body: '意见' },
        headers: { 'x-csrf-token': other.csrf! },
        csrf: false,
      });
      expect(foreign.status).toBe(403);
      const ok = await c.post(url, { body: '意见' });
      expect(ok.status, ok.body).toBe(201);
      // an anonymous form post (login) needs the double-submit token too
      const anon = new Client(fx.app);
      expect((await anon.post('/api/session/login', { login: 'x', password: 'y' }, { csrf: false })).status).toBe(403);
    });

    it('brute force: the account locks, and an address is rate limited', async () => {
      const c = new Client(fx.app);
      let last = 0;
      for (let i = 0; i < 6; i++) last = (await c.login('finance_admin', `guess-${i}`)).status;
      expect(last).toBe(423);
      expect((await c.login('finance_admin', PW)).status).toBe(423);
      for (let i = 0; i < IP_LIMIT.attempts; i++) await c.login(`nobody${i}`, 'guess');
      const limited = await c.login('department_reviewer', PW);
      expect(limited.status).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'too_many_attempts' });
      fx.clock.advance((IP_LIMIT.minutes + 1) * 60_000);
      expect((await c.login('department_reviewer', PW)).status).toBe(200);
    });

    it("another department's draft by id is 404, exactly as a missing one; lists and public API omit it", async () => {
      const other = await fx.client('other_department');
      const draft = await other.get(`/api/staff/disclosures/${fx.ids.draft}`);
      const missing = await other.get('/api/staff/disclosures/999999');
      expect(draft.status).toBe(404);
      const strip = (b: string) => ({ ...JSON.parse(b), instance: undefined });
      expect(strip(draft.body)).toEqual(strip(missing.body));
      for (const sub of ['package', 'findings', 'comments']) {
        expect((await other.get(`/api/staff/disclosures/${fx.ids.draft}/${sub}`)).status).toBe(404);
      }
      expect((await other.get(`/api/staff/revisions/${fx.ids.draftRevision}/original`)).status).toBe(404);
      const list = (await other.get('/api/staff/disclosures')).json<{ items: { id: number }[] }>();
      expect(list.items.map((i) => i.id)).not.toContain(fx.ids.draft);
      expect((await new Client(fx.app).get(`/api/disclosures/${fx.ids.draft}`)).status).toBe(404);
      expect((await new Client(fx.app).get(`/api/disclosures/${fx.ids.draft}/versions/1`)).status).toBe(404);
    });

    it('an XLSX ZIP bomb upload is refused fast with a clear message', async () => {
      const c = await fx.client('unit_preparer');
      const bomb = xlsxWith([
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024, 0x30), declaredSize: 0xf0000000 },
      ]);
      const t = Date.now();
      const r = await c.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: '单位预算.xlsx', content: bomb }]),
      });
      expect(Date.now() - t).toBeLessThan(2000);
      expect(r.status).toBe(413);
      expect(r.json()).toMatchObject({ code: 'zip_bomb' });
      expect(r.json<{ detail: string }>().detail).toMatch(/单位预算\.xlsx.*压缩炸弹/);
    });

    it('path traversal in any file name goes nowhere', async () => {
      const c = await fx.client('unit_preparer');
      const trav = zip([{ name: '../../../../tmp/evil.json', data: Buffer.from('{}') }]);
      const z = await c.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: 'batch.zip', content: trav }]),
      });
      expect(z.status).toBe(422);
      expect(z.json()).toMatchObject({ code: 'unsafe_path' });
      // a traversal upload name is kept as a bare name
      const draft = await fx.ctx.store.repos.mustGetDisclosure(fx.ids.draft);
      const rev = await fx.ctx.store.repos.mustGetRevision(draft.current_revision_id!);
      const raw = JSON.parse(rev.source_json) as { units: { actualStaff?: number }[] };
      raw.units[0]!.actualStaff = (raw.units[0]!.actualStaff ?? 1) + 1;
      const up = await c.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: '../../../etc/passwd.json', content: JSON.stringify(raw) }]),
      });
      expect(up.status, up.body).toBe(200);
      const stored = (await fx.ctx.store.repos.listRevisions(fx.ids.draft)).at(-1)!;
      expect(stored.file_name).toBe('passwd.json');
      for (const url of [
        '/api/disclosures/..%2F..%2Fetc%2Fpasswd',
        '/assets/..%2F..%2Fpackage.json',
        '/assets/%2e%2e%2fpackage.json',
      ]) {
        const r = await new Client(fx.app).get(url);
        expect([400, 404], url).toContain(r.status);
        expect(r.body).not.toContain('"dependencies"');
      }
    });

    it('XSS payloads in every text field are inert in every HTML and JSON response', async () => {
      const ids = fx.ids;
      const fill = (url: string, resource: string | null) =>
        url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
          if (name === 'id')
            return String(
              resource
                ? { disclosure: ids.draft, revision: ids.draftRevision, comment: ids.comment, user: ids.user }[resource]
                : ids.published,
            );
          return encodeURIComponent(
            {
              disclosure: String(ids.published),
              version: '1',
              table: ids.table,
              row: ids.row,
              col: ids.col,
              format: 'html',
            }[name] ?? 'x',
          );
        });
      const viewers = [new Client(fx.app), await fx.client('department_reviewer')];
      let sawPayloadInJson = false;
      let htmlPages = 0;
      let sawEscapedInHtml = false;
      for (const r of fx.app.routeTable.filter((x) => x.method === 'GET')) {
        for (const v of viewers) {
          const res = await v.get(fill(r.url, r.resource), { accept: 'text/html,application/json' });
          const type = String(res.headers['content-type'] ?? '');
          expect(res.headers['x-content-type-options'], r.url).toBe('nosniff');
          if (type.startsWith('text/html')) {
            htmlPages++;
            if (/&lt;script&gt;alert|&#0?60;script&#0?62;alert/.test(res.body)) sawEscapedInHtml = true;
            expect(res.body, `${r.url} (HTML)`).not.toContain('<script>alert("xss")');
            expect(res.body, `${r.url} (HTML)`).not.toContain('<img src=x onerror');
            expect(String(res.headers['content-security-policy'] ?? ''), r.url).toMatch(/default-src/);
          } else if (type.includes('json') && res.body.includes('alert')) {
            sawPayloadInJson = true;
            expect(() => JSON.parse(res.body), r.url).not.toThrow();
          }
        }
      }
      // the payload really went through: JSON carries it as data, pages showed it escaped
      expect(sawPayloadInJson).toBe(true);
      expect(htmlPages).toBeGreaterThan(3);
      expect(sawEscapedInHtml, 'some page shows the payload, escaped').toBe(true);
    });
  });
}
