/**
 * Reads a published disclosure PDF back into the package model.
 *
 *   bytes ──pdfjs (extract.ts)──▶ text items with positions ──layout.ts──▶ pages/lines/cells
 *        (x and width in points, baselines, CJK radicals normalised)
 *        ──the text reader's structure and table pipeline (readDocument)──▶ package
 *
 * Tables are read by position (text/positioned.ts): amounts go to the column whose header they sit
 * under, rows spread over several lines (wrapped names, amounts printed above their row) are put
 * back together, and every such decision is a repair. The result has the text reader's shape; its
 * errors are TextReadError, located by file, page and line (lines are numbered through the
 * document, as the reader lays them out).
 */
import type { TemplateSet } from '../../core/templates/schema.ts';
import { readDocument, TextReadError, type TextReadResult } from '../text/index.ts';
import type { TextDocument } from '../text/lines.ts';
import { readSheets } from '../xlsx/index.ts';
import { extractPdf, PdfExtractError, type PdfPage } from './extract.ts';
import { layoutPages } from './layout.ts';
import { ruledSheets } from './ruled.ts';

export { normaliseCjk } from './cjk.ts';
export { layoutPages } from './layout.ts';

/** The PDF's text laid out as the text reader's intermediate form. */
export async function pdfDocument(bytes: Uint8Array, file: string): Promise<TextDocument> {
  try {
    return layoutPages(await extractPdf(bytes));
  } catch (e) {
    if (e instanceof PdfExtractError) throw new TextReadError(file, 1, 1, e.message);
    const why = e instanceof Error ? e.message : String(e);
    throw new TextReadError(file, 1, 1, `读取 PDF 时出错：${why}`);
  }
}

async function extract(bytes: Uint8Array, file: string): Promise<PdfPage[]> {
  try {
    return await extractPdf(bytes, { rulings: true });
  } catch (e) {
    if (e instanceof PdfExtractError) throw new TextReadError(file, 1, 1, e.message);
    const why = e instanceof Error ? e.message : String(e);
    throw new TextReadError(file, 1, 1, `读取 PDF 时出错：${why}`);
  }
}

function amountCells(r: TextReadResult): number {
  return r.pkg.tables.reduce((n, t) => n + t.cells.filter((c) => c.value !== null).length, 0);
}

/**
 * A PDF is read twice when it prints ruled tables: by its grids (as the sheets of a workbook,
 * ruled.ts) and by the positions of its text; the grid reading is taken only when it finds more
 * amounts (the positional reading is the tested one for the documents it knows). The 说明 is
 * always the text reading's (the grid reading sees the tables only).
 */
export async function readPdfDisclosure(
  bytes: Uint8Array,
  file: string,
  sets: readonly TemplateSet[],
): Promise<TextReadResult> {
  const pages = await extract(bytes, file);
  let byText: TextReadResult | undefined;
  let textError: unknown;
  try {
    byText = readDocument(layoutPages(pages), file, sets);
  } catch (e) {
    textError = e;
  }
  const { sheets, grids } = ruledSheets(pages);
  if (grids > 0) {
    let byGrid: TextReadResult | undefined;
    try {
      byGrid = readSheets(sheets, file, sets);
    } catch {
      byGrid = undefined;
    }
    if (byGrid && (!byText || amountCells(byGrid) > amountCells(byText))) {
      const sections = byText?.pkg.sections;
      return {
        ...byGrid,
        pkg: {
          ...byGrid.pkg,
          ...(sections ? { sections } : {}),
          origin: { kind: 'parsed', file },
        },
      };
    }
  }
  if (byText) return byText;
  throw textError;
}
