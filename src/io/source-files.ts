/**
 * Loads source data from source.json or a filled source workbook and normalises it, attaching
 * file/sheet/row/column locations to every issue. Limits (io/limits.ts) are checked first: the
 * file size before reading, the workbook archive before ExcelJS inflates it, a JSON source's
 * encoding (UTF-8 only, others named), numbers JSON cannot hold exactly, field lengths, item
 * counts and control characters; the templateSet must be one of data/templates.
 */
import { basename, extname } from 'node:path';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import { hasErrors, type Issue, type Location } from '../core/diagnostics.ts';
import { jsonErrorPlace, jsonSyntaxMessage } from '../core/json-errors.ts';
import { type NormaliseResult, normaliseSource } from '../core/source/normalise.ts';
import { checkPublication } from '../core/source/publication.ts';
import { loadBundledCatalogs } from './catalog-files.ts';
import { dataIds, quoteId } from './data-registry.ts';
import { decodeUtf8Source, readInputBytes } from './input-file.ts';
import { checkFileSize, DEFAULT_LIMITS, type Limits } from './limits.ts';
import { bundledPublicationContext } from './publication-files.ts';
import { checkSourceShape, inexactNumberIssues } from './source-limits.ts';
import { guardXlsx } from './zip-guard.ts';

export interface LoadedSource extends NormaliseResult {
  readonly file: string;
  /** the raw source document (JSON as read, or what the workbook holds), when it could be read */
  readonly raw?: unknown;
}

export async function loadSourceFile(
  file: string,
  catalogs: Catalogs = loadBundledCatalogs(),
  limits: Limits = DEFAULT_LIMITS,
): Promise<LoadedSource> {
  return loadSource(file, undefined, catalogs, limits);
}

/** The same from bytes already in memory (an upload, a stored blob); `file` names them in messages. */
export async function loadSourceBytes(
  file: string,
  bytes: Buffer,
  catalogs: Catalogs = loadBundledCatalogs(),
  limits: Limits = DEFAULT_LIMITS,
): Promise<LoadedSource> {
  return loadSource(file, bytes, catalogs, limits);
}

async function loadSource(
  file: string,
  given: Buffer | undefined,
  catalogs: Catalogs,
  limits: Limits,
): Promise<LoadedSource> {
  const ext = extname(file).toLowerCase();
  const name = basename(file);
  if (ext === '.xlsx') {
    // size, ZIP bomb and used range checked before ExcelJS inflates anything (LimitError)
    const bytes = given ?? readInputBytes(file, limits);
    checkFileSize(name, bytes.length, limits);
    await guardXlsx(bytes, name, limits);
    const { readSourceWorkbook } = await import('./source-workbook/reader.ts');
    const wb = await readSourceWorkbook(file, bytes);
    const readIssues = wb.issues.map((i) => withFile(i, name));
    if (wb.raw === undefined || readIssues.some((i) => i.severity === 'error')) {
      return { file, issues: readIssues, catalogs };
    }
    const shape = checkSourceShape(wb.raw, limits).map((i) => withFile(locateIssue(i, wb.locate), name));
    if (shape.length > 0) return { file, issues: [...readIssues, ...shape], catalogs };
    const result = validated(knownTemplateSet(normaliseSource(wb.raw, catalogs)));
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
  const fail = (message: string): LoadedSource => ({ file, catalogs, issues: [fileIssue(message, name)] });
  // size first (LimitError, FileReadError name the file); bytes in another encoding are named
  const bytes = given ?? readInputBytes(file, limits);
  checkFileSize(name, bytes.length, limits);
  const decoded = decodeUtf8Source(bytes);
  if ('error' in decoded) return fail(decoded.error);
  const text = decoded.text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const at = jsonErrorPlace(text);
    return {
      file,
      catalogs,
      issues: [
        {
          severity: 'error',
          message: jsonSyntaxMessage(text),
          path: [],
          location: { file: name, ...(at ? { row: at.line, column: String(at.column) } : {}) },
        },
      ],
    };
  }
  const early = [...inexactNumberIssues(text), ...checkSourceShape(raw, limits)];
  if (early.length > 0) return { file, catalogs, raw, issues: early.map((i) => withFile(i, name)) };
  const result = validated(knownTemplateSet(normaliseSource(raw, catalogs)));
  return { ...result, file, raw, issues: result.issues.map((i) => withFile(i, name)) };
}

/**
 * The source's templateSet must be one of data/templates; it is never used as a path. A value
 * that looks like a path (or holds control characters) is refused here without echoing it; a
 * plain unknown name goes on to the publication checks, which suggest the closest set.
 */
function knownTemplateSet(result: NormaliseResult): NormaliseResult {
  const id = result.data?.templateSet;
  if (id === undefined || dataIds('templates').includes(id) || quoteId(id) === id) return result;
  const issue: Issue = {
    severity: 'error',
    message: `未知的报表模板集“${quoteId(id)}”（可用：${dataIds('templates').join('、')}）`,
    path: ['templateSet'],
  };
  const { data: _drop, ...rest } = result;
  return { ...rest, issues: [...result.issues, issue] };
}

/**
 * The checks against the bundled template sets and narratives (template set exists and fits
 * 类型 and 年度, 说明 slots exist) after normalising: one validation path for validate,
 * generate, check and uploads. Data with such an error is not returned.
 */
function validated(result: NormaliseResult): NormaliseResult {
  if (!result.data) return result;
  const more = checkPublication(result.data, bundledPublicationContext());
  if (more.length === 0) return result;
  const issues = [...result.issues, ...more];
  if (!hasErrors(more)) return { ...result, issues };
  return { issues, catalogs: result.catalogs };
}

function fileIssue(message: string, file: string): Issue {
  return { severity: 'error', message, path: [], location: { file } };
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
