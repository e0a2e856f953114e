/**
 * Backup and restore: every table of the database (the store's and every other migration's),
 * every row, blobs included, as JSON lines — dialect-neutral, so a SQLite backup restores into
 * PostgreSQL and back.
 *
 *   {"format":"mingzhang-backup","version":1,"migrations":[…],"tables":[…]}
 *   {"table":"regions","row":{…}}            one line per row; bigint → {"$int":"…"}, bytes → {"$b64":"…"}
 *   {"end":true,"rows":N}
 *
 * Tables are written in creation order (a table only references tables created before it) and
 * rows sorted by their encoded text, so two backups of equal databases are equal byte for byte.
 * Restore runs in one transaction into a freshly migrated, empty database of the same schema.
 */
import { type Kysely, sql } from 'kysely';
import { StoreError } from '../store/errors.ts';
import { migrationNames } from '../store/migrate.ts';
import type { AppContext } from './context.ts';

export const BACKUP_FORMAT = 'mingzhang-backup';

// biome-ignore lint/suspicious/noExplicitAny: backup works on every table, typed or not
type AnyDb = Kysely<any>;

/**
 * Table names in creation order (schema_migrations excluded: the schema is the code's). SQLite
 * FTS shadow tables are internal; an external-content FTS table is rebuilt from its content
 * table after a restore instead of being copied (`rebuild`).
 */
export async function tablesInCreationOrder(
  ctx: AppContext,
  db: AnyDb = ctx.store.db as AnyDb,
): Promise<{ tables: string[]; rebuild: string[] }> {
  if (ctx.store.dialect === 'postgres') {
    const rows = await sql<{
      name: string;
    }>`SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY oid`.execute(
      db,
    );
    return { tables: rows.rows.map((r) => r.name).filter((n) => n !== 'schema_migrations'), rebuild: [] };
  }
  const rows = await sql<{ name: string; sql: string | null; kind: string }>`
    SELECT m.name AS name, m.sql AS sql, l.type AS kind FROM sqlite_master m
    JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main'
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.rowid`.execute(db);
  const tables: string[] = [];
  const rebuild: string[] = [];
  for (const r of rows.rows) {
    if (r.name === 'schema_migrations' || r.kind === 'shadow') continue;
    if (r.kind === 'virtual' && /content\s*=\s*'[^']+'/i.test(r.sql ?? '')) rebuild.push(r.name);
    else tables.push(r.name);
  }
  return { tables, rebuild };
}

function encodeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof Uint8Array) return { $b64: Buffer.from(v).toString('base64') };
  return v;
}

function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$int === 'string') return BigInt(o.$int);
    if (typeof o.$b64 === 'string') return Buffer.from(o.$b64, 'base64');
  }
  return v;
}

export function encodeRow(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(row).sort()) out[k] = encodeValue(row[k]);
  return JSON.stringify(out);
}

/** Write the whole database through `write` (one call per line, without the newline). */
export async function exportDatabase(
  ctx: AppContext,
  write: (line: string) => void | Promise<void>,
  onTable?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  const db = ctx.store.db as AnyDb;
  const { tables } = await tablesInCreationOrder(ctx);
  const applied = (await ctx.store.db.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map(
    (r) => r.name,
  );
  await write(JSON.stringify({ format: BACKUP_FORMAT, version: 1, migrations: applied, tables }));
  let total = 0;
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    const lines = rows.map((r) => encodeRow(r as Record<string, unknown>)).sort();
    for (const line of lines) await write(`{"table":${JSON.stringify(table)},"row":${line}}`);
    total += lines.length;
    onTable?.(table, lines.length);
  }
  await write(JSON.stringify({ end: true, rows: total }));
  return { tables: tables.length, rows: total };
}

/** Tables that must be empty before a restore (their rows are data, not seeded by migrations). */
const DATA_TABLES = ['disclosures', 'users', 'blobs', 'audit_log', 'organisations'] as const;
const BATCH = 200;

/** Restore a backup (its lines, in order) into this database, which must be migrated and empty. */
export async function importDatabase(
  ctx: AppContext,
  lines: AsyncIterable<string> | Iterable<string>,
  onTable?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  // take the iterator now: a readline interface drops lines emitted before its iterator exists
  const source = (Symbol.asyncIterator in lines ? lines : toAsync(lines)) as AsyncIterable<string>;
  const iterator = source[Symbol.asyncIterator]();
  const known = migrationNames();
  return ctx.store.transaction(async (repos) => {
    const db = repos.db as AnyDb;
    for (const t of DATA_TABLES) {
      const n = await db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(n.n) > 0)
        throw new StoreError('invalid', `目标数据库不是空的（${t} 已有 ${n.n} 行），只能恢复到新数据库`);
    }
    let header: { migrations: string[]; tables: string[] } | undefined;
    let ended = false;
    let rows = 0;
    let lineNo = 0;
    let pending: { table: string; rows: Record<string, unknown>[] } | undefined;
    const perTable = new Map<string, number>();
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      await db
        .insertInto(pending.table)
        .values(pending.rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
      pending.rows = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const raw = next.value;
      lineNo++;
      if (raw.trim() === '') continue;
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        throw new StoreError('invalid', `备份文件第 ${lineNo} 行不是有效的 JSON`);
      }
      if (!header) {
        if (doc.format !== BACKUP_FORMAT)
          throw new StoreError('invalid', '不是明账备份文件（第 1 行缺少 mingzhang-backup 标记）');
        header = doc as unknown as { migrations: string[]; tables: string[] };
        const unknown = header.migrations.filter((m) => !known.includes(m));
        if (unknown.length > 0) {
          throw new StoreError('invalid', `备份来自更新的明账（含本程序没有的迁移 ${unknown.join('、')}）`);
        }
        continue;
      }
      if (doc.end === true) {
        ended = true;
        if (Number(doc.rows) !== rows)
          throw new StoreError('invalid', `备份文件不完整：应有 ${doc.rows} 行，读到 ${rows} 行`);
        break;
      }
      const table = doc.table;
      if (typeof table !== 'string' || !header.tables.includes(table)) {
        throw new StoreError('invalid', `备份文件第 ${lineNo} 行：未知的表“${String(table)}”`);
      }
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc.row as Record<string, unknown>)) row[k] = decodeValue(v);
      if (pending?.table !== table) {
        await flush();
        if (pending) onTable?.(pending.table, perTable.get(pending.table) ?? 0);
        pending = { table, rows: [] };
      }
      pending.rows.push(row);
      perTable.set(table, (perTable.get(table) ?? 0) + 1);
      rows++;
      if (pending.rows.length >= BATCH) await flush();
    }
    await flush();
    if (pending) onTable?.(pending.table, perTable.get(pending.table) ?? 0);
    if (!header) throw new StoreError('invalid', '备份文件是空的');
    if (!ended) throw new StoreError('invalid', '备份文件不完整（缺少结束行），未恢复任何数据');
    if (ctx.store.dialect === 'postgres') await resetSequences(db);
    for (const fts of (await tablesInCreationOrder(ctx, db)).rebuild) {
      await sql`INSERT INTO ${sql.table(fts)} (${sql.ref(fts)}) VALUES ('rebuild')`.execute(db);
    }
    return { tables: perTable.size, rows };
  });
}

/** After inserting explicit ids, PostgreSQL's serial sequences must continue after the largest. */
async function resetSequences(db: AnyDb): Promise<void> {
  const seqs = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`.execute(db);
  for (const s of seqs.rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${s.table_name}, ${s.column_name}),
      COALESCE((SELECT MAX(${sql.ref(s.column_name)}) FROM ${sql.table(s.table_name)}), 0) + 1, false)`.execute(db);
  }
}

async function* toAsync(lines: Iterable<string>): AsyncIterable<string> {
  yield* lines;
}
