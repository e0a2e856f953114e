/**
 * Reading source data for the use cases: bytes of an upload or a stored revision → the raw
 * document, the normalised data and the validation issues.
 */
import { extname } from 'node:path';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import type { Issue } from '../core/diagnostics.ts';
import type { SourceData } from '../core/source/model.ts';
import { normaliseSource } from '../core/source/normalise.ts';
import { loadSourceBytes } from '../io/source-files.ts';
import { StoreError } from '../store/errors.ts';
import type { Row } from '../store/schema.ts';
import type { AppContext } from './context.ts';

export interface ReadSource {
  raw?: Record<string, unknown>;
  data?: SourceData;
  issues: Issue[];
  catalogs: Catalogs;
}

export async function readSourceBytes(ctx: AppContext, fileName: string, bytes: Buffer): Promise<ReadSource> {
  const loaded = await loadSourceBytes(fileName, bytes, ctx.catalogs);
  return {
    ...(loaded.raw && typeof loaded.raw === 'object' ? { raw: loaded.raw as Record<string, unknown> } : {}),
    ...(loaded.data ? { data: loaded.data } : {}),
    issues: loaded.issues,
    catalogs: loaded.catalogs,
  };
}

/** A stored revision's source, normalised again (deterministic: same JSON, same catalogs, same data). */
export function revisionSource(ctx: AppContext, revision: Pick<Row<'source_revisions'>, 'id' | 'source_json'>) {
  const raw = JSON.parse(revision.source_json) as Record<string, unknown>;
  const result = normaliseSource(raw, ctx.catalogs);
  if (!result.data) {
    throw new StoreError('invalid', `源数据修订 ${revision.id} 有错误，无法生成：${result.issues[0]?.message ?? ''}`);
  }
  return { raw, data: result.data, catalogs: result.catalogs, issues: result.issues };
}

/** JSON text of a raw source document; bigint never appears in raw documents, but refuse it loudly. */
export function sourceJson(raw: unknown): string {
  return JSON.stringify(raw, (_k, v) => {
    if (typeof v === 'bigint') throw new Error('源数据中出现了 bigint，请以字符串书写金额');
    return v;
  });
}

export function mediaTypeOf(fileName: string): string {
  switch (extname(fileName).toLowerCase()) {
    case '.json':
      return 'application/json';
    case '.xlsx':
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    default:
      return 'application/octet-stream';
  }
}
