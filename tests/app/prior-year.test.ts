/**
 * 上年数 from the store: last year's stored disclosure supplies this year's prior figures with
 * provenance; the 说明 compares against them; hand-typed figures that disagree are reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { generateRevision, renderStored } from '../../src/app/generate.ts';
import { importSource } from '../../src/app/ingest.ts';
import { priorYearFor } from '../../src/app/prior-year.ts';
import { publish } from '../../src/app/publish.ts';
import { importPublishedDocument } from '../../src/app/read-back.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { formatWan, roundToWanCent } from '../../src/core/money/amount.ts';
import { withTarget } from '../support/pg.ts';

const totalOf = (pkg: Awaited<ReturnType<typeof generateRevision>>['pkg']) =>
  pkg.tables
    .find((t) => t.title === '收支总表')!
    .cells.find((c) => c.row === '收入总计' && c.column === '收入/项目/预算数')!.value!;

describe('prior year from the store (SQLite)', () => {
  const target = withTarget('sqlite');
  let ctx: AppContext;
  const files = syntheticDistrict({ departments: 1, minUnits: 0, maxUnits: 0 });
  const [y2023, y2024] = [files.find((f) => f.year === 2023)!, files.find((f) => f.year === 2024)!];
  beforeAll(async () => {
    ctx = await openApp({ db: target.url, env: {} });
  });
  afterAll(async () => {
    if (ctx) await closeApp(ctx);
  });

  it('without last year stored, nothing is supplied and the 说明 says so', async () => {
    const r = await importSource(ctx, { fileName: y2024.fileName, bytes: y2024.bytes() });
    const report = await priorYearFor(ctx, r.disclosureId!);
    expect(report.source).toBe('none');
    expect(report.figures).toEqual([]);
    const g = await generateRevision(ctx, r.revisionId!);
    expect(g.pkg.sections!.map((s) => s.text).join('\n')).toContain('未提供上年预算数');
  });

  it('last year’s revision supplies 上年数 with its provenance, and the 说明 compares with it', async () => {
    const last = await importSource(ctx, { fileName: y2023.fileName, bytes: y2023.bytes() });
    const lastPkg = (await generateRevision(ctx, last.revisionId!)).pkg;
    const d = (await ctx.store.repos.findDisclosure(y2024.unitCode, 2024, '预算'))!;
    const report = await priorYearFor(ctx, d.id);
    expect(report.source).toBe('revision');
    const income = report.figures.find((f) => f.key === 'incomeTotal')!;
    expect(income.value).toBe(totalOf(lastPkg));
    expect(income.from).toMatchObject({
      kind: 'revision',
      revisionId: last.revisionId,
      disclosureId: last.disclosureId,
    });
    expect(report.figures.map((f) => f.key)).toEqual(expect.arrayContaining(['basic', 'project', 'threePublic']));
    const g = await generateRevision(ctx, d.current_revision_id!, { force: true });
    const text = g.pkg.sections!.map((s) => s.text).join('\n');
    expect(text).not.toContain('未提供上年预算数');
    const diff = totalOf(g.pkg) - income.value;
    expect(text).toContain(`${diff >= 0n ? '增加' : '减少'}${formatWan(diff >= 0n ? diff : -diff)}万元`);
    expect(g.priorYear?.figures.length).toBe(report.figures.length);
  });

  it('once last year is published, the published version is the source', async () => {
    const last = (await ctx.store.repos.findDisclosure(y2023.unitCode, 2023, '预算'))!;
    const v = await publish(ctx, { disclosureId: last.id, formats: ['json'] });
    const d = (await ctx.store.repos.findDisclosure(y2024.unitCode, 2024, '预算'))!;
    const report = await priorYearFor(ctx, d.id);
    expect(report.source).toBe('published');
    expect(report.figures[0]!.from).toMatchObject({ kind: 'published', versionId: v.versionId, versionNo: 1 });
  });

  it('hand-typed prior figures that disagree are reported, naming both values', async () => {
    const raw = structuredClone(y2024.raw);
    raw.priorYear = { year: 2023, basis: '年初预算', incomeTotal: '1.00', basic: '2.00' };
    const r = await importSource(ctx, { fileName: 'typed.json', bytes: Buffer.from(JSON.stringify(raw)) });
    expect(r.status).toBe('created');
    const g = await generateRevision(ctx, r.revisionId!);
    const keys = g.priorYear!.disagreements.map((x) => x.key).sort();
    expect(keys).toEqual(['basic', 'incomeTotal']);
    const income = g.priorYear!.disagreements.find((x) => x.key === 'incomeTotal')!;
    expect(income.handTyped).toBe(100n);
    expect(income.message).toContain('0.00 万元');
    expect(income.message).toContain(formatWan(income.stored));
    // the stored figure, not the typed one, is what the 说明 compares with
    const diff = totalOf(g.pkg) - income.stored;
    expect(g.pkg.sections!.map((s) => s.text).join('\n')).toContain(
      `${diff >= 0n ? '增加' : '减少'}${formatWan(diff >= 0n ? diff : -diff)}万元`,
    );
  });
});

describe('prior year read back from last year’s published document (SQLite)', () => {
  const target = withTarget('sqlite');
  let ctx: AppContext;
  const files = syntheticDistrict({ departments: 1, minUnits: 0, maxUnits: 0, seed: 5 });
  const [y2023, y2024] = [files.find((f) => f.year === 2023)!, files.find((f) => f.year === 2024)!];
  beforeAll(async () => {
    ctx = await openApp({ db: target.url, env: {} });
  });
  afterAll(async () => {
    if (ctx) await closeApp(ctx);
  });

  it('a disclosure workbook of last year, read back, supplies the 上年数 with its file', async () => {
    // last year exists only as its published workbook: generate it elsewhere, keep only the bytes
    const other = await openApp({ db: ':memory:', env: {} });
    const r0 = await importSource(other, { fileName: y2023.fileName, bytes: y2023.bytes() });
    const g0 = await generateRevision(other, r0.revisionId!);
    const xlsx = (await renderStored(other, g0.packageSha, 'xlsx')).content;
    await closeApp(other);

    const back = await importPublishedDocument(ctx, {
      fileName: '2023年部门预算公开表.xlsx',
      bytes: xlsx,
      level: 'unit',
    });
    expect(back).toMatchObject({ status: 'created', orgCode: y2023.unitCode, year: 2023, kind: '预算' });
    const again = await importPublishedDocument(ctx, { fileName: 'same.xlsx', bytes: xlsx, level: 'unit' });
    expect(again.status).toBe('unchanged');
    const r = await importSource(ctx, { fileName: y2024.fileName, bytes: y2024.bytes() });
    const report = await priorYearFor(ctx, r.disclosureId!);
    expect(report.source).toBe('document');
    const income = report.figures.find((f) => f.key === 'incomeTotal')!;
    // what the workbook prints: 万元 to two decimals, from the exact total
    expect(income.value).toBe(roundToWanCent(totalOf(g0.pkg)));
    expect(income.from).toMatchObject({
      kind: 'document',
      file: '2023年部门预算公开表.xlsx',
      revisionId: back.revisionId,
    });
    const g = await generateRevision(ctx, r.revisionId!);
    expect(g.pkg.sections!.map((s) => s.text).join('\n')).not.toContain('未提供上年预算数');
  });
});
