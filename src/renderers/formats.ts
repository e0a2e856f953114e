/** The output formats of a package: names and file endings only (no renderer is loaded here). */
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
