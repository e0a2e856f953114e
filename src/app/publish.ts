/**
 * Publishing: a disclosure's current revision becomes an immutable published version (its
 * package, every cell, its rendered files). A correction (更正) is a later version with a
 * required 更正说明; the earlier one stays as it was and reads as 已更正 because a later one
 * exists. Whether a disclosure may be published now is the workflow's decision (src/app/workflow.ts).
 */
import { DEFAULT_FORMATS, type OutputFormat } from '../renderers/index.ts';
import { StoreError } from '../store/errors.ts';
import type { Row } from '../store/schema.ts';
import { type AppContext, nowIso } from './context.ts';
import { generateRevision, renderStored } from './generate.ts';

export interface PublishInput {
  disclosureId: number;
  userId?: number | null;
  /** formats rendered and kept with the version (default: all) */
  formats?: readonly OutputFormat[];
}

export interface PublishedVersion {
  versionId: number;
  versionNo: number;
  disclosureId: number;
  revisionId: number;
  packageSha: string;
  publishedAt: string;
  correctionNote: string | null;
  files: { format: string; blobSha: string }[];
  cells: number;
}

export async function publish(ctx: AppContext, input: PublishInput): Promise<PublishedVersion> {
  const earlier = await ctx.store.repos.publishedVersions(input.disclosureId);
  if (earlier.length > 0) {
    throw new StoreError(
      'invalid',
      `公开事项 ${input.disclosureId} 已公开（第 ${earlier.length} 版），修改须以更正发布`,
    );
  }
  return publishVersion(ctx, input, null);
}

export async function correct(ctx: AppContext, input: PublishInput & { note: string }): Promise<PublishedVersion> {
  if (input.note.trim() === '') throw new StoreError('invalid', '更正须填写更正说明');
  const earlier = await ctx.store.repos.publishedVersions(input.disclosureId);
  if (earlier.length === 0) throw new StoreError('invalid', `公开事项 ${input.disclosureId} 尚未公开，无需更正`);
  return publishVersion(ctx, input, input.note.trim());
}

async function publishVersion(ctx: AppContext, input: PublishInput, note: string | null): Promise<PublishedVersion> {
  const d = await ctx.store.repos.mustGetDisclosure(input.disclosureId);
  if (d.current_revision_id === null) throw new StoreError('invalid', `公开事项 ${d.id} 还没有源数据，不能公开`);
  const generated = await generateRevision(ctx, d.current_revision_id);
  const files: { format: string; blobSha: string }[] = [];
  // the print formats (pdf, docx) render on first download, not at publication
  for (const format of input.formats ?? DEFAULT_FORMATS) {
    const f = await renderStored(ctx, generated.packageSha, format);
    files.push({ format, blobSha: f.blobSha });
  }
  const cells = generated.pkg.tables.flatMap((t) =>
    t.cells.map((c) => ({ table_id: t.id, table_title: t.title, row_key: c.row, column_key: c.column, c })),
  );
  const at = nowIso(ctx);
  const row = await ctx.store.transaction(async (t) => {
    // re-read inside the transaction: the disclosure must not have moved since we generated
    const now = await t.mustGetDisclosure(d.id);
    if (now.current_revision_id !== d.current_revision_id) {
      throw new StoreError('conflict', '冲突：公开期间源数据已被修改，请重新生成后再公开');
    }
    const last = await t.publishedVersions(d.id);
    if ((note === null) !== (last.length === 0)) {
      throw new StoreError('conflict', '冲突：公开期间他人已公开或更正了该事项，请刷新后重试');
    }
    const v = await t.addPublishedVersion(
      {
        disclosure_id: d.id,
        version_no: last.length + 1,
        revision_id: d.current_revision_id!,
        package_sha: generated.packageSha,
        published_at: at,
        published_by: input.userId ?? null,
        correction_note: note,
      },
      cells.map((x, seq) => ({
        seq,
        table_id: x.table_id,
        table_title: x.table_title,
        row_key: x.row_key,
        column_key: x.column_key,
        value_fen: x.c.value,
        text: x.c.text,
      })),
      files.map((f) => ({ format: f.format, blob_sha: f.blobSha })),
    );
    await t.audit({
      at,
      actorId: input.userId ?? null,
      action: note === null ? 'publish' : 'correct',
      subjectType: 'disclosure',
      subjectId: d.id,
      detail: { versionId: v.id, versionNo: v.version_no, packageSha: generated.packageSha, note },
    });
    return v;
  });
  return toPublished(row, files, cells.length);
}

function toPublished(
  v: Row<'published_versions'>,
  files: { format: string; blobSha: string }[],
  cells: number,
): PublishedVersion {
  return {
    versionId: v.id,
    versionNo: v.version_no,
    disclosureId: v.disclosure_id,
    revisionId: v.revision_id,
    packageSha: v.package_sha,
    publishedAt: v.published_at,
    correctionNote: v.correction_note,
    files,
    cells,
  };
}

/** The published versions of a disclosure with 已更正 derived (a later version exists). */
export async function publishedVersionsOf(ctx: AppContext, disclosureId: number) {
  const versions = await ctx.store.repos.publishedVersions(disclosureId);
  return versions.map((v, i) => ({ ...v, corrected: i < versions.length - 1 }));
}
