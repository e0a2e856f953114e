/**
 * Generation from the store: a revision → its package (content-addressed by the sha256 of the
 * canonical package JSON), and rendered files cached by package hash and format.
 */
import type { NarrativeResult } from '../core/narrative/engine.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import {
  FORMAT_EXTENSIONS,
  type OutputFormat,
  parsePackageJson,
  renderJson,
  renderPackage,
} from '../renderers/index.ts';
import { StoreError } from '../store/errors.ts';
import { sha256 } from '../store/repositories.ts';
import { buildPackage } from './build.ts';
import { type AppContext, nowIso } from './context.ts';
import { type PriorYearReport, priorYearFor, withStoredPriorYear } from './prior-year.ts';
import { revisionSource } from './sources.ts';

export interface GeneratedRevision {
  revisionId: number;
  packageSha: string;
  pkg: DisclosurePackage;
  /** present when generated now (not read from the cache) */
  narrative?: NarrativeResult;
  /** present when generated now: where 上年数 came from, and hand-typed figures that disagree */
  priorYear?: PriorYearReport;
  cached: boolean;
}

/** The package of a revision: from the store when generated before, else generated and stored. */
export async function generateRevision(
  ctx: AppContext,
  revisionId: number,
  opts: { force?: boolean } = {},
): Promise<GeneratedRevision> {
  const repos = ctx.store.repos;
  if (!opts.force) {
    const g = await repos.getGeneration(revisionId);
    if (g) {
      const stored = await repos.getPackage(g.package_sha);
      if (stored) return { revisionId, packageSha: g.package_sha, pkg: parsePackageJson(stored.content), cached: true };
    }
  }
  const revision = await repos.mustGetRevision(revisionId);
  if (revision.origin === 'parsed') {
    // read back from a published document: the stored package is all there is
    const g = await repos.getGeneration(revisionId);
    const stored = g ? await repos.getPackage(g.package_sha) : undefined;
    if (!g || !stored) throw new StoreError('not_found', `修订 ${revisionId} 读回的公开包不存在`);
    return { revisionId, packageSha: g.package_sha, pkg: parsePackageJson(stored.content), cached: true };
  }
  const source = revisionSource(ctx, revision);
  // last year's figures from the store, when it has them, replace hand-typed ones
  const priorYear = await priorYearFor(ctx, revision.disclosure_id, source.data);
  const { pkg, narrative } = buildPackage(withStoredPriorYear(source.data, priorYear), source.catalogs);
  const json = renderJson(pkg);
  const packageSha = sha256(json);
  await ctx.store.transaction(async (t) => {
    const at = nowIso(ctx);
    await t.putPackage(packageSha, json, at);
    await t.putGeneration({ revision_id: revisionId, package_sha: packageSha, generated_at: at });
  });
  return { revisionId, packageSha, pkg, ...(narrative ? { narrative } : {}), priorYear, cached: false };
}

/** A stored package by hash. */
export async function storedPackage(ctx: AppContext, packageSha: string): Promise<DisclosurePackage> {
  const stored = await ctx.store.repos.getPackage(packageSha);
  if (!stored) throw new StoreError('not_found', `公开包 ${packageSha} 不存在`);
  return parsePackageJson(stored.content);
}

export interface RenderedFile {
  format: OutputFormat;
  extension: string;
  blobSha: string;
  content: Buffer;
  mediaType: string;
  cached: boolean;
}

const MEDIA: Record<OutputFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  cells: 'text/csv; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A package rendered in one format, cached in the blob store by (package hash, format). */
export async function renderStored(ctx: AppContext, packageSha: string, format: OutputFormat): Promise<RenderedFile> {
  const repos = ctx.store.repos;
  const hit = await repos.getRendered(packageSha, format);
  if (hit) {
    const blob = await repos.getBlob(hit.blob_sha);
    if (blob) {
      return {
        format,
        extension: FORMAT_EXTENSIONS[format],
        blobSha: hit.blob_sha,
        content: blob.content,
        mediaType: blob.media_type,
        cached: true,
      };
    }
  }
  const pkg = await storedPackage(ctx, packageSha);
  const out = await renderPackage(pkg, format);
  const content = typeof out.content === 'string' ? Buffer.from(out.content, 'utf8') : out.content;
  const blobSha = await ctx.store.transaction(async (t) => {
    const sha = await t.putBlob(content, MEDIA[format], nowIso(ctx));
    await t.putRendered({ package_sha: packageSha, format, blob_sha: sha });
    return sha;
  });
  return { format, extension: out.extension, blobSha, content, mediaType: MEDIA[format], cached: false };
}
