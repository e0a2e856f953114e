/**
 * A published document (PDF, disclosure workbook, extracted text) read back into the store: its
 * package becomes a `parsed` revision of the disclosure it reports, so that — when it is last
 * year's — it supplies this year's 上年数 (src/app/prior-year.ts) like an entered one does.
 */
import type { TemplateSet } from '../core/templates/schema.ts';
import { listTemplateSets, loadTemplateSet } from '../io/template-files.ts';
import { readDisclosure } from '../readers/index.ts';
import { renderJson } from '../renderers/index.ts';
import { StoreError } from '../store/errors.ts';
import { sha256 } from '../store/repositories.ts';
import { type AppContext, nowIso } from './context.ts';
import { moveRegionTotals } from './ingest.ts';

let sets: TemplateSet[] | undefined;

/** Every template set that loads (a broken one must not stop reading with the others). */
export function allTemplateSets(): TemplateSet[] {
  sets ??= listTemplateSets().flatMap((id) => {
    try {
      return [loadTemplateSet(id)];
    } catch {
      return [];
    }
  });
  return sets;
}

export interface ReadBackInput {
  fileName: string;
  bytes: Buffer;
  /** the organisation it belongs to (default: the code the document prints) */
  orgCode?: string;
  /** when the organisation is new to the store (default: department) */
  level?: 'department' | 'unit';
  regionCode?: string;
  userId?: number | null;
}

export interface ReadBackResult {
  status: 'created' | 'unchanged';
  disclosureId: number;
  revisionId: number;
  packageSha: string;
  orgCode: string;
  year: number;
  kind: '预算' | '决算';
  /** tables the reader could not match to any template set */
  unmatched: string[];
}

export async function importPublishedDocument(ctx: AppContext, input: ReadBackInput): Promise<ReadBackResult> {
  const read = await readDisclosure(input.bytes, input.fileName, allTemplateSets());
  const pkg = read.pkg;
  const orgCode = input.orgCode ?? pkg.unit.code;
  if (!orgCode) throw new StoreError('invalid', `${input.fileName}：读不出单位编码，请指定所属单位`);
  const json = renderJson(pkg);
  const packageSha = sha256(json);
  const blobSha = sha256(input.bytes);
  const unmatched = read.unmatched.map((u) => u.title);
  return ctx.store.transaction(async (repos) => {
    const at = nowIso(ctx);
    if (!(await repos.getOrganisation(orgCode))) {
      await repos.upsertOrganisation(
        {
          code: orgCode,
          region_code: input.regionCode ?? null,
          level: input.level ?? 'department',
          name: pkg.unit.name,
        },
        { year: pkg.year, name: pkg.unit.name, unit_kind: null, parent_code: null, successor_code: null },
      );
    }
    const d = await repos.ensureDisclosure(
      { org_code: orgCode, year: pkg.year, kind: pkg.kind, template_set: pkg.templateSet, consolidated: 0 },
      at,
    );
    const base = { disclosureId: d.id, packageSha, orgCode, year: pkg.year, kind: pkg.kind, unmatched };
    if (d.current_revision_id !== null) {
      const current = await repos.mustGetRevision(d.current_revision_id);
      if (current.blob_sha === blobSha) return { ...base, status: 'unchanged' as const, revisionId: current.id };
    }
    await repos.putBlob(input.bytes, 'application/octet-stream', at);
    await repos.putPackage(packageSha, json, at);
    const revision = await repos.addRevision({
      disclosure_id: d.id,
      origin: 'parsed',
      // a parsed revision has no source document: its package is the content
      source_json: '{}',
      source_sha: packageSha,
      blob_sha: blobSha,
      file_name: input.fileName,
      created_by: input.userId ?? null,
      created_at: at,
      issues_json: JSON.stringify(
        read.unmatched.map((u) => ({ severity: 'warning', message: `未能匹配模板的表“${u.title}”：${u.reason}` })),
      ),
      derived_from: null,
    });
    await repos.putGeneration({ revision_id: revision.id, package_sha: packageSha, generated_at: at });
    // a document read back has no line items: the region's totals lose the revision it replaces
    await moveRegionTotals(repos, d, d.current_revision_id, revision.id);
    await repos.advanceDisclosure(d.id, d.version, { current_revision_id: revision.id });
    await repos.audit({
      at,
      actorId: input.userId ?? null,
      action: 'revision.parsed',
      subjectType: 'disclosure',
      subjectId: d.id,
      detail: { revisionId: revision.id, file: input.fileName, blob: blobSha },
    });
    return { ...base, status: 'created' as const, revisionId: revision.id };
  });
}
