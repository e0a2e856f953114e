/**
 * Text items of a PDF with their positions, through pdfjs-dist (legacy build, for Node 20).
 *
 * Every item is placed in page coordinates with the y axis pointing down (the viewport transform
 * applied, so rotated pages read upright): `x` is the left edge of the item, `y` its baseline,
 * `width` its advance, `size` its font size, all in points. Items of whitespace only and items not
 * written left to right (vertical text, rotated stamps) are dropped. The text is kept as extracted;
 * layout.ts cleans it.
 *
 * pdfjs is imported on first use, so the text reader does not load it. It needs its optional
 * dependency @napi-rs/canvas on Node (without it even text extraction fails: "DOMMatrix is not
 * defined"). Character maps (predefined CJK CMaps of non-embedded fonts) and the standard fonts
 * are read from the package's own folders.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type OpCodes, rulingsOf, type Segment } from './rulings.ts';

export interface PdfItem {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

export interface PdfPage {
  /** 1-based */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfItem[];
  /** ruling lines (table borders), when asked for */
  readonly segments?: readonly Segment[];
}

export class PdfExtractError extends Error {}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<PdfJs> | undefined;

function pdfjs(): Promise<PdfJs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loaded;
}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

/** Every page's text items. Throws PdfExtractError (Chinese) when the bytes are not a readable PDF. */
export async function extractPdf(bytes: Uint8Array, opts: { rulings?: boolean } = {}): Promise<PdfPage[]> {
  const lib = await pdfjs();
  const dir = packageDir();
  // pdfjs takes ownership of the buffer it is given
  const data = new Uint8Array(bytes);
  const task = lib.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    cMapUrl: `${join(dir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/password/i.test(why)) throw new PdfExtractError('PDF 文件受密码保护，无法读取');
    throw new PdfExtractError(`不是可读取的 PDF 文件（${why}）`);
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const m = lib.Util.transform(viewport.transform, it.transform) as number[];
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
        // left to right only: the text direction must be (close to) the x axis
        if (a <= 0 || Math.abs(b) > Math.abs(a) * 0.1) continue;
        const size = Math.hypot(c, d);
        // the item's advance is given in text space; scale it as the transform scales x
        const scale = Math.hypot(a, b) / Math.max(Math.hypot(it.transform[0] ?? 0, it.transform[1] ?? 0), 1e-9);
        items.push({ text: it.str, x: e, y: f, width: it.width * scale, size: size > 0 ? size : Math.abs(d) });
      }
      const segments = opts.rulings
        ? await page
            .getOperatorList()
            .then((ol) =>
              rulingsOf(ol.fnArray, ol.argsArray, lib.OPS as unknown as OpCodes, viewport.transform as never),
            )
        : undefined;
      pages.push({
        number: n,
        width: viewport.width,
        height: viewport.height,
        items,
        ...(segments ? { segments } : {}),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
