/**
 * Loads source data from source.json or a filled source workbook and normalises it, attaching
 * file/sheet/row/column locations to every issue.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import type { Issue, Location } from '../core/diagnostics.ts';
import { type NormaliseResult, normaliseSource } from '../core/source/normalise.ts';
import { loadBundledCatalogs } from './catalog-files.ts';

export interface LoadedSource extends NormaliseResult {
  readonly file: string;
  /** the raw source document (JSON as read, or what the workbook holds), when it could be read */
  readonly raw?: unknown;
}

export async function loadSourceFile(file: string, catalogs: Catalogs = loadBundledCatalogs()): Promise<LoadedSource> {
  return loadSource(file, undefined, catalogs);
}

/** The same from bytes already in memory (an upload, a stored blob); `file` names them in messages. */
export async function loadSourceBytes(
  file: string,
  bytes: Buffer,
  catalogs: Catalogs = loadBundledCatalogs(),
): Promise<LoadedSource> {
  return loadSource(file, bytes, catalogs);
}

async function loadSource(file: string, bytes: Buffer | undefined, catalogs: Catalogs): Promise<LoadedSource> {
  const ext = extname(file).toLowerCase();
  const name = basename(file);
  if (ext === '.xlsx') {
    const { readSourceWorkbook } = await import('./source-workbook/reader.ts');
    const wb = await readSourceWorkbook(file, bytes);
    const readIssues = wb.issues.map((i) => withFile(i, name));
    if (wb.raw === undefined || readIssues.some((i) => i.severity === 'error')) {
      return { file, issues: readIssues, catalogs };
    }
    const result = normaliseSource(wb.raw, catalogs);
    const located = result.issues.map((i) => withFile(locateIssue(i, wb.locate), name));
    return { ...result, file, raw: wb.raw, issues: [...readIssues, ...located] };
  }
  if (ext !== '.json') {
    return {
      file,
      catalogs,
      issues: [
        {
          severity: 'error',
          message: `不支持的源数据文件类型“${ext || '（无扩展名）'}”，请使用 .json 或 .xlsx`,
          path: [],
          location: { file: name },
        },
      ],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse((bytes ? bytes.toString('utf8') : readFileSync(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      file,
      catalogs,
      issues: [{ severity: 'error', message: `JSON 格式错误：${msg}`, path: [], location: { file: name } }],
    };
  }
  const result = normaliseSource(raw, catalogs);
  return { ...result, file, raw, issues: result.issues.map((i) => withFile(i, name)) };
}

function withFile(issue: Issue, file: string): Issue {
  return { ...issue, location: { ...issue.location, file } };
}

/** Map an issue's JSON path to the closest workbook cell: the full path, else its ancestors. */
function locateIssue(issue: Issue, locate: (p: ReadonlyArray<string | number>) => Location | undefined): Issue {
  for (let n = issue.path.length; n >= 0; n--) {
    const loc = locate(issue.path.slice(0, n));
    if (loc) return { ...issue, location: { ...issue.location, ...loc } };
  }
  return issue;
}
