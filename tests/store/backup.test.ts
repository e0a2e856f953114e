/**
 * db export / db import round trip SQLite → PostgreSQL → SQLite: every row of every table (blobs,
 * bigint money, published versions, the server's and the web's tables) is equal after each hop.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDatabase, importDatabase } from '../../src/app/backup.ts';
import { checkRevision } from '../../src/app/check.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { importSource } from '../../src/app/ingest.ts';
import { correct, publish } from '../../src/app/publish.ts';
import { storeTargets, withTarget } from '../support/pg.ts';

const clock = () => new Date('2026-05-01T00:00:00.000Z');

async function dump(ctx: AppContext): Promise<string[]> {
  const lines: string[] = [];
  await exportDatabase(ctx, (l) => {
    lines.push(l);
  });
  return lines;
}

async function populate(ctx: AppContext): Promise<void> {
  for (const f of [
    'examples/demo-two-units-2024-budget/source.json',
    'examples/demo-two-units-2024-budget/source.xlsx',
    'examples/hetang-zfb-2024-budget/source.json',
  ]) {
    expect((await importSource(ctx, { fileName: f.split('/').pop()!, bytes: readFileSync(f) })).status).toBe('created');
  }
  const d = (await ctx.store.repos.findDisclosure('118', 2024, '预算'))!;
  await checkRevision(ctx, d.current_revision_id!);
  await publish(ctx, { disclosureId: d.id, formats: ['json', 'xlsx'] });
  await correct(ctx, { disclosureId: d.id, note: '测试更正', formats: ['json'] });
  const user = await ctx.store.repos.addUser({
    login: 'reviewer',
    display_name: '审核人',
    password_hash: null,
    created_at: clock().toISOString(),
  });
  await ctx.store.repos.addMembership({ user_id: user.id, role_code: 'department_reviewer', org_code: '118' });
  await ctx.store.repos.addWorkflowEvent({
    disclosure_id: d.id,
    from_state: '编制中',
    to_state: '单位已提交',
    action: 'submit',
    actor_id: user.id,
    comment: null,
    at: clock().toISOString(),
  });
  await ctx.store.repos.addComment({
    disclosure_id: d.id,
    revision_id: d.current_revision_id,
    table_id: 'T01',
    row_key: '收入总计',
    column_key: '预算数',
    author_id: user.id,
    body: '请核对“收入总计”',
    created_at: clock().toISOString(),
  });
}

const dialects = await storeTargets();

describe('backup round trip', () => {
  const sqliteA = withTarget('sqlite');
  const sqliteC = withTarget('sqlite');
  const pg = dialects.includes('postgres') ? withTarget('postgres') : undefined;
  let a: AppContext;
  let original: string[];
  beforeAll(async () => {
    a = await openApp({ db: sqliteA.url, clock, env: {} });
    await populate(a);
    original = await dump(a);
  });
  afterAll(async () => {
    if (a) await closeApp(a);
  });

  it('the backup holds every table, blobs included', () => {
    const header = JSON.parse(original[0]!);
    expect(header.format).toBe('mingzhang-backup');
    expect(header.tables).toEqual(expect.arrayContaining(['blobs', 'published_versions', 'published_cells', 'users']));
    const blobs = original.filter((l) => l.startsWith('{"table":"blobs"'));
    expect(blobs.length).toBeGreaterThanOrEqual(5);
    expect(blobs.every((l) => l.includes('"$b64"'))).toBe(true);
    expect(original.some((l) => l.startsWith('{"table":"source_lines"') && l.includes('"amount_fen":{"$int"'))).toBe(
      true,
    );
  });

  it.skipIf(!pg)('SQLite → PostgreSQL → SQLite keeps every row', async () => {
    const p = await openApp({ db: pg!.url, clock, env: {} });
    let viaPg: string[];
    try {
      await importDatabase(p, original);
      viaPg = await dump(p);
      // ids continue after the restored ones; published rows stay immutable after restore
      const u = await p.store.repos.addUser({
        login: 'new',
        display_name: '新用户',
        password_hash: null,
        created_at: 'x',
      });
      expect(u.id).toBe(2);
      await expect(sql`DELETE FROM published_versions`.execute(p.store.db)).rejects.toThrow(/不可修改/);
    } finally {
      await closeApp(p);
    }
    expect(viaPg).toEqual(original);
    const c = await openApp({ db: sqliteC.url, clock, env: {} });
    try {
      await importDatabase(c, viaPg);
      expect(await dump(c)).toEqual(original);
      const v = await c.store.repos.publishedVersions(1);
      expect(v.map((x) => x.version_no)).toEqual([1, 2]);
      const blob = await c.store.repos.getBlob(
        (await c.store.repos.mustGetRevision((await c.store.repos.listRevisions(1))[0]!.id)).blob_sha!,
      );
      expect(blob?.content.equals(readFileSync('examples/demo-two-units-2024-budget/source.json'))).toBe(true);
    } finally {
      await closeApp(c);
    }
  });

  it('refuses a non-empty target and a truncated backup, restoring nothing', async () => {
    await expect(importDatabase(a, original)).rejects.toThrow(/不是空的/);
    const fresh = await openApp({ db: await sqliteC.fresh(), env: {} });
    try {
      await expect(importDatabase(fresh, original.slice(0, -1))).rejects.toThrow(/不完整/);
      const n = await fresh.store.db
        .selectFrom('blobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
    } finally {
      await closeApp(fresh);
    }
  });
});
