/**
 * Import and edit of source data. Each file is one transaction: the organisations, the
 * disclosure, the original bytes (blob), the revision, its line items and the department's
 * consolidation are written together or not at all. Identical bytes for the same disclosure
 * create no new revision.
 */
import type { Issue } from '../core/diagnostics.ts';
import type { SourceData } from '../core/source/model.ts';
import { ConflictError, StoreError } from '../store/errors.ts';
import type { Repositories } from '../store/repositories.ts';
import { sha256 } from '../store/repositories.ts';
import { consolidateInTransaction } from './consolidate.ts';
import { type AppContext, nowIso } from './context.ts';
import { mediaTypeOf, readSourceBytes, sourceJson } from './sources.ts';

export interface ImportInput {
  fileName: string;
  bytes: Buffer;
  userId?: number | null;
  /** when given, the import is an edit of what the caller saw: a different version → 冲突 */
  expectedVersion?: number;
}

export interface ImportResult {
  fileName: string;
  /** created: a new revision; unchanged: identical bytes already current; invalid: validation errors; failed: refused by the store */
  status: 'created' | 'unchanged' | 'invalid' | 'failed';
  issues: Issue[];
  message?: string;
  /** conflict, not_found … when failed */
  code?: string;
  disclosureId?: number;
  revisionId?: number;
  revisionNumber?: number;
  /** the disclosure's version after the import */
  version?: number;
  subject?: { orgCode: string; level: 'department' | 'unit'; year: number; kind: '预算' | '决算' };
  /** the department consolidation kept in step with this unit */
  consolidation?: { disclosureId: number; revisionId?: number; status: string };
}

/** The organisation a source document speaks for: its unit when it has one, else its department. */
export function subjectOf(data: SourceData): { orgCode: string; name: string; level: 'department' | 'unit' } {
  if (data.units.length === 1) {
    const u = data.units[0]!;
    if (u.code !== data.department.code) return { orgCode: u.code, name: u.name, level: 'unit' };
  }
  return { orgCode: data.department.code, name: data.department.name, level: 'department' };
}

export async function importSource(ctx: AppContext, input: ImportInput): Promise<ImportResult> {
  const read = await readSourceBytes(ctx, input.fileName, input.bytes);
  const base = { fileName: input.fileName, issues: read.issues };
  if (!read.data || !read.raw) return { ...base, status: 'invalid', message: '源数据有错误，未导入' };
  const data = read.data;
  const raw = read.raw;
  const subject = subjectOf(data);
  const blobSha = sha256(input.bytes);
  try {
    return await ctx.store.transaction(async (repos) => {
      const at = nowIso(ctx);
      await registerOrganisations(repos, data);
      const disclosure = await repos.ensureDisclosure(
        {
          org_code: subject.orgCode,
          year: data.year,
          kind: data.kind,
          template_set: data.templateSet,
          consolidated: 0,
        },
        at,
      );
      const result = {
        ...base,
        disclosureId: disclosure.id,
        subject: { orgCode: subject.orgCode, level: subject.level, year: data.year, kind: data.kind },
      };
      if (input.expectedVersion !== undefined && input.expectedVersion !== disclosure.version) {
        throw new ConflictError(input.expectedVersion, disclosure.version);
      }
      if (disclosure.current_revision_id !== null) {
        const current = await repos.mustGetRevision(disclosure.current_revision_id);
        if (current.blob_sha === blobSha) {
          return {
            ...result,
            status: 'unchanged' as const,
            revisionId: current.id,
            revisionNumber: current.number,
            version: disclosure.version,
          };
        }
      }
      await repos.putBlob(input.bytes, mediaTypeOf(input.fileName), at);
      const written = await writeRevision(ctx, repos, {
        disclosureId: disclosure.id,
        expectedVersion: disclosure.version,
        origin: 'import',
        raw,
        data,
        issues: read.issues,
        blobSha,
        fileName: input.fileName,
        userId: input.userId ?? null,
        templateSet: data.templateSet,
      });
      const consolidation =
        subject.level === 'unit'
          ? await consolidateInTransaction(ctx, repos, {
              departmentCode: data.department.code,
              year: data.year,
              kind: data.kind,
            })
          : undefined;
      return {
        ...result,
        status: 'created' as const,
        revisionId: written.revisionId,
        revisionNumber: written.number,
        version: written.version,
        ...(consolidation ? { consolidation } : {}),
      };
    });
  } catch (e) {
    if (e instanceof StoreError) return { ...base, status: 'failed', code: e.code, message: e.message };
    throw e;
  }
}

export interface EditInput {
  disclosureId: number;
  /** the disclosure version the editor started from (optimistic check) */
  expectedVersion: number;
  /** the whole edited source document (raw JSON form) */
  source: Record<string, unknown>;
  userId?: number | null;
}

/** An edit saved as a new revision; a stale expectedVersion is refused with ConflictError (冲突). */
export async function editSource(
  ctx: AppContext,
  input: EditInput,
): Promise<{ revisionId: number; number: number; version: number; issues: Issue[] }> {
  const json = sourceJson(input.source);
  const read = await readSourceBytes(ctx, 'edit.json', Buffer.from(json));
  if (!read.data) {
    throw new StoreError(
      'invalid',
      `源数据有错误，未保存：${read.issues.find((i) => i.severity === 'error')?.message}`,
    );
  }
  const data = read.data;
  return ctx.store.transaction(async (repos) => {
    const d = await repos.mustGetDisclosure(input.disclosureId);
    const subject = subjectOf(data);
    if (subject.orgCode !== d.org_code || data.year !== d.year || data.kind !== d.kind) {
      throw new StoreError(
        'invalid',
        `编辑后的源数据属于 ${subject.orgCode} ${data.year} 年${data.kind}，不是公开事项 ${d.org_code} ${d.year} 年${d.kind}`,
      );
    }
    await registerOrganisations(repos, data);
    const written = await writeRevision(ctx, repos, {
      disclosureId: d.id,
      expectedVersion: input.expectedVersion,
      origin: 'edit',
      raw: input.source,
      data,
      issues: read.issues,
      blobSha: null,
      fileName: null,
      userId: input.userId ?? null,
      templateSet: data.templateSet,
    });
    if (subject.level === 'unit') {
      await consolidateInTransaction(ctx, repos, {
        departmentCode: data.department.code,
        year: data.year,
        kind: data.kind,
      });
    }
    return { revisionId: written.revisionId, number: written.number, version: written.version, issues: read.issues };
  });
}

/** A new revision made current, with its line items; the optimistic check guards the disclosure. */
export async function writeRevision(
  ctx: AppContext,
  repos: Repositories,
  r: {
    disclosureId: number;
    expectedVersion: number;
    origin: 'import' | 'edit' | 'consolidated' | 'parsed';
    raw: Record<string, unknown>;
    data: SourceData | undefined;
    issues: readonly Issue[];
    blobSha: string | null;
    fileName: string | null;
    userId: number | null;
    templateSet: string;
    derivedFrom?: readonly number[];
    /** consolidated revisions keep no line items: their units' lines already count */
    withLines?: boolean;
  },
): Promise<{ revisionId: number; number: number; version: number }> {
  const at = nowIso(ctx);
  const json = sourceJson(r.raw);
  const revision = await repos.addRevision({
    disclosure_id: r.disclosureId,
    origin: r.origin,
    source_json: json,
    source_sha: sha256(json),
    blob_sha: r.blobSha,
    file_name: r.fileName,
    created_by: r.userId,
    created_at: at,
    issues_json: JSON.stringify(r.issues),
    derived_from: r.derivedFrom ? JSON.stringify(r.derivedFrom) : null,
  });
  if (r.data && r.withLines !== false) {
    await repos.addLines(
      r.data.lines.map((l, i) => ({
        revision_id: revision.id,
        line_no: i,
        unit_code: l.unit,
        func: l.func,
        econ: l.econ,
        category: l.category,
        fund: l.fund,
        project: l.project,
        amount_fen: l.amount,
      })),
    );
    const byClass = new Map<string, bigint>();
    for (const l of r.data.lines) byClass.set(l.func.slice(0, 3), (byClass.get(l.func.slice(0, 3)) ?? 0n) + l.amount);
    await repos.addClassTotals(
      [...byClass].map(([func_class, amount_fen]) => ({ revision_id: revision.id, func_class, amount_fen })),
    );
  }
  // the region's running totals follow the current revision: minus the one it replaces, plus this one
  const before = await repos.mustGetDisclosure(r.disclosureId);
  await moveRegionTotals(repos, before, before.current_revision_id, revision.id);
  const version = await repos.advanceDisclosure(r.disclosureId, r.expectedVersion, {
    current_revision_id: revision.id,
    template_set: r.templateSet,
  });
  await repos.audit({
    at,
    actorId: r.userId,
    action: `revision.${r.origin}`,
    subjectType: 'disclosure',
    subjectId: r.disclosureId,
    detail: { revisionId: revision.id, number: revision.number, file: r.fileName, blob: r.blobSha },
  });
  return { revisionId: revision.id, number: revision.number, version };
}

/** Region totals: subtract the old current revision's class totals, add the new one's. */
export async function moveRegionTotals(
  repos: Repositories,
  d: { org_code: string; year: number; kind: string },
  oldRevision: number | null,
  newRevision: number,
): Promise<void> {
  const org = await repos.getOrganisation(d.org_code);
  if (!org?.region_code) return;
  const deltas = new Map<string, bigint>();
  if (oldRevision !== null) {
    for (const t of await repos.classTotalsOf(oldRevision)) deltas.set(t.func_class, -t.amount_fen);
  }
  for (const t of await repos.classTotalsOf(newRevision)) {
    deltas.set(t.func_class, (deltas.get(t.func_class) ?? 0n) + t.amount_fen);
  }
  await repos.addToRegionTotals({ region_code: org.region_code, year: d.year, kind: d.kind }, deltas);
}

/** Region, department and units of a document, as they are in its year. */
async function registerOrganisations(repos: Repositories, data: SourceData): Promise<void> {
  const region = data.region ?? null;
  if (region) {
    const known = await repos.getRegion(region);
    if (!known) await repos.upsertRegion({ code: region, name: region, finance_bureau: `${region}财政局` });
  }
  const dept = data.department;
  await repos.upsertOrganisation(
    { code: dept.code, region_code: region, level: 'department', name: dept.name },
    { year: data.year, name: dept.name, unit_kind: null, parent_code: null, successor_code: null },
  );
  for (const u of data.units) {
    if (u.code === dept.code) continue;
    await repos.upsertOrganisation(
      { code: u.code, region_code: region, level: 'unit', name: u.name },
      { year: data.year, name: u.name, unit_kind: u.kind, parent_code: u.parent ?? dept.code, successor_code: null },
    );
  }
}

export interface ImportFile {
  name: string;
  bytes: () => Promise<Buffer>;
}

/** Many files, one transaction each; a failed file does not stop the others. */
export async function importMany(
  ctx: AppContext,
  files: readonly ImportFile[],
  opts: { userId?: number | null; onResult?: (r: ImportResult, index: number) => void } = {},
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const [i, f] of files.entries()) {
    let r: ImportResult;
    try {
      r = await importSource(ctx, { fileName: f.name, bytes: await f.bytes(), userId: opts.userId ?? null });
    } catch (e) {
      r = { fileName: f.name, status: 'failed', issues: [], message: e instanceof Error ? e.message : String(e) };
    }
    results.push(r);
    opts.onResult?.(r, i);
  }
  return results;
}
