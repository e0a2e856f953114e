/**
 * Renderers of a disclosure package: the workbook (xlsx), a standalone web page (html), the full
 * model (json), the `cells` interface (csv), the 说明 as text, and the print documents (pdf,
 * docx). The print renderers load their libraries only when called.
 */
import type { DisclosurePackage } from '../core/package/model.ts';
import { renderCells } from './cells.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';

export { parseCells, renderCells } from './cells.ts';
export { renderHtml } from './html.ts';
export { parsePackageJson, renderJson } from './json.ts';

// the workbook renderer (ExcelJS) loads only when a workbook is rendered: import it from ./xlsx.ts

import { FORMAT_EXTENSIONS, type OutputFormat } from './formats.ts';
import { renderNarrativeText } from './text.ts';

export { ALL_FORMATS, DEFAULT_FORMATS, FORMAT_EXTENSIONS, isOutputFormat, type OutputFormat } from './formats.ts';

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
      return { extension, content: await (await import('./xlsx.ts')).renderXlsx(pkg) };
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
