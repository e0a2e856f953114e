/**
 * Limits on what a reader accepts, in one place. Every reader (source JSON and workbook,
 * published text, XLSX and PDF) checks them before it inflates, allocates or parses, and a breach
 * is a LimitError: Chinese, naming the file and the limit. The CLI, the server and the jobs pass
 * their own `Limits` (e.g. a smaller upload size) or take these defaults.
 */
export interface Limits {
  /** bytes of any input file */
  readonly fileBytes: number;
  /** XLSX: sum of the entries' declared uncompressed sizes */
  readonly zipUncompressedBytes: number;
  /** XLSX: uncompressed bytes of one entry (a worksheet's XML) */
  readonly zipEntryBytes: number;
  /** XLSX: entries in the archive */
  readonly zipEntries: number;
  /** XLSX: uncompressed / compressed size of one entry (only checked above 1 MB uncompressed) */
  readonly zipRatio: number;
  /** worksheet used range */
  readonly sheetRows: number;
  readonly sheetColumns: number;
  readonly sheetCells: number;
  /** PDF */
  readonly pdfPages: number;
  /** decoded bytes of one page's content streams */
  readonly pdfContentBytes: number;
  /** decoded bytes of one image (width × height × components) */
  readonly pdfImageBytes: number;
  /** heap of the worker that runs pdfjs, and its running time */
  readonly pdfHeapMb: number;
  readonly pdfMillis: number;
  /** text: characters of one line */
  readonly lineChars: number;
  /** text: lines of one document */
  readonly lines: number;
  /** characters of one text field (name, reason, 说明 paragraph) */
  readonly fieldChars: number;
  /** line items (支出明细, projects, …) in one source */
  readonly lineItems: number;
}

export const DEFAULT_LIMITS: Limits = {
  fileBytes: 64 * 1024 * 1024,
  // ExcelJS holds a whole workbook in memory, several times its XML: keep workbooks to what a
  // disclosure needs (hundreds of rows per sheet) with a wide margin
  zipUncompressedBytes: 64 * 1024 * 1024,
  zipEntryBytes: 32 * 1024 * 1024,
  zipEntries: 2_000,
  zipRatio: 200,
  sheetRows: 20_000,
  sheetColumns: 256,
  sheetCells: 200_000,
  pdfPages: 1_000,
  pdfContentBytes: 20 * 1024 * 1024,
  pdfImageBytes: 50 * 1024 * 1024,
  pdfHeapMb: 192,
  pdfMillis: 120_000,
  lineChars: 20_000,
  lines: 500_000,
  // below Excel's 32,767 characters per cell
  fieldChars: 10_000,
  lineItems: 100_000,
};

export function withLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** A limit was exceeded: the tool refuses to read the file (exit code 2). */
export class LimitError extends Error {
  constructor(
    readonly file: string,
    readonly limit: keyof Limits,
    readonly detail: string,
  ) {
    super(`${file}：${detail}`);
    this.name = 'LimitError';
  }
}

/** "64 MB", "20 KB", "512 字节" */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} 字节`;
}

export function checkFileSize(file: string, bytes: number, limits: Limits = DEFAULT_LIMITS): void {
  if (bytes > limits.fileBytes)
    throw new LimitError(
      file,
      'fileBytes',
      `文件大小 ${formatBytes(bytes)} 超过上限 ${formatBytes(limits.fileBytes)}，拒绝读取`,
    );
}

/** A file could not be opened or read at all (missing, unreadable, a directory): exit code 2. */
export class FileReadError extends Error {
  constructor(
    readonly file: string,
    reason = '找不到文件或无法读取',
    /** the whole message, when the cause is known (e.g. fileErrorMessage of an errno error) */
    message?: string,
  ) {
    super(message ?? `${reason}：${file}`);
    this.name = 'FileReadError';
  }
}
