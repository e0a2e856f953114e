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
import { DEFAULT_LIMITS, LimitError, type Limits } from '../../io/limits.ts';
import { readDocument, TextReadError, type TextReadResult } from '../text/index.ts';
import type { TextDocument } from '../text/lines.ts';
import { extractPdf, PdfExtractError } from './extract.ts';
import { layoutPages } from './layout.ts';

export { normaliseCjk } from './cjk.ts';
export { layoutPages } from './layout.ts';

/** The PDF's text laid out as the text reader's intermediate form. */
export async function pdfDocument(
  bytes: Uint8Array,
  file: string,
  limits: Limits = DEFAULT_LIMITS,
): Promise<TextDocument> {
  try {
    return layoutPages(await extractPdf(bytes, limits, file));
  } catch (e) {
    if (e instanceof LimitError) throw e;
    if (e instanceof PdfExtractError) throw new TextReadError(file, 1, 1, e.message);
    const why = e instanceof Error ? e.message : String(e);
    throw new TextReadError(file, 1, 1, `读取 PDF 时出错：${why}`);
  }
}

export async function readPdfDisclosure(
  bytes: Uint8Array,
  file: string,
  sets: readonly TemplateSet[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<TextReadResult> {
  return readDocument(await pdfDocument(bytes, file, limits), file, sets);
}
