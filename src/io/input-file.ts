/**
 * Reading an input file within the limits: its size is checked from the file system before it is
 * read, a workbook's archive is checked before ExcelJS inflates it, and a text file's encoding is
 * detected — a source must be UTF-8, and any other encoding is named so the user can fix it.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileErrorMessage } from './library-errors.ts';
import { checkFileSize, DEFAULT_LIMITS, FileReadError, type Limits } from './limits.ts';
import { guardXlsx } from './zip-guard.ts';

/** The bytes of a file, refused (FileReadError, LimitError) before reading when it is too large. */
export function readInputBytes(path: string, limits: Limits = DEFAULT_LIMITS): Buffer {
  const name = basename(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new FileReadError(name, '不是文件');
    size = st.size;
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(name, undefined, fileErrorMessage(e, path));
  }
  checkFileSize(name, size, limits);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new FileReadError(name, undefined, fileErrorMessage(e, path));
  }
}

/** A workbook file's bytes after the archive check (LimitError when it is a bomb or too large). */
export async function readGuardedXlsx(path: string, limits: Limits = DEFAULT_LIMITS): Promise<Buffer> {
  const bytes = readInputBytes(path, limits);
  await guardXlsx(bytes, basename(path), limits);
  return bytes;
}

export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'GB18030' | 'unknown';

/** The encoding of text bytes: a BOM, else valid UTF-8, else valid GB18030, else unknown. */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  // UTF-16 without a BOM: JSON starts with ASCII, so every other byte of its head is NUL
  const head = bytes.subarray(0, 64);
  if (bytes.length >= 4 && head.filter((b) => b === 0).length >= head.length / 4)
    return bytes[0] === 0 ? 'UTF-16BE' : 'UTF-16LE';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'UTF-8';
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      return 'GB18030';
    } catch {
      return 'unknown';
    }
  }
}

/** Text that must be UTF-8: the decoded string, or the Chinese reason it is not. */
export function decodeUtf8Source(bytes: Uint8Array): { text: string } | { error: string } {
  const enc = detectEncoding(bytes);
  if (enc === 'UTF-8') return { text: new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') };
  if (enc === 'unknown') return { error: '文件不是 UTF-8 编码的文本（含有无法识别的字节），请另存为 UTF-8' };
  return { error: `文件编码为 ${enc === 'GB18030' ? 'GB18030' : 'UTF-16'}，请另存为 UTF-8` };
}
