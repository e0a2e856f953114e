/**
 * The portal over the store through the real server (buildServer with the web plugin), on SQLite
 * and on PostgreSQL: pages, versions and corrections, permalinks, chart data, search, 公开检查,
 * 核对 and escaping. Browser behaviour is in browser.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, openApp } from '../../src/app/context.ts';
import { generateRevision, renderStored } from '../../src/app/generate.ts';
import { importSource } from '../../src/app/ingest.ts';
import { inspect } from '../../src/app/inspection.ts';
import { correct, publish } from '../../src/app/publish.ts';
import { searchPublished } from '../../src/app/search.ts';
import { formatWan } from '../../src/core/money/amount.ts';
import { buildServer } from '../../src/server/app.ts';
import { basicProject } from '../../src/web/chart-data.ts';
import { Client } from '../server/support.ts';
import { storeTargets, withTarget } from '../support/pg.ts';
import { exampleBytes } from './support/fixture.ts';

async function importPublish(ctx: AppContext, name: string) {
  const r = await importSource(ctx, { fileName: `${name}.json`, bytes: exampleBytes(name) });
  if (r.disclosureId === undefined) throw new Error(`${name}: ${r.status}`);
  const v = await publish(ctx, { disclosureId: r.disclosureId, formats: ['xlsx', 'cells', 'json'] });
  return { id: r.disclosureId, revisionId: r.revisionId as number, sha: v.packageSha };
}

for (const dialect of await storeTargets()) {
  describe(`portal on ${dialect}`, () => {
    const target = withTarget(dialect);
    let ctx: AppContext;
    let app: FastifyInstance;
    let budget: Awaited<ReturnType<typeof importPublish>>;
    let twoUnits: Awaited<ReturnType<typeof importPublish>>;

    beforeAll(async () => {
      ctx = await openApp({ db: target.url, env: {}, clock: () => new Date('2024-02-20T02:00:00.000Z') });
      budget = await importPublish(ctx, 'hetang-zfb-2024-budget');
      twoUnits = await importPublish(ctx, 'demo-two-units-2024-budget');
      app = await buildServer(ctx, { logger: false });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await ctx?.store.close();
    });

    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

    it('home and directory show who has published', async () => {
      const home = await get('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('2024年部门预算公开');
      expect(home.body).toMatch(/<div class="num">2<\/div>个部门已公开/);
      const dir = await get('/departments?year=2024&kind=预算');
      expect(dir.body).toContain(`href="/d/${twoUnits.id}"`);
      expect(dir.body).toContain('株洲市荷塘区人民政府办公室');
      // the department 004 itself (部门汇总) has not published
      expect(dir.body).toMatch(/未公开/);
      expect(home.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    });

    it('disclosure page: every table, downloads, version history, ETag; the latest URL redirects', async () => {
      const latest = await get(`/d/${twoUnits.id}`);
      expect(latest.statusCode).toBe(302);
      expect(latest.headers.location).toBe(`/d/${twoUnits.id}/v/1`);
      const page = await get(`/d/${twoUnits.id}/v/1`);
      expect(page.statusCode).toBe(200);
      const { pkg } = await generateRevision(ctx, twoUnits.revisionId);
      for (const t of pkg.tables) expect(page.body).toContain(`href="/d/${twoUnits.id}/v/1/t/${t.id}"`);
      for (const f of ['xlsx', 'cells', 'json']) expect(page.body).toContain(`/d/${twoUnits.id}/v/1/download/${f}`);
      expect(page.body).toContain('版本记录');
      expect(page.body).toContain('<svg role="img"');
      const again = await get(`/d/${twoUnits.id}/v/1`, { 'if-none-match': String(page.headers.etag) });
      expect(again.statusCode).toBe(304);
      const xlsx = await get(`/d/${twoUnits.id}/v/1/download/xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.equals((await renderStored(ctx, twoUnits.sha, 'xlsx')).content)).toBe(true);
      expect((await get(`/d/${twoUnits.id}/v/9`)).statusCode).toBe(404);
    });

    it('table and cell permalinks: every amount links to a page with its exact value and source', async () => {
      const table = await get(`/d/${twoUnits.id}/v/1/t/T07`);
      expect(table.statusCode).toBe(200);
      const links = [...table.body.matchAll(/href="(\/d\/\d+\/v\/1\/t\/T07\/c\/(\d+)\/(\d+))"/g)];
      const { pkg } = await generateRevision(ctx, twoUnits.revisionId);
      const t07 = pkg.tables.find((t) => t.id === 'T07')!;
      const amounts = t07.rows.flatMap((r) => r.texts.filter((x, c) => x !== '' && t07.columns[c]?.role === 'amount'));
      expect(links.length).toBe(amounts.length);
      const [, href, r, c] = links[3]!;
      const cell = await get(href!);
      expect(cell.statusCode).toBe(200);
      const row = t07.rows[Number(r)]!;
      expect(cell.body).toContain(row.texts[Number(c)]!);
      expect(cell.body).toMatch(/精确值（万元）/);
      expect(cell.body).toMatch(/来源/);
    });

    it('chart data downloads carry the exact figures of the tables', async () => {
      const csv = await get(`/d/${twoUnits.id}/v/1/chart/basic-project.csv`);
      expect(csv.statusCode).toBe(200);
      const { pkg } = await generateRevision(ctx, twoUnits.revisionId);
      const bp = basicProject(pkg)!;
      expect(csv.body).toContain(`基本支出,${formatWan(bp[0]!.values[0]!)}`);
      expect(csv.body).toContain(`项目支出,${formatWan(bp[1]!.values[0]!)}`);
    });

    it('a correction publishes v2; v1 stays, marked 已更正 with a link to v2 and its note', async () => {
      await correct(ctx, { disclosureId: budget.id, note: '更正公务接待费的说明文字', formats: ['json'] });
      const v1 = await get(`/d/${budget.id}/v/1`);
      expect(v1.statusCode).toBe(200);
      expect(v1.body).toContain('已更正');
      expect(v1.body).toContain(`href="/d/${budget.id}/v/2"`);
      expect(v1.body).toContain('更正公务接待费的说明文字');
      const v2 = await get(`/d/${budget.id}/v/2`);
      expect(v2.body).toContain('更正说明（第 2 版）');
      expect((await get(`/d/${budget.id}`)).headers.location).toBe(`/d/${budget.id}/v/2`);
    });

    it('search finds cells and 说明 sentences in Chinese, short and long queries, latest versions only', async () => {
      const long = await searchPublished(ctx, '公务接待费');
      expect(long.some((h) => h.type === 'cell' && h.tableId === 'T08')).toBe(true);
      expect(long.some((h) => h.type === 'sentence' && h.anchor?.startsWith('s-'))).toBe(true);
      expect(long.every((h) => h.text.includes('公务接待费'))).toBe(true);
      // the corrected disclosure answers from its latest version only
      expect(long.filter((h) => h.disclosureId === budget.id).every((h) => h.version === 2)).toBe(true);
      const short = await searchPublished(ctx, '教育');
      expect(short.length).toBeGreaterThan(0);
      expect(short.every((h) => h.text.includes('教育'))).toBe(true);
      expect(await searchPublished(ctx, '绝不会出现的词语组合')).toEqual([]);
      const page = await get(`/search?q=${encodeURIComponent('公务接待费')}`);
      const first = page.body.match(/<ol class="hits"><li><a href="([^"]+)"/)?.[1];
      expect(first).toBeDefined();
      expect((await get(first!.split('#')[0]!)).statusCode).toBe(200);
    });

    it('escapes what it echoes', async () => {
      const q = '<script>alert(1)</script>"\'';
      const page = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(page.body).not.toContain('<script>alert(1)');
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;');
    });

    it('公开检查: a score with evidence for every check; timeliness from the 批复 date', async () => {
      const { pkg } = await generateRevision(ctx, twoUnits.revisionId);
      const onTime = inspect({ pkg, approvedAt: '2024-01-20', publishedAt: '2024-02-05', today: '2024-03-01' });
      const late = inspect({ pkg, approvedAt: '2024-01-01', publishedAt: '2024-02-05', today: '2024-03-01' });
      const unknown = inspect({ pkg, approvedAt: null, publishedAt: '2024-02-05', today: '2024-03-01' });
      const timely = (r: typeof onTime) => r.criteria.find((c) => c.id === 'timeliness')!.checks[0]!;
      expect(timely(onTime).status).toBe('通过');
      expect(timely(late).status).toBe('未通过');
      expect(timely(late).evidence[0]!.text).toContain('35 日');
      expect(timely(unknown).status).toBe('无法核对');
      expect(Number(onTime.score) - Number(late.score)).toBeCloseTo(20, 5);
      expect(unknown.unknown).toBe('20.0');
      for (const c of onTime.criteria) for (const k of c.checks) expect(k.evidence.length).toBeGreaterThan(0);
      // damaged variants: without the 说明, its checks cannot pass; without the performance sheets, two fail
      const status = (r: typeof onTime, label: string) =>
        r.criteria.flatMap((c) => c.checks).find((k) => k.label === label)?.status;
      const noText = inspect({
        pkg: { ...pkg, sections: [] },
        approvedAt: '2024-01-20',
        publishedAt: '2024-02-05',
        today: '2024-03-01',
      });
      expect(status(noText, '说明章节齐全')).toBe('未通过');
      expect(status(noText, '说明中列出数量')).toBe('无法核对');
      expect(status(noText, '说明增减原因')).toBe('无法核对');
      expect(Number(noText.score)).toBeLessThan(Number(onTime.score));
      const noPerf = inspect({
        pkg: { ...pkg, tables: pkg.tables.filter((t) => !/绩效/.test(t.title)) },
        approvedAt: '2024-01-20',
        publishedAt: '2024-02-05',
        today: '2024-03-01',
      });
      expect(status(noPerf, '公开绩效目标或绩效自评表')).toBe('未通过');
      expect(status(noPerf, '公开表齐全')).toBe('未通过');
      const page = await get(`/inspection/${twoUnits.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('完整性');
      const region = await get('/inspection?year=2024&kind=预算');
      expect(region.body).toContain(`href="/inspection/${twoUnits.id}"`);
    });

    it('核对: an uploaded published workbook gets a report, nothing is stored, and the rate limit answers 429', async () => {
      const client = new Client(app);
      const form = await client.get('/verify');
      const csrf = form.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
      expect(csrf).toBeDefined();
      const xlsx = (await renderStored(ctx, twoUnits.sha, 'xlsx')).content;
      const boundary = '----mzverify';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="published.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        xlsx,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const blobs = async () =>
        Number(
          (
            await ctx.store.db
              .selectFrom('blobs')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await blobs();
      const post = () =>
        client.request({
          method: 'POST',
          url: `/verify?_csrf=${csrf}`,
          payload,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          csrf: false,
        });
      const r = await post();
      expect(r.status).toBe(200);
      expect(r.body).toContain('审核报告：published.xlsx');
      expect(r.body).toContain('株洲市荷塘区教育局');
      expect(r.body).toMatch(/错误 0 条/);
      expect(await blobs()).toBe(before);
      let last = r.status;
      for (let i = 0; i < 10 && last !== 429; i++) last = (await post()).status;
      expect(last).toBe(429);
    }, 120_000);
  });
}
