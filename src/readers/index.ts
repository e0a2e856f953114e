/**
 * One entry point for published disclosures, whatever the file: a PDF is read with pdfjs
 * (readers/pdf), a workbook with ExcelJS (readers/xlsx), anything else as extracted text (readers/text; UTF-8, UTF-16 with BOM or
 * GB18030). Both give the text reader's result: the package, the tables no template knows and
 * every repair.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { TemplateSet } from '../core/templates/schema.ts';
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

/** Reads a disclosure from bytes; `file` names it in results and errors. */
export async function readDisclosure(
  bytes: Uint8Array,
  file: string,
  sets: readonly TemplateSet[],
): Promise<TextReadResult> {
  // the PDF (pdfjs) and workbook (ExcelJS) readers load only for files of their kind
  if (isPdf(bytes, file)) return (await import('./pdf/index.ts')).readPdfDisclosure(bytes, file, sets);
  if (isXlsx(bytes, file)) return (await import('./xlsx/index.ts')).readXlsxWorkbook(bytes, file, [...sets]);
  return readTextDisclosure(decodeText(bytes), file, sets);
}

/** Reads a disclosure file (.pdf, .xlsx or extracted text). Errors: TextReadError / XlsxReadError (Chinese, located). */
export async function readDisclosureFile(path: string, sets: readonly TemplateSet[]): Promise<TextReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new TextReadError(basename(path), 1, 1, '找不到文件或无法读取');
  }
  return readDisclosure(bytes, basename(path), sets);
}
