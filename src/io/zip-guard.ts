/**
 * An XLSX is a ZIP archive; ExcelJS inflates all of it into memory. Before it does, this guard
 * reads the archive's central directory (yauzl, nothing inflated) and refuses too many entries,
 * too much declared uncompressed data, an entry too large or compressed too well; then it streams
 * each worksheet's XML once, counting the bytes actually inflated (a lying size header is caught
 * by yauzl) and the rows, columns and cells used, in constant memory. Every refusal is a
 * LimitError naming the file, the sheet where known, and the limit.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DEFAULT_LIMITS, formatBytes, LimitError, type Limits } from './limits.ts';

export interface ZipSummary {
  readonly entries: number;
  readonly uncompressedBytes: number;
  readonly sheets: ReadonlyArray<{ name: string; rows: number; columns: number; cells: number }>;
}

type Entry = yauzl.Entry;

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true },
      (err, zip) => (err || !zip ? rej(err ?? new Error('zip')) : res(zip)),
    ),
  );
}

function readEntries(zip: yauzl.ZipFile, file: string, limits: Limits): Promise<Entry[]> {
  return new Promise((res, rej) => {
    const entries: Entry[] = [];
    let total = 0;
    zip.on('error', rej);
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      if (entries.length > limits.zipEntries) {
        rej(new LimitError(file, 'zipEntries', `压缩包内文件超过 ${limits.zipEntries} 个，不像工作簿，拒绝读取`));
        zip.close();
        return;
      }
      total += e.uncompressedSize;
      const err = entryError(e, total, file, limits);
      if (err) {
        rej(err);
        zip.close();
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => res(entries));
    zip.readEntry();
  });
}

function entryError(e: Entry, total: number, file: string, limits: Limits): LimitError | undefined {
  const name = e.fileName;
  if (e.uncompressedSize > limits.zipEntryBytes)
    return new LimitError(
      file,
      'zipEntryBytes',
      `压缩包内的 ${name} 解压后 ${formatBytes(e.uncompressedSize)}，超过单个部件上限 ${formatBytes(limits.zipEntryBytes)}，拒绝读取`,
    );
  if (total > limits.zipUncompressedBytes)
    return new LimitError(
      file,
      'zipUncompressedBytes',
      `工作簿解压后超过 ${formatBytes(limits.zipUncompressedBytes)}（解压总量上限），拒绝读取`,
    );
  if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * limits.zipRatio)
    return new LimitError(
      file,
      'zipRatio',
      `压缩包内的 ${name} 压缩比超过 ${limits.zipRatio} 倍（${formatBytes(e.compressedSize)} 解压为 ${formatBytes(e.uncompressedSize)}），疑似压缩炸弹，拒绝读取`,
    );
  return undefined;
}

function openStream(zip: yauzl.ZipFile, e: Entry): Promise<Readable> {
  return new Promise((res, rej) =>
    zip.openReadStream(e, (err, s) => (err || !s ? rej(err ?? new Error('zip')) : res(s))),
  );
}

async function readSmall(zip: yauzl.ZipFile, e: Entry | undefined, max: number): Promise<string> {
  if (!e || e.uncompressedSize > max) return '';
  const chunks: Buffer[] = [];
  for await (const c of await openStream(zip, e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** worksheet part name → sheet name, from workbook.xml and its relationships */
function sheetNames(workbook: string, rels: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name && part) out.set(part, decodeXml(name));
  }
  return out;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

async function drain(zip: yauzl.ZipFile, e: Entry, name: string, file: string, limits: Limits): Promise<void> {
  const stream = await openStream(zip, e);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limits.zipEntryBytes)
        throw new LimitError(
          file,
          'zipEntryBytes',
          `压缩包内的 ${name} 解压后超过 ${formatBytes(limits.zipEntryBytes)}，拒绝读取`,
        );
    }
  } finally {
    stream.destroy();
  }
}

/** Stream one worksheet, refusing it as soon as its used range or inflated size is over a limit. */
async function scanSheet(
  zip: yauzl.ZipFile,
  e: Entry,
  sheet: string,
  file: string,
  limits: Limits,
): Promise<{ rows: number; columns: number; cells: number }> {
  const stream = await openStream(zip, e);
  let bytes = 0;
  let rows = 0;
  let rowCount = 0;
  let columns = 0;
  let cells = 0;
  let carry = '';
  const where = `工作表“${sheet}”`;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limits.zipEntryBytes)
        throw new LimitError(
          file,
          'zipEntryBytes',
          `${where}解压后超过 ${formatBytes(limits.zipEntryBytes)}，拒绝读取`,
        );
      const text = carry + (chunk as Buffer).toString('latin1');
      // a tag may straddle two chunks: scan up to the last '<', keep the rest for the next round
      const cut = text.lastIndexOf('<');
      const scan = cut > 0 ? text.slice(0, cut) : text;
      carry = cut > 0 ? text.slice(cut) : '';
      if (carry.length > 4096) carry = '';
      for (const m of scan.matchAll(/<row\b[^>]*?>|<c\b[^>]*?>/g)) {
        const tag = m[0];
        if (tag.startsWith('<row')) {
          rowCount++;
          const r = /\sr="(\d+)"/.exec(tag);
          rows = Math.max(rows, r ? Number(r[1]) : rowCount, rowCount);
        } else {
          cells++;
          const r = /\sr="([A-Z]+)(\d+)"/.exec(tag);
          if (r) {
            columns = Math.max(columns, columnNumber(r[1] as string));
            rows = Math.max(rows, Number(r[2]));
          }
        }
      }
      if (rows > limits.sheetRows)
        throw new LimitError(
          file,
          'sheetRows',
          `${where}用到第 ${rows} 行，超过行数上限 ${limits.sheetRows}（若是误填的单元格，请删除多余的行后重试）`,
        );
      if (columns > limits.sheetColumns)
        throw new LimitError(file, 'sheetColumns', `${where}用到第 ${columns} 列，超过列数上限 ${limits.sheetColumns}`);
      if (cells > limits.sheetCells)
        throw new LimitError(file, 'sheetCells', `${where}的单元格超过 ${limits.sheetCells} 个，拒绝读取`);
    }
  } finally {
    stream.destroy();
  }
  return { rows, columns, cells };
}

/**
 * Check an XLSX archive against the limits before anything inflates it. Throws LimitError; an
 * archive yauzl cannot read is left to the workbook reader (which reports it as damaged), except
 * that a size header that lies is refused here.
 */
export async function guardXlsx(
  bytes: Uint8Array,
  file: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<ZipSummary | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch {
    return undefined; // not a readable ZIP: the reader says so in its own words
  }
  try {
    let entries: Entry[];
    try {
      entries = await readEntries(zip, file, limits);
    } catch (err) {
      if (err instanceof LimitError) throw err;
      return undefined; // a damaged central directory: the reader says so
    }
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const names = sheetNames(
      await readSmall(zip, byName.get('xl/workbook.xml'), 4 * 1024 * 1024),
      await readSmall(zip, byName.get('xl/_rels/workbook.xml.rels'), 4 * 1024 * 1024),
    );
    const sheets = [];
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.fileName);
      const name = isSheet ? (names.get(e.fileName) ?? e.fileName.replace(/^xl\/worksheets\//, '')) : e.fileName;
      try {
        // every part is inflated once here, bounded, so that a size header that lies is caught
        // before ExcelJS inflates it whole; worksheets are scanned for their used range on the way
        if (isSheet) sheets.push({ name, ...(await scanSheet(zip, e, name, file, limits)) });
        else await drain(zip, e, name, file, limits);
      } catch (err) {
        if (err instanceof LimitError) throw err;
        // yauzl: "too many bytes in the stream" when the actual size exceeds the header's; any
        // other damage is left to the workbook reader, which reports it in its own words
        if (!/too many bytes/i.test(err instanceof Error ? err.message : String(err))) return undefined;
        throw new LimitError(
          file,
          'zipEntryBytes',
          `${isSheet ? `工作表“${name}”` : `压缩包内的 ${name} `}解压后的数据多于文件头声明的大小，文件已损坏或被篡改，拒绝读取`,
        );
      }
    }
    return { entries: entries.length, uncompressedBytes: entries.reduce((n, e) => n + e.uncompressedSize, 0), sheets };
  } catch (err) {
    if (err instanceof LimitError) throw err;
    return undefined; // damage the workbook reader will report
  } finally {
    zip.close();
  }
}
