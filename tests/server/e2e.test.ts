/**
 * The whole process over HTTP for a department with two units, on SQLite and PostgreSQL:
 * upload → check → submit → the department returns with a comment on a cell → fix → resubmit →
 * approve → finance approves → 批复 → publish → anonymous fetch and downloads (XLSX and cells equal
 * the generated package) → a correction publishes v2 while v1 stays retrievable and reads 已更正.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { registerOrganisationsOf } from '../../src/app/demo.ts';
import { storedPackage } from '../../src/app/generate.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { readXlsxWorkbook } from '../../src/readers/xlsx/index.ts';
import { renderCells } from '../../src/renderers/cells.ts';
import { buildServer } from '../../src/server/app.ts';
import { loadableSets } from '../readers/seed-parse.ts';
import { storeTargets, withTarget } from '../support/pg.ts';
import { Client, multipart, testClock } from './support.ts';

const PW = 'demo-password-2024';
const files = syntheticDistrict({ departments: 1, minUnits: 1, maxUnits: 1, years: [2024] });
const [fileA, fileB] = files as [(typeof files)[0], (typeof files)[0]];

for (const dialect of await storeTargets()) {
  describe(`the review workflow end to end (${dialect})`, () => {
    const target = withTarget(dialect);
    let ctx: AppContext;
    let app: FastifyInstance;
    const clock = testClock('2024-01-10T02:00:00.000Z');
    const as: Record<string, Client> = {};
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      ctx = await openApp({ db: target.url, clock, env: {} });
      app = await buildServer(ctx, { web: false });
      await registerOrganisationsOf(ctx, fileA.raw);
      await registerOrganisationsOf(ctx, fileB.raw);
      const dept = fileA.departmentCode;
      const users: Array<[string, Parameters<typeof createUser>[1]['grants']]> = [
        ['unit-a', [{ role: 'unit_preparer', orgCode: fileA.unitCode }]],
        ['unit-b', [{ role: 'unit_preparer', orgCode: fileB.unitCode }]],
        ['dept', [{ role: 'department_reviewer', orgCode: dept }]],
        ['finance', [{ role: 'finance_reviewer', orgCode: dept }]],
      ];
      for (const [login, grants] of users) {
        await createUser(ctx, { login, displayName: login, password: PW, grants });
        as[login] = new Client(app);
        expect((await as[login]!.login(login, PW)).status).toBe(200);
      }
      as.public = new Client(app);
    });
    afterAll(async () => {
      await app?.close();
      if (ctx) await closeApp(ctx);
    });

    const act = (who: string, id: number, body: Record<string, unknown>) =>
      as[who]!.post(`/api/staff/disclosures/${id}/transitions`, body);

    /** Check, acknowledge every 警告 with a reason, and submit. */
    async function checkAckSubmit(who: string, id: number) {
      const check = await as[who]!.post(`/api/staff/disclosures/${id}/check`);
      expect(check.status, check.body).toBe(200);
      expect(check.json<{ counts: Record<string, number> }>().counts.错误).toBe(0);
      const findings = (await as[who]!.get(`/api/staff/disclosures/${id}/findings`)).json<{
        items: { id: number; severity: string }[];
      }>().items;
      const warnings = findings.filter((f) => f.severity === '警告');
      const open = (await as[who]!.get(`/api/staff/disclosures/${id}`)).json<{
        facts: { unacknowledgedWarnings: string[] };
      }>().facts.unacknowledgedWarnings;
      if (open.length > 0) {
        const refused = await act(who, id, { action: 'submit' });
        expect(refused.status).toBe(409);
        expect(refused.json()).toMatchObject({ code: 'workflow_gate_failed' });
        expect(refused.json<{ detail: string }>().detail).toMatch(/警告尚未说明理由/);
        for (const w of warnings) {
          const ack = await as[who]!.post(`/api/staff/disclosures/${id}/acknowledgements`, {
            findingId: w.id,
            reason: '已核实，情况属实',
          });
          expect(ack.status, ack.body).toBe(200);
        }
      }
      const ok = await act(who, id, { action: 'submit' });
      expect(ok.status, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ from: '编制中', to: '单位已提交' });
    }

    it('units upload their workbooks and JSON; the department consolidation follows', async () => {
      for (const [who, f] of [
        ['unit-a', fileA],
        ['unit-b', fileB],
      ] as const) {
        const r = await as[who]!.request({
          method: 'POST',
          url: '/api/staff/uploads',
          ...multipart([{ filename: f.fileName, content: f.bytes() }]),
        });
        expect(r.status, r.body).toBe(200);
        const res = r.json<{
          results: { status: string; disclosureId: number; consolidation?: { disclosureId: number } }[];
        }>().results[0]!;
        expect(res.status).toBe('created');
        ids[who] = res.disclosureId;
        ids.dept = res.consolidation!.disclosureId;
      }
      // a unit may not upload for the other unit
      const other = await as['unit-a']!.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: 'b.json', content: fileB.bytes() }]),
      });
      expect(other.status).toBe(422);
      expect(other.json<{ results: { code: string }[] }>().results[0]!.code).toBe('out_of_scope');
    });

    it('a unit checks and submits; the department returns it with a comment on a cell', async () => {
      await checkAckSubmit('unit-a', ids['unit-a']!);
      const envelope = (await as.dept!.get(`/api/staff/disclosures/${ids['unit-a']}/package`)).json<{
        format: string;
        package: DisclosurePackage;
      }>();
      expect(envelope.format).toBe('mingzhang-package');
      const pkg = envelope.package;
      const cell = pkg.tables.flatMap((t) => t.cells.filter((c) => c.value !== null).map((c) => ({ t: t.id, c })))[0]!;
      const comment = await as.dept!.post(`/api/staff/disclosures/${ids['unit-a']}/comments`, {
        body: '此数与上年差异较大，请核实',
        tableId: cell.t,
        rowKey: cell.c.row,
        columnKey: cell.c.column,
      });
      expect(comment.status, comment.body).toBe(201);
      expect(comment.json()).toMatchObject({ anchor: { kind: 'cell', tableId: cell.t }, resolved: false });
      // a return needs a comment
      expect((await act('dept', ids['unit-a']!, { action: 'dept_return' })).status).toBe(409);
      const back = await act('dept', ids['unit-a']!, { action: 'dept_return', comment: '请按意见修改后重新提交' });
      expect(back.status, back.body).toBe(200);
      expect(back.json()).toMatchObject({ from: '单位已提交', to: '编制中' });
      // the unit may not approve its own submission
      const self = await act('unit-a', ids['unit-a']!, { action: 'dept_approve' });
      expect(self.status).toBe(409);
    });

    it('the unit fixes it: a new revision, the comment carries over and is resolved; resubmits', async () => {
      const fixed = structuredClone(fileA.raw) as Record<string, unknown>;
      const lines = fixed.lines as Array<Record<string, string>>;
      lines[0]!.amount = String(Number(lines[0]!.amount) + 1000);
      const incomes = fixed.incomes as Array<Record<string, string>>;
      const inc = incomes.find((i) => i.fund === lines[0]!.fund) ?? incomes[0]!;
      inc.amount = String(Number(inc.amount) + 1000);
      const r = await as['unit-a']!.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: 'fixed.json', content: JSON.stringify(fixed) }]),
      });
      expect(r.status, r.body).toBe(200);
      const revision = r.json<{ results: { status: string; revisionNumber: number }[] }>().results[0]!;
      expect(revision).toMatchObject({ status: 'created', revisionNumber: 2 });
      const comments = (await as['unit-a']!.get(`/api/staff/disclosures/${ids['unit-a']}/comments`)).json<{
        items: { id: number; carriedOver: boolean; resolved: boolean }[];
      }>().items;
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({ carriedOver: true, resolved: false });
      const resolved = await as['unit-a']!.post(`/api/staff/comments/${comments[0]!.id}/resolve`);
      expect(resolved.status, resolved.body).toBe(200);
      expect(resolved.json()).toMatchObject({ resolved: true, resolvedBy: 'unit-a' });
      await checkAckSubmit('unit-a', ids['unit-a']!);
      // unit B sees that its 说明 lacks the 国有资产 facts and supplies them before submitting
      const viewB = (await as['unit-b']!.get(`/api/staff/disclosures/${ids['unit-b']}`)).json<{
        version: number;
        facts: { missingNarrative: string[] };
      }>();
      expect(viewB.facts.missingNarrative.join()).toContain('国有资产');
      const withAssets = { ...structuredClone(fileB.raw), assets: structuredClone(fileA.raw.assets) };
      const edit = await as['unit-b']!.post(`/api/staff/disclosures/${ids['unit-b']}/source`, {
        expectedVersion: viewB.version,
        source: withAssets,
      });
      expect(edit.status, edit.body).toBe(200);
      // the same edit against the old version is a 冲突
      const stale = await as['unit-b']!.post(`/api/staff/disclosures/${ids['unit-b']}/source`, {
        expectedVersion: viewB.version,
        source: withAssets,
      });
      expect(stale.status).toBe(409);
      expect(stale.json<{ detail: string }>().detail).toContain('冲突');
      await checkAckSubmit('unit-b', ids['unit-b']!);
    });

    it('department and finance approve, 批复 starts the clock, the department publishes', async () => {
      for (const key of ['unit-a', 'unit-b']) {
        const id = ids[key]!;
        expect((await act('dept', id, { action: 'dept_approve' })).status).toBe(200);
        // finance may not 批复 before its own approval
        expect((await act('finance', id, { action: 'approve', approvalDate: '2024-01-12' })).status).toBe(409);
        const fin = await act('finance', id, { action: 'finance_approve' });
        expect(fin.status, fin.body).toBe(200);
        const approve = await act('finance', id, {
          action: 'approve',
          approvalDate: '2024-01-12',
          documentNo: '示财预〔2024〕1号',
        });
        expect(approve.status, approve.body).toBe(200);
        expect(approve.json()).toMatchObject({ to: '已批复', clock: { dueOn: '2024-02-01', status: 'on_time' } });
        // publishing needs the 保密审查
        const early = await act('dept', id, { action: 'publish' });
        expect(early.status).toBe(409);
        expect(early.json<{ detail: string }>().detail).toContain('保密审查');
        expect((await as.dept!.post(`/api/staff/disclosures/${id}/secrecy-review`, { note: '不涉密' })).status).toBe(
          200,
        );
        const pub = await act('dept', id, { action: 'publish' });
        expect(pub.status, pub.body).toBe(200);
        expect(pub.json()).toMatchObject({ to: '已公开', published: { versionNo: 1 } });
      }
      const view = (await as.finance!.get(`/api/staff/disclosures/${ids['unit-a']}`)).json<{
        events: { action: string; from: string; to: string; actor: string }[];
        clock: { status: string };
      }>();
      expect(view.events.map((e) => e.action)).toEqual([
        'submit',
        'dept_return',
        'submit',
        'dept_approve',
        'finance_approve',
        'approve',
        'publish',
      ]);
      expect(view.events[1]).toMatchObject({ from: '单位已提交', to: '编制中', actor: 'dept' });
      expect(view.clock.status).toBe('published_on_time');
      const audit = await ctx.store.repos.auditLog({ subjectType: 'disclosure', subjectId: ids['unit-a']! });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['workflow.submit', 'workflow.dept_return', 'workflow.publish']),
      );
    });

    let v1Etag = '';
    it('anyone fetches the package and downloads XLSX and cells equal to the generated package', async () => {
      const id = ids['unit-a']!;
      const list = (await as.public!.get('/api/disclosures?year=2024')).json<{
        items: { id: number; url: string }[];
      }>();
      expect(list.items.map((i) => i.id).sort()).toEqual([ids['unit-a'], ids['unit-b']].sort());
      expect(list.items[0]!.url).toMatch(/^\/d\/\d+$/);
      const d = (await as.public!.get(`/api/disclosures/${id}`)).json<{
        versions: { versionNo: number; packageSha: string }[];
      }>();
      expect(d.versions).toHaveLength(1);
      const pkgRes = await as.public!.get(`/api/disclosures/${id}/versions/1`);
      expect(pkgRes.status).toBe(200);
      expect(String(pkgRes.headers['cache-control'])).toContain('immutable');
      v1Etag = String(pkgRes.headers.etag);
      expect((await as.public!.get(`/api/disclosures/${id}/versions/1`, { 'if-none-match': v1Etag })).status).toBe(304);
      const generated = await storedPackage(ctx, d.versions[0]!.packageSha);
      const xlsx = await as.public!.get(`/api/disclosures/${id}/versions/1/files/xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
      const read = await readXlsxWorkbook(xlsx.raw, 'download.xlsx', loadableSets());
      expect(renderCells(read.pkg)).toBe(renderCells(generated));
      const cells = await as.public!.get(`/api/disclosures/${id}/versions/1/files/cells`);
      expect(cells.body).toBe(renderCells(generated));
      // and the cells API gives every amount exactly, in fen
      const api = (await as.public!.get(`/api/disclosures/${id}/versions/1/cells?pageSize=1000`)).json<{
        total: number;
        items: { tableId: string; row: string; column: string; valueFen: string | null }[];
      }>();
      const want = generated.tables.flatMap((t) =>
        t.cells.map((c) => [t.id, c.row, c.column, c.value === null ? null : String(c.value)]),
      );
      expect(api.total).toBe(want.length);
      expect(api.items.map((c) => [c.tableId, c.row, c.column, c.valueFen])).toEqual(want.slice(0, 1000));
    });

    it('a correction publishes v2; v1 stays retrievable and reads 已更正', async () => {
      const id = ids['unit-a']!;
      const corrected = structuredClone(fileA.raw) as Record<string, unknown>;
      (corrected.unit as unknown) = undefined;
      const units = corrected.units as Array<Record<string, unknown>>;
      units[0]!.actualStaff = Number(units[0]!.actualStaff ?? 10) + 1;
      const up = await as['unit-a']!.request({
        method: 'POST',
        url: '/api/staff/uploads',
        ...multipart([{ filename: 'v2.json', content: JSON.stringify(corrected) }]),
      });
      expect(up.status, up.body).toBe(200);
      await as['unit-a']!.post(`/api/staff/disclosures/${id}/check`);
      // a correction needs a 更正说明 and a fresh 保密审查
      const noNote = await act('dept', id, { action: 'correct' });
      expect(noNote.status).toBe(409);
      expect(noNote.json<{ detail: string }>().detail).toMatch(/更正说明/);
      expect((await as.dept!.post(`/api/staff/disclosures/${id}/secrecy-review`, {})).status).toBe(200);
      const c = await act('dept', id, { action: 'correct', correctionNote: '更正在职人数' });
      expect(c.status, c.body).toBe(200);
      expect(c.json()).toMatchObject({ to: '已公开', published: { versionNo: 2 } });
      const d = (await as.public!.get(`/api/disclosures/${id}`)).json<{
        versions: { versionNo: number; corrected: boolean; status: string; correctionNote: string | null }[];
      }>();
      expect(d.versions).toMatchObject([
        { versionNo: 1, corrected: true, status: '已更正' },
        { versionNo: 2, corrected: false, status: '现行', correctionNote: '更正在职人数' },
      ]);
      const v1 = await as.public!.get(`/api/disclosures/${id}/versions/1`);
      expect(v1.status).toBe(200);
      expect(v1.headers.etag).toBe(v1Etag);
      expect(v1.headers['x-mingzhang-corrected']).toBe('1');
      const diff = (await as.public!.get(`/api/disclosures/${id}/diff?from=1&to=2`)).json<{
        changes: unknown[];
        correctionNote: string;
      }>();
      expect(diff.correctionNote).toBe('更正在职人数');
    });
  });
}
