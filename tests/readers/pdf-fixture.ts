/**
 * Small PDFs written byte by byte for the PDF reader's tests: one page of text items at given
 * positions, in the non-embedded CID font STSong-Light with the predefined CMap UniGB-UCS2-H (as
 * many government PDFs do), so that pdfjs needs its character maps. Any BMP code point can be
 * written, radicals included (U+2F00 ⼀, U+2ED4 ⻔), which is how Chromium-made PDFs spell some
 * ideographs.
 */

export interface PdfText {
  /** left edge, points from the left */
  readonly x: number;
  /** baseline, points from the top */
  readonly y: number;
  readonly size: number;
  readonly text: string;
}

export function makePdf(pages: ReadonlyArray<readonly PdfText[]>, width = 842, height = 595): Uint8Array {
  const hex = (s: string) => [...s].map((ch) => (ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')).join('');
  const n = pages.length;
  // objects: 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, then per page: page, contents
  const objs: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${6 + 2 * i} 0 R`).join(' ')}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  pages.forEach((items, i) => {
    const content = items.map((t) => `BT /F1 ${t.size} Tf ${t.x} ${height - t.y} Td <${hex(t.text)}> Tj ET`).join('\n');
    objs.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${7 + 2 * i} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
