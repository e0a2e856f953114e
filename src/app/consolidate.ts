/**
 * 部门汇总 kept in step with its units: whenever a unit's revision changes, the department's
 * disclosure gets a new consolidated revision built from the current revision of every unit of
 * that department and year (same transaction as the unit's change). A department imported as a
 * whole file (not consolidated) is left as imported.
 */
import { ConsolidationError, consolidateSources } from '../core/source/consolidate.ts';
import { normaliseSource } from '../core/source/normalise.ts';
import { StoreError } from '../store/errors.ts';
import type { Repositories } from '../store/repositories.ts';
import { sha256 } from '../store/repositories.ts';
import { type AppContext, nowIso } from './context.ts';
import { writeRevision } from './ingest.ts';
import { sourceJson } from './sources.ts';

export interface ConsolidationResult {
  disclosureId: number;
  revisionId?: number;
  /** created: new consolidated revision; unchanged: units unchanged; direct: imported as a whole, left alone */
  status: 'created' | 'unchanged' | 'direct';
  units?: string[];
}

export async function consolidateDepartment(
  ctx: AppContext,
  input: { departmentCode: string; year: number; kind: '预算' | '决算' },
): Promise<ConsolidationResult | undefined> {
  return ctx.store.transaction((repos) => consolidateInTransaction(ctx, repos, input));
}

export async function consolidateInTransaction(
  ctx: AppContext,
  repos: Repositories,
  input: { departmentCode: string; year: number; kind: '预算' | '决算' },
): Promise<ConsolidationResult | undefined> {
  const dept = await repos.getOrganisation(input.departmentCode);
  if (!dept) throw new StoreError('not_found', `部门 ${input.departmentCode} 不存在`);
  const deptYear = await repos.organisationYear(input.departmentCode, input.year);
  const existing = await repos.findDisclosure(input.departmentCode, input.year, input.kind);
  if (existing && existing.consolidated === 0 && existing.current_revision_id !== null) {
    return { disclosureId: existing.id, status: 'direct' };
  }
  const units: { unitCode: string; raw: Record<string, unknown>; revisionId: number }[] = [];
  for (const u of await repos.unitsOf(input.departmentCode, input.year)) {
    const d = await repos.findDisclosure(u.org_code, input.year, input.kind);
    if (!d || d.current_revision_id === null) continue;
    const rev = await repos.mustGetRevision(d.current_revision_id);
    units.push({ unitCode: u.org_code, raw: JSON.parse(rev.source_json), revisionId: rev.id });
  }
  if (units.length === 0) return undefined;
  let merged: Record<string, unknown>;
  try {
    merged = consolidateSources({ code: dept.code, name: deptYear?.name ?? dept.name }, units);
  } catch (e) {
    if (e instanceof ConsolidationError) throw new StoreError('invalid', `部门 ${dept.code} 汇总失败：${e.message}`);
    throw e;
  }
  const disclosure =
    existing ??
    (await repos.ensureDisclosure(
      {
        org_code: dept.code,
        year: input.year,
        kind: input.kind,
        template_set: String(merged.templateSet),
        consolidated: 1,
      },
      nowIso(ctx),
    ));
  const unitCodes = units.map((u) => u.unitCode);
  if (disclosure.current_revision_id !== null) {
    const current = await repos.mustGetRevision(disclosure.current_revision_id);
    if (current.source_sha === sha256(sourceJson(merged))) {
      return { disclosureId: disclosure.id, revisionId: current.id, status: 'unchanged', units: unitCodes };
    }
  }
  const normalised = normaliseSource(merged, ctx.catalogs);
  const written = await writeRevision(ctx, repos, {
    disclosureId: disclosure.id,
    expectedVersion: disclosure.version,
    origin: 'consolidated',
    raw: merged,
    data: normalised.data,
    issues: normalised.issues,
    blobSha: null,
    fileName: null,
    userId: null,
    templateSet: String(merged.templateSet),
    derivedFrom: units.map((u) => u.revisionId),
    withLines: false,
  });
  return { disclosureId: disclosure.id, revisionId: written.revisionId, status: 'created', units: unitCodes };
}
