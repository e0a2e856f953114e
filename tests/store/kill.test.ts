/**
 * SIGKILL in the middle of a large import: the importer is killed after it has written every row
 * of one file's transaction but before COMMIT. The database keeps the previous revision of that
 * disclosure intact, none of the killed file's rows (revision, line items, blob, audit entry,
 * consolidation), and every file imported before the kill — on both dialects.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, openApp } from '../../src/app/context.ts';
import { importSource } from '../../src/app/ingest.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { sha256 } from '../../src/store/repositories.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

const CHILD = 'tests/store/support/kill-child.ts';

function runUntil(child: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before ${marker}:\n${out}`)));
  });
}

for (const dialect of await storeTargets()) {
  describe(`SIGKILL during import on ${dialect}`, () => {
    const target = withTarget(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'mz-kill-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('leaves the previous revision intact and no partial one', async () => {
      // one department, four units, one year; each unit ≈ 350 line items
      const v1 = syntheticDistrict({ departments: 1, minUnits: 3, maxUnits: 3, years: [2024], lineSplit: 20 });
      const v2 = syntheticDistrict({
        departments: 1,
        minUnits: 3,
        maxUnits: 3,
        years: [2024],
        lineSplit: 20,
        seed: 99,
      });
      expect(v1).toHaveLength(4);
      const ctx = await openApp({ db: target.url, env: {} });
      for (const f of v1)
        expect((await importSource(ctx, { fileName: f.fileName, bytes: f.bytes() })).status).toBe('created');
      const countRows = async () => {
        const out: Record<string, number> = {};
        for (const t of ['source_revisions', 'source_lines', 'blobs', 'audit_log', 'disclosures'] as const) {
          const r = await ctx.store.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          out[t] = Number(r.n);
        }
        return out;
      };
      const before = await countRows();
      await closeApp(ctx);

      for (const f of v2) writeFileSync(join(dir, f.fileName), f.bytes());
      const victim = v2[2]!;
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target.url, dir, victim.fileName], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const out = await runUntil(child, 'PAUSED');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(out).toContain(`DONE ${v2[0]!.fileName} created`);
      expect(out).toContain(`DONE ${v2[1]!.fileName} created`);
      expect(out).not.toContain(`DONE ${victim.fileName}`);

      const after = await openApp({ db: target.url, env: {} });
      try {
        const repos = after.store.repos;
        const rev = async (code: string) => {
          const d = (await repos.findDisclosure(code, 2024, '预算'))!;
          return {
            d,
            current: await repos.mustGetRevision(d.current_revision_id!),
            all: await repos.listRevisions(d.id),
          };
        };
        // the two files before the kill are committed, each with their consolidation
        for (const f of v2.slice(0, 2)) {
          const r = await rev(f.unitCode);
          expect(r.current.number).toBe(2);
          expect(r.current.blob_sha).toBe(sha256(f.bytes()));
        }
        // the killed file: revision 1 is current and complete; revision 2 does not exist at all
        const killed = await rev(victim.unitCode);
        expect(killed.all.map((r) => r.number)).toEqual([1]);
        expect(killed.current.blob_sha).toBe(sha256(v1[2]!.bytes()));
        expect((await repos.linesOf(killed.current.id)).length).toBe((v1[2]!.raw.lines as unknown[]).length);
        expect(await repos.getBlob(sha256(victim.bytes()))).toBeUndefined();
        // the department's consolidation is built from exactly the committed unit revisions
        const dept = await rev(victim.departmentCode);
        const currentUnits = await Promise.all(v2.map(async (f) => (await rev(f.unitCode)).current.id));
        expect(JSON.parse(dept.current.derived_from!).sort()).toEqual(currentUnits.sort());
        // counts: exactly the two files (2 unit revisions + 2 consolidations) were added
        const now: Record<string, number> = {};
        for (const t of ['source_revisions', 'source_lines', 'blobs', 'audit_log', 'disclosures'] as const) {
          const r = await after.store.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          now[t] = Number(r.n);
        }
        expect(now.source_revisions).toBe(before.source_revisions! + 4);
        expect(now.blobs).toBe(before.blobs! + 2);
        expect(now.audit_log).toBe(before.audit_log! + 4);
        expect(now.disclosures).toBe(before.disclosures);
        const v2Lines = v2.slice(0, 2).reduce((n, f) => n + (f.raw.lines as unknown[]).length, 0);
        expect(now.source_lines).toBe(before.source_lines! + v2Lines);
        // and the import can simply be run again
        const again = await importSource(after, { fileName: victim.fileName, bytes: victim.bytes() });
        expect(again.status).toBe('created');
        expect(again.revisionNumber).toBe(2);
      } finally {
        await closeApp(after);
      }
    });
  });
}
