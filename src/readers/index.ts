/**
 * One entry point for published disclosures, whatever the file: a PDF is read with pdfjs
 * (readers/pdf), a workbook with ExcelJS (readers/xlsx), anything else as extracted text (readers/text; UTF-8, UTF-16 with BOM or
 * GB18030). Both give the text reader's result: the package, the tables no template knows and
 * every repair.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { TemplateSet } from '../core/templates/schema.ts';
import { checkFileSize, DEFAULT_LIMITS, FileReadError, LimitError, type Limits } from '../io/limits.ts';
import { guardXlsx } from '../io/zip-guard.ts';
import { readTextDisclosure, TextReadError, type TextReadResult } from './text/index.ts';

export type { TextReadResult as DisclosureReadResult } from './text/index.ts';

/** Is the file an XLSX workbook (a zip archive with a .xlsx name)? */
export function isXlsx(bytes: Uint8Array, path = ''): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && extname(path).toLowerCase() === '.xlsx';
}

/** Is the file a PDF (by its first bytes, else by its extension)? */
export function isPdf(bytes: Uint8Array, path = ''): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-') || extname(path).toLowerCase() === '.pdf';
}

/** Text file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; undecodable bytes stay visible. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** File types that are neither PDF, XLSX nor text; read as text they would only be 乱码. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  '.docx': 'Word 文档',
  '.doc': 'Word 文档',
  '.xls': '旧版 Excel 工作簿（.xls）',
  '.et': 'WPS 表格',
  '.wps': 'WPS 文字',
  '.pptx': '演示文稿',
  '.ppt': '演示文稿',
  '.zip': '压缩包',
  '.rar': '压缩包',
  '.7z': '压缩包',
  '.ofd': 'OFD 版式文件',
  '.png': '图片',
  '.jpg': '图片',
  '.jpeg': '图片',
};

/** Why the file cannot be read (a Chinese message), or undefined. */
export function unsupportedType(bytes: Uint8Array, file: string): string | undefined {
  const ext = extname(file).toLowerCase();
  const what = UNSUPPORTED[ext];
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && ext !== '.xlsx';
  if (!what && !zip) return undefined;
  return `不支持的文件类型“${ext || '（无扩展名）'}”${what ? `（${what}）` : '（压缩格式的文件）'}：请提供 PDF、XLSX 工作簿或文本文件（Word 文档请另存为 PDF）`;
}

/**
 * Refuse text whose lines are too long or too many, on the bytes, before decoding: a newline is
 * the byte 0x0A in UTF-8, GB18030 and UTF-16 alike (where a character is at most 4 bytes).
 */
export function checkTextBytes(bytes: Uint8Array, file: string, limits: Limits = DEFAULT_LIMITS): void {
  let lines = 1;
  let last = -1;
  const maxBytes = limits.lineChars * 4;
  for (let i = bytes.indexOf(0x0a); ; i = bytes.indexOf(0x0a, i + 1)) {
    const end = i < 0 ? bytes.length : i;
    if (end - last - 1 > maxBytes)
      throw new LimitError(
        file,
        'lineChars',
        `第 ${lines} 行超过 ${limits.lineChars} 个字符（单行长度上限），拒绝读取`,
      );
    if (i < 0) break;
    last = i;
    if (++lines > limits.lines) throw new LimitError(file, 'lines', `超过 ${limits.lines} 行（行数上限），拒绝读取`);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters (but tab, newline, CR and form feed, which separate cells, lines and pages) removed. */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** Reads a disclosure from bytes; `file` names it in results and errors. Limits are checked before anything is inflated or parsed. */
export async function readDisclosure(
  bytes: Uint8Array,
  file: string,
  sets: readonly TemplateSet[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<TextReadResult> {
  checkFileSize(file, bytes.length, limits);
  const unsupported = unsupportedType(bytes, file);
  if (unsupported) throw new TextReadError(file, 1, 1, unsupported);
  // the PDF (pdfjs) and workbook (ExcelJS) readers load only for files of their kind
  if (isPdf(bytes, file)) return (await import('./pdf/index.ts')).readPdfDisclosure(bytes, file, sets, limits);
  if (isXlsx(bytes, file)) {
    await guardXlsx(bytes, file, limits);
    return (await import('./xlsx/index.ts')).readXlsxWorkbook(bytes, file, [...sets]);
  }
  checkTextBytes(bytes, file, limits);
  return readTextDisclosure(stripControls(decodeText(bytes)), file, sets);
}

/** Reads a disclosure file (.pdf, .xlsx or extracted text). Errors: TextReadError / XlsxReadError (Chinese, located). */
export async function readDisclosureFile(
  path: string,
  sets: readonly TemplateSet[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<TextReadResult> {
  let bytes: Uint8Array;
  try {
    checkFileSize(basename(path), (await stat(path)).size, limits);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof LimitError) throw e;
    throw new FileReadError(basename(path));
  }
  return readDisclosure(bytes, basename(path), sets, limits);
}
