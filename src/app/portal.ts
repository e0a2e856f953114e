/**
 * The portal's read side over the store: published versions only (the public never sees a draft),
 * the directory with each department's publication status, packages, downloads and history.
 * Implements the web layer's PortalSource port (src/web/source.ts).
 */
import { sql } from 'kysely';
import type { DisclosurePackage } from '../core/package/model.ts';
import { FORMAT_EXTENSIONS, isOutputFormat } from '../renderers/index.ts';
import type { DirectoryRow, DocKind, PortalSource, PublishedDisclosure } from '../web/source.ts';
import type { AppContext } from './context.ts';
import { renderStored, storedPackage } from './generate.ts';
import { searchPublished } from './search.ts';

/** Days a department has after 批复 to publish (预算法 §14). */
export const PUBLISH_DAYS = 20;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface VersionRow {
  disclosure_id: number;
  version_no: number;
  package_sha: string;
  published_at: string;
  correction_note: string | null;
}

export const DOWNLOAD_FORMATS = ['xlsx', 'cells', 'json', 'html', 'text'] as const;

export function storePortalSource(ctx: AppContext): PortalSource {
  const db = ctx.store.db;

  const versionsOf = async (ids: readonly number[]): Promise<Map<number, VersionRow[]>> => {
    const out = new Map<number, VersionRow[]>();
    if (ids.length === 0) return out;
    const rows = await db
      .selectFrom('published_versions')
      .select(['disclosure_id', 'version_no', 'package_sha', 'published_at', 'correction_note'])
      .where('disclosure_id', 'in', ids)
      .orderBy('version_no')
      .execute();
    for (const r of rows) out.set(r.disclosure_id, [...(out.get(r.disclosure_id) ?? []), r]);
    return out;
  };

  const approvals = async (ids: readonly number[]): Promise<Map<number, string>> => {
    const out = new Map<number, string>();
    if (ids.length === 0) return out;
    const r = await sql<{
      disclosure_id: number;
      approved_on: string;
    }>`SELECT disclosure_id, approved_on FROM approvals WHERE disclosure_id IN (${sql.join(ids)})`.execute(db);
    for (const a of r.rows) out.set(Number(a.disclosure_id), a.approved_on);
    return out;
  };

  const versionSha = async (id: number, version: number) =>
    (
      await db
        .selectFrom('published_versions')
        .select('package_sha')
        .where('disclosure_id', '=', id)
        .where('version_no', '=', version)
        .executeTakeFirst()
    )?.package_sha;

  return {
    async regionName() {
      const regions = await ctx.store.repos.listRegions();
      return regions[0]?.name ?? '本级';
    },

    async years() {
      const rows = await db.selectFrom('disclosures').select('year').distinct().orderBy('year', 'desc').execute();
      return rows.map((r) => r.year);
    },

    async directory(filter) {
      // departments that existed in the year, with their disclosure (if any) of the kind
      let q = db
        .selectFrom('organisation_years as oy')
        .innerJoin('organisations as o', 'o.code', 'oy.org_code')
        .leftJoin('disclosures as d', (j) => j.onRef('d.org_code', '=', 'oy.org_code').onRef('d.year', '=', 'oy.year'))
        .select(['oy.org_code', 'oy.year', 'oy.name', 'oy.unit_kind', 'o.level', 'd.id', 'd.kind'])
        // departments always; a unit when it publishes on its own
        .where((eb) =>
          eb.or([
            eb('o.level', '=', 'department'),
            eb.exists(
              eb
                .selectFrom('published_versions as pv')
                .innerJoin('disclosures as d2', 'd2.id', 'pv.disclosure_id')
                .select('pv.id')
                .whereRef('d2.org_code', '=', 'oy.org_code')
                .whereRef('d2.year', '=', 'oy.year'),
            ),
          ]),
        );
      if (filter.year) q = q.where('oy.year', '=', filter.year);
      const rows = await q.orderBy('oy.year', 'desc').orderBy('oy.org_code').execute();
      // a department's kind (行政/事业/参公) is its 本级 unit's
      const unitKinds = await db
        .selectFrom('organisation_years')
        .select(['parent_code', 'year', 'unit_kind', 'org_code'])
        .where('parent_code', 'is not', null)
        .orderBy('org_code')
        .execute();
      const kindOf = new Map<string, string>();
      for (const u of unitKinds) {
        const k = `${u.parent_code}/${u.year}`;
        if (u.unit_kind && !kindOf.has(k)) kindOf.set(k, u.unit_kind);
      }
      const ids = rows.map((r) => r.id).filter((x): x is number => typeof x === 'number');
      const versions = await versionsOf(ids);
      const approved = await approvals(ids);
      const today = ctx.clock().toISOString().slice(0, 10);
      const kinds: DocKind[] = filter.kind ? [filter.kind] : ['预算', '决算'];
      const out: DirectoryRow[] = [];
      const byOrgYear = new Map<string, { r: (typeof rows)[number]; ids: Map<string, number> }>();
      for (const r of rows) {
        const k = `${r.org_code}/${r.year}`;
        const e = byOrgYear.get(k) ?? { r, ids: new Map<string, number>() };
        if (r.kind && typeof r.id === 'number') e.ids.set(r.kind, r.id);
        byOrgYear.set(k, e);
      }
      for (const { r, ids: kindIds } of byOrgYear.values()) {
        const orgKind = r.unit_kind ?? kindOf.get(`${r.org_code}/${r.year}`);
        if (filter.orgKind && orgKind !== filter.orgKind) continue;
        for (const kind of kinds) {
          const id = kindIds.get(kind);
          const vs = id !== undefined ? (versions.get(id) ?? []) : [];
          const approvedAt = id !== undefined ? (approved.get(id) ?? null) : null;
          const dueAt = approvedAt ? addDays(approvedAt, PUBLISH_DAYS) : null;
          const first = vs[0];
          const status = first ? '已公开' : dueAt && today > dueAt ? '逾期' : '未公开';
          out.push({
            org: { code: r.org_code, name: r.name, level: r.level, ...(orgKind ? { orgKind } : {}) },
            year: r.year,
            kind,
            status,
            approvedAt,
            dueAt,
            publishedAt: first?.published_at ?? null,
            ...(first && dueAt ? { onTime: first.published_at.slice(0, 10) <= dueAt } : {}),
            ...(first && id !== undefined ? { disclosureId: id } : {}),
            corrected: vs.length > 1,
          });
        }
      }
      return out;
    },

    async publishedStamp() {
      const r = await db
        .selectFrom('published_versions')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst();
      return Number(r?.m ?? 0);
    },

    async published(id): Promise<PublishedDisclosure | undefined> {
      const d = await db
        .selectFrom('disclosures as d')
        .innerJoin('organisation_years as oy', (j) =>
          j.onRef('oy.org_code', '=', 'd.org_code').onRef('oy.year', '=', 'd.year'),
        )
        .innerJoin('organisations as o', 'o.code', 'd.org_code')
        .select(['d.id', 'd.org_code', 'd.year', 'd.kind', 'oy.name', 'oy.unit_kind', 'o.level'])
        .where('d.id', '=', id)
        .executeTakeFirst();
      if (!d) return undefined;
      const vs = (await versionsOf([id])).get(id) ?? [];
      if (vs.length === 0) return undefined;
      const approvedAt = (await approvals([id])).get(id) ?? null;
      return {
        disclosureId: id,
        org: { code: d.org_code, name: d.name, level: d.level, ...(d.unit_kind ? { orgKind: d.unit_kind } : {}) },
        year: d.year,
        kind: d.kind,
        approvedAt,
        versions: vs.map((v) => ({
          version: v.version_no,
          publishedAt: v.published_at,
          ...(v.correction_note ? { correctionNote: v.correction_note } : {}),
        })),
      };
    },

    async packageOf(id, version): Promise<DisclosurePackage | undefined> {
      const sha = await versionSha(id, version);
      return sha ? storedPackage(ctx, sha) : undefined;
    },

    formats: () => DOWNLOAD_FORMATS,

    async download(id, version, format) {
      if (!isOutputFormat(format)) return undefined;
      const sha = await versionSha(id, version);
      if (!sha) return undefined;
      const file = await renderStored(ctx, sha, format);
      const pkg = await storedPackage(ctx, sha);
      const base = `${pkg.unit.code}-${pkg.year}-${pkg.kind === '预算' ? 'budget' : 'final'}-v${version}`;
      return { content: file.content, contentType: file.mediaType, fileName: `${base}${FORMAT_EXTENSIONS[format]}` };
    },

    async history(orgCode, kind) {
      const rows = await db
        .selectFrom('published_versions as v')
        .innerJoin('disclosures as d', 'd.id', 'v.disclosure_id')
        .select(['d.id', 'd.year', (eb) => eb.fn.max('v.version_no').as('version')])
        .where('d.org_code', '=', orgCode)
        .where('d.kind', '=', kind)
        .groupBy(['d.id', 'd.year'])
        .orderBy('d.year')
        .execute();
      return rows.map((r) => ({ year: r.year, disclosureId: r.id, version: Number(r.version) }));
    },

    search: (q, limit) => searchPublished(ctx, q, limit),
  };
}
