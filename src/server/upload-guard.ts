/**
 * Upload guard: size limit, type from content (never from the name), ZIP-bomb limits for ZIP and
 * XLSX (entry count, total and per-entry uncompressed size, compression ratio — declared sizes are
 * checked first, then every entry is inflated through yauzl with a byte counter, so a lying header
 * is caught too), and file names that cannot reach the file system (path traversal goes nowhere).
 */
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ProblemError } from './errors.ts';

export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerRequest: number;
  maxZipEntries: number;
  maxUncompressedBytes: number;
  maxEntryBytes: number;
  /** uncompressed ÷ compressed above this, for entries over 1 MB, is a bomb */
  maxRatio: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxFilesPerRequest: 50,
  maxZipEntries: 2000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxRatio: 200,
};

export type UploadKind = 'xlsx' | 'zip' | 'json' | 'pdf' | 'text';

export interface GuardedFile {
  /** A safe display name: the last path segment, control and reserved characters removed. */
  name: string;
  kind: UploadKind;
  bytes: Buffer;
}

export interface ZipMember {
  name: string;
  bytes: Buffer;
}

const reject = (status: number, code: string, detail: string) => new ProblemError(status, code, detail);

/**
 * The name as metadata only: the last segment of either slash style, without control characters,
 * leading dots or characters that Windows reserves. Never used as a path.
 */
export function safeFileName(raw: string | undefined): string {
  const last = basename((raw ?? '').replace(/\\/g, '/'));
  const cleaned = last
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'upload';
}

/** Whether a ZIP entry name would escape the folder it is extracted into. */
export function isTraversal(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.split('/').some((s) => s === '..') || n.includes('\0');
}

function sniff(bytes: Buffer): 'zip' | 'pdf' | 'json' | 'text' | null {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(start, start + 4096));
  if (text.includes('\ufffd') || text.includes('\0')) return null;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  return 'text';
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject_) =>
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true },
      (err, zip) => (err || !zip ? reject_(err ?? new Error('zip')) : resolve(zip)),
    ),
  );
}

async function readAll(stream: Readable, budget: { left: number }, perEntry: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    budget.left -= chunk.length;
    if (size > perEntry || budget.left < 0) {
      stream.destroy();
      throw reject(413, 'zip_bomb', `压缩包条目 ${name} 解压后超过大小上限，已拒绝（疑似压缩炸弹）。`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** yauzl's own refusals, in our codes: unsafe names, sizes that disagree with the headers, damage. */
function classify(e: Error, fileName: string): ProblemError {
  const m = e.message;
  if (/invalid relative path|absolute path|invalid characters in fileName/i.test(m)) {
    return reject(422, 'unsafe_path', `${fileName}：条目名指向压缩包之外或含非法字符，已拒绝（${m}）。`);
  }
  if (/too many bytes|not enough bytes|exceeds|expected uncompressed size/i.test(m)) {
    return reject(413, 'zip_bomb', `${fileName}：条目实际解压大小与声明不符，已拒绝（疑似压缩炸弹）。`);
  }
  return reject(422, 'bad_zip', `${fileName}：压缩包已损坏，无法读取（${m}）。`);
}

/**
 * Inspect a ZIP (or XLSX) within the limits: the entries' names, and their bytes for the members
 * wanted (`keep`). Throws a 413/422 problem on a bomb, a traversal name or a damaged archive.
 */
export async function inspectZip(
  bytes: Buffer,
  fileName: string,
  limits: UploadLimits,
  keep: (entryName: string) => boolean,
): Promise<{ names: string[]; members: ZipMember[] }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (e) {
    throw classify(e as Error, fileName);
  }
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw reject(413, 'zip_bomb', `${fileName}：压缩包含 ${zip.entryCount} 个条目，超过上限 ${limits.maxZipEntries}。`);
  }
  const names: string[] = [];
  const members: ZipMember[] = [];
  const budget = { left: limits.maxUncompressedBytes };
  let declared = 0;
  return new Promise((resolve, fail) => {
    const stop = (e: unknown) => {
      zip.close();
      fail(e instanceof ProblemError ? e : classify(e as Error, fileName));
    };
    zip.on('error', stop);
    zip.on('end', () => resolve({ names, members }));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (isTraversal(name))
        return stop(reject(422, 'unsafe_path', `${fileName}：条目名“${name}”指向压缩包之外，已拒绝。`));
      declared += entry.uncompressedSize;
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Number.POSITIVE_INFINITY;
      if (
        declared > limits.maxUncompressedBytes ||
        entry.uncompressedSize > limits.maxEntryBytes ||
        (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)
      ) {
        return stop(
          reject(
            413,
            'zip_bomb',
            `${fileName}：条目“${name}”解压后 ${entry.uncompressedSize} 字节，超过上限或压缩比异常（疑似压缩炸弹），已拒绝。`,
          ),
        );
      }
      names.push(name);
      if (name.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return stop(err ?? new Error('stream'));
        readAll(stream, budget, limits.maxEntryBytes, name)
          .then((b) => {
            if (keep(name)) members.push({ name, bytes: b });
            zip.readEntry();
          })
          .catch(stop);
      });
    });
    zip.readEntry();
  });
}

/** Guard one uploaded file: size, type from content, ZIP limits (XLSX included). */
export async function guardFile(
  rawName: string | undefined,
  bytes: Buffer,
  limits: UploadLimits,
): Promise<GuardedFile> {
  const name = safeFileName(rawName);
  if (bytes.length > limits.maxFileBytes) {
    throw reject(
      413,
      'payload_too_large',
      `${name}：文件 ${bytes.length} 字节，超过上限 ${limits.maxFileBytes} 字节。`,
    );
  }
  if (bytes.length === 0) throw reject(422, 'empty_file', `${name}：文件为空。`);
  const sniffed = sniff(bytes);
  if (!sniffed)
    throw reject(415, 'unsupported_type', `${name}：无法识别的文件内容（支持工作簿 .xlsx、JSON、ZIP、PDF 和文本）。`);
  if (sniffed !== 'zip') return { name, kind: sniffed, bytes };
  const { names } = await inspectZip(bytes, name, limits, () => false);
  const isXlsx = names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/workbook'));
  return { name, kind: isXlsx ? 'xlsx' : 'zip', bytes };
}

/** The members of a ZIP of many source files, each guarded in turn (nested ZIPs refused). */
export async function expandZip(file: GuardedFile, limits: UploadLimits): Promise<GuardedFile[]> {
  const { members } = await inspectZip(
    file.bytes,
    file.name,
    limits,
    (n) => !n.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(n),
  );
  const out: GuardedFile[] = [];
  for (const m of members) {
    const g = await guardFile(m.name, m.bytes, limits);
    if (g.kind === 'zip') throw reject(422, 'nested_zip', `${file.name}：不支持压缩包中再套压缩包（${m.name}）。`);
    out.push({ ...g, name: `${file.name}/${safeFileName(m.name)}` });
  }
  return out;
}
