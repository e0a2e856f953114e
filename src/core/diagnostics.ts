/**
 * Problems found in input, located so that a person can find them: a JSON path, and where the
 * input came from a workbook or document, the sheet/page, row and column.
 */
export type Severity = 'error' | 'warning';

export interface Location {
  readonly file?: string;
  readonly sheet?: string;
  readonly page?: number;
  /** 1-based row (workbook) or line (text) */
  readonly row?: number;
  /** column letter or header text */
  readonly column?: string;
}

export interface Issue {
  readonly severity: Severity;
  readonly message: string;
  /** path in the JSON form, e.g. ["lines", 3, "amount"] */
  readonly path: ReadonlyArray<string | number>;
  readonly location?: Location;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(根)';
}

export function formatLocation(issue: Issue): string {
  const loc = issue.location;
  const parts: string[] = [];
  if (loc?.file) parts.push(loc.file);
  if (loc?.sheet) parts.push(`工作表“${loc.sheet}”`);
  if (loc?.page !== undefined) parts.push(`第 ${loc.page} 页`);
  if (loc?.row !== undefined) parts.push(`第 ${loc.row} 行`);
  if (loc?.column) parts.push(`${loc.column} 列`);
  if (!loc?.sheet && issue.path.length > 0) parts.push(formatPath(issue.path));
  return parts.join('，');
}

export function formatIssue(issue: Issue): string {
  const tag = issue.severity === 'error' ? '错误' : '警告';
  return `[${tag}] ${formatLocation(issue)}：${issue.message}`;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
