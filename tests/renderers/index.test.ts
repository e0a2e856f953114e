import { describe, expect, it } from 'vitest';
import { ALL_FORMATS, isOutputFormat, parseCells, parsePackageJson, renderPackage } from '../../src/renderers/index.ts';
import { buildFixturePackage } from './fixture.ts';

describe('renderPackage', () => {
  const pkg = buildFixturePackage();

  it('renders every format with its file extension', async () => {
    expect(ALL_FORMATS).toEqual(['xlsx', 'html', 'json', 'cells', 'text', 'pdf', 'docx']);
    const out = Object.fromEntries(await Promise.all(ALL_FORMATS.map(async (f) => [f, await renderPackage(pkg, f)])));
    expect(out.xlsx.extension).toBe('.xlsx');
    expect(Buffer.isBuffer(out.xlsx.content)).toBe(true);
    // an XLSX file is a zip archive
    expect((out.xlsx.content as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(out.html.extension).toBe('.html');
    expect(out.html.content).toMatch(/^<!DOCTYPE html>/);
    expect(out.json.extension).toBe('.json');
    expect(parsePackageJson(out.json.content as string)).toStrictEqual(pkg);
    expect(out.cells.extension).toBe('.cells.csv');
    expect(parseCells(out.cells.content as string).length).toBeGreaterThan(0);
    expect(out.pdf.extension).toBe('.pdf');
    expect((out.pdf.content as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(out.docx.extension).toBe('.docx');
    expect((out.docx.content as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('knows its formats', async () => {
    expect(isOutputFormat('cells')).toBe(true);
    expect(isOutputFormat('pdf')).toBe(true);
    expect(isOutputFormat('odt')).toBe(false);
    await expect(renderPackage(pkg, 'odt' as never)).rejects.toThrow(/未知的输出格式/);
  });
});
