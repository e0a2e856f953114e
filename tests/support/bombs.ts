/**
 * Hostile inputs, built cheaply: ZIP and PDF "bombs" whose data inflates to hundreds of MB or
 * more, made by repeating one self-contained deflate block (a full flush resets the window, so
 * the same compressed bytes decode to the same chunk again), and their honest or lying headers.
 * Used by the limit tests and by bench/bombs.ts.
 */
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** Raw deflate data that inflates to `chunk` repeated `times` times, and the CRC32 of the result. */
export async function repeatedDeflate(
  chunk: Buffer,
  times: number,
): Promise<{ data: Buffer; crc: number; size: number }> {
  const z = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  z.on('data', (d: Buffer) => parts.push(d));
  await new Promise<void>((res) => {
    z.write(chunk);
    z.flush(constants.Z_FULL_FLUSH, () => res());
  });
  const block = Buffer.concat(parts);
  parts.length = 0;
  await new Promise<void>((res) => {
    z.end();
    z.on('end', () => res());
  });
  const tail = Buffer.concat(parts);
  let crc = 0;
  for (let i = 0; i < times; i++) crc = crc32(chunk, crc);
  return {
    data: Buffer.concat([...Array.from({ length: times }, () => block), tail]),
    crc,
    size: chunk.length * times,
  };
}

export interface ZipPart {
  readonly name: string;
  /** raw deflate data */
  readonly data: Buffer;
  readonly crc: number;
  /** the uncompressed size written in the headers (may lie) */
  readonly declared: number;
}

export function deflatePart(name: string, text: string | Buffer): ZipPart {
  const raw = Buffer.from(text);
  return { name, data: deflateRawSync(raw), crc: crc32(raw), declared: raw.length };
}

/** A ZIP archive of deflated parts, written by hand so that headers can lie. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(Math.min(p.declared, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, p.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(Math.min(p.declared, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="收支总表" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WB_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

function workbookParts(): ZipPart[] {
  return [
    deflatePart('[Content_Types].xml', CONTENT_TYPES),
    deflatePart('_rels/.rels', RELS),
    deflatePart('xl/workbook.xml', WORKBOOK),
    deflatePart('xl/_rels/workbook.xml.rels', WB_RELS),
  ];
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** An XLSX whose one sheet inflates to `mb` MB of rows; `lie` writes a 2 KB size in the headers. */
export async function xlsxBomb(mb: number, lie = false): Promise<Buffer> {
  // rows without r attributes (each an implicit next row) of one inline-string cell, 1 MB per chunk
  const row = '<row><c t="inlineStr"><is><t>炸弹</t></is></c></row>';
  const chunk = Buffer.from(row.repeat(Math.floor((1024 * 1024) / Buffer.byteLength(row))));
  const body = await repeatedDeflate(chunk, mb);
  // the sheet: head, the repeated rows, tail — three deflate runs joined is not one stream, so
  // the head and tail ride inside the repetition instead: a sheet of rows only is still parsed
  const sheet: ZipPart = {
    name: 'xl/worksheets/sheet1.xml',
    data: body.data,
    crc: body.crc,
    declared: lie ? 2048 : body.size,
  };
  return zipOf([...workbookParts(), sheet]);
}

/** A small, well-formed XLSX with one stray cell at row `row`. */
export function xlsxStrayCell(row: number): Buffer {
  const sheet = `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>收支总表</t></is></c></row><row r="${row}"><c r="A${row}"><v>1</v></c></row>${SHEET_TAIL}`;
  return zipOf([...workbookParts(), deflatePart('xl/worksheets/sheet1.xml', sheet)]);
}

/** A ZIP with `n` tiny entries. */
export function zipManyEntries(n: number): Buffer {
  const parts = workbookParts();
  for (let i = 0; i < n; i++) parts.push(deflatePart(`xl/media/x${i}.bin`, 'x'));
  return zipOf(parts);
}

/** A minimal PDF: pages sharing one content stream given as raw bytes with its /Filter. */
export function pdfWith(opts: { content: Buffer; filter?: string; pages?: number; extra?: string }): Buffer {
  const pages = opts.pages ?? 1;
  const objs: Array<string | Buffer> = [];
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ');
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objs.push(
    Buffer.concat([
      Buffer.from(
        `<< /Length ${opts.content.length}${opts.filter ? ` /Filter /${opts.filter}` : ''} >>\nstream\n`,
        'latin1',
      ),
      opts.content,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  objs.push(opts.extra ?? '<< >>');
  for (let i = 0; i < pages; i++)
    objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>');
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let at = chunks[0]?.length ?? 0;
  objs.forEach((o, i) => {
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      Buffer.from(o as never),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(at);
    chunks.push(b);
    at += b.length;
  });
  const xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

/** A PDF whose page content is a FlateDecode stream inflating to `mb` MB. */
export async function pdfContentBomb(mb: number): Promise<Buffer> {
  const chunk = Buffer.from('0 0 m 1 1 l S\n'.repeat(Math.floor((1024 * 1024) / 14)), 'latin1');
  const { data } = await repeatedDeflate(chunk, mb);
  // zlib wrapper around the raw deflate data: header 78 DA, no checksum check needed by readers
  return pdfWith({ content: Buffer.concat([Buffer.from([0x78, 0xda]), data]), filter: 'FlateDecode' });
}

/** A PDF with an image XObject declared `w` × `h` RGB. */
export function pdfImageBomb(w: number, h: number): Buffer {
  const img = `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 1 /Filter /DCTDecode >>\nstream\nx\nendstream`;
  return pdfWith({ content: Buffer.from('BT ET', 'latin1'), extra: img });
}
