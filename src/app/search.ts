/**
 * Chinese search over published tables and 说明 (migration 0800): every published version is
 * cut into searchable pieces (table titles, table rows with the cell they lead to, text cells,
 * 说明 paragraphs) once — published versions never change — and matched by substring through a
 * trigram index (SQLite FTS5 trigram / PostgreSQL pg_trgm). Queries shorter than three characters
 * fall back to a plain substring scan, which the trigram indexes cannot serve.
 */
import { sql } from 'kysely';
import type { DisclosurePackage } from '../core/package/model.ts';
import { narrativeParagraphs, sectionAnchor } from '../renderers/html.ts';
import type { SearchHit } from '../web/source.ts';
import type { AppContext } from './context.ts';
import { storedPackage } from './generate.ts';

export interface SearchDoc {
  readonly type: 'cell' | 'sentence' | 'table';
  readonly tableId?: string;
  readonly tableTitle?: string;
  readonly row?: number;
  readonly col?: number;
  readonly anchor?: string;
  readonly text: string;
}

/** The searchable pieces of one package. */
export function searchDocs(pkg: DisclosurePackage): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const t of pkg.tables) {
    docs.push({ type: 'table', tableId: t.id, tableTitle: t.title, text: t.title });
    t.rows.forEach((row, r) => {
      let words: string[] = [];
      t.columns.forEach((col, c) => {
        const text = (row.texts[c] ?? '').trim();
        if (col.role === 'amount') {
          if (words.length && text !== '') {
            docs.push({
              type: 'cell',
              tableId: t.id,
              tableTitle: t.title,
              row: r,
              col: c,
              text: `${words.join(' ')}：${text}`,
            });
          }
          words = [];
        } else if (col.role === 'text' || t.layout === 'form') {
          if ([...text].length >= 2 && !/^[\d.,\-%]+$/.test(text))
            docs.push({ type: 'cell', tableId: t.id, tableTitle: t.title, row: r, col: c, text });
        } else if (text !== '') words.push(text);
      });
    });
  }
  for (const s of pkg.sections ?? []) {
    narrativeParagraphs(s.text).forEach((p, i) => {
      docs.push({ type: 'sentence', anchor: `s-${sectionAnchor(s.number)}-${i}`, text: p.trim() });
    });
  }
  return docs;
}

/** Index every published version not yet in the index. Returns how many versions were added. */
export async function ensureIndexed(ctx: AppContext): Promise<number> {
  const db = ctx.store.db;
  const pending = await sql<{ id: number; package_sha: string }>`
    SELECT v.id, v.package_sha FROM published_versions v
    WHERE NOT EXISTS (SELECT 1 FROM search_indexed i WHERE i.version_id = v.id) ORDER BY v.id`.execute(db);
  let added = 0;
  for (const v of pending.rows) {
    const pkg = await storedPackage(ctx, v.package_sha);
    const docs = searchDocs(pkg);
    try {
      await db.transaction().execute(async (trx) => {
        // claim the version first: a concurrent indexer of the same version fails here and rolls back
        await sql`INSERT INTO search_indexed (version_id, docs, indexed_at) VALUES (${v.id}, ${docs.length}, ${ctx.clock().toISOString()})`.execute(
          trx,
        );
        for (let i = 0; i < docs.length; i += 200) {
          const chunk = docs.slice(i, i + 200).map((d) => ({
            version_id: Number(v.id),
            type: d.type,
            table_id: d.tableId ?? null,
            table_title: d.tableTitle ?? null,
            row_no: d.row ?? null,
            col_no: d.col ?? null,
            anchor: d.anchor ?? null,
            text: d.text,
          }));
          // biome-ignore lint/suspicious/noExplicitAny: search_docs belongs to the web migration, not the store's typed schema
          const ids = await (trx as any).insertInto('search_docs').values(chunk).returning(['id', 'text']).execute();
          if (ctx.store.dialect === 'sqlite') {
            for (const row of ids as { id: number; text: string }[])
              await sql`INSERT INTO search_fts (rowid, text) VALUES (${row.id}, ${row.text})`.execute(trx);
          }
        }
      });
      added++;
    } catch (e) {
      // another process indexed it meanwhile: fine; anything else is a real error
      const done = await sql`SELECT 1 FROM search_indexed WHERE version_id = ${v.id}`.execute(db);
      if (done.rows.length === 0) throw e;
    }
  }
  return added;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A window of the text around the first match. */
function snippet(text: string, q: string, width = 90): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  const at = Math.max(0, [...text.slice(0, Math.max(0, text.indexOf(q)))].length - 30);
  const part = chars.slice(at, at + width).join('');
  return `${at > 0 ? '…' : ''}${part}${at + width < chars.length ? '…' : ''}`;
}

interface HitRow {
  type: 'cell' | 'sentence' | 'table';
  table_id: string | null;
  table_title: string | null;
  row_no: number | null;
  col_no: number | null;
  anchor: string | null;
  text: string;
  disclosure_id: number;
  version_no: number;
  year: number;
  kind: '预算' | '决算';
  name: string;
}

/** Search the latest published version of every disclosure. */
export async function searchPublished(ctx: AppContext, query: string, limit = 100): Promise<SearchHit[]> {
  const q = query.trim();
  if (!q) return [];
  await ensureIndexed(ctx);
  const db = ctx.store.db;
  const latest = sql`v.version_no = (SELECT MAX(v2.version_no) FROM published_versions v2 WHERE v2.disclosure_id = v.disclosure_id)`;
  const cols = sql`s.type, s.table_id, s.table_title, s.row_no, s.col_no, s.anchor, s.text, v.disclosure_id, v.version_no, d.year, d.kind, oy.name`;
  const joins = sql`JOIN published_versions v ON v.id = s.version_id JOIN disclosures d ON d.id = v.disclosure_id
    JOIN organisation_years oy ON oy.org_code = d.org_code AND oy.year = d.year`;
  const order = sql`ORDER BY d.year DESC, d.org_code, s.id LIMIT ${limit}`;
  let rows: HitRow[];
  if (ctx.store.dialect === 'sqlite' && [...q].length >= 3) {
    const phrase = `"${q.replace(/"/g, '""')}"`;
    rows = (
      await sql<HitRow>`SELECT ${cols} FROM search_fts f JOIN search_docs s ON s.id = f.rowid ${joins}
        WHERE search_fts MATCH ${phrase} AND ${latest} ${order}`.execute(db)
    ).rows;
  } else {
    const op = ctx.store.dialect === 'postgres' ? sql`ILIKE` : sql`LIKE`;
    rows = (
      await sql<HitRow>`SELECT ${cols} FROM search_docs s ${joins}
        WHERE s.text ${op} ${likePattern(q)} ESCAPE '\\' AND ${latest} ${order}`.execute(db)
    ).rows;
  }
  return rows.map((r) => ({
    disclosureId: Number(r.disclosure_id),
    version: Number(r.version_no),
    orgName: r.name,
    year: Number(r.year),
    kind: r.kind,
    type: r.type,
    ...(r.table_id ? { tableId: r.table_id } : {}),
    ...(r.table_title ? { tableTitle: r.table_title } : {}),
    ...(r.row_no !== null ? { row: Number(r.row_no) } : {}),
    ...(r.col_no !== null ? { col: Number(r.col_no) } : {}),
    ...(r.anchor ? { anchor: r.anchor } : {}),
    text: snippet(r.text, q),
  }));
}
