/**
 * Screenshots of every page type of the portal and the workspace, desktop (1440 px) and phone
 * (390 px), into out/screenshots/ (full-page PNG). Starts its own server on a throwaway SQLite
 * database with the demo data (a small district) and Debian Chromium through playwright-core.
 *
 *   node --import tsx scripts/screenshots.ts [out dir, default out/screenshots]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closeApp, openApp } from '../src/app/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/app/demo.ts';
import { buildServer } from '../src/server/app.ts';
import { launch } from '../tests/web/support/browser.ts';

const out = resolve(process.argv[2] ?? 'out/screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'mz-shots-'));
const ctx = await openApp({ db: join(dir, 'demo.sqlite'), env: {} });
process.stderr.write('准备演示数据…\n');
const demo = await seedDemo(ctx, { departments: 4 });
const app = await buildServer(ctx, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const published = await ctx.store.db
  .selectFrom('published_versions')
  .select(['disclosure_id', 'version_no'])
  .orderBy('disclosure_id')
  .execute();
const first = published[0];
const draft = await ctx.store.db.selectFrom('disclosures').select('id').where('workflow_state', '!=', '已公开').executeTakeFirst();
const org = first
  ? await ctx.store.db.selectFrom('disclosures').select(['org_code', 'year', 'kind']).where('id', '=', first.disclosure_id).executeTakeFirstOrThrow()
  : undefined;
const d = first ? `/d/${first.disclosure_id}/v/${first.version_no}` : '/d/1/v/1';
const publicPages: Record<string, string> = {
  home: '/',
  directory: '/departments',
  disclosure: d,
  table: `${d}/t/T05`,
  cell: `${d}/t/T07/c/5/5`,
  search: `/search?q=${encodeURIComponent('公务接待')}`,
  inspection: '/inspection',
  'inspection-department': `/inspection/${first?.disclosure_id ?? 1}`,
  compare: '/compare',
  'compare-years': `/compare/years?org=${org?.org_code ?? ''}&kind=${encodeURIComponent(org?.kind ?? '预算')}`,
  'compare-peers': `/compare/peers?year=${org?.year ?? 2024}&kind=${encodeURIComponent(org?.kind ?? '预算')}`,
  verify: '/verify',
  'not-found': '/d/999999/v/1',
  login: '/staff/login',
};
const staffPages: Record<string, string> = {
  'staff-dashboard': '/staff',
  'staff-queue': '/staff/queue',
  'staff-upload': '/staff/upload',
  'staff-review': `/staff/d/${draft?.id ?? 1}`,
  'staff-preview': `/staff/d/${draft?.id ?? 1}/preview`,
  'staff-admin': '/staff/admin',
};

const browser = await launch();
try {
  const admin = demo.accounts.find((a) => a.role === 'finance_admin');
  for (const [label, width, height] of [
    ['desktop', 1440, 900],
    ['phone', 390, 844],
  ] as const) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(publicPages)) {
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: join(out, `${name}-${label}.png`), fullPage: true });
      process.stderr.write(`${name}-${label}.png\n`);
    }
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('用户名').fill(admin?.login ?? 'admin');
    await page.getByLabel('密码').fill(admin?.password ?? DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff$/);
    for (const [name, url] of Object.entries(staffPages)) {
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: join(out, `${name}-${label}.png`), fullPage: true });
      process.stderr.write(`${name}-${label}.png\n`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  await closeApp(ctx);
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`截图已保存到 ${out}\n`);
