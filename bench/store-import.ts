/**
 * Benchmark (not a test): import + generate + check of synthetic unit files into each dialect,
 * in files per second, and the ratio to a bare INSERT of the same line items (one transaction
 * per file, plain driver, no parsing) — the floor any store has to pay.
 *
 *   node --import tsx bench/store-import.ts [--files 1000] [--dialect sqlite|postgres|both]
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { checkRevision } from '../src/app/check.ts';
import { closeApp, openApp } from '../src/app/context.ts';
import { generateRevision } from '../src/app/generate.ts';
import { importSource } from '../src/app/ingest.ts';
import { syntheticDistrict } from '../src/app/synthetic.ts';
import { normaliseSource } from '../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../src/io/catalog-files.ts';
import { arg, ms, throwaway } from './support.ts';

const count = Number(arg('files', '1000'));
const which = arg('dialect', 'both');
const dialects = (which === 'both' ? ['sqlite', 'postgres'] : [which]) as ('sqlite' | 'postgres')[];

const files = syntheticDistrict({ departments: Math.ceil(count / 2), years: [2024] }).slice(0, count);
const catalogs = loadBundledCatalogs();
const lineSets = files.map((f) => normaliseSource(f.raw, catalogs).data!.lines);
const totalLines = lineSets.reduce((n, l) => n + l.length, 0);
console.log(`store import benchmark: ${files.length} synthetic unit files, ${totalLines} line items`);

for (const dialect of dialects) {
  const db = await throwaway(dialect);
  try {
    const ctx = await openApp({ db: db.url, env: {} });
    let tImport = 0;
    let tGenerate = 0;
    let tCheck = 0;
    for (const f of files) {
      let t0 = process.hrtime.bigint();
      const r = await importSource(ctx, { fileName: f.fileName, bytes: f.bytes() });
      tImport += ms(t0);
      if (r.status !== 'created') throw new Error(`${f.fileName}: ${r.status} ${r.message ?? ''}`);
      t0 = process.hrtime.bigint();
      await generateRevision(ctx, r.revisionId!);
      tGenerate += ms(t0);
      t0 = process.hrtime.bigint();
      await checkRevision(ctx, r.revisionId!);
      tCheck += ms(t0);
    }
    await closeApp(ctx);
    const bare = await bareInsert(dialect, db.url);
    const total = tImport + tGenerate + tCheck;
    const fps = (t: number) => ((files.length * 1000) / t).toFixed(1);
    console.log(
      `${dialect.padEnd(8)} import ${fps(tImport)} files/s, generate ${fps(tGenerate)} files/s, check ${fps(tCheck)} files/s; ` +
        `all three ${fps(total)} files/s (${(total / 1000).toFixed(1)} s)`,
    );
    console.log(
      `${''.padEnd(8)} bare INSERT of the same ${totalLines} line items: ${(bare / 1000).toFixed(2)} s (${fps(bare)} files/s); ` +
        `ratio import/bare ${(tImport / bare).toFixed(1)}×, import+generate+check/bare ${(total / bare).toFixed(1)}×`,
    );
  } finally {
    await db.drop();
  }
}

/** The same line items into a plain table, one transaction per file. */
async function bareInsert(dialect: 'sqlite' | 'postgres', url: string): Promise<number> {
  const ddl =
    'CREATE TABLE bare_lines (revision integer, line integer, unit text, func text, econ text, category text, fund text, project text, amount bigint)';
  if (dialect === 'sqlite') {
    const db = new SqliteDatabase(url);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(ddl);
    const ins = db.prepare('INSERT INTO bare_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const t0 = process.hrtime.bigint();
    lineSets.forEach((lines, r) => {
      db.transaction(() => {
        lines.forEach((l, i) => {
          ins.run(r, i, l.unit, l.func, l.econ, l.category, l.fund, l.project, l.amount);
        });
      })();
    });
    const t = ms(t0);
    db.close();
    return t;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(ddl);
  const t0 = process.hrtime.bigint();
  for (const [r, lines] of lineSets.entries()) {
    await c.query('BEGIN');
    for (let i = 0; i < lines.length; i += 400) {
      const chunk = lines.slice(i, i + 400);
      const params: unknown[] = [];
      const rows = chunk.map((l, k) => {
        params.push(r, i + k, l.unit, l.func, l.econ, l.category, l.fund, l.project, l.amount.toString());
        const b = k * 9;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9})`;
      });
      await c.query(`INSERT INTO bare_lines VALUES ${rows.join(',')}`, params);
    }
    await c.query('COMMIT');
  }
  const t = ms(t0);
  await c.end();
  return t;
}
