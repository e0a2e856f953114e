/**
 * The members of a ZIP of source files, within limits (entry count, per-entry and total
 * uncompressed size, counted while inflating so a lying header is caught too). Names that would
 * leave the archive are refused; directories and hidden files (__MACOSX, .DS_Store) are skipped.
 */
import yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};

export interface ZipMember {
  /** the entry name inside the archive */
  name: string;
  bytes: Buffer;
}

export async function readZipMembers(
  bytes: Buffer,
  zipName: string,
  keep: (name: string) => boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipMember[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(new Error(`${zipName}：压缩包已损坏，无法读取（${err?.message ?? ''}）`)) : resolve(z),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new Error(`${zipName}：压缩包含 ${zip.entryCount} 个条目，超过上限 ${limits.maxEntries}`);
  }
  const members: ZipMember[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      zip.close();
      reject(e);
    };
    zip.on('error', (e: Error) =>
      fail(
        new Error(
          /relative path|absolute path/i.test(e.message)
            ? `${zipName}：条目名指向压缩包之外，已拒绝（${e.message}）`
            : `${zipName}：压缩包已损坏（${e.message}）`,
        ),
      ),
    );
    zip.on('end', () => resolve(members));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\\/g, '/');
      if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..')) {
        return fail(new Error(`${zipName}：条目名“${entry.fileName}”指向压缩包之外，已拒绝`));
      }
      const last = name.split('/').pop() ?? '';
      if (name.endsWith('/') || last.startsWith('.') || name.startsWith('__MACOSX/') || !keep(name)) {
        zip.readEntry();
        return;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        return fail(new Error(`${zipName}：条目 ${name} 解压后 ${entry.uncompressedSize} 字节，超过上限`));
      }
      zip.openReadStream(entry, async (err, stream) => {
        if (err || !stream) return fail(new Error(`${zipName}：无法读取条目 ${name}（${err?.message ?? ''}）`));
        const chunks: Buffer[] = [];
        let size = 0;
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            size += chunk.length;
            total += chunk.length;
            if (size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
              stream.destroy();
              return fail(new Error(`${zipName}：解压后超过大小上限（疑似压缩炸弹），已拒绝`));
            }
            chunks.push(chunk);
          }
        } catch (e) {
          return fail(new Error(`${zipName}：条目 ${name} 已损坏（${(e as Error).message}）`));
        }
        members.push({ name, bytes: Buffer.concat(chunks) });
        zip.readEntry();
      });
    });
    zip.readEntry();
  });
}
