/**
 * The portal and workspace in real Chromium (Debian's, through playwright-core), one browser for
 * the whole file: the flow by clicking — a unit uploads and submits, the department returns
 * it with a comment, the unit fixes it, both reviewers approve, the department publishes, and an
 * anonymous visitor on a phone finds it through search, opens a table, downloads the XLSX and
 * reads it back to the same cells — then every page type under axe-core (no serious or critical
 * violation) and at 390 px and 1440 px (nothing wider than the viewport outside scroll containers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedPackage } from '../../src/app/generate.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readDisclosure } from '../../src/readers/index.ts';
import { parseCells, renderCells } from '../../src/renderers/cells.ts';
import { hasChromium, launch, overflowing, seriousViolations } from './support/browser.ts';
import { EXAMPLES } from './support/fixture.ts';
import { PASSWORD, startWorld, type World } from './support/world.ts';

const required = process.env.MINGZHANG_REQUIRE_ALL === '1';
const run = hasChromium() || required;

describe.skipIf(!run)('portal and workspace in Chromium', () => {
  let world: World;
  let browser: Browser;
  let flowDisclosure = 0;
  const pageTypes = new Map<string, string>();

  beforeAll(async () => {
    world = await startWorld();
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  async function staff(login: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${world.url}/staff/login`);
    await page.getByLabel('用户名').fill(login);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff$/);
    return { context, page };
  }

  async function openFlowDisclosure(page: Page) {
    await page.goto(`${world.url}/staff/queue`);
    await page
      .getByRole('link', { name: /株洲市荷塘区人民政府办公室/ })
      .first()
      .click();
    await page.waitForURL(/\/staff\/d\/\d+$/);
  }

  async function acknowledgeWarnings(page: Page) {
    for (let i = 0; i < 50; i++) {
      const button = page.getByRole('button', { name: '确认此警告' }).first();
      if ((await button.count()) === 0) return;
      const form = page.locator('form', { has: button });
      await form.getByLabel('确认理由').fill('已核实，数据无误');
      await button.click();
      await page.waitForLoadState();
    }
  }

  async function act(page: Page, name: string, fields: Record<string, string> = {}) {
    const button = page.getByRole('button', { name, exact: true });
    const form = page.locator('form.action', { has: button });
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
    await button.click();
    await page.waitForLoadState();
    const error = await page.locator('.errors[role=alert]').allTextContents();
    expect(error, `${name}`).toEqual([]);
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('已办理');
  }

  it('runs the whole flow by clicking', async () => {
    // 1. the unit uploads its workbook and submits
    const unit = await staff('unit');
    await unit.page.getByRole('link', { name: '上传源数据' }).first().click();
    await unit.page.getByLabel('选择文件').setInputFiles(join(EXAMPLES, 'hetang-zfb-2024-budget', 'source.xlsx'));
    await unit.page.getByRole('button', { name: '上传并校验' }).click();
    await expect
      .poll(() => unit.page.locator('h2').allTextContents())
      .toContainEqual(expect.stringContaining('已导入为新修订'));
    await unit.page.getByRole('link', { name: '打开该公开事项' }).click();
    flowDisclosure = Number(unit.page.url().match(/\/staff\/d\/(\d+)/)?.[1]);
    expect(flowDisclosure).toBeGreaterThan(0);
    pageTypes.set('staff-review', unit.page.url());
    // a finding jumps to where it is in the preview: here a 说明 slot still to fill (groups start folded)
    const jump = unit.page
      .locator('section[aria-labelledby=fnd] a[href*="#s-"]')
      .filter({ hasText: '查看位置' })
      .first();
    expect(await jump.count()).toBeGreaterThan(0);
    await jump.locator('xpath=ancestor::details[1]/summary').click();
    await jump.click();
    await unit.page.waitForURL(/\/preview(\/t\/[^#]+)?#(c\d+-\d+|s-.+)$/);
    expect(await unit.page.locator(':target').count()).toBe(1);
    await expect.poll(() => unit.page.locator(':target').textContent()).toContain('待填写');
    await unit.page.goBack();
    await acknowledgeWarnings(unit.page);
    await act(unit.page, '提交');
    await expect.poll(() => unit.page.locator('.lead').textContent()).toContain('单位已提交');
    await unit.context.close();

    // 2. the department returns it with a comment on a cell
    const dept = await staff('dept');
    await openFlowDisclosure(dept.page);
    const commentForm = dept.page.locator('form', { has: dept.page.getByRole('button', { name: '发表意见' }) });
    await commentForm.getByLabel('表').selectOption('T15');
    await commentForm.getByLabel('行（编码或名称）').fill('合计');
    await commentForm.getByLabel('列').fill('公务接待费');
    await commentForm.getByLabel('意见').fill('请在说明中写明“三公”经费和机关运行经费增减的原因');
    await dept.page.getByRole('button', { name: '发表意见' }).click();
    await expect.poll(() => dept.page.locator('#cmt').textContent()).toContain('1 条未解决');
    await act(dept.page, '部门退回单位', { '退回意见（必填）': '说明中的原因尚未填写，请补全后再提交' });
    await expect.poll(() => dept.page.locator('.lead').textContent()).toContain('编制中');
    await dept.context.close();

    // 3. the unit fixes it: fills every missing reason (the live text follows) and resubmits
    const unit2 = await staff('unit');
    await openFlowDisclosure(unit2.page);
    await expect.poll(() => unit2.page.locator('section[aria-labelledby=cmt]').textContent()).toContain('三公');
    await unit2.page.getByRole('link', { name: '填写说明中的原因' }).click();
    pageTypes.set('staff-reasons', unit2.page.url());
    const missing = unit2.page.locator('label:has(.st-error)');
    const n = await missing.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const id = await missing.nth(i).getAttribute('for');
      await unit2.page.locator(`#${id}`).fill(`测试填写的原因第${i + 1}项：按实际情况说明。`);
    }
    await expect
      .poll(() => unit2.page.locator('#live-text').textContent(), { timeout: 10_000 })
      .toContain('测试填写的原因第1项');
    await unit2.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => unit2.page.locator('[role=status]').textContent()).toContain('说明已保存');
    await acknowledgeWarnings(unit2.page);
    await act(unit2.page, '提交');
    await unit2.context.close();

    // 4. both reviewers approve; the finance bureau records the 批复
    const dept2 = await staff('dept');
    await openFlowDisclosure(dept2.page);
    await act(dept2.page, '部门审核通过');
    await dept2.context.close();
    const fin = await staff('fin');
    await openFlowDisclosure(fin.page);
    await acknowledgeWarnings(fin.page);
    await act(fin.page, '财政审核通过');
    const today = new Date().toISOString().slice(0, 10);
    await act(fin.page, '批复', { 批复日期: today });
    await fin.context.close();

    // 5. the department confirms the 保密审查 and publishes
    const dept3 = await staff('dept');
    await openFlowDisclosure(dept3.page);
    await dept3.page.getByRole('button', { name: '确认已完成保密审查' }).click();
    await expect.poll(() => dept3.page.locator('[role=status]').textContent()).toContain('保密审查');
    await act(dept3.page, '公开');
    await expect.poll(() => dept3.page.locator('.lead').textContent()).toContain('已公开');
    await dept3.context.close();

    // 6. an anonymous visitor on a phone finds it through search and opens a table
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await phone.newPage();
    await page.goto(world.url);
    await page.getByRole('searchbox').fill('监控室和市长热线临聘人员经费');
    await page.getByRole('button', { name: '搜索' }).click();
    const hit = page.locator('.hits a', { hasText: '专项资金预算汇总表' }).first();
    await expect.poll(() => hit.count()).toBeGreaterThan(0);
    await hit.click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('专项资金预算汇总表');
    // the hit opened the cell's permalink; from there to its table, which must not overflow the phone
    await expect.poll(() => page.locator('.lead').textContent()).toContain('第 1 版');
    await page.getByRole('link', { name: '在表中查看' }).click();
    await page.waitForURL(/\/t\/T21#c\d+-\d+$/);
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole('link', { name: '返回整套公开表' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '工作簿（XLSX）' }).click(),
    ]);
    const bytes = readFileSync((await download.path()) as string);
    const read = await readDisclosure(
      bytes,
      download.suggestedFilename(),
      listTemplateSets().map((id) => loadTemplateSet(id)),
    );
    const versions = await world.ctx.store.repos.publishedVersions(flowDisclosure);
    expect(versions).toHaveLength(1);
    const published = await storedPackage(world.ctx, versions[0]!.package_sha);
    const key = (r: { table: string; row: string; column: string; value: string }) =>
      `${r.table}|${r.row}|${r.column}|${r.value}`;
    const want = parseCells(renderCells(published)).map(key).sort();
    const got = parseCells(renderCells(read.pkg)).map(key).sort();
    expect(want.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
    await phone.close();
  }, 240_000);

  it('has no serious or critical axe violation and no sideways overflow on any page type', async () => {
    const id = world.published.twoUnits;
    const publicPages: Record<string, string> = {
      home: '/',
      directory: '/departments?year=2024',
      disclosure: `/d/${id}/v/1`,
      table: `/d/${id}/v/1/t/T05`,
      cell: `/d/${id}/v/1/t/T07/c/5/5`,
      search: `/search?q=${encodeURIComponent('公务接待')}`,
      inspection: '/inspection?year=2024&kind=预算',
      'inspection-department': `/inspection/${id}`,
      compare: '/compare',
      'compare-years': `/compare/years?org=118&kind=${encodeURIComponent('预算')}`,
      'compare-peers': `/compare/peers?year=2024&kind=${encodeURIComponent('预算')}`,
      verify: '/verify',
      'not-found': '/d/999999/v/1',
      login: '/staff/login',
    };
    const problems: string[] = [];
    const check = async (context: BrowserContext, name: string, url: string, widths: number[]) => {
      const page = await context.newPage();
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        const r = await page.goto(url.startsWith('http') ? url : `${world.url}${url}`);
        expect(r?.status(), `${name} ${url}`).toBeLessThan(name === 'not-found' ? 500 : 400);
        if (width === widths[0]) for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
        // folded tables count too: open them all before measuring
        await page.evaluate('for (const d of document.querySelectorAll("details")) d.open = true');
        for (const o of await overflowing(page)) problems.push(`${name} @${width}: ${o}`);
      }
      await page.close();
    };
    const anon = await browser.newContext({ locale: 'zh-CN' });
    for (const [name, url] of Object.entries(publicPages)) await check(anon, name, url, [390, 1440]);
    await anon.close();
    const admin = await staff('admin');
    for (const [name, url] of Object.entries({
      'staff-dashboard': '/staff',
      'staff-queue': '/staff/queue',
      'staff-admin': '/staff/admin',
    }))
      await check(admin.context, name, url, [390, 1440]);
    await admin.context.close();
    const dept = await staff('dept');
    const d = flowDisclosure || world.published.twoUnits;
    for (const [name, url] of Object.entries({
      'staff-upload': '/staff/upload',
      'staff-review': `/staff/d/${d}`,
      'staff-preview': `/staff/d/${d}/preview`,
      'staff-reasons': `/staff/d/${d}/reasons`,
    }))
      await check(dept.context, name, url, [390, 1440]);
    await dept.context.close();
    expect(problems).toEqual([]);
  }, 240_000);

  it('works by keyboard: the skip link and the table scroll region take focus', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${world.url}/d/${world.published.twoUnits}/v/1/t/T05`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.keyboard.press('Enter');
    const region = page.locator('.table-scroll').first();
    await region.focus();
    const before = await region.evaluate((el) => el.scrollLeft);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before);
    // the first column stays in view while the table scrolls
    const first = page.locator('.table-scroll tbody tr td:first-child').first();
    const box = await first.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    const style = await page.evaluate(() => getComputedStyle(document.body).lineHeight);
    expect(Number.parseFloat(style) / 18).toBeGreaterThanOrEqual(1.3);
    await context.close();
  });
});
