/**
 * The core use cases on both dialects: import → generate → check → publish → correct, against a
 * real database (a fresh SQLite file; a throwaway PostgreSQL database).
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRevision } from '../../src/app/check.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { generateRevision, renderStored } from '../../src/app/generate.ts';
import { importSource } from '../../src/app/ingest.ts';
import { correct, publish, publishedVersionsOf } from '../../src/app/publish.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

const DEMO = 'examples/demo-two-units-2024-budget/source.json';
const HETANG = 'examples/hetang-zfb-2024-budget/source.json';
const clock = () => new Date('2026-03-01T08:00:00.000Z');

for (const dialect of await storeTargets()) {
  describe(`use cases on ${dialect}`, () => {
    const target = withTarget(dialect);
    let ctx: AppContext;
    beforeAll(async () => {
      ctx = await openApp({ db: target.url, clock, env: {} });
    });
    afterAll(async () => {
      if (ctx) await closeApp(ctx);
    });

    it('imports a department file as one revision, and identical bytes again as none', async () => {
      const bytes = readFileSync(DEMO);
      const first = await importSource(ctx, { fileName: 'source.json', bytes });
      expect(first.status).toBe('created');
      expect(first.subject).toEqual({ orgCode: '118', level: 'department', year: 2024, kind: '预算' });
      expect(first.revisionNumber).toBe(1);
      const again = await importSource(ctx, { fileName: 'source.json', bytes });
      expect(again.status).toBe('unchanged');
      expect(again.revisionId).toBe(first.revisionId);
      const revisions = await ctx.store.repos.listRevisions(first.disclosureId!);
      expect(revisions).toHaveLength(1);
      const blob = await ctx.store.repos.getBlob(revisions[0]!.blob_sha!);
      expect(blob?.content.equals(bytes)).toBe(true);
    });

    it('keeps money exact as bigint fen', async () => {
      const d = await ctx.store.repos.findDisclosure('118', 2024, '预算');
      const lines = await ctx.store.repos.linesOf(d!.current_revision_id!);
      expect(lines.length).toBe(93);
      expect(typeof lines[0]!.amount_fen).toBe('bigint');
      // 1286412.36 元 is the first line of the example
      expect(lines[0]!.amount_fen).toBe(128641236n);
      const sum = await ctx.store.db
        .selectFrom('source_lines')
        .select((eb) => eb.fn.sum<bigint>('amount_fen').as('total_fen'))
        .where('revision_id', '=', d!.current_revision_id!)
        .executeTakeFirstOrThrow();
      expect(sum.total_fen).toBe(lines.reduce((a, l) => a + l.amount_fen, 0n));
      expect(typeof d!.id).toBe('number');
    });

    it('a changed file is a new revision; an invalid one writes nothing', async () => {
      const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
      raw.reasons = { ...raw.reasons, extra: '修改后的说明' };
      const r = await importSource(ctx, { fileName: 'source-v2.json', bytes: Buffer.from(JSON.stringify(raw)) });
      expect(r.status).toBe('created');
      expect(r.revisionNumber).toBe(2);
      const countBefore = await ctx.store.db
        .selectFrom('source_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const bad = await importSource(ctx, { fileName: 'bad.json', bytes: Buffer.from('{"schemaVersion":1}') });
      expect(bad.status).toBe('invalid');
      expect(bad.issues.some((i) => i.severity === 'error' && i.location?.file === 'bad.json')).toBe(true);
      const countAfter = await ctx.store.db
        .selectFrom('source_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(countAfter.n).toBe(countBefore.n);
    });

    it('generates a content-addressed package, then serves it from the store', async () => {
      const d = (await ctx.store.repos.findDisclosure('118', 2024, '预算'))!;
      const g1 = await generateRevision(ctx, d.current_revision_id!);
      expect(g1.cached).toBe(false);
      expect(g1.packageSha).toMatch(/^[0-9a-f]{64}$/);
      expect(g1.pkg.unit.code).toBe('118');
      const g2 = await generateRevision(ctx, d.current_revision_id!);
      expect(g2.cached).toBe(true);
      expect(g2.packageSha).toBe(g1.packageSha);
      expect(g2.pkg.tables.length).toBe(g1.pkg.tables.length);
      const cells1 = g1.pkg.tables.flatMap((t) => t.cells.map((c) => c.value));
      const cells2 = g2.pkg.tables.flatMap((t) => t.cells.map((c) => c.value));
      expect(cells2).toEqual(cells1);
      const html = await renderStored(ctx, g1.packageSha, 'html');
      expect(html.cached).toBe(false);
      expect(html.content.toString('utf8')).toContain('株洲市荷塘区教育局');
      const again = await renderStored(ctx, g1.packageSha, 'html');
      expect(again.cached).toBe(true);
      expect(again.blobSha).toBe(html.blobSha);
    });

    it('checks a revision and stores its findings', async () => {
      const d = (await ctx.store.repos.findDisclosure('118', 2024, '预算'))!;
      const r = await checkRevision(ctx, d.current_revision_id!);
      expect(r.rules).toBeGreaterThan(10);
      const run = await ctx.store.repos.latestCheckRun(d.current_revision_id!);
      expect(run?.id).toBe(r.checkRunId);
      expect(run?.error_count).toBe(r.counts.错误);
      const stored = await ctx.store.repos.findingsOf(r.checkRunId);
      expect(stored.map((f) => f.rule_id)).toEqual(r.findings.map((f) => f.ruleId));
    });

    it('publishes an immutable version; a correction is version 2 and version 1 reads as 已更正', async () => {
      const d = (await ctx.store.repos.findDisclosure('118', 2024, '预算'))!;
      const v1 = await publish(ctx, { disclosureId: d.id, formats: ['json', 'cells'] });
      expect(v1.versionNo).toBe(1);
      expect(v1.cells).toBeGreaterThan(500);
      const cells = await ctx.store.repos.publishedCells(v1.versionId);
      expect(cells.length).toBe(v1.cells);
      expect(cells.some((c) => typeof c.value_fen === 'bigint')).toBe(true);
      await expect(publish(ctx, { disclosureId: d.id })).rejects.toThrow(/更正/);
      await expect(correct(ctx, { disclosureId: d.id, note: ' ' })).rejects.toThrow(/更正说明/);

      const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
      raw.lines[0].amount = '1286512.36';
      raw.incomes[0].amount = String(Number(raw.incomes[0].amount) + 100);
      const r3 = await importSource(ctx, { fileName: 'fix.json', bytes: Buffer.from(JSON.stringify(raw)) });
      expect(r3.status).toBe('created');
      const v2 = await correct(ctx, { disclosureId: d.id, note: '更正第一行金额', formats: ['json'] });
      expect(v2.versionNo).toBe(2);
      expect(v2.packageSha).not.toBe(v1.packageSha);
      const versions = await publishedVersionsOf(ctx, d.id);
      expect(versions.map((v) => [v.version_no, v.corrected])).toEqual([
        [1, true],
        [2, false],
      ]);
      // version 1 still has exactly its own cells
      expect((await ctx.store.repos.publishedCells(v1.versionId)).length).toBe(v1.cells);
      const audit = await ctx.store.repos.auditLog({ subjectType: 'disclosure', subjectId: d.id });
      expect(audit.map((a) => a.action)).toContain('correct');
    });

    it('the database itself refuses raw UPDATE and DELETE of published versions and their cells', async () => {
      const db = ctx.store.db;
      await expect(sql`UPDATE published_versions SET package_sha = 'x'`.execute(db)).rejects.toThrow(/不可修改/);
      await expect(sql`DELETE FROM published_versions`.execute(db)).rejects.toThrow(/不可修改/);
      await expect(sql`UPDATE published_cells SET value_fen = 0`.execute(db)).rejects.toThrow(/不可修改/);
      await expect(sql`DELETE FROM published_cells`.execute(db)).rejects.toThrow(/不可修改/);
      await expect(sql`DELETE FROM published_files`.execute(db)).rejects.toThrow(/不可修改/);
      await expect(sql`UPDATE audit_log SET action = 'x'`.execute(db)).rejects.toThrow(/不可修改/);
      if (dialect === 'postgres') {
        await expect(sql`TRUNCATE published_cells`.execute(db)).rejects.toThrow(/不可修改/);
      }
      const n = await db
        .selectFrom('published_versions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(n.n).toBe(2);
    });

    it('a single-unit file is the unit’s disclosure, and its department is consolidated in step', async () => {
      const r = await importSource(ctx, { fileName: 'hetang.json', bytes: readFileSync(HETANG) });
      expect(r.status).toBe('created');
      expect(r.subject?.orgCode).toBe('004001');
      expect(r.consolidation?.status).toBe('created');
      const dept = await ctx.store.repos.findDisclosure('004', 2024, '预算');
      expect(dept?.consolidated).toBe(1);
      const rev = await ctx.store.repos.mustGetRevision(dept!.current_revision_id!);
      expect(rev.origin).toBe('consolidated');
      expect(JSON.parse(rev.derived_from!)).toEqual([r.revisionId]);
    });
  });
}
