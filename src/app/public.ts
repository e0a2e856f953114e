/**
 * Public read queries over published versions only (drafts never appear): regions, departments,
 * disclosures, versions with 已更正 derived, tables, cells, 说明, findings, files, and the difference
 * between two versions or two years. Used by the API and the portal; every item carries the URL of
 * its portal page.
 */
import type { Finding } from '../core/findings/model.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { chinaDate, publicationClock } from '../core/workflow/machine.ts';
import { loadWorkflow } from '../io/workflow-files.ts';
import { FORMAT_EXTENSIONS, isOutputFormat, type OutputFormat } from '../renderers/index.ts';
import type { AppContext } from './context.ts';
import { renderStored, storedPackage } from './generate.ts';
import { sdb } from './server-tables.ts';
import { UseCaseError } from './use-case-error.ts';

/** Portal page URLs (src/web/portal-routes.ts). */
export const portalUrl = {
  disclosure: (id: number) => `/d/${id}`,
  version: (id: number, n: number) => `/d/${id}/v/${n}`,
  table: (id: number, n: number, table: string) => `/d/${id}/v/${n}/t/${encodeURIComponent(table)}`,
  cell: (id: number, n: number, table: string, row: string, col: string) =>
    `/d/${id}/v/${n}/t/${encodeURIComponent(table)}/c/${encodeURIComponent(row)}/${encodeURIComponent(col)}`,
  download: (id: number, n: number, format: string) => `/d/${id}/v/${n}/download/${format}`,
  departments: () => '/departments',
};

const notFound = () => new UseCaseError('not_found', 'not_found', '请求的资源不存在或尚未公开。');

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

function paginate<T>(all: T[], page: number, pageSize: number): Page<T> {
  return { items: all.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: all.length };
}

export async function listRegions(ctx: AppContext) {
  return (await ctx.store.repos.listRegions()).map((r) => ({
    code: r.code,
    name: r.name,
    financeBureau: r.finance_bureau,
  }));
}

/** Published disclosures (latest version of each), filtered and paginated. */
export async function listPublished(
  ctx: AppContext,
  q: { year?: number; kind?: '预算' | '决算'; org?: string; region?: string; page: number; pageSize: number },
) {
  let query = ctx.store.db
    .selectFrom('published_versions')
    .innerJoin('disclosures', 'disclosures.id', 'published_versions.disclosure_id')
    .innerJoin('organisations', 'organisations.code', 'disclosures.org_code')
    .select([
      'disclosures.id',
      'disclosures.org_code',
      'disclosures.year',
      'disclosures.kind',
      'disclosures.consolidated',
      'organisations.name',
      'organisations.level',
      'organisations.region_code',
      'published_versions.version_no',
      'published_versions.published_at',
    ]);
  if (q.year) query = query.where('disclosures.year', '=', q.year);
  if (q.kind) query = query.where('disclosures.kind', '=', q.kind);
  if (q.org) query = query.where('disclosures.org_code', '=', q.org);
  if (q.region) query = query.where('organisations.region_code', '=', q.region);
  const rows = await query
    .orderBy('disclosures.org_code')
    .orderBy('disclosures.year')
    .orderBy('published_versions.version_no')
    .execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.id, r); // ordered by version: the last one wins
  const items = [...latest.values()].map((r) => ({
    id: r.id,
    orgCode: r.org_code,
    name: r.name,
    level: r.level,
    consolidated: !!r.consolidated,
    year: r.year,
    kind: r.kind,
    latestVersion: r.version_no,
    publishedAt: r.published_at,
    url: portalUrl.disclosure(r.id),
    api: `/api/disclosures/${r.id}`,
  }));
  return paginate(items, q.page, q.pageSize);
}

/** Departments with their publication status for a year (已公开 / 逾期 / 未公开). */
export async function listDepartments(ctx: AppContext, q: { year: number; kind: '预算' | '决算'; region?: string }) {
  const wf = loadWorkflow();
  const today = chinaDate(ctx.clock());
  let orgs = await ctx.store.repos.listOrganisations({
    level: 'department',
    ...(q.region ? { regionCode: q.region } : {}),
  });
  orgs = orgs.filter((o) => o.code);
  const discl = await ctx.store.repos.listDisclosures({ year: q.year, kind: q.kind });
  const byOrg = new Map(discl.map((d) => [d.org_code, d]));
  const approvals = new Map(
    (await sdb(ctx).selectFrom('approvals').select(['disclosure_id', 'approved_on']).execute()).map((a) => [
      a.disclosure_id,
      a.approved_on,
    ]),
  );
  const out = [];
  for (const o of orgs) {
    const d = byOrg.get(o.code);
    const versions = d ? await ctx.store.repos.publishedVersions(d.id) : [];
    const approvedOn = d ? approvals.get(d.id) : undefined;
    const clock = approvedOn
      ? publicationClock(wf, approvedOn, today, versions[0] ? chinaDate(new Date(versions[0].published_at)) : null)
      : null;
    const status = versions.length ? '已公开' : clock?.status === 'overdue' ? '逾期' : '未公开';
    out.push({
      code: o.code,
      name: o.name,
      regionCode: o.region_code,
      status,
      onTime: clock
        ? clock.status === 'published_on_time' || clock.status === 'on_time' || clock.status === 'near_due'
        : null,
      approvedOn: approvedOn ?? null,
      dueOn: clock?.dueOn ?? null,
      disclosureId: versions.length ? d!.id : null,
      url: versions.length ? portalUrl.disclosure(d!.id) : null,
    });
  }
  return out;
}

async function publishedDisclosureRow(ctx: AppContext, id: number) {
  const d = await ctx.store.repos.getDisclosure(id);
  if (!d) throw notFound();
  const versions = await ctx.store.repos.publishedVersions(id);
  if (versions.length === 0) throw notFound();
  return { d, versions };
}

/** A published disclosure with its versions; earlier ones read 已更正. */
export async function publishedDisclosure(ctx: AppContext, id: number) {
  const { d, versions } = await publishedDisclosureRow(ctx, id);
  const org = await ctx.store.repos.getOrganisation(d.org_code);
  return {
    id: d.id,
    orgCode: d.org_code,
    name: org?.name ?? d.org_code,
    year: d.year,
    kind: d.kind,
    templateSet: d.template_set,
    url: portalUrl.disclosure(d.id),
    versions: versions.map((v, i) => ({
      versionNo: v.version_no,
      publishedAt: v.published_at,
      corrected: i < versions.length - 1,
      status: i < versions.length - 1 ? '已更正' : '现行',
      correctionNote: v.correction_note,
      packageSha: v.package_sha,
      url: portalUrl.version(d.id, v.version_no),
      api: `/api/disclosures/${d.id}/versions/${v.version_no}`,
    })),
  };
}

export async function publishedVersion(ctx: AppContext, id: number, versionNo: number) {
  const { d, versions } = await publishedDisclosureRow(ctx, id);
  const idx = versions.findIndex((v) => v.version_no === versionNo);
  if (idx < 0) throw notFound();
  const v = versions[idx]!;
  return { d, v, corrected: idx < versions.length - 1, latest: versions.at(-1)! };
}

export async function versionPackage(
  ctx: AppContext,
  id: number,
  versionNo: number,
): Promise<{ pkg: DisclosurePackage; sha: string; corrected: boolean }> {
  const { v, corrected } = await publishedVersion(ctx, id, versionNo);
  return { pkg: await storedPackage(ctx, v.package_sha), sha: v.package_sha, corrected };
}

export async function versionCells(
  ctx: AppContext,
  id: number,
  versionNo: number,
  q: { table?: string; page: number; pageSize: number },
) {
  const { v } = await publishedVersion(ctx, id, versionNo);
  const cells = await ctx.store.repos.publishedCells(v.id, q.table);
  if (q.table && cells.length === 0) throw notFound();
  return paginate(
    cells.map((c) => ({
      tableId: c.table_id,
      table: c.table_title,
      row: c.row_key,
      column: c.column_key,
      valueFen: c.value_fen,
      text: c.text,
      url: portalUrl.cell(id, versionNo, c.table_id, c.row_key, c.column_key),
    })),
    q.page,
    q.pageSize,
  );
}

/** The findings of the check run of the published package (the checker's evidence, public once published). */
export async function versionFindings(ctx: AppContext, id: number, versionNo: number): Promise<Finding[]> {
  const { v } = await publishedVersion(ctx, id, versionNo);
  const run = await ctx.store.db
    .selectFrom('check_runs')
    .selectAll()
    .where('revision_id', '=', v.revision_id)
    .where('package_sha', '=', v.package_sha)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!run) return [];
  return (await ctx.store.repos.findingsOf(run.id)).map((f) => JSON.parse(f.detail_json) as Finding);
}

export async function versionFile(ctx: AppContext, id: number, versionNo: number, format: string) {
  if (!isOutputFormat(format)) throw notFound();
  const { d, v } = await publishedVersion(ctx, id, versionNo);
  const files = await ctx.store.repos.publishedFiles(v.id);
  const f = files.find((x) => x.format === format);
  const fileName = `${d.org_code}-${d.year}-${d.kind === '预算' ? 'budget' : 'final'}-v${versionNo}${FORMAT_EXTENSIONS[format as OutputFormat]}`;
  if (!f) {
    // the print formats are not rendered at publication: render them from the immutable package
    // on first download (cached in the blob store by package hash)
    const r = await renderStored(ctx, v.package_sha, format as OutputFormat);
    return { content: r.content, mediaType: r.mediaType, sha: r.blobSha, fileName };
  }
  const blob = await ctx.store.repos.getBlob(f.blob_sha);
  if (!blob) throw notFound();
  return { content: blob.content, mediaType: blob.media_type, sha: f.blob_sha, fileName };
}

interface CellDiff {
  tableId: string;
  row: string;
  column: string;
  from: { valueFen: bigint | null; text: string } | null;
  to: { valueFen: bigint | null; text: string } | null;
}

function diffCells(
  a: { table_id: string; row_key: string; column_key: string; value_fen: bigint | null; text: string }[],
  b: typeof a,
): CellDiff[] {
  const key = (c: (typeof a)[number]) => `${c.table_id}\u0000${c.row_key}\u0000${c.column_key}`;
  const A = new Map(a.map((c) => [key(c), c]));
  const B = new Map(b.map((c) => [key(c), c]));
  const out: CellDiff[] = [];
  for (const k of new Set([...A.keys(), ...B.keys()])) {
    const x = A.get(k);
    const y = B.get(k);
    if (x && y && x.value_fen === y.value_fen && x.text === y.text) continue;
    const c = (x ?? y)!;
    out.push({
      tableId: c.table_id,
      row: c.row_key,
      column: c.column_key,
      from: x ? { valueFen: x.value_fen, text: x.text } : null,
      to: y ? { valueFen: y.value_fen, text: y.text } : null,
    });
  }
  return out;
}

export async function diffVersions(ctx: AppContext, id: number, from: number, to: number) {
  const a = await publishedVersion(ctx, id, from);
  const b = await publishedVersion(ctx, id, to);
  const changes = diffCells(await ctx.store.repos.publishedCells(a.v.id), await ctx.store.repos.publishedCells(b.v.id));
  return { disclosureId: id, from, to, correctionNote: b.v.correction_note, changes };
}

/** One organisation's latest published versions of two years, cell by cell (aligned by table, row and column key). */
export async function diffYears(ctx: AppContext, q: { org: string; kind: '预算' | '决算'; from: number; to: number }) {
  const latestOf = async (year: number) => {
    const d = await ctx.store.repos.findDisclosure(q.org, year, q.kind);
    if (!d) throw notFound();
    const vs = await ctx.store.repos.publishedVersions(d.id);
    if (!vs.length) throw notFound();
    return { d, v: vs.at(-1)! };
  };
  const a = await latestOf(q.from);
  const b = await latestOf(q.to);
  return {
    org: q.org,
    kind: q.kind,
    from: {
      year: q.from,
      disclosureId: a.d.id,
      versionNo: a.v.version_no,
      url: portalUrl.version(a.d.id, a.v.version_no),
    },
    to: { year: q.to, disclosureId: b.d.id, versionNo: b.v.version_no, url: portalUrl.version(b.d.id, b.v.version_no) },
    changes: diffCells(await ctx.store.repos.publishedCells(a.v.id), await ctx.store.repos.publishedCells(b.v.id)),
  };
}
