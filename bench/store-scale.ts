/**
 * Benchmark (not a test): the store at scale on PostgreSQL. Units × line items are bulk-loaded
 * in steps (server-side generate_series; their source JSON is a stub, only the line items and
 * class totals are real), plus one real synthetic unit of about 300 line items imported through
 * importSource. At each size it prints:
 *   - a region's roll-up by 功能分类 类 for one year (regionRollup, from the running region
 *     totals), and for comparison the same roll-up summed from every unit's class totals and
 *     from every line item;
 *   - one unit's package regenerated from the store (generateRevision, force) and read back
 *     from the store (cached).
 *
 *   node --import tsx bench/store-scale.ts [--units 1000,3334,10000] [--lines 300]
 *
 * Default: 0.3M → 1M → 3M line items, a few minutes. The issue's full size, 100,000 units × 300
 * lines = 30M rows (about 4 GB and an hour of loading on 2 cores):
 *   node --import tsx bench/store-scale.ts --units 3334,33334,100000 --lines 300
 */
import { sql } from 'kysely';
import { closeApp, openApp } from '../src/app/context.ts';
import { generateRevision } from '../src/app/generate.ts';
import { importSource } from '../src/app/ingest.ts';
import { regionRollup } from '../src/app/rollup.ts';
import { syntheticDistrict } from '../src/app/synthetic.ts';
import { arg, median, ms, throwaway } from './support.ts';

const sizes = arg('units', '1000,3334,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const lines = Number(arg('lines', '300'));
const REGION = '明账示范区';
const FUNCS = [
  '2010101',
  '2010102',
  '2010301',
  '2011101',
  '2040101',
  '2050101',
  '2050201',
  '2050202',
  '2050203',
  '2060101',
  '2070101',
  '2080101',
  '2080501',
  '2081001',
  '2100101',
  '2100201',
  '2110101',
  '2120101',
  '2130101',
  '2130301',
  '2140101',
  '2150101',
  '2200101',
  '2210201',
  '2240101',
];
const ECONS = ['30101', '30102', '30103', '30108', '30201', '30211', '30213', '30217', '30228', '31002'];

const db = await throwaway('postgres');
try {
  const ctx = await openApp({ db: db.url, env: {} });
  const k = ctx.store.db;
  // the real unit: ≈ 300 line items (lineSplit 17 on the 行政 template)
  const real = syntheticDistrict({ departments: 1, minUnits: 0, maxUnits: 0, years: [2024], lineSplit: 17 })[0]!;
  const imported = await importSource(ctx, { fileName: real.fileName, bytes: real.bytes() });
  const realLines = (real.raw.lines as unknown[]).length;
  console.log(
    `store scale benchmark (PostgreSQL): ${lines} line items per unit; sample unit ${real.unitCode} has ${realLines}`,
  );
  console.log(
    'units      line items   load s   roll-up ms   (per-unit class totals) ms   (line scan) ms   regenerate ms   read package ms',
  );
  let loaded = 0;
  for (const target of sizes) {
    const t0 = process.hrtime.bigint();
    await sql`INSERT INTO organisations (code, region_code, level, name)
      SELECT 'U' || lpad(g::text, 7, '0'), ${REGION}, 'unit', '基准单位' || g FROM generate_series(${loaded + 1}::int, ${target}::int) g`.execute(
      k,
    );
    await sql`INSERT INTO disclosures (org_code, year, kind, template_set, workflow_state, version, consolidated, created_at)
      SELECT 'U' || lpad(g::text, 7, '0'), 2024, '预算', 'hunan-2024-budget', '编制中', 1, 0, '2026-01-01T00:00:00.000Z'
      FROM generate_series(${loaded + 1}::int, ${target}::int) g`.execute(k);
    await sql`INSERT INTO source_revisions (disclosure_id, number, origin, source_json, source_sha, issues_json, created_at)
      SELECT d.id, 1, 'import', '{}', md5(d.id::text), '[]', '2026-01-01T00:00:00.000Z' FROM disclosures d
      WHERE d.current_revision_id IS NULL AND d.org_code LIKE 'U%'`.execute(k);
    await sql`UPDATE disclosures d SET current_revision_id = r.id FROM source_revisions r
      WHERE r.disclosure_id = d.id AND d.current_revision_id IS NULL`.execute(k);
    const fresh = sql`SELECT r.id FROM source_revisions r JOIN disclosures d ON d.id = r.disclosure_id
      WHERE d.org_code BETWEEN ${`U${String(loaded + 1).padStart(7, '0')}`} AND ${`U${String(target).padStart(7, '0')}`}`;
    await sql`INSERT INTO source_lines (revision_id, line_no, unit_code, func, econ, category, fund, project, amount_fen)
      SELECT r.id, g, 'U', (${sql.lit(`{${FUNCS.join(',')}}`)}::text[])[1 + (g + r.id) % ${FUNCS.length}],
        (${sql.lit(`{${ECONS.join(',')}}`)}::text[])[1 + g % ${ECONS.length}],
        CASE WHEN g % 3 = 0 THEN '项目' ELSE '基本' END, 'R111', NULL,
        ((r.id::bigint * 7919 + g * 104729) % 10000000)
      FROM (${fresh}) r, generate_series(0, ${lines - 1}::int) g`.execute(k);
    await sql`INSERT INTO source_class_totals (revision_id, func_class, amount_fen)
      SELECT revision_id, substr(func, 1, 3), sum(amount_fen) FROM source_lines
      WHERE revision_id IN (${fresh}) GROUP BY 1, 2`.execute(k);
    // the running region totals, as the import path keeps them
    await sql`DELETE FROM region_class_totals`.execute(k);
    await sql`INSERT INTO region_class_totals (region_code, year, kind, func_class, amount_fen)
      SELECT o.region_code, d.year, d.kind, t.func_class, SUM(t.amount_fen) FROM disclosures d
      JOIN organisations o ON o.code = d.org_code JOIN source_class_totals t ON t.revision_id = d.current_revision_id
      WHERE o.region_code IS NOT NULL GROUP BY 1, 2, 3, 4`.execute(k);
    await sql`ANALYZE`.execute(k);
    const load = ms(t0) / 1000;
    loaded = target;

    const rollup: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      rows = (await regionRollup(ctx, { regionCode: REGION, year: 2024, kind: '预算' })).length;
      rollup.push(ms(t));
    }
    const perUnit: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      await sql`SELECT t.func_class, sum(t.amount_fen) AS amount_fen FROM disclosures d
        JOIN organisations o ON o.code = d.org_code JOIN source_class_totals t ON t.revision_id = d.current_revision_id
        WHERE o.region_code = ${REGION} AND d.year = 2024 AND d.kind = '预算' GROUP BY 1`.execute(k);
      perUnit.push(ms(t));
    }
    const scan: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      await sql`SELECT substr(l.func, 1, 3) AS c, sum(l.amount_fen) AS amount_fen FROM disclosures d
        JOIN organisations o ON o.code = d.org_code JOIN source_lines l ON l.revision_id = d.current_revision_id
        WHERE o.region_code = ${REGION} AND d.year = 2024 AND d.kind = '预算' GROUP BY 1`.execute(k);
      scan.push(ms(t));
    }
    const regen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      await generateRevision(ctx, imported.revisionId!, { force: true });
      regen.push(ms(t));
    }
    const read: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      await generateRevision(ctx, imported.revisionId!);
      read.push(ms(t));
    }
    const total = await k
      .selectFrom('source_lines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `${String(target).padEnd(10)} ${String(total.n).padEnd(12)} ${load.toFixed(1).padEnd(8)} ${median(rollup).toFixed(1).padEnd(12)} ${median(perUnit).toFixed(1).padEnd(28)} ${median(scan).toFixed(1).padEnd(16)} ${median(regen).toFixed(1).padEnd(15)} ${median(read).toFixed(1)}` +
        `   (${rows} 类)`,
    );
  }
  await closeApp(ctx);
} finally {
  await db.drop();
}
