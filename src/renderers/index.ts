/**
 * Renderers of a disclosure package: the workbook (xlsx), a standalone web page (html), the full
 * model (json), the `cells` interface (csv), the 说明 as text, and the print documents (pdf,
 * docx). The print renderers load their libraries only when called.
 */
import type { DisclosurePackage } from '../core/package/model.ts';
import { renderCells } from './cells.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderXlsx } from './xlsx.ts';

export { parseCells, renderCells } from './cells.ts';
export { renderHtml } from './html.ts';
export { parsePackageJson, renderJson } from './json.ts';
export { renderXlsx } from './xlsx.ts';

import { renderNarrativeText } from './text.ts';

export type OutputFormat = 'xlsx' | 'html' | 'json' | 'cells' | 'text' | 'pdf' | 'docx';

export const ALL_FORMATS: readonly OutputFormat[] = ['xlsx', 'html', 'json', 'cells', 'text', 'pdf', 'docx'];

/** What `generate` writes when no format is asked for (the print documents only on request). */
export const DEFAULT_FORMATS: readonly OutputFormat[] = ['xlsx', 'html', 'json', 'cells', 'text'];

/** File name ending of each format, with its leading dot (`${base}${extension}`). */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  xlsx: '.xlsx',
  html: '.html',
  json: '.json',
  cells: '.cells.csv',
  text: '.说明.txt',
  pdf: '.pdf',
  docx: '.docx',
};

export function isOutputFormat(s: string): s is OutputFormat {
  return (ALL_FORMATS as readonly string[]).includes(s);
}

/**
 * Render a package in one format. `extension` starts with a dot; `content` is a Buffer for the
 * workbook and UTF-8 text for the others.
 */
export async function renderPackage(
  pkg: DisclosurePackage,
  format: OutputFormat,
): Promise<{ extension: string; content: Buffer | string }> {
  const extension = FORMAT_EXTENSIONS[format];
  switch (format) {
    case 'xlsx':
      return { extension, content: await renderXlsx(pkg) };
    case 'html':
      return { extension, content: renderHtml(pkg) };
    case 'json':
      return { extension, content: renderJson(pkg) };
    case 'cells':
      return { extension, content: renderCells(pkg) };
    case 'text':
      return { extension, content: renderNarrativeText(pkg) };
    case 'pdf': {
      const { renderPdf } = await import('./pdf/index.ts');
      return { extension, content: await renderPdf(pkg) };
    }
    case 'docx': {
      const { renderDocx } = await import('./docx/index.ts');
      return { extension, content: await renderDocx(pkg) };
    }
    default: {
      const never: never = format;
      throw new Error(`未知的输出格式“${String(never)}”`);
    }
  }
}
