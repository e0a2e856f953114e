/**
 * The workspace upload through the real server: errors located by sheet, row and column, an
 * annotated copy of the workbook with the bad cells marked, and a file for an organisation
 * outside the uploader's scope refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts.ts';
import { type AppContext, openApp } from '../../src/app/context.ts';
import { importSource } from '../../src/app/ingest.ts';
import { buildServer } from '../../src/server/app.ts';
import { Client } from '../server/support.ts';
import { EXAMPLES, exampleBytes } from './support/fixture.ts';

const PW = 'workspace-test-pw';

function multipart(name: string, bytes: Buffer) {
  const boundary = '----mzupload';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('workspace upload', () => {
  let ctx: AppContext;
  let app: FastifyInstance;
  let client: Client;
  let csrf: string;

  beforeAll(async () => {
    ctx = await openApp({ db: ':memory:', env: {} });
    await importSource(ctx, { fileName: 'final.json', bytes: exampleBytes('hetang-zfb-2023-final') });
    await createUser(ctx, {
      login: 'unit',
      displayName: '填报人',
      password: PW,
      grants: [{ role: 'unit_preparer', orgCode: '004001' }],
    });
    app = await buildServer(ctx, { logger: false });
    client = new Client(app);
    const form = await client.get('/staff/login');
    const token = form.body.match(/name="_csrf" value="([^"]+)"/)![1];
    const r = await client.request({
      method: 'POST',
      url: '/staff/login',
      payload: `_csrf=${token}&login=unit&password=${PW}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      csrf: false,
    });
    expect(r.status).toBe(303);
    const upload = await client.get('/staff/upload');
    csrf = decodeURIComponent(upload.body.match(/action="\/staff\/upload\?_csrf=([^"]+)"/)![1]!);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.store.close();
  });

  const post = (name: string, bytes: Buffer) =>
    client.request({
      method: 'POST',
      url: `/staff/upload?_csrf=${encodeURIComponent(csrf)}`,
      ...multipart(name, bytes),
      csrf: false,
    });

  it('locates errors by sheet, row and column and offers the workbook with the bad cells marked', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(EXAMPLES, 'hetang-zfb-2024-budget', 'source.xlsx')) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('支出明细')!;
    const amountCol = (sheet.getRow(1).values as string[]).indexOf('金额*');
    sheet.getRow(3).getCell(amountCol).value = '一百元';
    const damaged = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await post('damaged.xlsx', damaged);
    expect(r.status).toBe(422);
    expect(r.body).toContain('有错误，未导入');
    expect(r.body).toMatch(/工作表“支出明细”，第 3 行/);
    const href = r.body.match(
      /href="data:application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,([^"]+)"/,
    )?.[1];
    expect(href).toBeDefined();
    const annotated = new ExcelJS.Workbook();
    await annotated.xlsx.load(Buffer.from(href!, 'base64') as unknown as ArrayBuffer);
    const cell = annotated.getWorksheet('支出明细')!.getRow(3).getCell(amountCol);
    expect(String(cell.note)).toMatch(/^错误：/);
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(annotated.getWorksheet('校验问题')!.rowCount).toBeGreaterThan(1);
    // nothing was imported
    expect(await ctx.store.repos.findDisclosure('004001', 2024, '预算')).toBeUndefined();
  });

  it('imports a valid workbook, and refuses one for an organisation outside the uploader’s scope', async () => {
    const ok = await post('source.xlsx', readFileSync(join(EXAMPLES, 'hetang-zfb-2024-budget', 'source.xlsx')));
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('已导入为新修订');
    const other = await post('other.json', exampleBytes('demo-two-units-2024-budget'));
    expect(other.status).toBe(422);
    expect(other.body).toContain('不在您的职责范围内');
    expect(await ctx.store.repos.findDisclosure('118', 2024, '预算')).toBeUndefined();
  });
});
