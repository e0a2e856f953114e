/**
 * Bounds on a PDF checked before pdfjs sees it: pdfjs inflates a content stream whole, so a few
 * MB of FlateDecode can become gigabytes. Every stream in the file is found by its `stream`
 * keyword; a Flate- or LZW-compressed one is decoded here with a hard output cap (zlib's
 * maxOutputLength; LZW by counting code lengths, nothing stored), and an image's decoded size is
 * computed from its /Width, /Height, /BitsPerComponent and colour space. A breach is a LimitError.
 *
 * Not covered (left to the worker's heap limit and timeout): streams of an encrypted PDF (their
 * bytes cannot be inflated without the key), and filters other than Flate/LZW as the first filter.
 */
import { constants, inflateSync } from 'node:zlib';
import { DEFAULT_LIMITS, formatBytes, LimitError, type Limits } from '../../io/limits.ts';

const COMPONENTS: Record<string, number> = {
  DeviceGray: 1,
  CalGray: 1,
  DeviceRGB: 3,
  CalRGB: 3,
  Lab: 3,
  DeviceCMYK: 4,
};

export function prescanPdf(bytes: Uint8Array, file: string, limits: Limits = DEFAULT_LIMITS): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    if (text.slice(at - 3, at) === 'end') continue;
    const start = at + m[0].length;
    const objAt = text.lastIndexOf(' obj', at);
    const dict = text.slice(Math.max(objAt, at - 8192), at);
    const image = /\/Subtype\s*\/Image\b/.test(dict);
    const cap = image ? limits.pdfImageBytes : limits.pdfContentBytes;
    if (image) checkImage(dict, file, limits);
    const filter = /\/Filter\s*(?:\[\s*)?\/(\w+)/.exec(dict)?.[1];
    if (filter !== 'FlateDecode' && filter !== 'Fl' && filter !== 'LZWDecode' && filter !== 'LZW') continue;
    const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let end = direct ? start + Number(direct[1]) : -1;
    if (end < start || end > buf.length || !text.startsWith('endstream', skipSpace(text, end))) {
      end = text.indexOf('endstream', start);
      if (end < 0) end = buf.length;
    }
    const data = buf.subarray(start, end);
    const decoded = filter.startsWith('Fl') ? inflatedSize(data, cap) : lzwSize(data, cap);
    if (decoded > cap) {
      const what = image ? '图像' : '内容流';
      throw new LimitError(
        file,
        image ? 'pdfImageBytes' : 'pdfContentBytes',
        `PDF 中一个${what}（文件第 ${start} 字节处）解压后超过 ${formatBytes(cap)}（${what}大小上限），疑似压缩炸弹，拒绝读取`,
      );
    }
    re.lastIndex = Math.max(re.lastIndex, end);
  }
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && /\s/.test(text[j] as string)) j++;
  return j;
}

function checkImage(dict: string, file: string, limits: Limits): void {
  const num = (key: string) => Number(new RegExp(`/${key}\\s+(\\d+)`).exec(dict)?.[1] ?? 0);
  const width = num('Width') || num('W');
  const height = num('Height') || num('H');
  const bpc = num('BitsPerComponent') || num('BPC') || 8;
  const cs = /\/ColorSpace\s*\/(\w+)/.exec(dict)?.[1] ?? '';
  const comps = /\/ImageMask\s+true/.test(dict) ? 1 : (COMPONENTS[cs] ?? 4);
  const size = (width * height * comps * bpc) / 8;
  if (size > limits.pdfImageBytes)
    throw new LimitError(
      file,
      'pdfImageBytes',
      `PDF 中一幅 ${width}×${height} 的图像解码后约 ${formatBytes(size)}，超过图像大小上限 ${formatBytes(limits.pdfImageBytes)}，拒绝读取`,
    );
}

/** Decoded size of a zlib stream, reading at most cap + 1 bytes of output; damaged data counts what decodes. */
function inflatedSize(data: Buffer, cap: number): number {
  try {
    return inflateSync(data, { maxOutputLength: cap + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return cap + 1;
    return 0; // not zlib (or encrypted): pdfjs reports it, or skips it
  }
}

/** Decoded size of an LZW stream (PDF's variant, early change 1): code lengths only, no output kept. */
function lzwSize(data: Buffer, cap: number): number {
  const lengths = new Int32Array(4096);
  for (let i = 0; i < 256; i++) lengths[i] = 1;
  let next = 258;
  let width = 9;
  let prev = -1;
  let total = 0;
  let bits = 0;
  let acc = 0;
  for (const byte of data) {
    acc = ((acc << 8) | byte) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (acc >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        next = 258;
        width = 9;
        prev = -1;
        continue;
      }
      if (code === 257) return total;
      const len = code < next ? (lengths[code] ?? 1) : prev >= 0 ? (lengths[prev] ?? 0) + 1 : 1;
      total += len;
      if (total > cap) return total;
      if (prev >= 0 && next < 4096) lengths[next++] = (lengths[prev] ?? 0) + 1;
      prev = code;
      if (next + 1 >= 1 << width && width < 12) width++;
    }
  }
  return total;
}
