/**
 * compare: two versions of one disclosure, or the same organisation in two years. A side is a
 * published version, a revision (generated when needed) or a stored package.
 */
import { diffPackages, type PackageDiff } from '../core/package/diff.ts';
import { StoreError } from '../store/errors.ts';
import type { AppContext } from './context.ts';
import { generateRevision, storedPackage } from './generate.ts';

export type CompareSide = { versionId: number } | { revisionId: number } | { packageSha: string };

export interface Comparison extends PackageDiff {
  a: { packageSha: string; label: string };
  b: { packageSha: string; label: string };
}

async function resolve(ctx: AppContext, side: CompareSide): Promise<{ packageSha: string; label: string }> {
  if ('packageSha' in side) return { packageSha: side.packageSha, label: `公开包 ${side.packageSha.slice(0, 12)}` };
  if ('revisionId' in side) {
    const g = await generateRevision(ctx, side.revisionId);
    const r = await ctx.store.repos.mustGetRevision(side.revisionId);
    return { packageSha: g.packageSha, label: `第 ${r.number} 次修订` };
  }
  const v = await ctx.store.repos.getPublishedVersion(side.versionId);
  if (!v) throw new StoreError('not_found', `公开版本 ${side.versionId} 不存在`);
  return { packageSha: v.package_sha, label: `公开第 ${v.version_no} 版` };
}

export async function compare(ctx: AppContext, input: { a: CompareSide; b: CompareSide }): Promise<Comparison> {
  const a = await resolve(ctx, input.a);
  const b = await resolve(ctx, input.b);
  const diff = diffPackages(await storedPackage(ctx, a.packageSha), await storedPackage(ctx, b.packageSha));
  return { ...diff, a, b };
}

/**
 * The same organisation in two years (same kind): the latest published version of each year,
 * else its current revision.
 */
export async function compareYears(
  ctx: AppContext,
  input: { orgCode: string; kind: '预算' | '决算'; yearA: number; yearB: number },
): Promise<Comparison> {
  const side = async (year: number): Promise<CompareSide> => {
    const d = await ctx.store.repos.findDisclosure(input.orgCode, year, input.kind);
    if (!d) throw new StoreError('not_found', `${input.orgCode} 没有 ${year} 年${input.kind}`);
    const versions = await ctx.store.repos.publishedVersions(d.id);
    const last = versions[versions.length - 1];
    if (last) return { versionId: last.id };
    if (d.current_revision_id === null)
      throw new StoreError('not_found', `${input.orgCode} ${year} 年${input.kind}还没有源数据`);
    return { revisionId: d.current_revision_id };
  };
  const result = await compare(ctx, { a: await side(input.yearA), b: await side(input.yearB) });
  return {
    ...result,
    a: { ...result.a, label: `${input.yearA} 年（${result.a.label}）` },
    b: { ...result.b, label: `${input.yearB} 年（${result.b.label}）` },
  };
}
