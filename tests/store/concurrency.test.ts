/**
 * Two concurrent edits of one disclosure lose nothing: both start from the same version, the
 * first saves, the second is refused with 冲突 and its revision is not written — on both dialects.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { editSource, importSource } from '../../src/app/ingest.ts';
import { ConflictError } from '../../src/store/errors.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

const DEMO = 'examples/demo-two-units-2024-budget/source.json';

for (const dialect of await storeTargets()) {
  describe(`optimistic version check on ${dialect}`, () => {
    const target = withTarget(dialect);
    let a: AppContext;
    let b: AppContext;
    beforeAll(async () => {
      // PostgreSQL: two separate connection pools (two server processes). SQLite: two requests
      // to one server share its connection (better-sqlite3 is synchronous, so two connections in
      // one process would block each other; separate processes are covered by the kill test).
      a = await openApp({ db: target.url, env: {} });
      b = dialect === 'postgres' ? await openApp({ db: target.url, env: {} }) : a;
    });
    afterAll(async () => {
      if (a) await closeApp(a);
      if (b && b !== a) await closeApp(b);
    });

    it('the second of two edits from the same version gets 冲突 and nothing of the first is lost', async () => {
      const imported = await importSource(a, { fileName: 'source.json', bytes: readFileSync(DEMO) });
      const id = imported.disclosureId!;
      const seen = (await a.store.repos.getDisclosure(id))!.version;
      const base = JSON.parse(readFileSync(DEMO, 'utf8'));
      const edit = (who: string) => ({ ...base, reasons: { ...base.reasons, 收支增减原因: `${who}填写的原因` } });
      const results = await Promise.allSettled([
        editSource(a, { disclosureId: id, expectedVersion: seen, source: edit('甲') }),
        editSource(b, { disclosureId: id, expectedVersion: seen, source: edit('乙') }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(ConflictError);
      expect(String(refused[0]!.reason.message)).toMatch(/^冲突/);
      const d = (await a.store.repos.getDisclosure(id))!;
      expect(d.version).toBe(seen + 1);
      const revisions = await a.store.repos.listRevisions(id);
      expect(revisions.map((r) => r.origin)).toEqual(['import', 'edit']);
      const current = await a.store.repos.mustGetRevision(d.current_revision_id!);
      const winner = results[0]!.status === 'fulfilled' ? '甲' : '乙';
      expect(JSON.parse(current.source_json).reasons.收支增减原因).toBe(`${winner}填写的原因`);
      // the refused editor reloads and saves on top: both edits are now in the history
      const retry = await editSource(results[0]!.status === 'fulfilled' ? b : a, {
        disclosureId: id,
        expectedVersion: d.version,
        source: edit(winner === '甲' ? '乙' : '甲'),
      });
      expect(retry.number).toBe(3);
    });

    it('an import that names a stale version is refused as a failed result, writing nothing', async () => {
      const d = (await a.store.repos.findDisclosure('118', 2024, '预算'))!;
      const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
      raw.reasons.三公增减原因 = '另一处修改';
      const r = await importSource(b, {
        fileName: 'late.json',
        bytes: Buffer.from(JSON.stringify(raw)),
        expectedVersion: d.version - 1,
      });
      expect(r.status).toBe('failed');
      expect(r.code).toBe('conflict');
      expect(r.message).toMatch(/冲突/);
      expect((await a.store.repos.getDisclosure(d.id))!.version).toBe(d.version);
      expect(
        await a.store.repos.getBlob(
          (await import('../../src/store/repositories.ts')).sha256(Buffer.from(JSON.stringify(raw))),
        ),
      ).toBeUndefined();
    });
  });
}
